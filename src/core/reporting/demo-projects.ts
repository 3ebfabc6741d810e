/**
 * Demo/seed data: the 29 appendix-1 projects of the 2016 Difi memo
 * (`shared/data/state-projects-2016.json`, reporting template §9).
 *
 * Appendix 1 has only name, agency, dates and phase. Cost, benefit, involvement and
 * other consequence fields are deliberately absent here and must never be invented (§9).
 */
import {
  compareEndToStart,
  extractPrecisionDate,
  type DateParseFailure,
  type EndToken,
  type PrecisionDate,
} from '../parsing/date-precision.js';
import { sanitizeText } from '../text/sanitize.js';
import { mapAppendixPhase, normalisePhase, type Phase } from './phase-synonyms.js';

/** One record as stored in the JSON file; values are copied as printed in the memo. */
export interface DemoProjectRaw {
  /** Short agency name, e.g. "NAV", "eHelse", "Kartverket". */
  agency: string;
  /** Full agency name from the memo's footnotes. */
  agencyFull: string;
  name: string;
  /** Short English paraphrase of the memo's description (not the original text). */
  description: string;
  /** "Oppstart" column, e.g. "Høst 2016", "Aug.13", "Forprosjekt ble startet januar 2015". */
  start: string;
  /** "Planlagt ferdig" column, e.g. "28.2.2018", "Ikke avklart", "Løpende", "TD". */
  plannedEnd: string;
  /** "Fase for prosjekt i juni 2016" column. */
  phase: string;
  [k: string]: unknown;
}

export interface DemoProjectAnswers {
  projectName: string;
  agency: string;
  description: string;
  startDate?: PrecisionDate;
  startRaw: string;
  plannedEnd?: PrecisionDate | { token: EndToken; raw: string };
  plannedEndRaw: string;
  phase: Phase;
  phaseNote?: string;
}

/**
 * Machine-readable warnings, `<field>:<code>`:
 * - `startDate:extracted_from_text` / `plannedEnd:extracted_from_text`: the date was found inside a longer text
 * - `startDate:two_digit_year` / `plannedEnd:two_digit_year`: "Aug.13" read as 2013, to be confirmed
 * - `startDate:<DateParseFailure>` / `plannedEnd:<DateParseFailure>`: kept as raw only (e.g. "TD" → unexplained_abbreviation)
 * - `plannedEnd:before_start`: the end period ends before the start period begins
 * - `phase:details_not_imported`: the raw phase text says more than the phase (and no phaseNote keeps it)
 */
export type DemoWarning = `${'startDate' | 'plannedEnd'}:${DateParseFailure | 'extracted_from_text' | 'two_digit_year'}`
  | 'plannedEnd:before_start'
  | 'phase:details_not_imported';

const REQUIRED_KEYS = ['agency', 'agencyFull', 'name', 'description', 'start', 'plannedEnd', 'phase'] as const;

export function isDemoProjectRaw(value: unknown): value is DemoProjectRaw {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return REQUIRED_KEYS.every((key) => typeof record[key] === 'string');
}

type DateField = 'startDate' | 'plannedEnd';

interface ImportedDate {
  value?: PrecisionDate | { token: EndToken; raw: string };
  warnings: DemoWarning[];
}

function importDate(raw: string, field: DateField): ImportedDate {
  const result = extractPrecisionDate(raw, { allowTokens: field === 'plannedEnd' });
  if (!result.ok) return { warnings: [`${field}:${result.reason}`] };
  if (!('value' in result)) return { value: { token: result.token, raw: result.raw }, warnings: [] };
  const warnings: DemoWarning[] = [];
  if (result.matched !== result.value.raw) warnings.push(`${field}:extracted_from_text`);
  if (result.twoDigitYear) warnings.push(`${field}:two_digit_year`);
  return { value: result.value, warnings };
}

function isPrecisionDate(value: ImportedDate['value']): value is PrecisionDate {
  return value !== undefined && 'precision' in value;
}

function cleanText(raw: string): string {
  return sanitizeText(raw).text;
}

/**
 * The configured agency id (config/organisations.json) for an appendix agency: the appendix writes
 * "Kartverket", "eHelse", "Brreg" where the configuration has "KARTVERKET", "EHELSE", "BRREG".
 * Matched ignoring case; an agency without a configured id keeps its appendix spelling. Demo
 * records are stored with the id so that they compare with reports like any other record (the
 * duplicate warning of A1 matches `answers.agency` exactly).
 */
export function configuredAgencyId(appendixAgency: string, agencyIds: readonly string[]): string {
  const wanted = appendixAgency.trim().toLowerCase();
  return agencyIds.find((id) => id.toLowerCase() === wanted) ?? appendixAgency;
}

/** Converts one appendix-1 record into reporting answers; never fills fields the record does not have. */
export function demoProjectToAnswers(raw: DemoProjectRaw): { answers: DemoProjectAnswers; warnings: string[] } {
  const start = importDate(raw.start, 'startDate');
  const end = importDate(raw.plannedEnd, 'plannedEnd');
  const startDate = isPrecisionDate(start.value) ? start.value : undefined;
  const { phase, phaseNote } = mapAppendixPhase(raw.phase);
  const warnings: DemoWarning[] = [...start.warnings, ...end.warnings];
  if (startDate && isPrecisionDate(end.value) && !compareEndToStart(end.value, startDate)) {
    warnings.push('plannedEnd:before_start');
  }
  if (phaseNote === undefined && !normalisePhase(raw.phase).ok) warnings.push('phase:details_not_imported');
  const answers: DemoProjectAnswers = {
    projectName: cleanText(raw.name),
    agency: cleanText(raw.agency),
    // The record's description is a short English paraphrase (§9), used as-is.
    description: raw.description,
    startRaw: raw.start.normalize('NFC').trim(),
    plannedEndRaw: raw.plannedEnd.normalize('NFC').trim(),
    phase,
    ...(startDate ? { startDate } : {}),
    ...(end.value ? { plannedEnd: end.value } : {}),
    ...(phaseNote !== undefined ? { phaseNote } : {}),
  };
  return { answers, warnings };
}
