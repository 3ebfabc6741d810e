import type { Answers } from './validate-group.js';

/** Workflow states of reporting-template.md §7.3 (issue 2 uses UTKAST and INNSENDT). */
export const REPORT_STATES = ['UTKAST', 'INNSENDT', 'RETURNERT', 'GODKJENT', 'DELT_MED_KS', 'TRUKKET', 'AVSLUTTET'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const SHARING_LEVELS = ['APEN', 'KS_OG_STAT', 'KUN_STAT'] as const;
export type SharingLevel = (typeof SHARING_LEVELS)[number];

/** The owning ministry's decision on one report version (reporting-template.md §7.3, I1–I2). */
export interface MinistryDecision {
  outcome: 'GODKJENT' | 'RETURNERT';
  /** Final sharing level set by the ministry; the reporter's proposal is answers.sharingLevel. */
  sharingLevel?: SharingLevel;
  comment?: string;
  by: { platform: 'teams' | 'slack'; userId: string; displayName: string };
  at: Date;
}

/** One entry of the change log: a field whose value differs from the previous version. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

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
  /** The owning ministry id (answers.owningMinistry at submission), for routing to reviewers. */
  ministry?: string;
  /** Latest ministry decision on this version. */
  decision?: MinistryDecision;
  approvedAt?: Date;
  withdrawnAt?: Date;
  /** Fields changed against the previous version, computed at submission of version n > 1. */
  changeLog?: FieldChange[];
  /** Search keys of the project name, written by the repository with the answers (duplicate-names.ts). */
  nameKeys?: string[];
}

export type NewReport = Omit<ReportRecord, 'rev' | 'createdAt' | 'updatedAt'>;

/** The fields a conversation turn may change; everything else is fixed at creation. */
export type ReportChanges = Partial<
  Pick<ReportRecord, 'state' | 'answers' | 'step' | 'returnToSummary' | 'flags' | 'submittedAt' | 'ministry' | 'decision' | 'approvedAt' | 'withdrawnAt' | 'changeLog'>
>;

export function reporterKey(r: Pick<ReporterIdentity, 'platform' | 'userId'>): string {
  return `${r.platform}:${r.userId}`;
}
