import type { Actor } from '../events.js';
import { pick, type Locale } from '../i18n.js';
import type { ReportChanges, ReportRecord, ReportState } from '../reporting/report.js';
import type { WorkflowHooks } from '../reporting/reporting-conversation.js';
import { auditActor, auditReport, type ApprovalDeps } from './approval-context.js';
import { notifyReviewers } from './notifications.js';
import { changedFields, ministryOf } from './report-facts.js';
import { ministryName } from './review-model.js';

/** The version an update started from: the one it names, else the version before it. */
async function previousVersion(deps: ApprovalDeps, report: ReportRecord): Promise<ReportRecord | undefined> {
  if (report.basedOnReportId) {
    const base = await deps.reports.findById(report.basedOnReportId);
    if (base) return base;
  }
  const versions = await deps.queries.listVersions(report.projectId);
  return versions.find((v) => v.reportVersion === report.reportVersion - 1);
}

/** Routing and change log stored with the submission (§7.3, I4). */
async function beforeSubmit(deps: ApprovalDeps, report: ReportRecord): Promise<ReportChanges> {
  const ministry = ministryOf({ ...report, ministry: undefined }, deps.content.organisations);
  const changes: ReportChanges = ministry ? { ministry } : {};
  if (report.reportVersion <= 1) return changes;
  const previous = await previousVersion(deps, report);
  if (!previous) return changes;
  const order = deps.content.template.fields.map((f) => f.id);
  return { ...changes, changeLog: changedFields(previous.answers, report.answers, order) };
}

async function afterSubmit(deps: ApprovalDeps, report: ReportRecord, actor: Actor, fromState: ReportState): Promise<void> {
  await deps.audit.record({ actor: auditActor(actor), action: 'submit', outcome: 'ok', ...auditReport(deps, report), fromState, toState: report.state });
  notifyReviewers(deps, report, actor);
}

/** Shown when the reporter reopens a returned report: the ministry's comment. */
function returnedNotices(deps: ApprovalDeps, report: ReportRecord, locale: Locale): string[] {
  const d = report.decision;
  if (report.state !== 'RETURNERT' || d?.outcome !== 'RETURNERT' || !d.comment) return [];
  const ministry = ministryName(deps, ministryOf(report, deps.content.organisations), locale);
  return [pick(deps.approvalTexts.messages.returnedNotice, locale, { ministry, comment: d.comment })];
}

export function makeWorkflowHooks(deps: ApprovalDeps): WorkflowHooks {
  return {
    beforeSubmit: (report) => beforeSubmit(deps, report),
    afterSubmit: (report, actor, fromState) => afterSubmit(deps, report, actor, fromState),
    returnedNotices: (report, locale) => returnedNotices(deps, report, locale),
  };
}
