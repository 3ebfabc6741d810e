import type { Locale } from '../i18n.js';
import type { ReportRecord, ReportState, SharingLevel } from '../reporting/report.js';

export const AUDIT_ACTIONS = ['submit', 'approve', 'return', 'withdraw', 'open', 'queue', 'overview', 'overview-query'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const REFUSAL_REASONS = [
  'not-found', 'not-reviewer', 'own-report', 'stale', 'wrong-state', 'superseded', 'unexpected-data', 'invalid-payload',
  'comment-required', 'comment-too-long', 'invalid-sharing-level', 'not-owner-or-coordinator', 'not-coordinator', 'invalid-query',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** One line of the audit trail: who did (or tried) what, when, on which report version, and the outcome. */
export interface AuditEntry {
  _id: string;
  at: Date;
  /** `web` for anonymous requests to the published overview (userId: the remote address). */
  actor: { platform: 'teams' | 'slack' | 'web'; userId: string; displayName: string };
  action: AuditAction;
  outcome: 'ok' | 'refused';
  reason?: RefusalReason;
  reportId?: string;
  projectId?: string;
  reportVersion?: number;
  ministry?: string;
  fromState?: ReportState;
  toState?: ReportState;
  sharingLevel?: SharingLevel;
  /** What was refused, for requests that are not about one report (e.g. overview query parameters). */
  details?: string[];
}

export type NewAuditEntry = Omit<AuditEntry, '_id' | 'at'>;

export interface AuditLog {
  record(entry: NewAuditEntry): Promise<void>;
}

/** Where a user last talked to the bot in a personal chat, for proactive notices. */
export interface UserConversation {
  /** `platform:userId` */
  _id: string;
  platform: 'teams' | 'slack';
  userId: string;
  email?: string;
  /** The key of the stored conversation reference (conversations collection). */
  conversationKey: string;
  locale: Locale;
  updatedAt: Date;
}

export interface UserConversationIndex {
  remember(entry: Omit<UserConversation, 'updatedAt'>): Promise<void>;
  findByUser(userKey: string): Promise<UserConversation | null>;
  findByEmail(email: string): Promise<UserConversation | null>;
}

export interface StateCount {
  ministry: string | null;
  state: ReportState;
  count: number;
}

/** Read queries of the workflow over the reports collection. */
export interface ApprovalQueries {
  /** Submitted versions routed to these ministries, oldest submission first. */
  listSubmitted(ministries: string[], limit: number): Promise<ReportRecord[]>;
  listVersions(projectId: string): Promise<ReportRecord[]>;
  /** Projects counted by the state and ministry of their latest version (demo records included). */
  countLatestByStateAndMinistry(): Promise<StateCount[]>;
}
