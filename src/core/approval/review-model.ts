import { pick, type Locale } from '../i18n.js';
import { buildSummary, fieldDef, projectName } from '../reporting/form-model.js';
import type { ReportRecord, SharingLevel } from '../reporting/report.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { choicesFor, displayValue } from '../reporting/validate-group.js';
import type { BotTexts } from '../texts.js';
import type { ApprovalTexts } from './approval-texts.js';
import { proposedSharingLevel } from './report-facts.js';

/**
 * Channel-agnostic models of the approval cards (cards/teams/review-*.json). Every text is already
 * in the viewer's language; user text is escaped by the channel renderer.
 */
export const COMMENT_MAX = 1000;

export interface Fact {
  label: string;
  value: string;
}

export interface ReviewCardModel {
  control: { _report: string; _rev: number };
  title: string;
  facts: Fact[];
  notices: string[];
  errors: string[];
  changesTitle: string;
  changes: string[];
  decisionLines: string[];
  groups: { title: string; items: Fact[] }[];
  canDecide: boolean;
  canWithdraw: boolean;
  /** A "back to the queue" button for reviewers. */
  showQueue: boolean;
  sharing: { label: string; value: string; choices: { title: string; value: string }[] };
  comment: { label: string; placeholder: string; value: string; maxLength: number };
  buttons: { approve: string; return: string; withdraw: string; queue: string };
}

/** What the viewer may do on the card, decided by the service from roles (never by the card). */
export interface ReviewView {
  canDecide: boolean;
  canWithdraw: boolean;
  showQueue?: boolean;
  notices?: string[];
  errors?: string[];
  /** What the reviewer typed, kept when the action was refused for the input. */
  draft?: { comment?: string; sharingLevel?: string };
}

export interface ModelContext {
  content: ReportingContent;
  texts: BotTexts;
  approvalTexts: ApprovalTexts;
}

export function formatWhen(d: Date | undefined, locale: Locale): string {
  if (!d) return '–';
  return d.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo',
  });
}

export function sharingLevelLabel(ctx: ModelContext, level: string | undefined, locale: Locale): string {
  const field = fieldDef(ctx.content, 'sharingLevel');
  return choicesFor(field, ctx.content).find((c) => c.value === level)?.label[locale] ?? '–';
}

export function ministryName(ctx: ModelContext, ministry: string | undefined, locale: Locale): string {
  const found = ctx.content.organisations.ministries.find((m) => m.id === ministry);
  return found ? found.name[locale] : ctx.approvalTexts.messages.noMinistry[locale];
}

function answerText(ctx: ModelContext, report: ReportRecord, fieldId: string, locale: Locale): string {
  return displayValue(fieldDef(ctx.content, fieldId), report.answers[fieldId], locale, ctx.content);
}

function fieldLabel(ctx: ModelContext, fieldId: string, locale: Locale): string {
  return ctx.content.template.fields.find((f) => f.id === fieldId)?.label[locale] ?? fieldId;
}

function reviewFacts(ctx: ModelContext, report: ReportRecord, ministry: string | undefined, locale: Locale): Fact[] {
  const m = ctx.approvalTexts.messages;
  return [
    { label: m.factState[locale], value: ctx.texts.states[report.state][locale] },
    { label: m.factVersion[locale], value: String(report.reportVersion) },
    { label: m.factAgency[locale], value: answerText(ctx, report, 'agency', locale) },
    { label: m.factMinistry[locale], value: ministryName(ctx, ministry, locale) },
    { label: m.factReporter[locale], value: report.reporter.displayName },
    { label: m.factSubmitted[locale], value: formatWhen(report.submittedAt, locale) },
    { label: m.factProposal[locale], value: sharingLevelLabel(ctx, proposedSharingLevel(report), locale) },
  ];
}

function decisionLines(ctx: ModelContext, report: ReportRecord, locale: Locale): string[] {
  const d = report.decision;
  if (!d) return [];
  const m = ctx.approvalTexts.messages;
  const lines = [pick(m.decisionLine, locale, { outcome: ctx.texts.states[d.outcome][locale], by: d.by.displayName, when: formatWhen(d.at, locale) })];
  if (d.sharingLevel) lines.push(pick(m.decisionSharing, locale, { level: sharingLevelLabel(ctx, d.sharingLevel, locale) }));
  if (d.comment) lines.push(pick(m.decisionComment, locale, { comment: d.comment }));
  return lines;
}

function changes(ctx: ModelContext, report: ReportRecord, locale: Locale): { title: string; items: string[] } {
  if (report.reportVersion <= 1 || !report.changeLog) return { title: '', items: [] };
  const m = ctx.approvalTexts.messages;
  const items = report.changeLog.map((c) => fieldLabel(ctx, c.field, locale));
  return { title: pick(m.changesTitle, locale, { previous: report.reportVersion - 1 }), items: items.length > 0 ? items : [m.noChanges[locale]] };
}

function sharingChoices(ctx: ModelContext, locale: Locale): { title: string; value: string }[] {
  return choicesFor(fieldDef(ctx.content, 'sharingLevel'), ctx.content).map((c) => ({ title: c.label[locale], value: c.value }));
}

export function buildReviewCard(ctx: ModelContext, report: ReportRecord, ministry: string | undefined, locale: Locale, view: ReviewView): ReviewCardModel {
  const m = ctx.approvalTexts.messages;
  const b = ctx.approvalTexts.buttons;
  const summary = buildSummary(ctx.content, ctx.texts, report, locale);
  const changed = changes(ctx, report, locale);
  const proposal: SharingLevel | undefined = proposedSharingLevel(report);
  return {
    control: { _report: report._id, _rev: report.rev },
    title: pick(m.reviewTitle, locale, { name: projectName(report, ctx.texts, locale) }),
    facts: reviewFacts(ctx, report, ministry, locale),
    notices: view.notices ?? [],
    errors: view.errors ?? [],
    changesTitle: changed.title,
    changes: changed.items,
    decisionLines: decisionLines(ctx, report, locale),
    groups: summary.groups.map((g) => ({ title: g.title, items: g.items })),
    canDecide: view.canDecide,
    canWithdraw: view.canWithdraw,
    showQueue: view.showQueue ?? false,
    sharing: { label: m.sharingLabel[locale], value: view.draft?.sharingLevel ?? proposal ?? '', choices: sharingChoices(ctx, locale) },
    comment: { label: pick(m.commentLabel, locale, { max: COMMENT_MAX }), placeholder: m.commentPlaceholder[locale], value: view.draft?.comment ?? '', maxLength: COMMENT_MAX },
    buttons: { approve: b.approve[locale], return: b.return[locale], withdraw: b.withdraw[locale], queue: b.awaitingApproval[locale] },
  };
}

// ---------------------------------------------------------------------------------------------
// Queue, overview, notices

export interface QueueModel {
  title: string;
  intro: string;
  empty: string;
  items: { reportId: string; name: string; line: string }[];
  buttons: { open: string };
}

export function buildQueue(ctx: ModelContext, reports: ReportRecord[], ministries: string[], ministryFor: (r: ReportRecord) => string | undefined, locale: Locale): QueueModel {
  const m = ctx.approvalTexts.messages;
  const names = ministries.map((id) => ministryName(ctx, id, locale)).join(', ');
  const items = reports.map((r) => ({
    reportId: r._id,
    name: projectName(r, ctx.texts, locale),
    line: pick(m.queueLine, locale, {
      ministry: ministryName(ctx, ministryFor(r), locale),
      version: r.reportVersion,
      submitted: formatWhen(r.submittedAt, locale),
      reporter: r.reporter.displayName,
    }),
  }));
  return {
    title: pick(m.queueTitle, locale, { count: items.length }),
    intro: items.length > 0 ? pick(m.queueIntro, locale, { ministries: names }) : '',
    empty: items.length === 0 ? pick(m.queueEmpty, locale, { ministries: names }) : '',
    items,
    buttons: { open: ctx.approvalTexts.buttons.open[locale] },
  };
}

export interface NoticeAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

export interface ReviewNoticeModel {
  title: string;
  lines: string[];
  /** A quoted user text (a reviewer's comment), shown apart from the bot's own lines. */
  quote: string;
  actions: NoticeAction[];
}

export function reviewNotice(title: string, lines: string[], actions: NoticeAction[] = [], quote = ''): ReviewNoticeModel {
  return { title, lines, quote, actions };
}
