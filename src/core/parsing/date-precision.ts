/**
 * Dates with precision (reporting template §5.2).
 *
 * A date answer is stored as the first and last day of the period the user meant
 * ("Høst 2016" → 2016-09-01 … 2016-11-30, precision "season") plus the raw text.
 * The parser is strict: the whole answer must be one date expression. The looser
 * `extractPrecisionDate` exists only for importing the appendix-1 demo data.
 */
import type { Locale } from '../i18n.js';

export type DatePrecision = 'day' | 'month' | 'quarter' | 'half' | 'season' | 'year';

export interface PrecisionDate {
  /** First day of the period, YYYY-MM-DD. */
  start: string;
  /** Last day of the period, YYYY-MM-DD. */
  end: string;
  precision: DatePrecision;
  /** The user's text, NFC-normalised and trimmed. */
  raw: string;
}

/** "Ikke avklart" and "Løpende": allowed for `plannedEnd` only. */
export type EndToken = 'IKKE_AVKLART' | 'LOPENDE';

export type DateParseFailure =
  | 'empty'
  | 'unrecognised'
  | 'ambiguous_season'
  | 'unexplained_abbreviation'
  | 'invalid_date'
  | 'token_not_allowed';

export type DateParseResult =
  | { ok: true; value: PrecisionDate; twoDigitYear: boolean }
  | { ok: true; token: EndToken; raw: string }
  | { ok: false; reason: DateParseFailure };

/** Like DateParseResult, plus the substring that was read as the date. */
export type DateExtractResult =
  | { ok: true; value: PrecisionDate; twoDigitYear: boolean; matched: string }
  | { ok: true; token: EndToken; raw: string; matched: string }
  | { ok: false; reason: DateParseFailure };

export interface SeasonRange {
  /** 1–12 */
  startMonth: number;
  /** 1–12, ≥ startMonth (seasons never cross a year boundary; winter is not accepted) */
  endMonth: number;
}

export interface SeasonConfig {
  spring: SeasonRange;
  summer: SeasonRange;
  autumn: SeasonRange;
}

export type Season = keyof SeasonConfig;

/** vår = March–May, sommer = June–August, høst = September–November. */
export const DEFAULT_SEASONS: SeasonConfig = {
  spring: { startMonth: 3, endMonth: 5 },
  summer: { startMonth: 6, endMonth: 8 },
  autumn: { startMonth: 9, endMonth: 11 },
};

export interface DateParseOptions {
  /** Accept "Ikke avklart" / "Løpende" (planned end only). Default false. */
  allowTokens?: boolean;
  seasons?: SeasonConfig;
}

// ---------------------------------------------------------------------------
// Vocabulary

const MONTHS: Readonly<Record<string, number>> = {
  januar: 1, january: 1, jan: 1,
  februar: 2, february: 2, feb: 2,
  mars: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mai: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  desember: 12, december: 12, des: 12, dec: 12,
};

const SEASON_WORDS: Readonly<Record<string, Season | 'winter'>> = {
  vår: 'spring', våren: 'spring', spring: 'spring',
  sommer: 'summer', sommeren: 'summer', summer: 'summer',
  høst: 'autumn', høsten: 'autumn', autumn: 'autumn', fall: 'autumn',
  vinter: 'winter', vinteren: 'winter', winter: 'winter',
};

const ORDINALS: Readonly<Record<string, number>> = {
  første: 1, first: 1, '1st': 1,
  andre: 2, second: 2, '2nd': 2,
  tredje: 3, third: 3, '3rd': 3,
  fjerde: 4, fourth: 4, '4th': 4,
};

const END_TOKENS: Readonly<Record<string, EndToken>> = {
  'ikke avklart': 'IKKE_AVKLART',
  løpende: 'LOPENDE',
};

const MONTH_NAMES: Record<Locale, readonly string[]> = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const SEASON_NAMES: Record<Locale, Record<Season, string>> = {
  nb: { spring: 'vår', summer: 'sommer', autumn: 'høst' },
  en: { spring: 'spring', summer: 'summer', autumn: 'autumn' },
};

/** Longest first, so "mars" wins over "mar" and "høsten" over "høst". */
function alternation(words: Iterable<string>): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

// ---------------------------------------------------------------------------
// Calendar helpers

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

type Period = { start: string; end: string; precision: DatePrecision };
type Outcome = { ok: true; period: Period; twoDigitYear: boolean } | { ok: false; reason: DateParseFailure };

interface YearValue {
  year: number;
  twoDigit: boolean;
}

/** Two-digit years are read as 20xx (§5.2) and flagged so the bot can echo them back. */
function readYear(text: string | undefined): YearValue | undefined {
  if (text === undefined) return undefined;
  if (/^\d{2}$/.test(text)) return { year: 2000 + Number(text), twoDigit: true };
  if (/^\d{4}$/.test(text)) return { year: Number(text), twoDigit: false };
  return undefined;
}

function monthSpan(y: YearValue, firstMonth: number, lastMonth: number, precision: DatePrecision): Outcome {
  if (y.year < 1000 || firstMonth < 1 || lastMonth > 12 || firstMonth > lastMonth) {
    return { ok: false, reason: 'invalid_date' };
  }
  const period = {
    start: isoDate(y.year, firstMonth, 1),
    end: isoDate(y.year, lastMonth, daysInMonth(y.year, lastMonth)),
    precision,
  };
  return { ok: true, period, twoDigitYear: y.twoDigit };
}

function dayOutcome(y: YearValue, month: number, day: number): Outcome {
  const valid = y.year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(y.year, month);
  if (!valid) return { ok: false, reason: 'invalid_date' };
  const date = isoDate(y.year, month, day);
  return { ok: true, period: { start: date, end: date, precision: 'day' }, twoDigitYear: y.twoDigit };
}

function assertSeasonConfig(config: SeasonConfig): void {
  for (const [name, range] of Object.entries(config) as [string, SeasonRange][]) {
    const ok =
      Number.isInteger(range.startMonth) &&
      Number.isInteger(range.endMonth) &&
      range.startMonth >= 1 &&
      range.endMonth <= 12 &&
      range.startMonth <= range.endMonth;
    if (!ok) throw new RangeError(`Invalid season config for ${name}: ${range.startMonth}-${range.endMonth}`);
  }
}

// ---------------------------------------------------------------------------
// Forms. Each form is a regex source (no anchors) plus a builder; the same source
// is compiled anchored (strict parse) and unanchored (extraction).

type Groups = Record<string, string | undefined>;

interface Form {
  source: string;
  build(g: Groups, seasons: SeasonConfig): Outcome;
}

const YEAR = '(?<year>\\d{4}|\\d{2})';
const MONTH_ALT = alternation(Object.keys(MONTHS));
const SEASON_ALT = alternation(Object.keys(SEASON_WORDS));
const ORDINAL_ALT = alternation(Object.keys(ORDINALS));
const HALF_WORD = '(?:halvåret|halvår|halvaar)';
const UNRECOGNISED: Outcome = { ok: false, reason: 'unrecognised' };

function withYear(g: Groups, build: (y: YearValue) => Outcome): Outcome {
  const y = readYear(g.year);
  return y ? build(y) : UNRECOGNISED;
}

function quarter(g: Groups, q: number | undefined): Outcome {
  if (q === undefined) return UNRECOGNISED;
  if (q < 1 || q > 4) return { ok: false, reason: 'invalid_date' };
  return withYear(g, (y) => monthSpan(y, q * 3 - 2, q * 3, 'quarter'));
}

function half(g: Groups, h: number | undefined): Outcome {
  if (h === undefined) return UNRECOGNISED;
  if (h < 1 || h > 2) return { ok: false, reason: 'invalid_date' };
  return withYear(g, (y) => monthSpan(y, h * 6 - 5, h * 6, 'half'));
}

function season(g: Groups, seasons: SeasonConfig): Outcome {
  const word = SEASON_WORDS[(g.season ?? '').toLowerCase()];
  if (word === undefined) return UNRECOGNISED;
  if (word === 'winter') return { ok: false, reason: 'ambiguous_season' };
  assertSeasonConfig(seasons);
  const range = seasons[word];
  return withYear(g, (y) => monthSpan(y, range.startMonth, range.endMonth, 'season'));
}

function monthOf(name: string | undefined): number | undefined {
  return MONTHS[(name ?? '').toLowerCase()];
}

function ordinalOf(word: string | undefined): number | undefined {
  return ORDINALS[(word ?? '').toLowerCase()];
}

const FORMS: readonly Form[] = [
  {
    // 28.2.2018, 01.06.2018, 1.6.18
    source: '(?<day>\\d{1,2})\\.(?<month>\\d{1,2})\\.' + YEAR,
    build: (g) => withYear(g, (y) => dayOutcome(y, Number(g.month), Number(g.day))),
  },
  {
    // ISO 2018-03-01
    source: '(?<year>\\d{4})-(?<month>\\d{1,2})-(?<day>\\d{1,2})',
    build: (g) => withYear(g, (y) => dayOutcome(y, Number(g.month), Number(g.day))),
  },
  {
    // 1. mars 2018, 1.okt 2016, 28 Feb 2018
    source: `(?<day>\\d{1,2})\\.?\\s*(?<mon>${MONTH_ALT})\\.?\\s*${YEAR}`,
    build: (g) => withYear(g, (y) => dayOutcome(y, monthOf(g.mon) ?? 0, Number(g.day))),
  },
  {
    // Januar 2015, jan. 2015, Jan.17, Aug.13
    source: `(?<mon>${MONTH_ALT})\\.?\\s*${YEAR}`,
    build: (g) => withYear(g, (y) => monthSpan(y, monthOf(g.mon) ?? 0, monthOf(g.mon) ?? 0, 'month')),
  },
  {
    // 1. kvartal 2015, 1. kv. 2015
    source: `(?<q>\\d)\\.?\\s*(?:kvartal|kv\\.?)\\s*${YEAR}`,
    build: (g) => quarter(g, Number(g.q)),
  },
  {
    // Q1 2015, Q1-2015
    source: `q(?<q>\\d)\\s*[-/]?\\s*${YEAR}`,
    build: (g) => quarter(g, Number(g.q)),
  },
  {
    // 2015 Q1, 2015-Q1
    source: '(?<year>\\d{4})\\s*[-/]?\\s*q(?<q>\\d)',
    build: (g) => quarter(g, Number(g.q)),
  },
  {
    // første kvartal 2015, first quarter of 2015
    source: `(?<ord>${ORDINAL_ALT})\\s+(?:kvartal|quarter)(?:\\s+of)?\\s+${YEAR}`,
    build: (g) => quarter(g, ordinalOf(g.ord)),
  },
  {
    // 1. halvår 2017
    source: `(?<h>\\d)\\.?\\s*${HALF_WORD}\\s*${YEAR}`,
    build: (g) => half(g, Number(g.h)),
  },
  {
    // H1 2017
    source: `h(?<h>\\d)\\s*[-/]?\\s*${YEAR}`,
    build: (g) => half(g, Number(g.h)),
  },
  {
    // 2017 H1
    source: '(?<year>\\d{4})\\s*[-/]?\\s*h(?<h>\\d)',
    build: (g) => half(g, Number(g.h)),
  },
  {
    // andre halvår 2017, first half of 2017
    source: `(?<ord>${ORDINAL_ALT})\\s+(?:${HALF_WORD}|half(?:[- ]year)?)(?:\\s+of)?\\s+${YEAR}`,
    build: (g) => half(g, ordinalOf(g.ord)),
  },
  {
    // Høst 2016, Høsten 2016, autumn 2016, vinter 2016 (→ ambiguous)
    source: `(?<season>${SEASON_ALT})(?:\\s+of)?\\s*${YEAR}`,
    build: (g, seasons) => season(g, seasons),
  },
  {
    // 2014
    source: '(?<year>\\d{4})',
    build: (g) => withYear(g, (y) => monthSpan(y, 1, 12, 'year')),
  },
];

const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';

const ANCHORED = FORMS.map((f) => ({ form: f, re: new RegExp(`^(?:${f.source})$`, 'iu') }));
const UNANCHORED = FORMS.map((f) => ({
  form: f,
  re: new RegExp(`${BOUNDARY_BEFORE}(?:${f.source})${BOUNDARY_AFTER}`, 'giu'),
}));

const TD_RE = /^t\.?\s?d\.?$/iu;
const WINTER_ALONE_RE = /^(?:vinteren|vinter|winter)$/iu;

// ---------------------------------------------------------------------------
// Parsing

function cleanInput(raw: string): { trimmed: string; text: string } {
  const trimmed = raw.normalize('NFC').trim();
  return { trimmed, text: trimmed.replace(/\s+/gu, ' ') };
}

function toResult(outcome: Outcome, raw: string): DateParseResult {
  if (!outcome.ok) return outcome;
  return { ok: true, value: { ...outcome.period, raw }, twoDigitYear: outcome.twoDigitYear };
}

/** Handles the whole-string special cases; undefined when the text is an ordinary date candidate. */
function parseSpecial(text: string, trimmed: string, allowTokens: boolean): DateParseResult | undefined {
  const token = END_TOKENS[text.toLowerCase()];
  if (token !== undefined) {
    return allowTokens ? { ok: true, token, raw: trimmed } : { ok: false, reason: 'token_not_allowed' };
  }
  if (TD_RE.test(text)) return { ok: false, reason: 'unexplained_abbreviation' };
  if (WINTER_ALONE_RE.test(text)) return { ok: false, reason: 'ambiguous_season' };
  return undefined;
}

/**
 * Parses a whole answer as one date expression (§5.2). Leading or trailing words
 * ("Forprosjekt ble startet januar 2015") make it `unrecognised`.
 */
export function parsePrecisionDate(raw: string, opts: DateParseOptions = {}): DateParseResult {
  const { trimmed, text } = cleanInput(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const special = parseSpecial(text, trimmed, opts.allowTokens ?? false);
  if (special) return special;
  const seasons = opts.seasons ?? DEFAULT_SEASONS;
  for (const { form, re } of ANCHORED) {
    const m = re.exec(text);
    if (m) return toResult(form.build(m.groups ?? {}, seasons), trimmed);
  }
  return { ok: false, reason: 'unrecognised' };
}

interface Candidate {
  form: Form;
  match: RegExpExecArray;
}

/** Earliest match in the text; at equal positions the longest one. */
function findEmbedded(text: string): Candidate | undefined {
  let best: Candidate | undefined;
  for (const { form, re } of UNANCHORED) {
    for (const match of text.matchAll(re)) {
      const better =
        !best ||
        match.index < best.match.index ||
        (match.index === best.match.index && match[0].length > best.match[0].length);
      if (better) best = { form, match: match as RegExpExecArray };
    }
  }
  return best;
}

/**
 * Demo-data import only: finds the first date expression embedded in a longer
 * text ("Oppstart hovedprosjekt; 1. kvartal 2015." → Q1 2015). `value.raw` keeps
 * the whole trimmed text; `matched` is the part that was read as the date.
 */
export function extractPrecisionDate(raw: string, opts: DateParseOptions = {}): DateExtractResult {
  const whole = parsePrecisionDate(raw, opts);
  if (whole.ok) return { ...whole, matched: 'value' in whole ? whole.value.raw : whole.raw };
  if (whole.reason !== 'unrecognised') return whole;
  const { trimmed, text } = cleanInput(raw);
  const found = findEmbedded(text);
  if (!found) return whole;
  const result = toResult(found.form.build(found.match.groups ?? {}, opts.seasons ?? DEFAULT_SEASONS), trimmed);
  return result.ok ? { ...result, matched: found.match[0] } : result;
}

// ---------------------------------------------------------------------------
// Comparison and range

/** §5.1 rule 1: the last day of the end period must be on or after the first day of the start period. */
export function compareEndToStart(end: PrecisionDate, start: PrecisionDate): boolean {
  return end.end >= start.start;
}

/**
 * True when the period overlaps [min, max] (both YYYY-MM-DD, inclusive), i.e. the
 * period could lie inside the allowed range. "1999" is outside min 2000-01-01;
 * "2036" is inside max 2036-03-10.
 */
export function isWithinRange(d: PrecisionDate, min: string, max: string): boolean {
  return d.end >= min && d.start <= max;
}

// ---------------------------------------------------------------------------
// Formatting

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function partsOf(iso: string): DateParts {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return { year, month, day };
}

function seasonOf(startMonth: number, endMonth: number, seasons: SeasonConfig): Season | undefined {
  const names = Object.keys(seasons) as Season[];
  const exact = names.find((s) => seasons[s].startMonth === startMonth && seasons[s].endMonth === endMonth);
  return exact ?? names.find((s) => seasons[s].startMonth <= startMonth && startMonth <= seasons[s].endMonth);
}

function monthName(month: number, locale: Locale): string {
  return MONTH_NAMES[locale][month - 1] ?? String(month);
}

function formatDay(p: DateParts, locale: Locale): string {
  if (locale === 'nb') return `${pad2(p.day)}.${pad2(p.month)}.${p.year}`;
  return `${p.day} ${monthName(p.month, 'en').slice(0, 3)} ${p.year}`;
}

function formatSeason(start: DateParts, end: DateParts, locale: Locale, seasons: SeasonConfig): string {
  const s = seasonOf(start.month, end.month, seasons);
  if (s) return `${SEASON_NAMES[locale][s]} ${start.year}`;
  return `${monthName(start.month, locale)}–${monthName(end.month, locale)} ${start.year}`;
}

/**
 * Human-readable form for echoing back: "høst 2016", "1. kvartal 2015", "28.02.2018",
 * "januar 2015" (nb) / "autumn 2016", "Q1 2015", "28 Feb 2018", "January 2015" (en).
 * Every output parses back to the same period.
 */
export function formatPrecisionDate(d: PrecisionDate, locale: Locale, seasons: SeasonConfig = DEFAULT_SEASONS): string {
  const start = partsOf(d.start);
  const end = partsOf(d.end);
  switch (d.precision) {
    case 'day':
      return formatDay(start, locale);
    case 'month':
      return `${monthName(start.month, locale)} ${start.year}`;
    case 'quarter': {
      const q = Math.floor((start.month - 1) / 3) + 1;
      return locale === 'nb' ? `${q}. kvartal ${start.year}` : `Q${q} ${start.year}`;
    }
    case 'half': {
      const h = start.month <= 6 ? 1 : 2;
      return locale === 'nb' ? `${h}. halvår ${start.year}` : `H${h} ${start.year}`;
    }
    case 'season':
      return formatSeason(start, end, locale, seasons);
    case 'year':
      return String(start.year);
  }
}
