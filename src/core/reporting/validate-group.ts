import { pick } from '../i18n.js';
import { castField } from './answer-casting.js';
import { isAnswered, type Answers } from './answer-types.js';
import { fail, type CastResult, type InputReader } from './cast-result.js';
import { echoOf, readStructure, type Structure } from './submission-structure.js';
import { conditionFields, evaluateConditions } from './template-conditions.js';
import { findField, findGroup, inputIdsFor } from './template-lookup.js';
import type { FieldDef, GroupDef, ReportingContent } from './template-types.js';
import { errorText, requiredError, type FieldError, type ValidationContext } from './validation-messages.js';

/*
 * Validation of one card (one field group) of the reporting conversation: allowlist of input ids,
 * cast to the declared types, same-card conditional rules.
 *
 * The pieces live in their own modules (answer-types, template-lookup, answer-casting,
 * template-conditions, answer-display, ...); they are re-exported here for existing importers.
 */

export type {
  AnswerValue,
  Answers,
  DeadlineEntry,
  DeadlinesValue,
  EndTokenValue,
  MoneyValue,
  NotCalculatedValue,
  SizeBandCosts,
} from './answer-types.js';
export { isAnswered, isDeadlinesValue, isMoneyValue, isPrecisionDate, isTokenValue } from './answer-types.js';
export type { FieldError, ValidationContext } from './validation-messages.js';
export { choicesFor, findField, groupOfField, inputIdsFor } from './template-lookup.js';
export type { ConditionFinding } from './template-conditions.js';
export {
  conditionFields,
  deriveAboveThreshold,
  evaluateConditions,
  ksNotDiscussedApplies,
  predicateHolds,
} from './template-conditions.js';
export { displayValue, rawInputValue } from './answer-display.js';

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

function castErrors(outcomes: FieldOutcome[]): FieldError[] {
  return outcomes.flatMap(({ field, result }) => result.errors.map((message) => ({ field: field.id, message })));
}

function requiredErrors(outcomes: FieldOutcome[], content: ReportingContent, ctx: ValidationContext): FieldError[] {
  return outcomes
    .filter(({ field, result }) => field.required === 'always' && result.errors.length === 0 && !isAnswered(result.value))
    .map(({ field }) => requiredError(field, content, ctx));
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

/** Errors and warnings of the conditions that read only this group's fields; errors on fields that failed to cast are dropped. */
function sameCardFindings(
  group: GroupDef,
  merged: Answers,
  badFields: Set<string>,
  content: ReportingContent,
  ctx: ValidationContext,
): { errors: FieldError[]; warnings: string[] } {
  const inGroup = new Set(group.fields);
  const findings = evaluateConditions(content, merged, ctx, (c) => conditionFields(c).every((f) => inGroup.has(f)));
  const errors = findings.filter((f) => f.severity === 'error' && !badFields.has(f.field)).map(({ field, message }) => ({ field, message }));
  const warnings = findings.filter((f) => f.severity === 'warning').map((f) => f.message);
  return { errors, warnings };
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
  const group = findGroup(content, groupId);
  if (!group) throw new Error(`reporting template has no group ${groupId}`);
  const { fields, allowed } = allowlistOf(group, content);
  const structure = readStructure(raw, allowed, content, ctx);
  if (structure.errors.length > 0) return rejectAll(current, structure.errors, structure);

  const outcomes = castGroupFields(fields, structure, content, ctx);
  const invalidCasts = castErrors(outcomes);
  const merged = mergeOutcomes(current, outcomes);
  const conditions = sameCardFindings(group, merged, new Set(invalidCasts.map((e) => e.field)), content, ctx);
  const errors = [...invalidCasts, ...requiredErrors(outcomes, content, ctx), ...conditions.errors];
  return {
    ok: errors.length === 0,
    answers: restoreInvalid(merged, current, new Set(errors.map((e) => e.field))),
    errors,
    notices: [...outcomes.flatMap((o) => o.result.notices), ...conditions.warnings],
    rawEcho: echoOf(structure.strings),
  };
}
