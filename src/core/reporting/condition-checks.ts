import { compareEndToStart, formatPrecisionDate, type PrecisionDate } from '../parsing/date-precision.js';
import { formatNok } from '../parsing/nok.js';
import { isAnswered, isDeadlinesValue, isPrecisionDate, isTokenValue, moneyAmount, type Answers } from './answer-types.js';
import { labelOf } from './template-lookup.js';
import type { CheckCondition, CheckName, ErrorMessageKey, ReportingContent } from './template-types.js';
import { errorText, quote, warningText, type FieldError, type ValidationContext } from './validation-messages.js';

/*
 * The named checks of the §5.1 rules (CheckCondition.check), and the facts derived from the
 * answers that they and the digest flags read.
 */

// ---------------------------------------------------------------------------------------------
// Derived facts

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

// ---------------------------------------------------------------------------------------------
// Checks

interface CheckArgs {
  content: ReportingContent;
  answers: Answers;
  ctx: ValidationContext;
  condition: CheckCondition;
}

/** A check's finding: the field it belongs to and the message. */
export type Finding = FieldError;

type Check = (args: CheckArgs) => Finding[];

function firstField(c: CheckCondition): string {
  return c.fields[0] ?? c.id;
}

/** An error about `field` whose message names only the field's label. */
function labelledError({ content, ctx }: CheckArgs, key: ErrorMessageKey, field: string): Finding {
  return { field, message: errorText(content, ctx, key, { label: labelOf(content, field, ctx.locale) }) };
}

/** Reports `key` when the condition's first field is not answered. */
function answeredCheck(key: ErrorMessageKey): Check {
  return (args) => {
    const field = firstField(args.condition);
    return isAnswered(args.answers[field]) ? [] : [labelledError(args, key, field)];
  };
}

/** Reports `key` when the condition's first field holds a date for which `isWrong` holds. */
function dateCheck(key: ErrorMessageKey, isWrong: (date: PrecisionDate, today: string) => boolean): Check {
  return (args) => {
    const field = firstField(args.condition);
    const date = args.answers[field];
    return isPrecisionDate(date) && isWrong(date, args.ctx.today) ? [labelledError(args, key, field)] : [];
  };
}

function checkEndNotBeforeStart({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  const [startId = 'startDate', endId = 'plannedEnd'] = condition.fields;
  const start = answers[startId];
  const end = answers[endId];
  if (!isPrecisionDate(start) || !isPrecisionDate(end) || compareEndToStart(end, start)) return [];
  const params = { start: formatPrecisionDate(start, ctx.locale), end: formatPrecisionDate(end, ctx.locale) };
  return [{ field: endId, message: errorText(content, ctx, 'endBeforeStart', params) }];
}

function checkAtLeastOneOf({ content, answers, ctx, condition }: CheckArgs): Finding[] {
  if (condition.fields.some((f) => isAnswered(answers[f]))) return [];
  const labels = condition.fields.map((f) => `«${labelOf(content, f, ctx.locale)}»`).join(', ');
  return [{ field: firstField(condition), message: errorText(content, ctx, 'atLeastOneOf', { labels }) }];
}

function checkNotCalculatedOnlyInConcept(args: CheckArgs): Finding[] {
  const [costId = 'investmentCost', phaseId = 'phase'] = args.condition.fields;
  const phase = args.answers[phaseId];
  if (!isTokenValue(args.answers[costId]) || typeof phase !== 'string' || phase === 'KONSEPT') return [];
  return [labelledError(args, 'notCalculatedOnlyInConcept', costId)];
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

export const CHECKS: Record<CheckName, Check> = {
  endNotBeforeStart: checkEndNotBeforeStart,
  deadlinesOrNotSet: answeredCheck('deadlinesMissing'),
  atLeastOneSizeBand: answeredCheck('sizeBandRequired'),
  atLeastOneOf: checkAtLeastOneOf,
  dateNotPast: dateCheck('dateMustBeFuture', (date, today) => date.end < today),
  dateNotFuture: dateCheck('dateMustNotBeFuture', (date, today) => date.start > today),
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
