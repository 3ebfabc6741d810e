import type { ActionEvent, Actor } from '../events.js';
import { pick } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import { ConcurrencyConflict } from '../ports.js';
import { projectName } from '../reporting/form-model.js';
import type { ReportRecord } from '../reporting/report.js';
import { notice } from '../reporting/reporting-conversation.js';
import { APPROVAL_VERBS, auditActor, auditRefusal, auditReport, type ApprovalDeps } from './approval-context.js';
import type { RefusalReason } from './approval-ports.js';
import { notifyWithdrawn } from './notifications.js';
import { refusalText } from './refusals.js';
import { isReporter, TERMINAL_STATES } from './report-facts.js';
import { parseReportRef } from './review-input.js';
import { reviewNotice } from './review-model.js';

const MY_REPORTS_VERB = 'nav.myReports';

async function refuse(deps: ApprovalDeps, event: ActionEvent, reason: RefusalReason, target: ReportRecord | string | undefined, params: Record<string, string | number> = {}): Promise<OutboundIntent[]> {
  await auditRefusal(deps, event.actor, 'withdraw', reason, target);
  return [notice([refusalText(deps, reason, event.locale, params)])];
}

function latestOf(versions: ReportRecord[]): ReportRecord | undefined {
  return versions.reduce<ReportRecord | undefined>((a, b) => (!a || b.reportVersion > a.reportVersion ? b : a), undefined);
}

/** Who may withdraw (reporter or coordinator), and only the project's current state as shown. */
async function checkWithdrawAllowed(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent, rev: number): Promise<{ reason: RefusalReason; params?: Record<string, string | number> } | { versions: ReportRecord[] }> {
  if (!isReporter(report, event.actor) && !deps.roles.rolesOf(event.actor).coordinator) return { reason: 'not-owner-or-coordinator' };
  if (report.rev !== rev) return { reason: 'stale' };
  if (TERMINAL_STATES.has(report.state)) return { reason: 'wrong-state', params: { state: deps.texts.states[report.state][event.locale] } };
  const versions = await deps.queries.listVersions(report.projectId);
  const latest = latestOf(versions);
  if (latest && latest._id !== report._id) return { reason: 'superseded', params: { version: latest.reportVersion } };
  return { versions };
}

function confirmCard(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent): OutboundIntent {
  const m = deps.approvalTexts.messages;
  const b = deps.approvalTexts.buttons;
  const l = event.locale;
  const actions = [
    { title: b.withdrawConfirm[l], verb: APPROVAL_VERBS.withdrawConfirm, data: { _report: report._id, _rev: report.rev } },
    { title: b.cancel[l], verb: MY_REPORTS_VERB, data: {} },
  ];
  return card('review-notice', reviewNotice(pick(m.withdrawConfirmTitle, l, { name: projectName(report, deps.texts, l) }), [m.withdrawConfirmBody[l]], actions));
}

/**
 * Earlier live versions go too: a withdrawn project must not stay published through an older
 * approved version, nor wait for review through an older submitted one.
 */
async function withdrawVersion(deps: ApprovalDeps, version: ReportRecord, actor: Actor): Promise<ReportRecord | undefined> {
  try {
    const saved = await deps.reports.update(version._id, version.rev, { state: 'TRUKKET', withdrawnAt: deps.clock.now() });
    await deps.audit.record({ actor: auditActor(actor), action: 'withdraw', outcome: 'ok', ...auditReport(deps, version), toState: 'TRUKKET' });
    return saved;
  } catch (err) {
    if (err instanceof ConcurrencyConflict) return undefined;
    throw err;
  }
}

async function withdrawEarlier(deps: ApprovalDeps, versions: ReportRecord[], target: ReportRecord, actor: Actor): Promise<void> {
  for (const v of versions) {
    if (v._id === target._id || TERMINAL_STATES.has(v.state)) continue;
    if (await withdrawVersion(deps, v, actor)) continue;
    // Changed meanwhile (e.g. approved a moment ago): read it again and withdraw what is there now.
    const fresh = await deps.reports.findById(v._id);
    if (fresh && !TERMINAL_STATES.has(fresh.state)) await withdrawVersion(deps, fresh, actor);
  }
}

/** "Trekk tilbake": the first press asks for confirmation, the second (`confirmed`) withdraws. */
export async function withdraw(deps: ApprovalDeps, event: ActionEvent, confirmed: boolean): Promise<OutboundIntent[]> {
  const ref = parseReportRef(event.data, 'withdraw');
  if (!ref.ok) return refuse(deps, event, ref.reason, ref.reportId);
  const report = await deps.reports.findById(ref.value.reportId);
  if (!report) return refuse(deps, event, 'not-found', ref.value.reportId);
  const checked = await checkWithdrawAllowed(deps, report, event, ref.value.rev as number);
  if ('reason' in checked) return refuse(deps, event, checked.reason, report, checked.params);
  if (!confirmed) return [confirmCard(deps, report, event)];
  const saved = await withdrawVersion(deps, report, event.actor);
  if (!saved) return refuse(deps, event, 'stale', report);
  await withdrawEarlier(deps, checked.versions, report, event.actor);
  notifyWithdrawn(deps, saved, event.actor);
  const l = event.locale;
  const back = { title: deps.texts.buttons.myReports[l], verb: MY_REPORTS_VERB, data: {} };
  return [card('review-notice', reviewNotice('', [pick(deps.approvalTexts.messages.withdrawn, l, { name: projectName(saved, deps.texts, l) })], [back]))];
}
