import type { ActionEvent, Actor } from '../events.js';
import { pick } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import { ConcurrencyConflict } from '../ports.js';
import { notice } from '../reporting/reporting-conversation.js';
import { projectName } from '../reporting/form-model.js';
import type { MinistryDecision, ReportChanges, ReportRecord } from '../reporting/report.js';
import { auditActor, auditRefusal, auditReport, type ApprovalDeps } from './approval-context.js';
import type { RefusalReason } from './approval-ports.js';
import { notifyDecision } from './notifications.js';
import { refusalText } from './refusals.js';
import { isReporter, ministryOf, proposedSharingLevel, TERMINAL_STATES } from './report-facts.js';
import { parseDecisionInput, parseReportRef, typedCommentLength, type DecisionInput } from './review-input.js';
import { buildReviewCard, COMMENT_MAX, sharingLevelLabel, type ReviewView } from './review-model.js';

type Outcome = MinistryDecision['outcome'];

/** What this actor may do with this report, from the roles resolved now (never from the card). */
export function viewFor(deps: ApprovalDeps, report: ReportRecord, actor: Actor): ReviewView {
  const roles = deps.roles.rolesOf(actor);
  const ministry = ministryOf(report, deps.content.organisations);
  const reviewer = ministry !== undefined && roles.reviewerFor.includes(ministry);
  const own = isReporter(report, actor);
  return {
    canDecide: report.state === 'INNSENDT' && reviewer && !own,
    canWithdraw: !TERMINAL_STATES.has(report.state) && (own || roles.coordinator),
    showQueue: roles.reviewerFor.length > 0,
  };
}

/** Why a submitted report shows no approve/return buttons to this viewer. */
function readOnlyNotes(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent, view: ReviewView): string[] {
  if (report.state !== 'INNSENDT' || view.canDecide) return [];
  const m = deps.approvalTexts.messages;
  return [isReporter(report, event.actor) ? m.ownReportNote[event.locale] : m.readOnlyNote[event.locale]];
}

/** The review card of the report as it is stored now, for this actor. */
export function currentCard(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent, notices: string[] = [], extra: Partial<ReviewView> = {}): OutboundIntent {
  const view = viewFor(deps, report, event.actor);
  const ministry = ministryOf(report, deps.content.organisations);
  const all = [...notices, ...readOnlyNotes(deps, report, event, view)];
  return card('review-card', buildReviewCard(deps, report, ministry, event.locale, { ...view, ...extra, notices: all }));
}

async function refuse(deps: ApprovalDeps, event: ActionEvent, action: 'approve' | 'return' | 'open', reason: RefusalReason, target: ReportRecord | string | undefined, params: Record<string, string | number> = {}): Promise<OutboundIntent[]> {
  await auditRefusal(deps, event.actor, action, reason, target);
  return [notice([refusalText(deps, reason, event.locale, params)])];
}

/** A reviewer of the report's ministry, or a coordinator, may open its review card. */
export async function openReview(deps: ApprovalDeps, event: ActionEvent): Promise<OutboundIntent[]> {
  const ref = parseReportRef(event.data, 'open');
  if (!ref.ok) return refuse(deps, event, 'open', ref.reason, ref.reportId);
  const report = await deps.reports.findById(ref.value.reportId);
  if (!report) return refuse(deps, event, 'open', 'not-found', ref.value.reportId);
  const roles = deps.roles.rolesOf(event.actor);
  const ministry = ministryOf(report, deps.content.organisations);
  const allowed = roles.coordinator || (ministry !== undefined && roles.reviewerFor.includes(ministry));
  if (!allowed) return refuse(deps, event, 'open', 'not-reviewer', report, { ministry: ministry ?? '–' });
  return [currentCard(deps, report, event)];
}

/** A newer version of the project that was submitted makes this one stale for review. */
async function newerSubmittedVersion(deps: ApprovalDeps, report: ReportRecord): Promise<ReportRecord | undefined> {
  const versions = await deps.queries.listVersions(report.projectId);
  return versions.find((v) => v.reportVersion > report.reportVersion && v.state !== 'UTKAST');
}

/** Checks in order: who (role, four-eyes), which version (rev, state, newer version). */
async function checkDecisionAllowed(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent, rev: number): Promise<{ reason: RefusalReason; params?: Record<string, string | number>; showCard?: boolean } | undefined> {
  const ministry = ministryOf(report, deps.content.organisations);
  if (ministry === undefined || !deps.roles.rolesOf(event.actor).reviewerFor.includes(ministry)) return { reason: 'not-reviewer', params: { ministry: ministry ?? '–' } };
  if (isReporter(report, event.actor)) return { reason: 'own-report' };
  if (report.rev !== rev) return { reason: 'stale', showCard: true };
  if (report.state !== 'INNSENDT') return { reason: 'wrong-state', params: { state: deps.texts.states[report.state][event.locale] }, showCard: true };
  const newer = await newerSubmittedVersion(deps, report);
  return newer ? { reason: 'superseded', params: { version: newer.reportVersion } } : undefined;
}

function decisionOf(event: ActionEvent, outcome: Outcome, input: DecisionInput, report: ReportRecord, now: Date): MinistryDecision | undefined {
  const by = { platform: event.actor.platform, userId: event.actor.userId, displayName: event.actor.displayName };
  const base: MinistryDecision = { outcome, by, at: now, ...(input.comment ? { comment: input.comment } : {}) };
  if (outcome === 'RETURNERT') return base;
  const sharingLevel = input.sharingLevel ?? proposedSharingLevel(report);
  return sharingLevel ? { ...base, sharingLevel } : undefined;
}

function changesFor(decision: MinistryDecision, now: Date): ReportChanges {
  return decision.outcome === 'GODKJENT' ? { state: 'GODKJENT', decision, approvedAt: now } : { state: 'RETURNERT', decision };
}

function doneText(deps: ApprovalDeps, report: ReportRecord, event: ActionEvent): string {
  const m = deps.approvalTexts.messages;
  const params = { name: projectName(report, deps.texts, event.locale), version: report.reportVersion, reporter: report.reporter.displayName, level: sharingLevelLabel(deps, report.decision?.sharingLevel, event.locale) };
  return pick(report.state === 'GODKJENT' ? m.approved : m.returned, event.locale, params);
}

async function inputRefusal(deps: ApprovalDeps, event: ActionEvent, action: 'approve' | 'return', report: ReportRecord, reason: RefusalReason): Promise<OutboundIntent[]> {
  await auditRefusal(deps, event.actor, action, reason, report);
  const message = refusalText(deps, reason, event.locale, { count: typedCommentLength(event.data), max: COMMENT_MAX });
  const raw = event.data;
  const draft = { comment: typeof raw['comment'] === 'string' ? raw['comment'].slice(0, 5 * COMMENT_MAX) : '', sharingLevel: typeof raw['sharingLevel'] === 'string' ? raw['sharingLevel'].slice(0, 20) : undefined };
  return [currentCard(deps, report, event, [], { errors: [message], draft })];
}

async function store(deps: ApprovalDeps, report: ReportRecord, rev: number, decision: MinistryDecision): Promise<ReportRecord | undefined> {
  try {
    return await deps.reports.update(report._id, rev, changesFor(decision, decision.at));
  } catch (err) {
    if (err instanceof ConcurrencyConflict) return undefined;
    throw err;
  }
}

/** Approve or return a submitted report (§7.3): every check on the server, every attempt audited. */
export async function decide(deps: ApprovalDeps, event: ActionEvent, outcome: Outcome): Promise<OutboundIntent[]> {
  const action = outcome === 'GODKJENT' ? 'approve' : 'return';
  const ref = parseReportRef(event.data, 'decide');
  if (!ref.ok) return refuse(deps, event, action, ref.reason, ref.reportId);
  const report = await deps.reports.findById(ref.value.reportId);
  if (!report) return refuse(deps, event, action, 'not-found', ref.value.reportId);
  const rev = ref.value.rev as number;
  const blocked = await checkDecisionAllowed(deps, report, event, rev);
  if (blocked) {
    if (!blocked.showCard) return refuse(deps, event, action, blocked.reason, report, blocked.params);
    await auditRefusal(deps, event.actor, action, blocked.reason, report);
    return [currentCard(deps, report, event, [refusalText(deps, blocked.reason, event.locale, blocked.params)])];
  }
  const input = parseDecisionInput(event.data, outcome === 'RETURNERT');
  if (!input.ok) return inputRefusal(deps, event, action, report, input.reason);
  const decision = decisionOf(event, outcome, input.value, report, deps.clock.now());
  if (!decision) return inputRefusal(deps, event, action, report, 'invalid-sharing-level');
  const saved = await store(deps, report, rev, decision);
  if (!saved) return staleAfterConflict(deps, event, action, report);
  await deps.audit.record({ actor: auditActor(event.actor), action, outcome: 'ok', ...auditReport(deps, report), toState: saved.state, ...(decision.sharingLevel ? { sharingLevel: decision.sharingLevel } : {}) });
  notifyDecision(deps, saved);
  return [currentCard(deps, saved, event, [doneText(deps, saved, event)])];
}

/** Someone else changed the report between our read and our write: nothing was written. */
export async function staleAfterConflict(deps: ApprovalDeps, event: ActionEvent, action: 'approve' | 'return' | 'withdraw', report: ReportRecord): Promise<OutboundIntent[]> {
  await auditRefusal(deps, event.actor, action, 'stale', report);
  const current = await deps.reports.findById(report._id);
  const text = refusalText(deps, 'stale', event.locale);
  return current ? [currentCard(deps, current, event, [text])] : [notice([text])];
}
