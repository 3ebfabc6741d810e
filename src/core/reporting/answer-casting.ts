import { pick } from '../i18n.js';
import type { PrecisionDate } from '../parsing/date-precision.js';
import { sanitizeText } from '../text/sanitize.js';
import type { DeadlineEntry, DeadlinesValue, MoneyValue } from './answer-types.js';
import { ok, partEnv, type CastEnv, type CastResult, type InputReader } from './cast-result.js';
import { castDate, castMoney, castMoneyOrNotCalculated } from './money-date-casting.js';
import {
  castBoolean,
  castEmail,
  castEnum,
  castMultiselect,
  castNumber,
  castText,
  castTextList,
  castUrl,
  parseBoolean,
} from './scalar-casting.js';
import { deadlineInputId, deadlineRows, deadlinesNotSetInputId, sizeBandInputId } from './template-lookup.js';
import type { FieldType } from './template-types.js';
import { displayText, errorText } from './validation-messages.js';

/*
 * Casting one field's raw card inputs to its answer, by field type; the composite fields
 * (sizeBandCosts, deadlines) read several inputs.
 */

function castSizeBands(env: CastEnv, read: InputReader): CastResult {
  const results = env.content.template.sizeBands.map((b) => {
    const bandEnv = partEnv(env, pick(b.label, env.ctx.locale));
    return { id: b.id, result: castMoney(bandEnv, read(sizeBandInputId(env.field.id, b.id))) };
  });
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

/** Casts the date, text and mandatory flag of a deadline row whose date and text are both filled in. */
function castFilledRow(env: CastEnv, rowEnv: CastEnv, read: InputReader, row: number): RowResult {
  const date = castDate({ ...rowEnv, field: { ...env.field, type: 'date' } }, read(deadlineInputId(env.field.id, row, 'date')));
  const what = castText(rowEnv, read(deadlineInputId(env.field.id, row, 'what')), true);
  const mandatory = parseBoolean(read(deadlineInputId(env.field.id, row, 'mandatory')));
  const errors = [...date.errors, ...what.errors];
  if (mandatory === 'invalid') errors.push(errorText(env.content, env.ctx, 'notABoolean', { label: rowEnv.label }));
  const notices = [...date.notices, ...what.notices];
  if (errors.length > 0) return { errors, notices };
  return { entry: { date: date.value as PrecisionDate, what: what.value as string, mandatory: mandatory === true }, errors, notices };
}

function castDeadlineRow(env: CastEnv, read: InputReader, row: number): RowResult {
  const rowEnv = partEnv(env, displayText(env.content, env.ctx.locale, 'deadlineRow', { row }));
  const dateRaw = sanitizeText(read(deadlineInputId(env.field.id, row, 'date'))).text;
  const whatRaw = sanitizeText(read(deadlineInputId(env.field.id, row, 'what'))).text;
  if (dateRaw === '' && whatRaw === '') return { errors: [], notices: [] };
  if (dateRaw === '' || whatRaw === '') return { errors: [errorText(env.content, env.ctx, 'deadlineIncomplete', { row })], notices: [] };
  return castFilledRow(env, rowEnv, read, row);
}

function castDeadlines(env: CastEnv, read: InputReader): CastResult {
  const rows = deadlineRows(env.field).map((row) => castDeadlineRow(env, read, row));
  const notSet = parseBoolean(read(deadlinesNotSetInputId(env.field.id)));
  const errors = rows.flatMap((r) => r.errors);
  const notices = rows.flatMap((r) => r.notices);
  if (notSet === 'invalid') errors.push(errorText(env.content, env.ctx, 'notABoolean', { label: env.label }));
  const entries = rows.flatMap((r) => (r.entry ? [r.entry] : []));
  if (notSet === true && (entries.length > 0 || errors.length > 0)) errors.push(errorText(env.content, env.ctx, 'deadlinesConflict'));
  if (errors.length > 0) return { errors, notices };
  if (entries.length === 0 && notSet !== true) return { errors: [], notices };
  return ok({ notSet: notSet === true, entries } satisfies DeadlinesValue, notices);
}

type FieldCast = (env: CastEnv, read: InputReader) => CastResult;

/** A cast of a field entered through the single input named like the field. */
const single =
  (cast: (env: CastEnv, raw: string) => CastResult): FieldCast =>
  (env, read) =>
    cast(env, read(env.field.id));

const FIELD_CASTS: Record<FieldType, FieldCast> = {
  text: single((env, raw) => castText(env, raw, true)),
  longtext: single((env, raw) => castText(env, raw, false)),
  email: single(castEmail),
  url: single(castUrl),
  enum: single(castEnum),
  multiselect: single(castMultiselect),
  boolean: single(castBoolean),
  number: single(castNumber),
  money: single(castMoney),
  signedMoney: single(castMoney),
  moneyOrNotCalculated: single(castMoneyOrNotCalculated),
  date: single(castDate),
  endDate: single(castDate),
  textList: single(castTextList),
  sizeBandCosts: castSizeBands,
  deadlines: castDeadlines,
};

/** Casts the inputs of `env.field` (read through `read`) to its answer. */
export function castField(env: CastEnv, read: InputReader): CastResult {
  return FIELD_CASTS[env.field.type](env, read);
}
