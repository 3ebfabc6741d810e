import { pick } from '../i18n.js';
import { isAnswered, isDeadlinesValue, isTokenValue, stringValues, type Answers } from './answer-types.js';
import { deriveAboveThreshold, evaluateConditions, ksNotDiscussedApplies } from './template-conditions.js';
import { choicesFor, groupOfField } from './template-lookup.js';
import { REPORT_FLAGS, type FieldDef, type ReportFlag, type ReportingContent } from './template-types.js';
import { errorText, requiredError, type FieldError, type ValidationContext } from './validation-messages.js';

/*
 * Whole-report validation before submit: always-required fields, every §5.1 rule across groups,
 * warnings (never blocking) and the computed flags shown in the digest.
 */

export { deriveAboveThreshold };

export type ReportFieldError = FieldError & { groupId: string };

export interface ReportValidation {
  /** Blocking problems, in template order. */
  errors: ReportFieldError[];
  /** Shown to the reporter; the report can still be submitted. */
  warnings: string[];
  flags: ReportFlag[];
}

function withGroup(content: ReportingContent, error: FieldError): ReportFieldError {
  return { ...error, groupId: groupOfField(content, error.field)?.id ?? '' };
}

function missingRequired(content: ReportingContent, answers: Answers, ctx: ValidationContext): FieldError[] {
  return content.template.fields
    .filter((f) => f.required === 'always' && !isAnswered(answers[f.id]))
    .map((f) => requiredError(f, content, ctx));
}

/** Stored choices of `field` that the (possibly edited) template no longer offers (the value is shown in full). */
function staleChoicesOf(field: FieldDef, content: ReportingContent, answers: Answers, ctx: ValidationContext): FieldError[] {
  const allowed = new Set(choicesFor(field, content).map((c) => c.value));
  const label = pick(field.label, ctx.locale);
  return stringValues(answers[field.id])
    .filter((v) => !allowed.has(v))
    .map((value) => ({ field: field.id, message: errorText(content, ctx, 'notAChoice', { label, value }) }));
}

/** Stored choices that the (possibly edited) template no longer offers. */
function staleChoices(content: ReportingContent, answers: Answers, ctx: ValidationContext): FieldError[] {
  return content.template.fields
    .filter((f) => f.type === 'enum' || f.type === 'multiselect')
    .flatMap((f) => staleChoicesOf(f, content, answers, ctx));
}

function templatePosition(content: ReportingContent): (fieldId: string) => number {
  const order = new Map(content.template.groups.flatMap((g) => g.fields).map((id, i) => [id, i]));
  return (fieldId) => order.get(fieldId) ?? Number.MAX_SAFE_INTEGER;
}

function uniqueErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Flags

const LATE_PHASES = new Set(['GJENNOMFORING', 'DRIFT_VIDEREUTVIKLING', 'AVSLUTTET']);
const MANDATORY = new Set(['OBLIGATORISK', 'DELVIS']);
const COST_ASSESSED = new Set(['BEREGNET', 'ANSLATT']);

function answerIn(answers: Answers, fieldId: string, values: Set<string>): boolean {
  const v = answers[fieldId];
  return typeof v === 'string' && values.has(v);
}

function mandatoryWithoutDeadline(answers: Answers): boolean {
  const deadlines = answers['municipalDeadlines'];
  const hasEntries = isDeadlinesValue(deadlines) && deadlines.entries.length > 0;
  return answerIn(answers, 'adoptionType', MANDATORY) && !hasEntries;
}

const FLAG_RULES: Record<ReportFlag, (answers: Answers, content: ReportingContent) => boolean> = {
  KS_IKKE_DROFTET: ksNotDiscussedApplies,
  KS_SENT_INVOLVERT: (a) => answerIn(a, 'ksFirstContactPhase', LATE_PHASES),
  SYSTEMENDRING_IKKE_VURDERT: (a) => a['systemChanges'] === 'IKKE_VURDERT',
  PROSESSENDRING_IKKE_VURDERT: (a) => a['processChanges'] === 'IKKE_VURDERT',
  KOSTNAD_IKKE_VURDERT: (a) => a['municipalCostAssessed'] === 'NEI',
  IKKE_FORDELT_PA_STORRELSE: (a) => answerIn(a, 'municipalCostAssessed', COST_ASSESSED) && !isAnswered(a['municipalCostBySize']),
  OBLIGATORISK_UTEN_FRIST: mandatoryWithoutDeadline,
  UNDER_10_MNOK: (a, c) => deriveAboveThreshold(a, c) === false,
  STRUKTURENDRING_IKKE_HANDTERT: (a) => a['municipalStructureReady'] === 'NEI',
  INVESTERING_IKKE_BEREGNET: (a) => isTokenValue(a['investmentCost']),
};

/** The digest flags that apply to these answers, in REPORT_FLAGS order. */
export function computeFlags(content: ReportingContent, answers: Answers): ReportFlag[] {
  return REPORT_FLAGS.filter((flag) => FLAG_RULES[flag](answers, content));
}

// ---------------------------------------------------------------------------------------------

/** Validates a whole report before it is submitted. Never throws on bad answers. */
export function validateReportForSubmit(content: ReportingContent, answers: Answers, ctx: ValidationContext): ReportValidation {
  const findings = evaluateConditions(content, answers, ctx);
  const conditionErrors = findings.filter((f) => f.severity === 'error').map(({ field, message }) => ({ field, message }));
  const position = templatePosition(content);
  const errors = uniqueErrors([...missingRequired(content, answers, ctx), ...staleChoices(content, answers, ctx), ...conditionErrors])
    .sort((a, b) => position(a.field) - position(b.field))
    .map((e) => withGroup(content, e));
  const warnings = [...new Set(findings.filter((f) => f.severity === 'warning').map((f) => f.message))];
  return { errors, warnings, flags: computeFlags(content, answers) };
}
