import { displayValue } from './answer-display.js';
import { isAnswered, stringValues, type Answers } from './answer-types.js';
import { CHECKS } from './condition-checks.js';
import { findField, labelOf } from './template-lookup.js';
import { isCheckCondition, type CheckCondition, type ConditionDef, type ConditionPredicate, type ReportingContent } from './template-types.js';
import { errorText, type ValidationContext } from './validation-messages.js';

/*
 * The condition engine for the template's §5.1 rules, shared by card validation
 * (validate-group.ts, same-card rules only) and whole-report validation (validate-report.ts).
 */

export { deriveAboveThreshold, ksNotDiscussedApplies } from './condition-checks.js';

export interface ConditionFinding {
  conditionId: string;
  severity: 'error' | 'warning';
  /** The field the finding belongs to. */
  field: string;
  message: string;
}

/** `in` / `notIn` match only answered fields; for a multiselect any selected value counts. */
export function predicateHolds(p: ConditionPredicate, answers: Answers): boolean {
  const values = stringValues(answers[p.field]);
  if (values.length === 0) return false;
  return 'in' in p ? values.some((v) => p.in.includes(v)) : values.some((v) => !p.notIn.includes(v));
}

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
