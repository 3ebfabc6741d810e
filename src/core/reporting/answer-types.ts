import type { EndToken, PrecisionDate } from '../parsing/date-precision.js';

/*
 * The shapes a stored answer can take, and the predicates that tell them apart.
 */

/** money / signedMoney: integer kroner plus the user's text. */
export interface MoneyValue {
  amount: number;
  raw: string;
  exVat: boolean;
}

/** moneyOrNotCalculated (investmentCost) when the cost is not worked out yet. */
export interface NotCalculatedValue {
  token: 'IKKE_BEREGNET';
  raw: string;
}

/** endDate (plannedEnd) when there is no end date. */
export interface EndTokenValue {
  token: EndToken;
  raw: string;
}

export interface DeadlineEntry {
  date: PrecisionDate;
  /** What municipalities must do by then (≤ the field's maxLength). */
  what: string;
  mandatory: boolean;
}

/** deadlines (municipalDeadlines): rows, or the explicit "not set yet" answer (then `entries` is empty). */
export interface DeadlinesValue {
  notSet: boolean;
  entries: DeadlineEntry[];
}

/** sizeBandCosts (municipalCostBySize): cost per municipality keyed by size band id (liten, mellomstor, stor). */
export type SizeBandCosts = Record<string, MoneyValue>;

/**
 * A stored answer, by field type:
 * text/longtext/email/url/enum → string · multiselect/textList → string[] · boolean → boolean ·
 * number → number · money/signedMoney → MoneyValue · moneyOrNotCalculated → MoneyValue | NotCalculatedValue ·
 * date → PrecisionDate · endDate → PrecisionDate | EndTokenValue · deadlines → DeadlinesValue ·
 * sizeBandCosts → SizeBandCosts. Unanswered fields are absent from Answers.
 */
export type AnswerValue =
  | string
  | string[]
  | boolean
  | number
  | MoneyValue
  | NotCalculatedValue
  | PrecisionDate
  | EndTokenValue
  | DeadlinesValue
  | SizeBandCosts;

/** Answers keyed by field id. */
export type Answers = Record<string, AnswerValue>;

// ---------------------------------------------------------------------------------------------
// Predicates

/** A non-null object that is not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isMoneyValue(v: unknown): v is MoneyValue {
  return isObject(v) && typeof v.amount === 'number';
}

export function isPrecisionDate(v: unknown): v is PrecisionDate {
  return isObject(v) && typeof v.start === 'string' && typeof v.end === 'string' && typeof v.precision === 'string';
}

export function isTokenValue(v: unknown): v is NotCalculatedValue | EndTokenValue {
  return isObject(v) && typeof v.token === 'string';
}

export function isDeadlinesValue(v: unknown): v is DeadlinesValue {
  return isObject(v) && Array.isArray(v.entries) && typeof v.notSet === 'boolean';
}

/** False for absent values, empty strings, empty lists and empty composite answers. */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isDeadlinesValue(value)) return value.notSet || value.entries.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** The chosen value(s) of an enum (one string) or a multiselect / text list (strings); [] otherwise. */
export function stringValues(value: AnswerValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  return [];
}

/** The amount of a money answer; undefined for anything else (including "not calculated"). */
export function moneyAmount(value: AnswerValue | undefined): number | undefined {
  return isMoneyValue(value) ? value.amount : undefined;
}
