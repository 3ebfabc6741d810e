/**
 * Municipality names for registering a merger: an index over the kommuner.json shape (the caller
 * reads and passes the parsed JSON), exact look-up that ignores case and diacritics, and "did you
 * mean" suggestions ranked by Damerau-Levenshtein distance on folded names.
 *
 * Known names: the 2024 municipalities (official name, plain Norwegian name of multilingual names,
 * SSB's qualified name such as "Herøy (Nordland)", every part of a multilingual name), and the
 * municipalities that merged away in 2017–2020 ("Finnøy") from the merger lists.
 */
import { format, type Localized } from '../i18n.js';
import type { MergerEngineTexts } from './merger-texts.js';
import { editDistance, nameKey } from './text-fold.js';

// ---------------------------------------------------------------------------
// The kommuner.json shape (only what the look-up reads)

export interface KommunerMunicipality {
  number: string;
  name: string;
  nameNo?: string;
  nameSsb?: string;
  county: string;
  countyNumber?: string;
  number2020to2023?: string;
  numberBefore2020?: string;
}

export interface KommunerMergerRecord {
  newNumber: string;
  newName: string;
  newCounty?: string;
  date: string;
  from: { number: string; name: string; county?: string; part?: boolean }[];
  currentNumbers?: { number: string; name: string }[];
}

export interface KommunerData {
  current: { municipalities: KommunerMunicipality[] };
  mergers2020?: KommunerMergerRecord[];
  mergers2017to2019?: KommunerMergerRecord[];
}

// ---------------------------------------------------------------------------
// Index

export interface MergedInto {
  number: string;
  name: string;
  date: string;
  /** The numbers and names the new municipality has today. */
  currentNumbers: { number: string; name: string }[];
}

export interface KnownMunicipality {
  /** The 2024 number; for a former municipality, its last number. */
  number: string;
  name: string;
  /** Name that tells apart equal names: SSB's qualified name, or "name (county)" for a former one. */
  label: string;
  county?: string;
  status: 'current' | 'former';
  /** For a former municipality: what it merged into (several when it was divided). */
  mergedInto?: MergedInto[];
  /** Older numbers of a current municipality. */
  formerNumbers?: string[];
}

interface IndexEntry {
  municipality: KnownMunicipality;
  keys: string[];
}

export interface MunicipalityIndex {
  entries: IndexEntry[];
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function keysOf(names: readonly (string | undefined)[], county: string | undefined): string[] {
  const present = names.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const parts = present.flatMap((n) => n.split(/\s+-\s+/));
  const qualified = county ? present.map((n) => `${n} (${county})`) : [];
  return unique([...present, ...parts, ...qualified].map(nameKey).filter((k) => k !== ''));
}

function currentEntry(m: KommunerMunicipality): IndexEntry {
  const formerNumbers = unique([m.number2020to2023, m.numberBefore2020].filter((n): n is string => !!n));
  return {
    municipality: {
      number: m.number,
      name: m.name,
      label: m.nameSsb ?? m.name,
      county: m.county,
      status: 'current',
      ...(formerNumbers.length > 0 ? { formerNumbers } : {}),
    },
    keys: keysOf([m.name, m.nameNo, m.nameSsb], m.county),
  };
}

function formerEntries(records: readonly KommunerMergerRecord[], current: readonly KommunerMunicipality[]): IndexEntry[] {
  const stillCurrent = new Set(current.map((m) => `${m.number}|${nameKey(m.name)}`));
  const byNumber = new Map<string, IndexEntry>();
  for (const record of records) {
    const into: MergedInto = {
      number: record.newNumber,
      name: record.newName,
      date: record.date,
      currentNumbers: record.currentNumbers ?? [],
    };
    for (const old of record.from) {
      if (stillCurrent.has(`${old.number}|${nameKey(old.name)}`) || nameKey(old.name) === nameKey(record.newName)) continue;
      const existing = byNumber.get(old.number);
      if (existing) {
        existing.municipality.mergedInto?.push(into);
        continue;
      }
      byNumber.set(old.number, {
        municipality: {
          number: old.number,
          name: old.name,
          label: old.county ? `${old.name} (${old.county})` : old.name,
          ...(old.county ? { county: old.county } : {}),
          status: 'former',
          mergedInto: [into],
        },
        keys: keysOf([old.name], old.county),
      });
    }
  }
  return [...byNumber.values()];
}

/** Builds the look-up index from parsed kommuner.json data. */
export function buildMunicipalityIndex(data: KommunerData): MunicipalityIndex {
  const current = data.current.municipalities;
  const records = [...(data.mergers2017to2019 ?? []), ...(data.mergers2020 ?? [])];
  return { entries: [...current.map(currentEntry), ...formerEntries(records, current)] };
}

// ---------------------------------------------------------------------------
// Look-up

const NUMBER_RE = /^\d{4}$/;

function byNumber(index: MunicipalityIndex, number: string): KnownMunicipality[] {
  const current = index.entries.filter(
    (e) => e.municipality.status === 'current' && (e.municipality.number === number || e.municipality.formerNumbers?.includes(number)),
  );
  const list = current.length > 0 ? current : index.entries.filter((e) => e.municipality.number === number);
  return list.map((e) => e.municipality);
}

/**
 * Every municipality whose name (or 4-digit number) matches exactly, ignoring case, diacritics and
 * punctuation. Current municipalities win over former ones with the same name ("Sandnes").
 */
export function findMunicipalities(index: MunicipalityIndex, raw: string): KnownMunicipality[] {
  const text = raw.trim();
  if (NUMBER_RE.test(text)) return byNumber(index, text);
  const key = nameKey(text);
  if (key === '') return [];
  const hits = index.entries.filter((e) => e.keys.includes(key)).map((e) => e.municipality);
  const current = hits.filter((m) => m.status === 'current');
  return current.length > 0 ? current : hits;
}

/** The one municipality with this name; undefined when none or several (e.g. "Herøy") match. */
export function findMunicipality(index: MunicipalityIndex, raw: string): KnownMunicipality | undefined {
  const hits = findMunicipalities(index, raw);
  return hits.length === 1 ? hits[0] : undefined;
}

/** How far a suggestion may be from the typed name: 2, or a third of its length for long names. */
export const maxSuggestionDistance = (length: number): number => Math.max(2, Math.floor(length / 3));

function distanceTo(entry: IndexEntry, key: string, max: number): number {
  return Math.min(
    ...entry.keys.map((k) => (key.length >= 3 && k.startsWith(key) ? 1 : editDistance(key, k, max))),
  );
}

/**
 * Up to `n` known municipalities closest to the typed name (Damerau-Levenshtein on folded names;
 * a name that starts with what was typed counts as distance 1), nearest first, current before
 * former, then alphabetical. Names too far away are not suggested.
 */
export function suggestMunicipalities(index: MunicipalityIndex, raw: string, n = 3): KnownMunicipality[] {
  const key = nameKey(raw);
  if (key === '' || n <= 0) return [];
  const max = maxSuggestionDistance([...key].length);
  return index.entries
    .map((entry) => ({ entry, distance: distanceTo(entry, key, max) }))
    .filter((s) => s.distance <= max)
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        Number(a.entry.municipality.status === 'former') - Number(b.entry.municipality.status === 'former') ||
        a.entry.municipality.label.localeCompare(b.entry.municipality.label, 'nb'),
    )
    .slice(0, n)
    .map((s) => s.entry.municipality);
}

// ---------------------------------------------------------------------------
// Resolution with messages

export type MunicipalityResolution =
  | { ok: true; municipality: KnownMunicipality }
  | { ok: false; reason: 'empty'; message: Localized }
  | { ok: false; reason: 'ambiguous'; candidates: KnownMunicipality[]; message: Localized }
  | { ok: false; reason: 'unknown'; suggestions: KnownMunicipality[]; message: Localized };

/** "A", "A eller B", "A, B eller C" (nb) / "A or B", "A, B or C" (en), with the word `listOr` of the texts. */
export function orList(items: readonly string[], texts: MergerEngineTexts): Localized {
  const join = (word: string) =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1] ?? ''}`;
  return { nb: join(texts.listOr.nb), en: join(texts.listOr.en) };
}

function localized(text: Localized, params: { nb: Record<string, string>; en: Record<string, string> }): Localized {
  return { nb: format(text.nb, params.nb), en: format(text.en, params.en) };
}

const MAX_ECHO = 60;
const echo = (raw: string): string => {
  const chars = [...raw.trim()];
  return chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : chars.join('');
};

/**
 * Resolves a typed municipality name: the municipality, or why not — empty, several with that
 * name (with the candidates), or unknown (with the closest known names) — and a message in nb and en.
 */
export function resolveMunicipality(
  index: MunicipalityIndex,
  raw: string,
  texts: MergerEngineTexts,
  suggestions = 3,
): MunicipalityResolution {
  if (nameKey(raw) === '') return { ok: false, reason: 'empty', message: texts.municipalityEmpty };
  const hits = findMunicipalities(index, raw);
  const [only] = hits;
  if (hits.length === 1 && only) return { ok: true, municipality: only };
  const shown = echo(raw);
  if (hits.length > 1) {
    const list = orList(hits.map((m) => m.label), texts);
    const example = hits[0]?.label ?? shown;
    return {
      ok: false,
      reason: 'ambiguous',
      candidates: hits,
      message: localized(texts.municipalityAmbiguous, { nb: { raw: shown, list: list.nb, example }, en: { raw: shown, list: list.en, example } }),
    };
  }
  const suggested = suggestMunicipalities(index, raw, suggestions);
  const list = orList(suggested.map((m) => m.label), texts);
  const message =
    suggested.length > 0
      ? localized(texts.municipalityUnknownWithSuggestions, { nb: { raw: shown, list: list.nb }, en: { raw: shown, list: list.en } })
      : localized(texts.municipalityUnknown, { nb: { raw: shown }, en: { raw: shown } });
  return { ok: false, reason: 'unknown', suggestions: suggested, message };
}
