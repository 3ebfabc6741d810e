import { pick } from '../i18n.js';
import { charCount, isLikelyEmail, MAX_URL_LENGTH, parseHttpsUrl, sanitizeText } from '../text/sanitize.js';
import { formatNumber } from './answer-display.js';
import { EMPTY, fail, lengthErrors, ok, sanitizeNotices, tooManyItems, type CastEnv, type CastResult } from './cast-result.js';
import { choicesFor } from './template-lookup.js';
import type { Choice, ErrorMessageKey } from './template-types.js';
import { errorText, noticeText, quote } from './validation-messages.js';

/*
 * Casts of single-input fields read as text: text, longtext, email, url, textList, enum,
 * multiselect, boolean and number. Money and dates are in money-date-casting.ts.
 */

export function castText(env: CastEnv, raw: string, singleLine: boolean): CastResult {
  const s = sanitizeText(raw);
  const notices = sanitizeNotices(env, s);
  const text = singleLine ? s.text.replace(/\s*\n\s*/g, ' ') : s.text;
  if (text === '') return { errors: [], notices };
  const errors = lengthErrors(env, text, env.field.minLength, env.field.maxLength);
  return errors.length > 0 ? { errors, notices } : ok(text, notices);
}

export function castEmail(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const tooLong = lengthErrors(env, text, undefined, env.field.maxLength);
  if (tooLong.length > 0) return fail(...tooLong);
  return isLikelyEmail(text) ? ok(text) : fail(errorText(env.content, env.ctx, 'invalidEmail', { label: env.label }));
}

export function castUrl(env: CastEnv, raw: string): CastResult {
  const text = sanitizeText(raw).text;
  if (text === '') return EMPTY;
  const max = env.field.maxLength ?? MAX_URL_LENGTH;
  const count = charCount(text);
  if (count > max) return fail(errorText(env.content, env.ctx, 'urlTooLong', { label: env.label, count, max }));
  const url = parseHttpsUrl(text);
  if (url.ok) return ok(url.url);
  const key: ErrorMessageKey = url.reason === 'not_https' ? 'urlNotHttps' : url.reason === 'too_long' ? 'urlTooLong' : 'urlInvalid';
  return fail(errorText(env.content, env.ctx, key, { label: env.label, count, max }));
}

function itemTooLong(env: CastEnv, item: string, max: number): string {
  return errorText(env.content, env.ctx, 'itemTooLong', { label: env.label, item: quote(item), count: charCount(item), max });
}

export function castTextList(env: CastEnv, raw: string): CastResult {
  const s = sanitizeText(raw);
  const notices = sanitizeNotices(env, s);
  const items = [...new Set(s.text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
  if (items.length === 0) return { errors: [], notices };
  const tooMany = tooManyItems(env, items.length);
  if (tooMany) return { errors: [tooMany], notices };
  const itemMax = env.field.itemMaxLength ?? Number.POSITIVE_INFINITY;
  const errors = items.filter((item) => charCount(item) > itemMax).map((item) => itemTooLong(env, item, itemMax));
  return errors.length > 0 ? { errors, notices } : ok(items, notices);
}

// ---------------------------------------------------------------------------------------------
// Choices

function matchChoice(choices: readonly Choice[], raw: string): Choice | undefined {
  const wanted = raw.trim();
  return choices.find((c) => c.value === wanted) ?? choices.find((c) => c.value === wanted.toUpperCase());
}

function notAChoice(env: CastEnv, text: string): string {
  return errorText(env.content, env.ctx, 'notAChoice', { label: env.label, value: quote(text) });
}

export function castEnum(env: CastEnv, raw: string): CastResult {
  const text = raw.trim();
  if (text === '') return EMPTY;
  const choice = matchChoice(choicesFor(env.field, env.content), text);
  return choice ? ok(choice.value) : fail(notAChoice(env, text));
}

/** The error when an exclusive choice ("none of these") is selected together with others. */
function exclusiveError(env: CastEnv, choices: readonly Choice[], values: string[]): string | undefined {
  const exclusive = choices.find((c) => c.exclusive && values.includes(c.value));
  if (!exclusive || values.length <= 1) return undefined;
  return errorText(env.content, env.ctx, 'exclusiveChoice', { label: env.label, choice: pick(exclusive.label, env.ctx.locale) });
}

export function castMultiselect(env: CastEnv, raw: string): CastResult {
  const parts = [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  if (parts.length === 0) return EMPTY;
  const choices = choicesFor(env.field, env.content);
  const matched = parts.map((p) => ({ p, choice: matchChoice(choices, p) }));
  const unknown = matched.filter((m) => !m.choice).map((m) => notAChoice(env, m.p));
  if (unknown.length > 0) return fail(...unknown);
  const values = [...new Set(matched.map((m) => (m.choice as Choice).value))];
  const problem = tooManyItems(env, values.length) ?? exclusiveError(env, choices, values);
  return problem ? fail(problem) : ok(values);
}

// ---------------------------------------------------------------------------------------------
// Booleans and numbers

const TRUE_WORDS = new Set(['true', 'ja', 'yes']);
const FALSE_WORDS = new Set(['false', 'nei', 'no']);

export function parseBoolean(raw: string): boolean | undefined | 'invalid' {
  const text = raw.trim().toLowerCase();
  if (text === '') return undefined;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return 'invalid';
}

export function castBoolean(env: CastEnv, raw: string): CastResult {
  const b = parseBoolean(raw);
  if (b === undefined) return EMPTY;
  return b === 'invalid' ? fail(errorText(env.content, env.ctx, 'notABoolean', { label: env.label })) : ok(b);
}

export function castNumber(env: CastEnv, raw: string): CastResult {
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
