import type { Answers } from './validate-group.js';

/** Workflow states of reporting-template.md §7.3 (issue 2 uses UTKAST and INNSENDT). */
export const REPORT_STATES = ['UTKAST', 'INNSENDT', 'RETURNERT', 'GODKJENT', 'DELT_MED_KS', 'TRUKKET', 'AVSLUTTET'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface ReporterIdentity {
  platform: 'teams' | 'slack' | 'demo';
  userId: string;
  displayName: string;
  tenantId?: string;
}

/**
 * One version of one project's report. `projectId` + `reportVersion` identify the version a user
 * sees ("versjon 2"); `rev` is the optimistic-concurrency counter bumped on every write.
 */
export interface ReportRecord {
  _id: string;
  projectId: string;
  reportVersion: number;
  rev: number;
  state: ReportState;
  reporter: ReporterIdentity;
  answers: Answers;
  /** Flow position for drafts: a group id or 'summary'. */
  step: string;
  /** Set while a group is edited from the summary: the next answer returns there. */
  returnToSummary: boolean;
  basedOnReportId?: string;
  demo: boolean;
  flags: string[];
  createdAt: Date;
  updatedAt: Date;
  submittedAt?: Date;
}

export type NewReport = Omit<ReportRecord, 'rev' | 'createdAt' | 'updatedAt'>;

/** The fields a conversation turn may change; everything else is fixed at creation. */
export type ReportChanges = Partial<Pick<ReportRecord, 'state' | 'answers' | 'step' | 'returnToSummary' | 'flags' | 'submittedAt'>>;

export function reporterKey(r: Pick<ReporterIdentity, 'platform' | 'userId'>): string {
  return `${r.platform}:${r.userId}`;
}
