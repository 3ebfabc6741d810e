/**
 * Money in Norwegian kroner (reporting template §5.3).
 *
 * Amounts are stored as integer kroner plus the raw text. Norwegian conventions
 * apply: decimal comma ("1,2 mrd" = 1 200 000 000), space or dot as thousands
 * separator. Anything that could be read two ways ("1.200", "1,200") is reported
 * as ambiguous so the bot can ask, never guessed.
 */
import type { Locale } from '../i18n.js';

export type NokParseFailure =
  | 'empty'
  | 'negative'
  | 'range'
  | 'foreign_currency'
  | 'ambiguous'
  | 'not_a_number'
  | 'too_large'
  | 'fraction_of_krone';

export type NokParseResult =
  | { ok: true; amount: number /* integer kroner */; raw: string; exVat: boolean }
  | { ok: false; reason: NokParseFailure };

export interface NokParseOptions {
  /** Only the socio-economic value (NPV) may be negative (§5.1 rule 10). */
  allowNegative?: boolean;
}

/** Upper limit for any amount: 10^13 kroner (well below Number.MAX_SAFE_INTEGER). */
export const MAX_NOK = 10_000_000_000_000;

// ---------------------------------------------------------------------------
// Text normalisation

const SPACE_RE = /[\s\u00A0\u2007\u2009\u200A\u202F]+/gu;
const DASH_RE = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/gu;

function normaliseText(raw: string): string {
  return raw.normalize('NFC').toLowerCase().replace(SPACE_RE, ' ').replace(DASH_RE, '-').trim();
}

const VAT_WORD = '(?:mva|moms|vat|merverdiavgift)';
const EX_VAT_RE = new RegExp(`\\(?\\b(?:eksklusive|ekskl|eks|excluding|excl|ex|uten|without)\\.?\\s*${VAT_WORD}\\b\\.?\\)?`, 'g');
const INC_VAT_RE = new RegExp(`\\(?\\b(?:inklusive|inkl|including|incl|med|with)\\.?\\s*${VAT_WORD}\\b\\.?\\)?`, 'g');

function removeVatNote(s: string): { rest: string; exVat: boolean } {
  const withoutExVat = s.replace(EX_VAT_RE, ' ');
  const rest = withoutExVat.replace(INC_VAT_RE, ' ').replace(/\s+/g, ' ').trim();
  return { rest, exVat: withoutExVat !== s };
}

const FOREIGN_RE = /[$€£¥]|(?<![a-zæøå])(?:usd|eur|euro|euros|gbp|sek|dkk|chf|jpy|dollars?|pounds?|pund)(?![a-zæøå])/;

const APPROX_RE = /^(?:ca\.?|cirka|circa|omtrent|om lag|rundt|about|approx\.?|approximately|~|≈)\s*/;

function stripApprox(s: string): string {
  return s.replace(APPROX_RE, '');
}

const CURRENCY_PATTERNS: readonly RegExp[] = [
  /^(?:kr\.|kr|nok)(?![a-zæøå])\s*/,
  /\s*(?:,-{1,2}|\.-)$/,
  /(?<![a-zæøå])(?:kroner|kr|nok)\.?$/,
];

/** Removes "kr", "NOK", "kroner" and the ",-" suffix at either end, repeatedly. */
function stripCurrency(s: string): string {
  let current = s;
  for (;;) {
    const next = CURRENCY_PATTERNS.reduce((acc, re) => acc.replace(re, ''), current).trim();
    if (next === current) return current;
    current = next;
  }
}

const SIGN_RE = /^(?:-|minus)\s*/;

function takeSign(s: string): { rest: string; negative: boolean } {
  const negative = SIGN_RE.test(s);
  return { rest: negative ? s.replace(SIGN_RE, '') : s, negative };
}

const RANGE_RES: readonly RegExp[] = [
  /\d[^\d]*?(?:-|\btil\b|\bto\b)[^\d]*?\d/,
  /\b(?:mellom|between)\b.*\d.*\b(?:og|and)\b.*\d/,
];

function isRange(s: string): boolean {
  return RANGE_RES.some((re) => re.test(s.replace(/,-{1,2}$|\.-$/, '')));
}

// ---------------------------------------------------------------------------
// Units

interface Unit {
  suffix: RegExp;
  prefix?: RegExp;
  factor: bigint;
}

const UNITS: readonly Unit[] = [
  {
    suffix: /(?<=[\d\s])(?:milliarder|milliard|mrdnok|mrd|billions|billion|bnok|bn)\.?$/,
    prefix: /^(?:mrd|bnok)\.?\s*(?=\d)/,
    factor: 1_000_000_000n,
  },
  {
    suffix: /(?<=[\d\s])(?:millioner|millions|million|mill|mln|mio|mnok)\.?$/,
    prefix: /^mnok\s*(?=\d)/,
    factor: 1_000_000n,
  },
  {
    suffix: /(?<=[\d\s])(?:tusen|thousand|tnok|k)\.?$/,
    prefix: /^tnok\s*(?=\d)/,
    factor: 1_000n,
  },
];

function takeUnit(s: string): { rest: string; factor: bigint } {
  for (const unit of UNITS) {
    if (unit.suffix.test(s)) return { rest: s.replace(unit.suffix, '').trim(), factor: unit.factor };
    if (unit.prefix?.test(s)) return { rest: s.replace(unit.prefix, '').trim(), factor: unit.factor };
  }
  return { rest: s, factor: 1n };
}

// ---------------------------------------------------------------------------
// Numbers

type NumberParse = { ok: true; int: string; frac: string } | { ok: false; reason: 'ambiguous' | 'not_a_number' };

/** Number grammars, tried in order. `intSep` is removed from the integer part; `dec` splits off decimals. */
const NUMBER_FORMS: readonly { re: RegExp; intSep: string; dec?: string; ambiguous?: true }[] = [
  { re: /^\d+$/, intSep: '' },
  { re: /^\d{1,3}\.\d{3}$/, intSep: '', ambiguous: true }, // "1.200": 1,2 or 1 200?
  { re: /^\d{1,3},\d{3}$/, intSep: '', ambiguous: true }, // "1,200": English thousands or Norwegian decimal?
  { re: /^\d{1,3}(?: \d{3})+(?:,\d+)?$/, intSep: ' ', dec: ',' }, // 12 000 000 / 12 000,50
  { re: /^\d{1,3}(?:\.\d{3}){2,}$/, intSep: '.' }, // 12.000.000
  { re: /^\d{1,3}(?:\.\d{3})+,\d+$/, intSep: '.', dec: ',' }, // 1.200,50
  { re: /^\d{1,3}(?:,\d{3}){2,}$/, intSep: ',' }, // 1,200,000 (English)
  { re: /^\d{1,3}(?:,\d{3})+\.\d+$/, intSep: ',', dec: '.' }, // 1,200.50 (English)
  { re: /^\d+,\d+$/, intSep: '', dec: ',' }, // 1,2
  { re: /^\d+\.\d+$/, intSep: '', dec: '.' }, // 1.5
];

function parseNumber(s: string): NumberParse {
  const form = NUMBER_FORMS.find((f) => f.re.test(s));
  if (!form) return { ok: false, reason: 'not_a_number' };
  if (form.ambiguous) return { ok: false, reason: 'ambiguous' };
  const [intPart = '', frac = ''] = form.dec ? s.split(form.dec) : [s];
  return { ok: true, int: form.intSep ? intPart.split(form.intSep).join('') : intPart, frac };
}

function toKroner(n: { int: string; frac: string }, factor: bigint): NokParseResult | bigint {
  const scale = 10n ** BigInt(n.frac.length);
  const total = BigInt(n.int + n.frac) * factor;
  if (total / scale > BigInt(MAX_NOK)) return { ok: false, reason: 'too_large' };
  if (total % scale !== 0n) return { ok: false, reason: 'fraction_of_krone' };
  return total / scale;
}

// ---------------------------------------------------------------------------

/**
 * Parses a NOK amount as typed by a user. Accepts "12 000 000", "12.000.000",
 * "kr 12 000 000,-", "12 mill.", "12 millioner", "12 MNOK", "1,2 mrd", "1,2 milliarder",
 * "1,2 mrd. kr", "500 000 kr", "12 MNOK eks. mva" (exVat true). Prefixes such as "ca." are ignored.
 */
export function parseNok(raw: string, opts: NokParseOptions = {}): NokParseResult {
  const trimmed = raw.normalize('NFC').trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const { rest: noVat, exVat } = removeVatNote(normaliseText(trimmed));
  if (FOREIGN_RE.test(noVat)) return { ok: false, reason: 'foreign_currency' };
  const { rest: unsigned, negative } = takeSign(stripCurrency(stripApprox(noVat)));
  if (isRange(unsigned)) return { ok: false, reason: 'range' };
  const { rest: numberText, factor } = takeUnit(stripCurrency(unsigned));
  const num = parseNumber(stripCurrency(numberText));
  if (!num.ok) return num;
  const kroner = toKroner(num, factor);
  if (typeof kroner !== 'bigint') return kroner;
  if (negative && kroner !== 0n && !opts.allowNegative) return { ok: false, reason: 'negative' };
  const amount = negative && kroner !== 0n ? -Number(kroner) : Number(kroner);
  return { ok: true, amount, raw: trimmed, exVat };
}

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * "1 200 000 000 kr" (nb) / "NOK 1,200,000,000" (en). The nb thousands separator is a
 * normal space (U+0020), not the no-break space Intl would use, so the text is easy to
 * compare and copy; renderers that must avoid line breaks can swap it. Non-integers are
 * rounded to whole kroner. nb output always parses back with `parseNok`; en output with a
 * single thousands group ("NOK 1,200") is reported as ambiguous by the Norwegian parser.
 */
export function formatNok(amount: number, locale: Locale): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Not a finite amount: ${amount}`);
  const rounded = Math.round(amount);
  const sign = rounded < 0 ? '-' : '';
  const digits = BigInt(Math.abs(rounded)).toString();
  return locale === 'nb' ? `${sign}${groupDigits(digits, ' ')} kr` : `NOK ${sign}${groupDigits(digits, ',')}`;
}
