import type { Actor } from '../events.js';
import type { Clock, ReportRepository } from '../ports.js';
import type { ReportRecord } from '../reporting/report.js';
import type { ApprovalQueries, AuditAction, AuditLog, NewAuditEntry, RefusalReason } from './approval-ports.js';
import { ministryOf } from './report-facts.js';
import type { ModelContext } from './review-model.js';
import type { RoleResolver } from './roles.js';
import type { UserNotifier } from './user-notifier.js';
import { LONE_SURROGATE_RE } from '../text/sanitize.js';

/** Everything the approval workflow needs; built once in main.ts. */
export interface ApprovalDeps extends ModelContext {
  reports: ReportRepository;
  queries: ApprovalQueries;
  audit: AuditLog;
  roles: RoleResolver;
  notifier: UserNotifier;
  clock: Clock;
  /** Base address of the published overview (PUBLIC_BASE_URL), for the link in "oversikt". */
  publicBaseUrl?: string;
}

export const APPROVAL_VERBS = {
  open: 'approval.open',
  approve: 'approval.approve',
  return: 'approval.return',
  withdraw: 'approval.withdraw',
  withdrawConfirm: 'approval.withdrawConfirm',
  queue: 'approval.queue',
} as const;

export function isApprovalVerb(verb: string): boolean {
  return (Object.values(APPROVAL_VERBS) as string[]).includes(verb);
}

export function auditActor(actor: Actor): NewAuditEntry['actor'] {
  return { platform: actor.platform, userId: actor.userId, displayName: actor.displayName.slice(0, 256) };
}

/** The audit fields that describe a report version. */
export function auditReport(deps: ApprovalDeps, report: ReportRecord): Partial<NewAuditEntry> {
  const ministry = ministryOf(report, deps.content.organisations);
  return { reportId: report._id, projectId: report.projectId, reportVersion: report.reportVersion, fromState: report.state, ...(ministry ? { ministry } : {}) };
}


/**
 * A report id as a card sent it, for the audit log: a lone surrogate (which BSON cannot encode;
 * the driver would store U+FFFD instead) is written as its \u escape, so the log keeps what was sent.
 */
function sentId(id: string): string {
  return id.slice(0, 64).replace(LONE_SURROGATE_RE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function auditRefusal(
  deps: ApprovalDeps,
  actor: Actor,
  action: AuditAction,
  reason: RefusalReason,
  target: ReportRecord | string | undefined,
): Promise<void> {
  const about = typeof target === 'string' ? { reportId: sentId(target) } : target ? auditReport(deps, target) : {};
  return deps.audit.record({ actor: auditActor(actor), action, outcome: 'refused', reason, ...about });
}
