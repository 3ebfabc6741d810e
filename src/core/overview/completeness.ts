import { isAnswered, type Answers } from '../reporting/answer-types.js';
import type { ReportRecord } from '../reporting/report.js';
import { REPORT_FLAGS, type ReportFlag, type ReportingContent } from '../reporting/template-types.js';
import { BASELINE_2016, type BaselineFigure } from './completeness-baseline.js';
import { shareableFlags } from './shareable-answers.js';

/*
 * The memo's findings (000 §2) recomputed live from the register: how many of the stored reports
 * (the latest submitted or approved version of each non-demo project) assessed what KS asks for,
 * next to the 2016 baseline, and how often each §8 flag applies. Only counts leave this module,
 * never a project.
 */

export const COMPLETENESS_METRICS = [
  'municipalCostsAssessed',
  'costsBySize',
  'systemChangesAssessed',
  'routineChangesAssessed',
  'benefitsQuantified',
  'ksInConceptOrPlanning',
] as const;
export type CompletenessMetricId = (typeof COMPLETENESS_METRICS)[number];

export interface Share {
  count: number;
  of: number;
  /** Whole per cent; null when there is nothing to count. */
  percent: number | null;
}

export interface CompletenessMetric {
  id: CompletenessMetricId;
  share: Share;
  baseline: (BaselineFigure & { percent: number }) | null;
}

export interface Completeness {
  total: number;
  metrics: CompletenessMetric[];
  flags: { flag: ReportFlag; share: Share }[];
}

const oneOf = (answers: Answers, fieldId: string, values: readonly string[]): boolean => {
  const v = answers[fieldId];
  return typeof v === 'string' && values.includes(v);
};

/** "Assessed" = answered with anything but "not assessed". */
const assessed = (answers: Answers, fieldId: string): boolean => isAnswered(answers[fieldId]) && answers[fieldId] !== 'IKKE_VURDERT';

const METRIC_RULES: Record<CompletenessMetricId, (answers: Answers) => boolean> = {
  municipalCostsAssessed: (a) => oneOf(a, 'municipalCostAssessed', ['BEREGNET', 'ANSLATT']),
  costsBySize: (a) => isAnswered(a['municipalCostBySize']),
  systemChangesAssessed: (a) => assessed(a, 'systemChanges'),
  routineChangesAssessed: (a) => assessed(a, 'processChanges'),
  benefitsQuantified: (a) => a['benefitsAssessed'] === 'KVANTIFISERT',
  ksInConceptOrPlanning: (a) => a['ksDiscussed'] === 'JA' && oneOf(a, 'ksFirstContactPhase', ['KONSEPT', 'PLANLEGGING']),
};

export function shareOf(count: number, of: number): Share {
  return { count, of, percent: of === 0 ? null : Math.round((count / of) * 100) };
}

function baselineOf(id: CompletenessMetricId): CompletenessMetric['baseline'] {
  const figure = BASELINE_2016[id];
  return figure ? { ...figure, percent: Math.round((figure.count / figure.of) * 100) } : null;
}

/**
 * Completeness of `reports` (the caller passes the latest submitted or approved version of each
 * non-demo project). Flags are counted as the overview shows them: from shareable answers only.
 */
export function computeCompleteness(reports: readonly ReportRecord[], content: ReportingContent): Completeness {
  const total = reports.length;
  const metrics = COMPLETENESS_METRICS.map((id) => ({
    id,
    share: shareOf(reports.filter((r) => METRIC_RULES[id](r.answers)).length, total),
    baseline: baselineOf(id),
  }));
  const flagLists = reports.map((r) => new Set(shareableFlags(r.answers, content)));
  const flags = REPORT_FLAGS.map((flag) => ({ flag, share: shareOf(flagLists.filter((set) => set.has(flag)).length, total) }));
  return { total, metrics, flags };
}
