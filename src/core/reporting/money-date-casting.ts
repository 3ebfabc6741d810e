import type { Locale } from '../i18n.js';
import {
  formatPrecisionDate,
  isWithinRange,
  parsePrecisionDate,
  type DateParseFailure,
  type PrecisionDate,
} from '../parsing/date-precision.js';
import { formatNok, parseNok, type NokParseFailure } from '../parsing/nok.js';
import { sanitizeText } from '../text/sanitize.js';
import type { EndTokenValue, MoneyValue, NotCalculatedValue } from './answer-types.js';
import { EMPTY, fail, ok, type CastEnv, type CastResult } from './cast-result.js';
import type { ErrorMessageKey } from './template-types.js';
import { errorText, noticeText, quote } from './validation-messages.js';

/*
 * Casts of money (money, signedMoney, moneyOrNotCalculated) and date (date, endDate) inputs,
 * built on the parsers in src/core/parsing.
 */

/** The result for text a parser rejected: not answered when it was empty, else the reason's error quoting the text. */
function rejected<R extends string>(env: CastEnv, text: string, reason: R, keys: Record<Exclude<R, 'empty'>, ErrorMessageKey>): CastResult {
  if (reason === 'empty') return EMPTY;
  return fail(errorText(env.content, env.ctx, keys[reason as Exclude<R, 'empty'>], { label: env.label, raw: quote(text) }));
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

export function castMoney(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const parsed = parseNok(text, { allowNegative: env.field.type === 'signedMoney' });
  if (!parsed.ok) return rejected(env, text, parsed.reason, MONEY_ERRORS);
  const value: MoneyValue = { amount: parsed.amount, raw: parsed.raw, exVat: parsed.exVat };
  return ok(value, moneyNotices(env, value));
}

const NOT_CALCULATED_RE = /^(?:ikke[\s_-]*beregnet|not[\s_-]*calculated)\.?$/i;

export function castMoneyOrNotCalculated(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (NOT_CALCULATED_RE.test(text)) return ok({ token: 'IKKE_BEREGNET', raw: text } satisfies NotCalculatedValue);
  return castMoney(env, raw);
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_ERRORS: Record<Exclude<DateParseFailure, 'empty'>, ErrorMessageKey> = {
  unrecognised: 'dateUnrecognised',
  ambiguous_season: 'dateAmbiguousSeason',
  unexplained_abbreviation: 'dateUnexplainedAbbreviation',
  invalid_date: 'dateInvalid',
  token_not_allowed: 'dateTokenNotAllowed',
};

function formatIso(iso: string, locale: Locale): string {
  const day: PrecisionDate = { start: iso, end: iso, precision: 'day', raw: iso };
  return formatPrecisionDate(day, locale);
}

function addYears(iso: string, years: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Allowed period for any date answer: from limits.startDateMin to today + startDateMaxYearsAhead
 * (reporting-template.md C4). A planned end may lie twice as far ahead.
 */
function dateRange(env: CastEnv): { min: string; max: string } {
  const { startDateMin, startDateMaxYearsAhead } = env.content.template.limits;
  const years = env.field.type === 'endDate' ? startDateMaxYearsAhead * 2 : startDateMaxYearsAhead;
  return { min: startDateMin, max: addYears(env.ctx.today, years) };
}

/** The range error when the date lies outside dateRange; undefined when it is inside. */
function outOfRange(env: CastEnv, date: PrecisionDate): string | undefined {
  const { min, max } = dateRange(env);
  if (isWithinRange(date, min, max)) return undefined;
  const locale = env.ctx.locale;
  return errorText(env.content, env.ctx, 'dateOutOfRange', { label: env.label, min: formatIso(min, locale), max: formatIso(max, locale) });
}

/** An in-range date; echoed back in a notice when its year was typed with two digits. */
function dateResult(env: CastEnv, text: string, date: PrecisionDate, twoDigitYear: boolean): CastResult {
  if (!twoDigitYear) return ok(date);
  const echo = { label: env.label, raw: quote(text), date: formatPrecisionDate(date, env.ctx.locale) };
  return ok(date, [noticeText(env.content, env.ctx, 'twoDigitYearEcho', echo)]);
}

export function castDate(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const parsed = parsePrecisionDate(text, { allowTokens: env.field.type === 'endDate' });
  if (!parsed.ok) return rejected(env, text, parsed.reason, DATE_ERRORS);
  if ('token' in parsed) return ok({ token: parsed.token, raw: parsed.raw } satisfies EndTokenValue);
  const rangeError = outOfRange(env, parsed.value);
  return rangeError ? fail(rangeError) : dateResult(env, text, parsed.value, parsed.twoDigitYear);
}
