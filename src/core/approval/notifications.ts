import { pick, type Locale } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import { projectName } from '../reporting/form-model.js';
import { REPORT_VERBS } from '../reporting/reporting-conversation.js';
import type { ReportRecord } from '../reporting/report.js';
import { APPROVAL_VERBS, type ApprovalDeps } from './approval-context.js';
import { buildReviewCard, ministryName, reviewNotice, sharingLevelLabel } from './review-model.js';
import { matchesActor, type UserMatcher } from './roles.js';
import type { Actor } from '../events.js';
import { ministryOf } from './report-facts.js';

/** The proactive messages of §7.3: on submit → reviewers; on return → reporter; on approval → reporter and coordinators. */

function reporterKey(report: ReportRecord): string | undefined {
  return report.reporter.platform === 'demo' ? undefined : `${report.reporter.platform}:${report.reporter.userId}`;
}

function names(deps: ApprovalDeps, report: ReportRecord, locale: Locale) {
  return {
    name: projectName(report, deps.texts, locale),
    version: report.reportVersion,
    ministry: ministryName(deps, ministryOf(report, deps.content.organisations), locale),
    level: sharingLevelLabel(deps, report.decision?.sharingLevel, locale),
    by: report.decision?.by.displayName ?? '',
  };
}

/** Reviewers of the report's ministry get the review card itself; the reporter is never asked to review their own report. */
export function notifyReviewers(deps: ApprovalDeps, report: ReportRecord, reporter: Actor): void {
  const ministry = ministryOf(report, deps.content.organisations);
  if (!ministry) return;
  const others = deps.roles.reviewersOf(ministry).filter((m: UserMatcher) => !matchesActor(m, reporter));
  deps.notifier.notify(others, (locale) => {
    const notices = [pick(deps.approvalTexts.messages.notifySubmittedTitle, locale, { reporter: report.reporter.displayName })];
    return [card('review-card', buildReviewCard(deps, report, ministry, locale, { canDecide: true, canWithdraw: false, notices }))];
  });
}

function returnedMessage(deps: ApprovalDeps, report: ReportRecord, locale: Locale): OutboundIntent {
  const m = deps.approvalTexts.messages;
  const fix = { title: deps.approvalTexts.buttons.fixAndResubmit[locale], verb: REPORT_VERBS.update, data: { _report: report._id } };
  const lines = [pick(m.notifyReturnedBody, locale, names(deps, report, locale)), m.notifyReturnedHint[locale]];
  return card('review-notice', reviewNotice(m.notifyReturnedTitle[locale], lines, [fix], report.decision?.comment ?? ''));
}

function approvedMessage(deps: ApprovalDeps, report: ReportRecord, locale: Locale): OutboundIntent {
  const m = deps.approvalTexts.messages;
  return card('review-notice', reviewNotice(m.notifyApprovedTitle[locale], [pick(m.notifyApprovedBody, locale, names(deps, report, locale))]));
}

function coordinatorMessage(deps: ApprovalDeps, report: ReportRecord, locale: Locale): OutboundIntent {
  const m = deps.approvalTexts.messages;
  const open = { title: deps.approvalTexts.buttons.open[locale], verb: APPROVAL_VERBS.open, data: { _report: report._id } };
  return card('review-notice', reviewNotice(m.notifyCoordinatorTitle[locale], [pick(m.notifyCoordinatorBody, locale, names(deps, report, locale))], [open]));
}

export function notifyDecision(deps: ApprovalDeps, report: ReportRecord): void {
  const reporter = reporterKey(report);
  if (report.state === 'RETURNERT') {
    if (reporter) deps.notifier.notify([{ userKey: reporter }], (locale) => [returnedMessage(deps, report, locale)]);
    return;
  }
  if (reporter) deps.notifier.notify([{ userKey: reporter }], (locale) => [approvedMessage(deps, report, locale)]);
  deps.notifier.notify(deps.roles.coordinators(), (locale) => [coordinatorMessage(deps, report, locale)]);
}

/** A coordinator withdrew someone's project: the reporter is told. */
export function notifyWithdrawn(deps: ApprovalDeps, report: ReportRecord, by: Actor): void {
  const reporter = reporterKey(report);
  if (!reporter || (report.reporter.platform === by.platform && report.reporter.userId === by.userId)) return;
  const m = deps.approvalTexts.messages;
  deps.notifier.notify([{ userKey: reporter }], (locale) => [
    card('review-notice', reviewNotice(m.notifyWithdrawnTitle[locale], [pick(m.notifyWithdrawnBody, locale, { ...names(deps, report, locale), by: by.displayName })])),
  ]);
}
