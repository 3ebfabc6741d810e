import type { Answers } from '../reporting/answer-types.js';
import type { FieldDef, ReportFlag, ReportingContent } from '../reporting/template-types.js';
import { computeFlags } from '../reporting/validate-report.js';

/*
 * Which answers of an approved report may leave the state (reporting-template.md §8 and §10 item 4).
 *
 * - The E-fields (the state's own economics: investment cost, total cost, socio-economic value, …)
 *   are dropped when `costFiguresConfidential` is true, and the flags are computed from what is
 *   left, so that no flag reveals them either (UNDER_10_MNOK, INVESTERING_IKKE_BEREGNET, and the
 *   threshold part of KS_IKKE_DROFTET).
 * - `sharingLevel` is the reporter's proposal; the ministry's final level is shown instead.
 * - Contact name and e-mail stay: §8 lists "contact person + e-mail" for KS, and a named
 *   counterpart is the point of A5–A6 (000 §2.3). They are work contacts of public officials.
 * - Nothing outside `answers` is ever published: not the reporter's chat identity, the reviewer,
 *   the ministry's comment or the change log.
 */

/** Fields never published: the reporter's proposed sharing level. */
const NEVER_PUBLISHED = new Set(['sharingLevel']);

/** The state-economics section E of the template. */
export function isStateEconomicsField(field: FieldDef): boolean {
  return /^E\d/.test(field.code);
}

export function costFiguresConfidential(answers: Answers): boolean {
  return answers['costFiguresConfidential'] === true;
}

/** Fields of the template that may be shown for this report, in template order. */
export function shareableFields(answers: Answers, content: ReportingContent): FieldDef[] {
  const hideEconomics = costFiguresConfidential(answers);
  return content.template.fields.filter((f) => !NEVER_PUBLISHED.has(f.id) && !(hideEconomics && isStateEconomicsField(f)));
}

/** The answers that may be shown; everything else is absent, as if never given. */
export function shareableAnswers(answers: Answers, content: ReportingContent): Answers {
  const kept: Answers = {};
  for (const field of shareableFields(answers, content)) {
    const value = answers[field.id];
    if (value !== undefined) kept[field.id] = value;
  }
  return kept;
}

/** The §8 flags, computed from the shareable answers only. */
export function shareableFlags(answers: Answers, content: ReportingContent): ReportFlag[] {
  return computeFlags(content, shareableAnswers(answers, content));
}
