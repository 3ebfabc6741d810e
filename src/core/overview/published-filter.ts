import type { ReportState, SharingLevel } from '../reporting/report.js';

/*
 * What the published overview may show (issue 4, reporting-template.md §7.3 and §8): the latest
 * approved version of each project, if the ministry's final sharing level allows it. The
 * repository applies these rules in the database; the overview never sees anything else.
 */

/** States of an approved version. */
export const APPROVED_STATES = ['GODKJENT', 'DELT_MED_KS'] as const satisfies readonly ReportState[];

/** A withdrawn project leaves the overview even when an older version was approved. */
export const WITHDRAWN_STATE = 'TRUKKET' satisfies ReportState;

/** Final sharing levels that may appear on the overview; `KUN_STAT` never does. */
export const PUBLISHABLE_SHARING_LEVELS = ['APEN', 'KS_OG_STAT'] as const satisfies readonly SharingLevel[];
export type PublishableSharingLevel = (typeof PUBLISHABLE_SHARING_LEVELS)[number];

/** States of a version that was submitted to (or decided by) the ministry: the completeness view's base. */
export const SUBMITTED_STATES = ['INNSENDT', 'RETURNERT', 'GODKJENT', 'DELT_MED_KS'] as const satisfies readonly ReportState[];

/** A deadline period overlapping [from, to] (ISO dates, inclusive). */
export interface DateWindow {
  from: string;
  to: string;
}

/**
 * Filters on the published set. Every value has been validated against the configured choices
 * before it gets here; an empty list means "no filter". Lists combine with OR inside, AND across.
 */
export interface PublishedFilter {
  projectId?: string;
  serviceAreas?: readonly string[];
  ministries?: readonly string[];
  agencies?: readonly string[];
  phases?: readonly string[];
  /** At least one municipal deadline whose period overlaps this window. */
  deadlineWithin?: DateWindow;
  /** Narrows the publishable levels (e.g. a public-only deployment shows APEN only). */
  sharingLevels?: readonly PublishableSharingLevel[];
}
