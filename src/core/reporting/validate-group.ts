import { pick, type Locale } from '../i18n.js';
import {
  compareEndToStart,
  formatPrecisionDate,
  isWithinRange,
  parsePrecisionDate,
  type DateParseFailure,
  type EndToken,
  type PrecisionDate,
} from '../parsing/date-precision.js';
import { formatNok, parseNok, type NokParseFailure } from '../parsing/nok.js';
import { charCount, isLikelyEmail, parseHttpsUrl, sanitizeText } from '../text/sanitize.js';
import {
  isCheckCondition,
  type CheckCondition,
  type CheckName,
  type Choice,
  type ConditionDef,
  type ConditionPredicate,
  type DisplayTextKey,
  type ErrorMessageKey,
  type FieldDef,
  type GroupDef,
  type NoticeMessageKey,
  type ReportingContent,
  type WarningMessageKey,
} from './template-types.js';

/*
 * Validation of one card (one field group) of the reporting conversation: allowlist of input ids,
 * cast to the declared types, same-card conditional rules. Also the shared condition engine used
 * by validate-report.ts, and the helpers the card builder needs (input ids, display, prefill).
 */

// =============================================================================================
// Answer shapes

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

/** `field` is always a field id of the template, or the offending key for a rejected submission. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ValidationContext {
  locale: Locale;
  /** YYYY-MM-DD */
  today: string;
}

export interface GroupValidation {
  ok: boolean;
  /** The group's valid, normalised values merged over `current`; invalid fields keep their previous value. */
  answers: Answers;
  errors: FieldError[];
  /** HTML removed, echo of normalised money/dates, same-card warnings. */
  notices: string[];
  /** The user's inputs for this group by input id, sanitised, to refill the card when re-shown. */
  rawEcho: Record<string, string>;
}

// =============================================================================================
// Template lookups

interface ContentIndex {
  fields: Map<string, FieldDef>;
  groups: Map<string, GroupDef>;
  groupOfField: Map<string, GroupDef>;
}

const indexCache = new WeakMap<ReportingContent, ContentIndex>();

function indexOf(content: ReportingContent): ContentIndex {
  const cached = indexCache.get(content);
  if (cached) return cached;
  const { fields, groups } = content.template;
  const index: ContentIndex = {
    fields: new Map(fields.map((f) => [f.id, f])),
    groups: new Map(groups.map((g) => [g.id, g])),
    groupOfField: new Map(groups.flatMap((g) => g.fields.map((fid) => [fid, g] as const))),
  };
  indexCache.set(content, index);
  return index;
}

export function findField(content: ReportingContent, fieldId: string): FieldDef | undefined {
  return indexOf(content).fields.get(fieldId);
}

export function groupOfField(content: ReportingContent, fieldId: string): GroupDef | undefined {
  return indexOf(content).groupOfField.get(fieldId);
}

/** The field's choices: the organisations list it names (if any), then its own extra choices. */
export function choicesFor(field: FieldDef, content: ReportingContent): Choice[] {
  const own = field.choices ?? [];
  if (!field.choicesFrom) return own;
  const listed = content.organisations[field.choicesFrom].map((o): Choice => ({ value: o.id, label: o.name }));
  return [...listed, ...own];
}

/** The card input ids a field uses. Composite fields use `__` separators, never "." or "$". */
export function inputIdsFor(field: FieldDef, content: ReportingContent): string[] {
  if (field.type === 'sizeBandCosts') return content.template.sizeBands.map((b) => `${field.id}__${b.id}`);
  if (field.type !== 'deadlines') return [field.id];
  const rows = Array.from({ length: field.maxRows ?? 1 }, (_, i) => i + 1);
  return [...rows.flatMap((n) => ['date', 'what', 'mandatory'].map((part) => `${field.id}__${n}__${part}`)), `${field.id}__notSet`];
}

// =============================================================================================
// Value predicates

function isObject(v: unknown): v is Record<string, unknown> {
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

// =============================================================================================
// Messages

type Params = Record<string, string | number>;

function errorText(content: ReportingContent, ctx: ValidationContext, key: ErrorMessageKey, params: Params = {}): string {
  return pick(content.messages.errors[key], ctx.locale, params);
}

function noticeText(content: ReportingContent, ctx: ValidationContext, key: NoticeMessageKey, params: Params = {}): string {
  return pick(content.messages.notices[key], ctx.locale, params);
}

function warningText(content: ReportingContent, ctx: ValidationContext, key: WarningMessageKey, params: Params = {}): string {
  return pick(content.messages.warnings[key], ctx.locale, params);
}

function displayText(content: ReportingContent, locale: Locale, key: DisplayTextKey, params: Params = {}): string {
  return pick(content.messages.display[key], locale, params);
}

/** Shortens user text quoted inside a message; the stored value is never shortened. */
function quote(text: string, max = 40): string {
  const chars = Array.from(sanitizeText(text).text.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

function isoDay(iso: string): PrecisionDate {
  return { start: iso, end: iso, precision: 'day', raw: iso };
}

function formatIso(iso: string, locale: Locale): string {
  return formatPrecisionDate(isoDay(iso), locale);
}

function addYears(iso: string, years: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// =============================================================================================
// Casting raw strings to answers

/** What one field's inputs produced: a value, "not answered" (value undefined), or errors. */
interface CastResult {
  value?: AnswerValue;
  errors: string[];
  notices: string[];
}

interface CastEnv {
  content: ReportingContent;
  ctx: ValidationContext;
  field: FieldDef;
  /** Field label in the user's language, possibly with a part suffix ("… (frist 2)"). */
  label: string;
}

const EMPTY: CastResult = { errors: [], notices: [] };
const ok = (value: AnswerValue, notices: string[] = []): CastResult => ({ value, errors: [], notices });
const fail = (...errors: string[]): CastResult => ({ errors, notices: [] });

function sanitizeNotices(env: CastEnv, s: { htmlRemoved: boolean; controlCharsRemoved: boolean }): string[] {
  const notices: string[] = [];
  if (s.htmlRemoved) notices.push(noticeText(env.content, env.ctx, 'htmlRemoved', { label: env.label }));
  if (s.controlCharsRemoved) notices.push(noticeText(env.content, env.ctx, 'controlCharsRemoved', { label: env.label }));
  return notices;
}

function lengthErrors(env: CastEnv, text: string, min: number | undefined, max: number | undefined): string[] {
  const count = charCount(text);
  if (max !== undefined && count > max) return [errorText(env.content, env.ctx, 'tooLong', { label: env.label, count, max })];
  if (min !== undefined && count < min) return [errorText(env.content, env.ctx, 'tooShort', { label: env.label, count, min })];
  return [];
}

function castText(env: CastEnv, raw: string, singleLine: boolean): CastResult {
  const s = sanitizeText(raw);
  const notices = sanitizeNotices(env, s);
  const text = singleLine ? s.text.replace(/\s*\n\s*/g, ' ') : s.text;
  if (text === '') return { errors: [], notices };
  const errors = lengthErrors(env, text, env.field.minLength, env.field.maxLength);
  return errors.length > 0 ? { errors, notices } : ok(text, notices);
}

function castEmail(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const tooLong = lengthErrors(env, text, undefined, env.field.maxLength);
  if (tooLong.length > 0) return fail(...tooLong);
  return isLikelyEmail(text) ? ok(text) : fail(errorText(env.content, env.ctx, 'invalidEmail', { label: env.label }));
}

function castUrl(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const max = env.field.maxLength ?? 500;
  const count = charCount(text);
  if (count > max) return fail(errorText(env.content, env.ctx, 'urlTooLong', { label: env.label, count, max }));
  const url = parseHttpsUrl(text);
  if (url.ok) return ok(url.url);
  const key: ErrorMessageKey = url.reason === 'not_https' ? 'urlNotHttps' : url.reason === 'too_long' ? 'urlTooLong' : 'urlInvalid';
  return fail(errorText(env.content, env.ctx, key, { label: env.label, count, max }));
}

function matchChoice(choices: readonly Choice[], raw: string): Choice | undefined {
  const wanted = raw.trim();
  return choices.find((c) => c.value === wanted) ?? choices.find((c) => c.value === wanted.toUpperCase());
}

function castEnum(env: CastEnv, raw: string): CastResult {
  const text = raw.trim();
  if (text === '') return EMPTY;
  const choice = matchChoice(choicesFor(env.field, env.content), text);
  return choice ? ok(choice.value) : fail(errorText(env.content, env.ctx, 'notAChoice', { label: env.label, value: quote(text) }));
}

function maxItemsOf(env: CastEnv): number {
  return env.field.maxItems ?? env.content.template.limits.maxListItems;
}

function castMultiselect(env: CastEnv, raw: string): CastResult {
  const parts = [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  if (parts.length === 0) return EMPTY;
  const choices = choicesFor(env.field, env.content);
  const matched = parts.map((p) => ({ p, choice: matchChoice(choices, p) }));
  const unknown = matched.filter((m) => !m.choice).map((m) => errorText(env.content, env.ctx, 'notAChoice', { label: env.label, value: quote(m.p) }));
  if (unknown.length > 0) return fail(...unknown);
  const values = [...new Set(matched.map((m) => (m.choice as Choice).value))];
  const max = maxItemsOf(env);
  if (values.length > max) return fail(errorText(env.content, env.ctx, 'tooManyItems', { label: env.label, count: values.length, max }));
  const exclusive = choices.find((c) => c.exclusive && values.includes(c.value));
  if (exclusive && values.length > 1) {
    return fail(errorText(env.content, env.ctx, 'exclusiveChoice', { label: env.label, choice: pick(exclusive.label, env.ctx.locale) }));
  }
  return ok(values);
}

const TRUE_WORDS = new Set(['true', 'ja', 'yes']);
const FALSE_WORDS = new Set(['false', 'nei', 'no']);

function parseBoolean(raw: string): boolean | undefined | 'invalid' {
  const text = raw.trim().toLowerCase();
  if (text === '') return undefined;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return 'invalid';
}

function castBoolean(env: CastEnv, raw: string): CastResult {
  const b = parseBoolean(raw);
  if (b === undefined) return EMPTY;
  return b === 'invalid' ? fail(errorText(env.content, env.ctx, 'notABoolean', { label: env.label })) : ok(b);
}

function formatNumber(value: number, locale: Locale): string {
  return value.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 6 });
}

function castNumber(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text.replace(/\s/g, '');
  if (text === '') return EMPTY;
  if (/^-\d/.test(text)) return fail(errorText(env.content, env.ctx, 'numberNegative', { label: env.label }));
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!m) return fail(errorText(env.content, env.ctx, 'notANumber', { label: env.label }));
  const max = env.field.decimals ?? 0;
  if ((m[2]?.length ?? 0) > max) return fail(errorText(env.content, env.ctx, 'numberTooManyDecimals', { label: env.label, max }));
  const value = Number(`${m[1]}.${m[2] ?? '0'}`);
  const confirm = env.field.confirmAbove;
  if (confirm === undefined || value <= confirm) return ok(value);
  return ok(value, [noticeText(env.content, env.ctx, 'numberLargeConfirm', { label: env.label, value: formatNumber(value, env.ctx.locale) })]);
}

const MONEY_ERRORS: Record<Exclude<NokParseFailure, 'empty'>, ErrorMessageKey> = {
  negative: 'moneyNegative',
  range: 'moneyRange',
  foreign_currency: 'moneyForeignCurrency',
  ambiguous: 'moneyAmbiguous',
  not_a_number: 'moneyNotANumber',
  too_large: 'moneyTooLarge',
  fraction_of_krone: 'moneyFractionOfKrone',
};

function moneyNotices(env: CastEnv, value: MoneyValue): string[] {
  const amount = formatNok(value.amount, env.ctx.locale);
  const notices = [noticeText(env.content, env.ctx, 'moneyEcho', { label: env.label, amount })];
  if (env.field.confirmAbove !== undefined && value.amount > env.field.confirmAbove) {
    notices.push(noticeText(env.content, env.ctx, 'largeAmountConfirm', { label: env.label, amount }));
  }
  if (value.amount < 0) notices.push(noticeText(env.content, env.ctx, 'negativeValueConfirm', { label: env.label, amount }));
  return notices;
}

function castMoney(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const parsed = parseNok(text, { allowNegative: env.field.type === 'signedMoney' });
  if (!parsed.ok) {
    if (parsed.reason === 'empty') return EMPTY;
    return fail(errorText(env.content, env.ctx, MONEY_ERRORS[parsed.reason], { label: env.label, raw: quote(text) }));
  }
  const value: MoneyValue = { amount: parsed.amount, raw: parsed.raw, exVat: parsed.exVat };
  return ok(value, moneyNotices(env, value));
}

const NOT_CALCULATED_RE = /^(?:ikke[\s_-]*beregnet|not[\s_-]*calculated)\.?$/i;

function castMoneyOrNotCalculated(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (NOT_CALCULATED_RE.test(text)) return ok({ token: 'IKKE_BEREGNET', raw: text } satisfies NotCalculatedValue);
  return castMoney(env, raw);
}

const DATE_ERRORS: Record<Exclude<DateParseFailure, 'empty'>, ErrorMessageKey> = {
  unrecognised: 'dateUnrecognised',
  ambiguous_season: 'dateAmbiguousSeason',
  unexplained_abbreviation: 'dateUnexplainedAbbreviation',
  invalid_date: 'dateInvalid',
  token_not_allowed: 'dateTokenNotAllowed',
};

/**
 * Allowed period for any date answer: from limits.startDateMin to today + startDateMaxYearsAhead
 * (reporting-template.md C4). A planned end may lie twice as far ahead.
 */
function dateRange(env: CastEnv): { min: string; max: string } {
  const { startDateMin, startDateMaxYearsAhead } = env.content.template.limits;
  const years = env.field.type === 'endDate' ? startDateMaxYearsAhead * 2 : startDateMaxYearsAhead;
  return { min: startDateMin, max: addYears(env.ctx.today, years) };
}

function castDate(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const parsed = parsePrecisionDate(text, { allowTokens: env.field.type === 'endDate' });
  if (!parsed.ok) {
    if (parsed.reason === 'empty') return EMPTY;
    return fail(errorText(env.content, env.ctx, DATE_ERRORS[parsed.reason], { label: env.label, raw: quote(text) }));
  }
  if ('token' in parsed) return ok({ token: parsed.token, raw: parsed.raw } satisfies EndTokenValue);
  const { min, max } = dateRange(env);
  if (!isWithinRange(parsed.value, min, max)) {
    const locale = env.ctx.locale;
    return fail(errorText(env.content, env.ctx, 'dateOutOfRange', { label: env.label, min: formatIso(min, locale), max: formatIso(max, locale) }));
  }
  if (!parsed.twoDigitYear) return ok(parsed.value);
  const echo = { label: env.label, raw: quote(text), date: formatPrecisionDate(parsed.value, env.ctx.locale) };
  return ok(parsed.value, [noticeText(env.content, env.ctx, 'twoDigitYearEcho', echo)]);
}

function castTextList(env: CastEnv, raw: string): CastResult {
  const s = sanitizeText(raw);
  const notices = sanitizeNotices(env, s);
  const items = [...new Set(s.text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
  if (items.length === 0) return { errors: [], notices };
  const max = maxItemsOf(env);
  if (items.length > max) {
    return { errors: [errorText(env.content, env.ctx, 'tooManyItems', { label: env.label, count: items.length, max })], notices };
  }
  const itemMax = env.field.itemMaxLength ?? Number.POSITIVE_INFINITY;
  const errors = items
    .filter((item) => charCount(item) > itemMax)
    .map((item) => errorText(env.content, env.ctx, 'itemTooLong', { label: env.label, item: quote(item), count: charCount(item), max: itemMax }));
  return errors.length > 0 ? { errors, notices } : ok(items, notices);
}

/** Reads one input of a field by its input id ('' when it was not submitted). */
type InputReader = (inputId: string) => string;

function partEnv(env: CastEnv, suffix: string): CastEnv {
  return { ...env, label: `${env.label} (${suffix})` };
}

function castSizeBands(env: CastEnv, read: InputReader): CastResult {
  const bands = env.content.template.sizeBands;
  const results = bands.map((b) => ({ id: b.id, result: castMoney(partEnv(env, pick(b.label, env.ctx.locale)), read(`${env.field.id}__${b.id}`)) }));
  const errors = results.flatMap((r) => r.result.errors);
  const notices = results.flatMap((r) => r.result.notices);
  if (errors.length > 0) return { errors, notices };
  const answered = results.filter((r) => r.result.value !== undefined);
  if (answered.length === 0) return { errors: [], notices };
  return ok(Object.fromEntries(answered.map((r) => [r.id, r.result.value as MoneyValue])), notices);
}

interface RowResult {
  entry?: DeadlineEntry;
  errors: string[];
  notices: string[];
}

function castDeadlineRow(env: CastEnv, read: InputReader, row: number): RowResult {
  const prefix = `${env.field.id}__${row}__`;
  const rowEnv = partEnv(env, displayText(env.content, env.ctx.locale, 'deadlineRow', { row }));
  const dateRaw = sanitizeText(read(`${prefix}date`)).text;
  const whatRaw = sanitizeText(read(`${prefix}what`)).text;
  if (dateRaw === '' && whatRaw === '') return { errors: [], notices: [] };
  if (dateRaw === '' || whatRaw === '') return { errors: [errorText(env.content, env.ctx, 'deadlineIncomplete', { row })], notices: [] };
  const date = castDate({ ...rowEnv, field: { ...env.field, type: 'date' } }, read(`${prefix}date`));
  const what = castText(rowEnv, read(`${prefix}what`), true);
  const mandatory = parseBoolean(read(`${prefix}mandatory`));
  const errors = [...date.errors, ...what.errors];
  if (mandatory === 'invalid') errors.push(errorText(env.content, env.ctx, 'notABoolean', { label: rowEnv.label }));
  const notices = [...date.notices, ...what.notices];
  if (errors.length > 0) return { errors, notices };
  return { entry: { date: date.value as PrecisionDate, what: what.value as string, mandatory: mandatory === true }, errors, notices };
}

function castDeadlines(env: CastEnv, read: InputReader): CastResult {
  const rows = Array.from({ length: env.field.maxRows ?? 1 }, (_, i) => castDeadlineRow(env, read, i + 1));
  const notSet = parseBoolean(read(`${env.field.id}__notSet`));
  const errors = rows.flatMap((r) => r.errors);
  const notices = rows.flatMap((r) => r.notices);
  if (notSet === 'invalid') errors.push(errorText(env.content, env.ctx, 'notABoolean', { label: env.label }));
  const entries = rows.flatMap((r) => (r.entry ? [r.entry] : []));
  if (notSet === true && (entries.length > 0 || errors.length > 0)) errors.push(errorText(env.content, env.ctx, 'deadlinesConflict'));
  if (errors.length > 0) return { errors, notices };
  if (entries.length === 0 && notSet !== true) return { errors: [], notices };
  return ok({ notSet: notSet === true, entries } satisfies DeadlinesValue, notices);
}

function castField(env: CastEnv, read: InputReader): CastResult {
  const raw = read(env.field.id);
  switch (env.field.type) {
    case 'text':
      return castText(env, raw, true);
    case 'longtext':
      return castText(env, raw, false);
    case 'email':
      return castEmail(env, raw);
    case 'url':
      return castUrl(env, raw);
    case 'enum':
      return castEnum(env, raw);
    case 'multiselect':
      return castMultiselect(env, raw);
    case 'boolean':
      return castBoolean(env, raw);
    case 'number':
      return castNumber(env, raw);
    case 'money':
    case 'signedMoney':
      return castMoney(env, raw);
    case 'moneyOrNotCalculated':
      return castMoneyOrNotCalculated(env, raw);
    case 'date':
    case 'endDate':
      return castDate(env, raw);
    case 'textList':
      return castTextList(env, raw);
    case 'sizeBandCosts':
      return castSizeBands(env, read);
    case 'deadlines':
      return castDeadlines(env, read);
  }
}

// =============================================================================================
// Submission structure: allowlist and scalar values

interface Structure {
  errors: FieldError[];
  /** Input id → string value; fields whose value had the wrong shape are in `wrongType`. */
  strings: Map<string, string>;
  wrongType: Set<string>;
}

function isForbiddenKey(key: string): boolean {
  return key.startsWith('$') || key.includes('.');
}

/** Adaptive Card values are strings; numbers and booleans are accepted and cast to strings. */
function toInputString(value: unknown, field: FieldDef): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const listType = field.type === 'multiselect' || field.type === 'textList';
  if (listType && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.join(field.type === 'multiselect' ? ',' : '\n');
  }
  return undefined;
}

function keyErrors(raw: Record<string, unknown>, allowed: Map<string, FieldDef>, content: ReportingContent, ctx: ValidationContext): FieldError[] {
  return Object.keys(raw).flatMap((key) => {
    if (isForbiddenKey(key)) return [{ field: quote(key), message: errorText(content, ctx, 'forbiddenKey', { key: quote(key) }) }];
    if (!allowed.has(key)) return [{ field: quote(key), message: errorText(content, ctx, 'unknownKey', { key: quote(key) }) }];
    return [];
  });
}

/** A JSON object: no arrays, class instances or other exotic objects. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function readStructure(raw: unknown, allowed: Map<string, FieldDef>, content: ReportingContent, ctx: ValidationContext): Structure {
  const result: Structure = { errors: [], strings: new Map(), wrongType: new Set() };
  if (!isPlainObject(raw)) {
    result.errors.push({ field: '', message: errorText(content, ctx, 'invalidSubmission') });
    return result;
  }
  result.errors.push(...keyErrors(raw, allowed, content, ctx));
  for (const [inputId, field] of allowed) {
    if (!Object.prototype.hasOwnProperty.call(raw, inputId)) continue;
    const value = toInputString(raw[inputId], field);
    if (value === undefined) result.wrongType.add(field.id);
    else result.strings.set(inputId, value);
  }
  return result;
}

function echoOf(strings: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...strings].map(([id, value]) => [id, sanitizeText(value).text]));
}

// =============================================================================================
// Conditions (shared with validate-report.ts)

export interface ConditionFinding {
  conditionId: string;
  severity: 'error' | 'warning';
  /** The field the finding belongs to. */
  field: string;
  message: string;
}

interface CheckArgs {
  content: ReportingContent;
  answers: Answers;
  ctx: ValidationContext;
  condition: CheckCondition;
}

interface Finding {
  field: string;
  message: string;
}

function stringValues(value: AnswerValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  return [];
}

/** `in` / `notIn` match only answered fields; for a multiselect any selected value counts. */
export function predicateHolds(p: ConditionPredicate, answers: Answers): boolean {
  const values = stringValues(answers[p.field]);
  if (values.length === 0) return false;
  return 'in' in p ? values.some((v) => p.in.includes(v)) : values.some((v) => !p.notIn.includes(v));
}

function labelOf(content: ReportingContent, fieldId: string, locale: Locale): string {
  const field = findField(content, fieldId);
  return field ? pick(field.label, locale) : fieldId;
}

function moneyAmount(value: AnswerValue | undefined): number | undefined {
  return isMoneyValue(value) ? value.amount : undefined;
}

/** E2: investmentCost strictly above limits.threshold; undefined while the cost is unknown or not calculated. */
export function deriveAboveThreshold(answers: Answers, content: ReportingContent): boolean | undefined {
  const amount = moneyAmount(answers['investmentCost']);
  return amount === undefined ? undefined : amount > content.template.limits.threshold;
}

/** §5.1 rule 9: KS not consulted although the project is large, not voluntary, or changes municipal systems. */
export function ksNotDiscussedApplies(answers: Answers, content: ReportingContent): boolean {
  if (answers['ksDiscussed'] !== 'NEI') return false;
  const adoption = answers['adoptionType'];
  const notVoluntary = typeof adoption === 'string' && adoption !== 'FRIVILLIG';
  return deriveAboveThreshold(answers, content) === true || notVoluntary || answers['systemChanges'] === 'JA';
}

function firstField(c: CheckCondition): string {
  return c.fields[0] ?? c.id;
}

function checkEndNotBeforeStart({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const [startId = 'startDate', endId = 'plannedEnd'] = condition.fields;
  const start = answers[startId];
  const end = answers[endId];
  if (!isPrecisionDate(start) || !isPrecisionDate(end) || compareEndToStart(end, start)) return [];
  const params = { start: formatPrecisionDate(start, ctx.locale), end: formatPrecisionDate(end, ctx.locale) };
  return [{ field: endId, message: errorText(content, ctx, 'endBeforeStart', params) }];
}

function checkDeadlinesOrNotSet({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  if (isAnswered(answers[field])) return [];
  return [{ field, message: errorText(content, ctx, 'deadlinesMissing', { label: labelOf(content, field, ctx.locale) }) }];
}

function checkAtLeastOneSizeBand({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  if (isAnswered(answers[field])) return [];
  return [{ field, message: errorText(content, ctx, 'sizeBandRequired', { label: labelOf(content, field, ctx.locale) }) }];
}

function checkAtLeastOneOf({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  if (condition.fields.some((f) => isAnswered(answers[f]))) return [];
  const labels = condition.fields.map((f) => `«${labelOf(content, f, ctx.locale)}»`).join(', ');
  return [{ field: firstField(condition), message: errorText(content, ctx, 'atLeastOneOf', { labels }) }];
}

function checkDateNotPast({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  const date = answers[field];
  if (!isPrecisionDate(date) || date.end >= ctx.today) return [];
  return [{ field, message: errorText(content, ctx, 'dateMustBeFuture', { label: labelOf(content, field, ctx.locale) }) }];
}

function checkDateNotFuture({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  const date = answers[field];
  if (!isPrecisionDate(date) || date.start <= ctx.today) return [];
  return [{ field, message: errorText(content, ctx, 'dateMustNotBeFuture', { label: labelOf(content, field, ctx.locale) }) }];
}

function checkNotCalculatedOnlyInConcept({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const [costId = 'investmentCost', phaseId = 'phase'] = condition.fields;
  const phase = answers[phaseId];
  if (!isTokenValue(answers[costId]) || typeof phase !== 'string' || phase === 'KONSEPT') return [];
  return [{ field: costId, message: errorText(content, ctx, 'notCalculatedOnlyInConcept', { label: labelOf(content, costId, ctx.locale) }) }];
}

function thresholdText(content: ReportingContent, ctx: ValidationContext): string {
  return formatNok(content.template.limits.threshold, ctx.locale);
}

function checkRequiredAboveThreshold({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  if (deriveAboveThreshold(answers, content) !== true || isAnswered(answers[field])) return [];
  const params = { label: labelOf(content, field, ctx.locale), threshold: thresholdText(content, ctx) };
  return [{ field, message: errorText(content, ctx, 'requiredAboveThreshold', params) }];
}

function checkProjectModelNone({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  if (answers[field] !== 'INGEN' || deriveAboveThreshold(answers, content) !== true) return [];
  return [{ field, message: warningText(content, ctx, 'projectModelNone', { threshold: thresholdText(content, ctx) }) }];
}

function checkKsNotDiscussed({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  return ksNotDiscussedApplies(answers, content) ? [{ field: firstField(condition), message: warningText(content, ctx, 'ksNotDiscussed') }] : [];
}

function checkMunicipalStructure({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  return answers[field] === 'NEI' ? [{ field, message: warningText(content, ctx, 'municipalStructureNotReady') }] : [];
}

function checkTotalCostBelowInvestment({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const [totalId = 'totalCostState', investmentId = 'investmentCost'] = condition.fields;
  const total = moneyAmount(answers[totalId]);
  const investment = moneyAmount(answers[investmentId]);
  if (total === undefined || investment === undefined || total >= investment) return [];
  const params = { total: formatNok(total, ctx.locale), investment: formatNok(investment, ctx.locale) };
  return [{ field: totalId, message: warningText(content, ctx, 'totalCostBelowInvestment', params) }];
}

function checkDeadlineInPast({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const field = firstField(condition);
  const value = answers[field];
  if (!isDeadlinesValue(value)) return [];
  return value.entries
    .filter((e) => e.date.end < ctx.today)
    .map((e) => {
      const params = { date: formatPrecisionDate(e.date, ctx.locale), what: quote(e.what) };
      return { field, message: warningText(content, ctx, 'deadlineInPast', params) };
    });
}

const CHECKS: Record<CheckName, (args: CheckArgs) => Finding[]> = {
  endNotBeforeStart: checkEndNotBeforeStart,
  deadlinesOrNotSet: checkDeadlinesOrNotSet,
  atLeastOneSizeBand: checkAtLeastOneSizeBand,
  atLeastOneOf: checkAtLeastOneOf,
  dateNotPast: checkDateNotPast,
  dateNotFuture: checkDateNotFuture,
  notCalculatedOnlyInConcept: checkNotCalculatedOnlyInConcept,
  requiredAboveThreshold: checkRequiredAboveThreshold,
  projectModelNoneWarning: checkProjectModelNone,
  ksNotDiscussedWarning: checkKsNotDiscussed,
  municipalStructureWarning: checkMunicipalStructure,
  totalCostBelowInvestmentWarning: checkTotalCostBelowInvestment,
  deadlineInPastWarning: checkDeadlineInPast,
  // C3 phaseNote: "parts in different phases" cannot be detected from the answers.
  notDetectable: () => [],
};

function requireFindings(
  c: Exclude<ConditionDef, CheckCondition>,
  content: ReportingContent,
  answers: Answers,
  ctx: ValidationContext,
): ConditionFinding[] {
  if (!predicateHolds(c.when, answers)) return [];
  const whenField = findField(content, c.when.field);
  const answer = whenField ? displayValue(whenField, answers[c.when.field], ctx.locale, content) : '';
  const otherLabel = labelOf(content, c.when.field, ctx.locale);
  return c.require
    .filter((fid) => !isAnswered(answers[fid]))
    .map((fid) => ({
      conditionId: c.id,
      severity: 'error' as const,
      field: fid,
      message: errorText(content, ctx, 'requiredBecause', { label: labelOf(content, fid, ctx.locale), answer, otherLabel }),
    }));
}

function checkFindings(c: CheckCondition, content: ReportingContent, answers: Answers, ctx: ValidationContext): ConditionFinding[] {
  if (c.when && !predicateHolds(c.when, answers)) return [];
  return CHECKS[c.check]({ content, answers, ctx, condition: c }).map((f) => ({ conditionId: c.id, severity: c.severity, ...f }));
}

/** Every field a condition reads. */
export function conditionFields(c: ConditionDef): string[] {
  const listed = isCheckCondition(c) ? c.fields : c.require;
  return c.when ? [c.when.field, ...listed] : listed;
}

/** Evaluates the template's conditions accepted by `include` against `answers`. */
export function evaluateConditions(
  content: ReportingContent,
  answers: Answers,
  ctx: ValidationContext,
  include: (c: ConditionDef) => boolean = () => true,
): ConditionFinding[] {
  return content.template.conditions
    .filter(include)
    .flatMap((c) => (isCheckCondition(c) ? checkFindings(c, content, answers, ctx) : requireFindings(c, content, answers, ctx)));
}

// =============================================================================================
// Group submission

interface FieldOutcome {
  field: FieldDef;
  result: CastResult;
}

function castGroupFields(fields: FieldDef[], structure: Structure, content: ReportingContent, ctx: ValidationContext): FieldOutcome[] {
  const read: InputReader = (id) => structure.strings.get(id) ?? '';
  return fields.map((field) => {
    const label = pick(field.label, ctx.locale);
    if (structure.wrongType.has(field.id)) return { field, result: fail(errorText(content, ctx, 'wrongType', { label })) };
    return { field, result: castField({ content, ctx, field, label }, read) };
  });
}

function requiredErrors(outcomes: FieldOutcome[], content: ReportingContent, ctx: ValidationContext): FieldError[] {
  return outcomes
    .filter(({ field, result }) => field.required === 'always' && result.errors.length === 0 && !isAnswered(result.value))
    .map(({ field }) => ({ field: field.id, message: errorText(content, ctx, 'required', { label: pick(field.label, ctx.locale) }) }));
}

function mergeOutcomes(current: Answers, outcomes: FieldOutcome[]): Answers {
  const merged: Answers = { ...current };
  for (const { field, result } of outcomes) {
    if (result.errors.length > 0) continue;
    if (result.value === undefined) delete merged[field.id];
    else merged[field.id] = result.value;
  }
  return merged;
}

function restoreInvalid(merged: Answers, current: Answers, invalid: Set<string>): Answers {
  const answers: Answers = { ...merged };
  for (const id of invalid) {
    const previous = current[id];
    if (previous === undefined) delete answers[id];
    else answers[id] = previous;
  }
  return answers;
}

function rejectAll(current: Answers, errors: FieldError[], structure: Structure): GroupValidation {
  return { ok: false, answers: { ...current }, errors, notices: [], rawEcho: echoOf(structure.strings) };
}

function allowlistOf(group: GroupDef, content: ReportingContent): { fields: FieldDef[]; allowed: Map<string, FieldDef> } {
  const fields = group.fields.map((id) => {
    const f = findField(content, id);
    if (!f) throw new Error(`reporting template: group ${group.id} names unknown field ${id}`);
    return f;
  });
  const allowed = new Map(fields.flatMap((f) => inputIdsFor(f, content).map((id) => [id, f] as const)));
  return { fields, allowed };
}

/**
 * Validates one card submission for `groupId`. Keys outside the group's input ids (or starting
 * with "$" / containing ".") reject the whole submission; otherwise every valid field is accepted
 * even when others in the same card are invalid.
 */
export function validateGroupSubmission(
  content: ReportingContent,
  groupId: string,
  raw: unknown,
  current: Answers,
  ctx: ValidationContext,
): GroupValidation {
  const group = indexOf(content).groups.get(groupId);
  if (!group) throw new Error(`reporting template has no group ${groupId}`);
  const { fields, allowed } = allowlistOf(group, content);
  const structure = readStructure(raw, allowed, content, ctx);
  if (structure.errors.length > 0) return rejectAll(current, structure.errors, structure);

  const outcomes = castGroupFields(fields, structure, content, ctx);
  const castErrors = outcomes.flatMap(({ field, result }) => result.errors.map((message) => ({ field: field.id, message })));
  const merged = mergeOutcomes(current, outcomes);
  const inGroup = new Set(group.fields);
  const findings = evaluateConditions(content, merged, ctx, (c) => conditionFields(c).every((f) => inGroup.has(f)));
  const badFields = new Set(castErrors.map((e) => e.field));
  const conditionErrors = findings.filter((f) => f.severity === 'error' && !badFields.has(f.field)).map(({ field, message }) => ({ field, message }));
  const errors = [...castErrors, ...requiredErrors(outcomes, content, ctx), ...conditionErrors];
  const notices = [...outcomes.flatMap((o) => o.result.notices), ...findings.filter((f) => f.severity === 'warning').map((f) => f.message)];
  return {
    ok: errors.length === 0,
    answers: restoreInvalid(merged, current, new Set(errors.map((e) => e.field))),
    errors,
    notices,
    rawEcho: echoOf(structure.strings),
  };
}

// =============================================================================================
// Display and prefill

function choiceLabel(field: FieldDef, value: string, locale: Locale, content: ReportingContent): string {
  const choice = choicesFor(field, content).find((c) => c.value === value);
  return choice ? pick(choice.label, locale) : value;
}

function moneyText(value: MoneyValue, locale: Locale, content: ReportingContent): string {
  const amount = formatNok(value.amount, locale);
  return value.exVat ? `${amount} (${displayText(content, locale, 'exVat')})` : amount;
}

function tokenText(token: string, locale: Locale, content: ReportingContent): string {
  if (token === 'IKKE_BEREGNET') return displayText(content, locale, 'notCalculated');
  if (token === 'IKKE_AVKLART') return displayText(content, locale, 'notClarified');
  if (token === 'LOPENDE') return displayText(content, locale, 'ongoing');
  return token;
}

function deadlinesText(value: DeadlinesValue, locale: Locale, content: ReportingContent): string {
  if (value.entries.length === 0) return displayText(content, locale, 'deadlinesNotSet');
  return value.entries
    .map((e) => {
      const binding = e.mandatory ? ` (${displayText(content, locale, 'deadlineMandatory')})` : '';
      return `${formatPrecisionDate(e.date, locale)}: ${e.what}${binding}`;
    })
    .join('\n');
}

function sizeBandsText(value: SizeBandCosts, locale: Locale, content: ReportingContent): string {
  return content.template.sizeBands
    .filter((b) => value[b.id] !== undefined)
    .map((b) => `${pick(b.label, locale)}: ${moneyText(value[b.id] as MoneyValue, locale, content)}`)
    .join('; ');
}

function objectText(field: FieldDef, value: AnswerValue, locale: Locale, content: ReportingContent): string {
  if (isTokenValue(value)) return tokenText(value.token, locale, content);
  if (isMoneyValue(value)) return moneyText(value, locale, content);
  if (isPrecisionDate(value)) return formatPrecisionDate(value, locale);
  if (isDeadlinesValue(value)) return deadlinesText(value, locale, content);
  if (field.type === 'sizeBandCosts') return sizeBandsText(value as SizeBandCosts, locale, content);
  return '';
}

/** Plain text for the summary card; "Ikke besvart" / "Not answered" when missing. */
export function displayValue(field: FieldDef, value: AnswerValue | undefined, locale: Locale, content: ReportingContent): string {
  if (value === undefined || !isAnswered(value)) return displayText(content, locale, 'notAnswered');
  if (typeof value === 'boolean') return displayText(content, locale, value ? 'yes' : 'no');
  if (typeof value === 'number') return formatNumber(value, locale);
  if (typeof value === 'string') return field.type === 'enum' ? choiceLabel(field, value, locale, content) : value;
  if (Array.isArray(value)) {
    return field.type === 'multiselect' ? value.map((v) => choiceLabel(field, v, locale, content)).join(', ') : value.join(', ');
  }
  return objectText(field, value, locale, content);
}

function deadlineInputValue(value: AnswerValue, suffix: string[]): string {
  if (!isDeadlinesValue(value)) return '';
  const [first = '', part = ''] = suffix;
  if (first === 'notSet') return String(value.notSet);
  const entry = value.entries[Number(first) - 1];
  if (!entry) return part === 'mandatory' ? 'false' : '';
  if (part === 'date') return entry.date.raw;
  if (part === 'what') return entry.what;
  return part === 'mandatory' ? String(entry.mandatory) : '';
}

function sizeBandInputValue(value: AnswerValue, band: string | undefined): string {
  if (!isObject(value) || band === undefined) return '';
  const money = value[band];
  return isMoneyValue(money) ? money.raw : '';
}

/** The string to prefill the input `inputId` with, from a stored answer. */
export function rawInputValue(field: FieldDef, value: AnswerValue | undefined, inputId: string): string {
  if (value === undefined) return '';
  const suffix = inputId.split('__').slice(1);
  if (field.type === 'deadlines') return deadlineInputValue(value, suffix);
  if (field.type === 'sizeBandCosts') return sizeBandInputValue(value, suffix[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(field.type === 'multiselect' ? ',' : '\n');
  if (isTokenValue(value) || isMoneyValue(value) || isPrecisionDate(value)) return value.raw;
  return '';
}
