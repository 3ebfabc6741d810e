import { format, pick, type Locale } from '../i18n.js';
import { charCount, sanitizeText } from '../text/sanitize.js';
import type { MergerGuide } from './guide-types.js';
import type { MergerTexts } from './merger-texts.js';
import type { MergerMunicipality } from './merger-types.js';
import { parseMergerDate } from './due-dates.js';
import { resolveMunicipality, type MunicipalityIndex } from './municipalities.js';

export const MAX_NAME_LENGTH = 100;
export const MAX_MUNICIPALITIES = 20;
export const CONDITION_PREFIX = 'cond__';

export interface Registration {
  name: string;
  municipalities: MergerMunicipality[];
  mergerDate: string;
  conditions: Record<string, boolean>;
}

export interface RegistrationInput {
  name: string;
  municipalities: string;
  mergerDate: string;
  conditions: Record<string, string>;
}

export type RegistrationResult =
  | { ok: true; value: Registration }
  | { ok: false; errors: Partial<Record<'name' | 'municipalities' | 'mergerDate' | 'form', string>>; input: RegistrationInput };

/** The card keys a registration may send; anything else is refused. */
export function registrationKeys(guide: MergerGuide): Set<string> {
  return new Set(['name', 'municipalities', 'mergerDate', ...guide.conditions.map((c) => `${CONDITION_PREFIX}${c.id}`)]);
}

/** Reads the card data as strings; null when a key is unknown or a value is not a string. */
export function readRegistrationInput(data: Record<string, unknown>, guide: MergerGuide): RegistrationInput | null {
  const allowed = registrationKeys(guide);
  for (const [key, value] of Object.entries(data)) {
    if (!allowed.has(key) || typeof value !== 'string') return null;
  }
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  const conditions = Object.fromEntries(guide.conditions.map((c) => [c.id, str(`${CONDITION_PREFIX}${c.id}`)]));
  return { name: str('name'), municipalities: str('municipalities'), mergerDate: str('mergerDate'), conditions };
}

function validateName(raw: string, texts: MergerTexts, locale: Locale): { name?: string; error?: string } {
  const name = sanitizeText(raw).text.replace(/\s+/g, ' ');
  if (name === '') return { error: texts.messages.nameRequired[locale] };
  const count = charCount(name);
  if (count > MAX_NAME_LENGTH) return { error: pick(texts.messages.nameTooLong, locale, { count, max: MAX_NAME_LENGTH }) };
  return { name };
}

function validateMunicipalities(raw: string, index: MunicipalityIndex, texts: MergerTexts, locale: Locale): { list?: MergerMunicipality[]; error?: string } {
  const parts = raw.split(/[,;\n]+|\s+og\s+|\s+and\s+/i).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length < 2) return { error: texts.messages.municipalitiesTooFew[locale] };
  if (parts.length > MAX_MUNICIPALITIES) return { error: pick(texts.messages.municipalitiesTooMany, locale, { max: MAX_MUNICIPALITIES }) };
  const list: MergerMunicipality[] = [];
  const problems: string[] = [];
  for (const part of parts) {
    const r = resolveMunicipality(index, part, texts.engine);
    if (!r.ok) {
      problems.push(r.message[locale]);
      continue;
    }
    if (list.some((m) => m.number === r.municipality.number)) problems.push(pick(texts.messages.municipalityTwice, locale, { name: r.municipality.name }));
    else list.push({ number: r.municipality.number, name: r.municipality.name });
  }
  return problems.length > 0 ? { error: problems.join(' ') } : { list };
}

function readConditions(input: Record<string, string>): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [id, value] of Object.entries(input)) {
    if (value === 'true') out[id] = true;
    else if (value === 'false') out[id] = false;
  }
  return out;
}

/** Validates a registration card: name, at least two known municipalities, a real merger date. */
export function validateRegistration(input: RegistrationInput, index: MunicipalityIndex, texts: MergerTexts, locale: Locale): RegistrationResult {
  const name = validateName(input.name, texts, locale);
  const municipalities = validateMunicipalities(input.municipalities, index, texts, locale);
  const date = parseMergerDate(input.mergerDate, texts.engine);
  const errors: Partial<Record<'name' | 'municipalities' | 'mergerDate', string>> = {};
  if (name.error) errors.name = name.error;
  if (municipalities.error) errors.municipalities = municipalities.error;
  if (!date.ok) errors.mergerDate = format(date.message[locale], { raw: input.mergerDate.trim().slice(0, 40) });
  if (Object.keys(errors).length > 0 || !name.name || !municipalities.list || !date.ok) return { ok: false, errors, input };
  return { ok: true, value: { name: name.name, municipalities: municipalities.list, mergerDate: date.date, conditions: readConditions(input.conditions) } };
}
