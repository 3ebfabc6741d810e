import type { CompletenessMetricId } from './completeness.js';

/** A figure of the 2016 survey: `count` of `of` projects; `approximate` when the memo gives a fraction ("one third"). */
export interface BaselineFigure {
  count: number;
  of: number;
  approximate: boolean;
}

/**
 * The Difi memo's findings for the 29 projects of 2016 (seed 000 §2.1–§2.3). `null` where the memo
 * gives no figure: KS involvement in concept or planning is only described as rare (000 §2.3).
 */
export const BASELINE_2016: Readonly<Record<CompletenessMetricId, BaselineFigure | null>> = {
  municipalCostsAssessed: { count: 15, of: 29, approximate: false },
  costsBySize: { count: 0, of: 29, approximate: false },
  // "One third had not considered …" (000 §2.1), so about two thirds had.
  systemChangesAssessed: { count: 2, of: 3, approximate: true },
  routineChangesAssessed: { count: 2, of: 3, approximate: true },
  benefitsQuantified: { count: 3, of: 29, approximate: false },
  ksInConceptOrPlanning: null,
};
