import type { InboundEvent } from '../events.js';
import { card, type OutboundIntent } from '../outbound.js';
import type { ReportRecord } from '../reporting/report.js';
import { notice } from '../reporting/reporting-conversation.js';
import { auditRefusal, type ApprovalDeps } from './approval-context.js';
import { buildOverview } from './overview-model.js';
import { ministryOf } from './report-facts.js';
import { buildQueue } from './review-model.js';

const QUEUE_LIMIT = 50;

/** Of several submitted versions of one project only the newest waits for review. */
function newestPerProject(reports: ReportRecord[]): ReportRecord[] {
  const newest = new Map<string, ReportRecord>();
  for (const r of reports) {
    const seen = newest.get(r.projectId);
    if (!seen || r.reportVersion > seen.reportVersion) newest.set(r.projectId, r);
  }
  return reports.filter((r) => newest.get(r.projectId) === r);
}

/** "til godkjenning": the submitted reports of the ministries this user reviews. */
export async function awaitingApproval(deps: ApprovalDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  const ministries = deps.roles.rolesOf(event.actor).reviewerFor;
  if (ministries.length === 0) {
    await auditRefusal(deps, event.actor, 'queue', 'not-reviewer', undefined);
    return [notice([deps.approvalTexts.messages.notReviewer[event.locale]])];
  }
  const waiting = newestPerProject(await deps.queries.listSubmitted(ministries, QUEUE_LIMIT));
  const ministryFor = (r: ReportRecord) => ministryOf(r, deps.content.organisations);
  return [card('review-queue', buildQueue(deps, waiting, ministries, ministryFor, event.locale))];
}

/** "oversikt": counts per state and ministry for coordinators (and admins). */
export async function coordinatorOverview(deps: ApprovalDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  const roles = deps.roles.rolesOf(event.actor);
  if (!roles.coordinator && !roles.admin) {
    await auditRefusal(deps, event.actor, 'overview', 'not-coordinator', undefined);
    return [notice([deps.approvalTexts.messages.notCoordinator[event.locale]])];
  }
  const counts = await deps.queries.countLatestByStateAndMinistry();
  return [card('review-overview', buildOverview(deps, counts, deps.publicBaseUrl, event.locale))];
}
