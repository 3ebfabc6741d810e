/**
 * Calendar arithmetic for a merger: due dates relative to the merger date, the phase the dates
 * suggest, days left, and parsing the merger date a user types. Days are ISO strings
 * (YYYY-MM-DD) and are computed in UTC so that no time zone shifts a day.
 */
import { format, type Localized } from '../i18n.js';
import type { GuideTask, MergerGuide, MergerPhaseId } from './guide-types.js';
import { phasesInOrder } from './guide-lookup.js';
import type { MergerEngineKey, MergerEngineTexts } from './merger-texts.js';
import { codePointLength } from './text-fold.js';

/** A day: an ISO string (YYYY-MM-DD) or a Date (read as the day it is in `DEFAULT_TIME_ZONE`). */
export type DayInput = string | Date;

export const DEFAULT_TIME_ZONE = 'Europe/Oslo';
const DAY_MS = 86_400_000;
const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface YMD {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidYmd({ year, month, day }: YMD): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function ymdToIso({ year, month, day }: YMD): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function parseIsoDay(iso: string): YMD | undefined {
  const m = ISO_DAY_RE.exec(iso);
  if (!m) return undefined;
  const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidYmd(ymd) ? ymd : undefined;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(value: string): boolean {
  return parseIsoDay(value) !== undefined;
}

function requireIsoDay(iso: string): YMD {
  const ymd = parseIsoDay(iso);
  if (!ymd) throw new RangeError(`not a YYYY-MM-DD day: ${iso}`);
  return ymd;
}

/** The calendar day of `day` in `timeZone` (a string day is checked and returned as it is). */
export function toIsoDay(day: DayInput, timeZone = DEFAULT_TIME_ZONE): string {
  if (typeof day === 'string') return ymdToIso(requireIsoDay(day));
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(day);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return ymdToIso({ year: get('year'), month: get('month'), day: get('day') });
}

function utcMs(iso: string): number {
  const { year, month, day } = requireIsoDay(iso);
  return Date.UTC(year, month - 1, day);
}

/** Adds whole months; a day that does not exist in the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(isoDay: string, months: number): string {
  const { year, month, day } = requireIsoDay(isoDay);
  const index = year * 12 + (month - 1) + Math.round(months);
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return ymdToIso({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

export function addDays(isoDay: string, days: number): string {
  const d = new Date(utcMs(isoDay) + Math.round(days) * DAY_MS);
  return ymdToIso({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Days from `today` to `date`: positive ahead, 0 today, negative when `date` has passed. */
export function daysUntil(date: DayInput, today: DayInput): number {
  return Math.round((utcMs(toIsoDay(date)) - utcMs(toIsoDay(today))) / DAY_MS);
}

const earliest = (days: string[]): string | undefined => [...days].sort()[0];

function eventDueDate(eventId: string, mergerDate: string, guide: MergerGuide): string | undefined {
  const event = guide.deadlineEvents.find((e) => e.id === eventId);
  return event ? addMonths(mergerDate, event.offsetMonths) : undefined;
}

/** The day the merger work typically starts: the earliest `typicalStartMonths` of the guide's phases. */
export function projectStartOf(mergerDate: string, guide: MergerGuide): string {
  const months = Math.min(0, ...guide.phases.map((p) => p.typicalStartMonths));
  return addMonths(mergerDate, months);
}

function fixedDueDate(date: string, alsoEvent: string | undefined, mergerDate: string, guide: MergerGuide): string | undefined {
  if (!isIsoDay(date)) return undefined;
  const eventDate = alsoEvent ? eventDueDate(alsoEvent, mergerDate, guide) : undefined;
  if (eventDate === undefined) return date;
  // A fixed date from before the merger work started (a 2018 deadline for a 2026 merger) no longer binds it.
  if (date < projectStartOf(mergerDate, guide)) return eventDate;
  return earliest([date, eventDate]);
}

/**
 * When the task is due for a merger on `mergerDate`, YYYY-MM-DD; undefined when the task has no
 * deadline or names an event the guide does not define. A fixed date that also names an event
 * ("by 1 July 2018 and before the merger date") is due at the earlier of the two, unless the fixed
 * date lies before the merger work typically starts (then the event alone counts).
 */
export function dueDateOf(task: Pick<GuideTask, 'deadline'>, mergerDate: string, guide: MergerGuide): string | undefined {
  const deadline = task.deadline;
  if (!deadline) return undefined;
  switch (deadline.kind) {
    case 'offset':
      return addMonths(mergerDate, deadline.months);
    case 'event':
      return eventDueDate(deadline.event, mergerDate, guide);
    case 'date':
      return fixedDueDate(deadline.date, deadline.alsoEvent, mergerDate, guide);
  }
}

/**
 * The phase the dates suggest (the user confirms it): the latest phase whose typical start
 * (`typicalStartMonths` from the merger date) is on or before `today`; the first phase when
 * `today` is before all of them.
 */
export function proposePhase(mergerDate: string, today: DayInput, guide: MergerGuide): MergerPhaseId {
  const day = toIsoDay(today);
  const phases = phasesInOrder(guide);
  const started = phases
    .map((phase) => ({ phase, start: addMonths(mergerDate, phase.typicalStartMonths) }))
    .filter((p) => p.start <= day);
  const latest = started.reduce<(typeof started)[number] | undefined>(
    (best, p) => (!best || p.start >= best.start ? p : best),
    undefined,
  );
  const first = phases[0];
  if (latest) return latest.phase.id;
  if (first) return first.id;
  throw new RangeError('the guide has no phases');
}

// ---------------------------------------------------------------------------
// Parsing the merger date a user types

export const MERGER_YEAR_MIN = 1990;
export const MERGER_YEAR_MAX = 2100;

export type MergerDateFailure = 'empty' | 'unrecognised' | 'invalid_date' | 'out_of_range';

export type MergerDateParseResult =
  | { ok: true; date: string }
  | { ok: false; reason: MergerDateFailure; message: Localized };

const MERGER_DATE_TEXT: Record<MergerDateFailure, MergerEngineKey> = {
  empty: 'dateEmpty',
  unrecognised: 'dateUnrecognised',
  invalid_date: 'dateNotInCalendar',
  out_of_range: 'dateOutOfRange',
};

const MAX_ECHO = 40;

function dateFailure(reason: MergerDateFailure, raw: string, texts: MergerEngineTexts): MergerDateParseResult {
  const echo = codePointLength(raw) > MAX_ECHO ? `${[...raw].slice(0, MAX_ECHO).join('')}…` : raw;
  const params = { raw: echo, min: MERGER_YEAR_MIN, max: MERGER_YEAR_MAX };
  const text = texts[MERGER_DATE_TEXT[reason]];
  return { ok: false, reason, message: { nb: format(text.nb, params), en: format(text.en, params) } };
}

const DAY_FIRST_RE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const ISO_LOOSE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function readYmd(text: string): YMD | undefined {
  const dayFirst = DAY_FIRST_RE.exec(text);
  if (dayFirst) return { day: Number(dayFirst[1]), month: Number(dayFirst[2]), year: Number(dayFirst[3]) };
  const iso = ISO_LOOSE_RE.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  return undefined;
}

/** A day typed as dd.mm.yyyy (or d.m.yyyy, / or - as separators) or yyyy-mm-dd, as YYYY-MM-DD; undefined otherwise. */
export function parseDay(raw: string): string | undefined {
  const ymd = readYmd(raw.normalize('NFC').trim().replace(/\.$/, ''));
  return ymd && isValidYmd(ymd) ? ymdToIso(ymd) : undefined;
}

/**
 * Reads a merger date typed as dd.mm.yyyy (also d.m.yyyy, with / or - instead of dots) or as
 * ISO yyyy-mm-dd, and returns it as YYYY-MM-DD; otherwise a reason and a message in nb and en.
 */
export function parseMergerDate(raw: string, texts: MergerEngineTexts): MergerDateParseResult {
  const text = raw.normalize('NFC').trim().replace(/\.$/, '');
  if (text === '') return dateFailure('empty', text, texts);
  const ymd = readYmd(text);
  if (!ymd) return dateFailure('unrecognised', text, texts);
  if (!isValidYmd(ymd)) return dateFailure('invalid_date', text, texts);
  if (ymd.year < MERGER_YEAR_MIN || ymd.year > MERGER_YEAR_MAX) return dateFailure('out_of_range', text, texts);
  return { ok: true, date: ymdToIso(ymd) };
}
