import type { GuideTask } from './guide-types.js';
import type { Merger } from './merger-types.js';

/**
 * Whether a task applies to a merger, from the merger's answers to the guide's conditions.
 * - no condition: applies;
 * - condition answered as the task requires: applies;
 * - condition answered otherwise: does not apply (the task is not relevant for this merger);
 * - condition not answered: applies, with `check` set so the answer can ask the user.
 */
export type Applicability =
  | { applicable: true; check: false }
  | { applicable: true; check: true; conditionId: string }
  | { applicable: false; check: false; conditionId: string; answer: boolean };

export function isApplicable(task: Pick<GuideTask, 'condition'>, merger: Pick<Merger, 'conditions'>): Applicability {
  const condition = task.condition;
  if (!condition) return { applicable: true, check: false };
  const answer = Object.prototype.hasOwnProperty.call(merger.conditions, condition.id)
    ? merger.conditions[condition.id]
    : undefined;
  if (answer === undefined) return { applicable: true, check: true, conditionId: condition.id };
  if (answer === condition.equals) return { applicable: true, check: false };
  return { applicable: false, check: false, conditionId: condition.id, answer };
}

/** Shorthand: true unless the merger's answers rule the task out. */
export function applies(task: Pick<GuideTask, 'condition'>, merger: Pick<Merger, 'conditions'>): boolean {
  return isApplicable(task, merger).applicable;
}
