import type { ReportingContent } from './template-types.js';

/**
 * The reporting conversation as data: its steps are the template's field groups in order, then the
 * summary. Step ids are the stable group ids, so a stored draft still resumes after the template
 * gains or reorders groups.
 */
export const SUMMARY_STEP = 'summary';
export const SUBMITTED_STEP = 'submitted';

export function groupIds(content: ReportingContent): string[] {
  return content.template.groups.map((g) => g.id);
}

export function firstStep(content: ReportingContent): string {
  const first = content.template.groups[0];
  if (!first) throw new Error('reporting template has no groups');
  return first.id;
}

export function isGroupStep(content: ReportingContent, step: string): boolean {
  return content.template.groups.some((g) => g.id === step);
}

export function nextStep(content: ReportingContent, step: string, returnToSummary: boolean): string {
  if (returnToSummary) return SUMMARY_STEP;
  const ids = groupIds(content);
  const i = ids.indexOf(step);
  return i >= 0 && i + 1 < ids.length ? (ids[i + 1] as string) : SUMMARY_STEP;
}

export function previousStep(content: ReportingContent, step: string): string {
  const ids = groupIds(content);
  if (step === SUMMARY_STEP) return ids[ids.length - 1] ?? firstStep(content);
  const i = ids.indexOf(step);
  return i > 0 ? (ids[i - 1] as string) : step;
}

/** A stored step that the template no longer knows resumes at the summary, never at a guess. */
export function resumableStep(content: ReportingContent, step: string): string {
  return isGroupStep(content, step) ? step : SUMMARY_STEP;
}
