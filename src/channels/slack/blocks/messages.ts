import type { HelpModel } from '../../../core/conversation/bot-core.js';
import type { SubmittedModel } from '../../../core/reporting/reporting-conversation.js';
import type { MyReportsModel } from '../../../core/approval/my-reports-model.js';
import type { OverviewModel } from '../../../core/approval/overview-model.js';
import type { QueueModel, ReviewCardModel, ReviewNoticeModel } from '../../../core/approval/review-model.js';
import type { NextModel, ProgressModel, TopicModel } from '../../../core/merger/merger-cards.js';
import type { CardIntent } from '../../../core/outbound.js';
import type { ReportListModel } from '../../../core/reporting/report-list.js';
import type { NoticeModel } from '../../../core/reporting/reporting-conversation.js';
import { digestList, digestProjects, digestSummary } from './digest.js';
import { actions, bold, bullets, context, divider, esc, header, sections, textLines, titledList, type Block, type ButtonSpec } from './kit.js';

/** Verbs the Slack adapter answers itself by opening a modal (the Teams cards show these inline). */
export const SLACK_VERBS = {
  openForm: 'slack.openForm',
  decide: 'slack.decide',
  reason: 'slack.reason',
  details: 'slack.details',
} as const;

export interface RenderedMessage {
  /** Notification and screen-reader text. */
  text: string;
  blocks: Block[];
}

const acts = (list: { title: string; verb: string; data: Record<string, unknown> }[]): ButtonSpec[] => list.map((a) => ({ text: a.title, verb: a.verb, data: a.data }));

function notice(d: NoticeModel): RenderedMessage {
  return { text: d.title || d.lines[0] || ' ', blocks: [...(d.title ? sections(bold(d.title)) : []), ...textLines(d.lines), ...actions(acts(d.actions))] };
}

function help(d: HelpModel): RenderedMessage {
  return {
    text: d.title,
    blocks: [
      header(d.title),
      ...textLines([d.intro]),
      ...sections(bullets(d.commands)),
      ...context([esc(d.topics), esc(d.footer)]),
      ...actions([{ text: d.buttons.newReport, verb: 'nav.newReport', style: 'primary' }, { text: d.buttons.myReports, verb: 'nav.myReports' }]),
    ],
  };
}

function reportItems(d: ReportListModel | MyReportsModel): Block[] {
  return d.items.flatMap((item, i) => {
    const note = 'note' in item && item.note ? `\n:warning: ${esc(String(item.note))}` : '';
    const buttons: ButtonSpec[] = [];
    if (item.action === 'continue') buttons.push({ text: item.actionTitle, verb: 'report.resume', data: { _report: item.reportId } });
    if (item.action === 'update') buttons.push({ text: item.actionTitle, verb: 'report.update', data: { _report: item.reportId } });
    if ('canWithdraw' in item && item.canWithdraw) buttons.push({ text: item.withdrawTitle, verb: 'approval.withdraw', data: { _report: item.reportId, _rev: item.rev }, style: 'danger' });
    return [...sections(`${bold(item.name)}\n${esc(item.line)}${note}`), ...actions(buttons, `report-${i}`)];
  });
}

function reportList(d: ReportListModel | MyReportsModel): RenderedMessage {
  return {
    text: d.title,
    blocks: [header(d.title), ...textLines([d.empty]), ...reportItems(d), ...actions([{ text: d.buttons.newReport, verb: 'nav.newReport', style: 'primary' }], 'list-nav')],
  };
}

function submitted(d: SubmittedModel): RenderedMessage {
  return {
    text: d.title,
    blocks: [
      ...sections(`${bold(d.title)}\n${esc(d.body)}`),
      ...titledList(d.warningsTitle, d.warnings),
      ...titledList(d.flagsTitle, d.flags),
      ...actions([{ text: d.buttons.myReports, verb: 'nav.myReports' }, { text: d.buttons.newReport, verb: 'nav.newReport' }]),
    ],
  };
}

function mergerNext(d: NextModel): RenderedMessage {
  const items = d.items.flatMap((item) => [
    divider(),
    ...sections(`${bold(item.title)}\n${item.lines.map(esc).join('\n')}`),
    ...actions(
      [
        { text: d.buttons.done, verb: 'merger.task', data: { _merger: d.mergerId, _task: item.taskId, _op: 'done' }, style: 'primary' },
        { text: d.buttons.notRelevant, verb: SLACK_VERBS.reason, data: { _merger: d.mergerId, _task: item.taskId } },
        { text: d.buttons.details, verb: SLACK_VERBS.details, data: { _task: item.taskId } },
        { text: d.buttons.later, verb: 'merger.task', data: { _merger: d.mergerId, _task: item.taskId, _op: 'later' } },
      ],
      `task-${item.taskId}`,
    ),
  ]);
  return {
    text: d.title,
    blocks: [
      header(d.title),
      ...context([esc(d.intro)]),
      ...textLines(d.notices.map((n) => `ℹ️ ${n}`)),
      ...textLines([d.empty]),
      ...items,
      divider(),
      ...actions([{ text: d.buttons.progress, verb: 'merger.progress' }], 'merger-nav'),
    ],
  };
}

function mergerProgress(d: ProgressModel): RenderedMessage {
  const phases = d.phases.map((p) => `${p.name}: ${p.value}`);
  const areas = d.areas.map((a) => `${a.name}: ${a.value}`);
  const advance: ButtonSpec[] = d.proposal && d.advanceTitle ? [{ text: d.advanceTitle, verb: 'merger.advance', data: d.control, style: 'primary' }] : [];
  return {
    text: d.title,
    blocks: [
      header(d.title),
      ...textLines(d.lines),
      ...titledList(d.byPhaseTitle, phases),
      ...titledList(d.byAreaTitle, areas),
      ...textLines([d.proposal]),
      ...actions([...advance, { text: d.buttons.whatNext, verb: 'merger.next' }], 'progress-nav'),
    ],
  };
}

function mergerTopic(d: TopicModel): RenderedMessage {
  return {
    text: d.title,
    blocks: [
      header(d.title),
      ...textLines(d.notices),
      ...titledList(d.areasTitle, d.areas.map((a) => `${a.name} – ${a.line}`)),
      ...titledList(d.tasksTitle, d.tasks.map((t) => `${t.title} – ${t.line}`)),
      ...titledList(d.solutionsTitle, d.solutions.map((s) => `${s.name} – ${s.line}`)),
      ...actions([{ text: d.buttons.whatNext, verb: 'merger.next' }], 'topic-nav'),
    ],
  };
}

export function reviewButtons(d: ReviewCardModel): ButtonSpec[] {
  const control = { _report: d.control._report, _rev: d.control._rev };
  return [
    ...(d.canDecide ? [{ text: d.buttons.approve, verb: SLACK_VERBS.decide, data: { ...control, _verb: 'approval.approve' }, style: 'primary' as const }] : []),
    ...(d.canDecide ? [{ text: d.buttons.return, verb: SLACK_VERBS.decide, data: { ...control, _verb: 'approval.return' } }] : []),
    ...(d.canWithdraw ? [{ text: d.buttons.withdraw, verb: 'approval.withdraw', data: control, style: 'danger' as const }] : []),
    ...(d.showQueue ? [{ text: d.buttons.queue, verb: 'approval.queue', data: {} }] : []),
  ];
}

export function reviewBody(d: ReviewCardModel): Block[] {
  const facts = d.facts.map((f) => `${esc(f.label)}: ${esc(f.value)}`).join('\n');
  return [
    header(d.title),
    ...textLines(d.notices.map((n) => `ℹ️ ${n}`)),
    ...textLines(d.errors.map((e) => `:warning: ${e}`)),
    ...sections(facts),
    ...titledList(d.changesTitle, d.changes),
    ...textLines(d.decisionLines),
    ...d.groups.flatMap((g) => sections([bold(g.title), ...g.items.map((i) => `${esc(i.label)}: ${esc(i.value)}`)].join('\n'))),
  ];
}

function reviewCard(d: ReviewCardModel): RenderedMessage {
  return { text: d.title, blocks: [...reviewBody(d), ...actions(reviewButtons(d), 'review-actions')] };
}

function reviewQueue(d: QueueModel): RenderedMessage {
  const items = d.items.flatMap((item, i) => [
    ...sections(`${bold(item.name)}\n${esc(item.line)}`),
    ...actions([{ text: d.buttons.open, verb: 'approval.open', data: { _report: item.reportId } }], `queue-${i}`),
  ]);
  return { text: d.title, blocks: [header(d.title), ...textLines([d.intro, d.empty]), ...items] };
}

function reviewNotice(d: ReviewNoticeModel): RenderedMessage {
  const quote = d.quote ? sections(`>${esc(d.quote).replace(/\n/g, '\n>')}`) : [];
  return { text: d.title, blocks: [...sections(bold(d.title)), ...textLines(d.lines), ...quote, ...actions(acts(d.actions))] };
}

function reviewOverview(d: OverviewModel): RenderedMessage {
  const rows = d.rows.map((r) => `${esc(r.label)}: ${esc(r.value)}`);
  const link: ButtonSpec[] = d.link.url.startsWith('https://') ? [{ text: d.link.title, verb: 'overview.link', url: d.link.url }] : [];
  return {
    text: d.title,
    blocks: [header(d.title), ...textLines([d.intro, d.empty]), ...sections(rows.join('\n')), ...sections(`${esc(d.total.label)}: ${esc(d.total.value)}`), ...textLines([d.link.text]), ...actions(link)],
  };
}

type Renderer = (data: any) => RenderedMessage;

const RENDERERS: Partial<Record<CardIntent['cardId'], Renderer>> = {
  notice,
  help,
  'report-list': reportList,
  'review-my-reports': reportList,
  submitted,
  'merger-next': mergerNext,
  'merger-progress': mergerProgress,
  'merger-topic': mergerTopic,
  'review-card': reviewCard,
  'review-queue': reviewQueue,
  'review-notice': reviewNotice,
  'review-overview': reviewOverview,
  'digest-summary': digestSummary,
  'digest-projects': digestProjects,
  'digest-list': digestList,
};

export function hasMessageRenderer(cardId: string): boolean {
  return cardId in RENDERERS;
}

/** A card intent as a chat message; forms are handled by the modal renderer. */
export function renderMessage(intent: CardIntent): RenderedMessage {
  const render = RENDERERS[intent.cardId];
  if (!render) throw new Error(`no Slack message renderer for card ${intent.cardId}`);
  return render(intent.data);
}
