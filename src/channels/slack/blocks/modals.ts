import type { Locale } from '../../../core/i18n.js';
import type { ReviewCardModel } from '../../../core/approval/review-model.js';
import type { PhaseConfirmModel, RegisterFormModel, TaskCardItem } from '../../../core/merger/merger-cards.js';
import type { CardIntent } from '../../../core/outbound.js';
import type { GroupFormModel, SummaryModel } from '../../../core/reporting/form-model.js';
import type { BotTexts } from '../../../core/texts.js';
import type { SlackMessageKey, SlackTexts } from '../slack-settings.js';
import { groupFormBlocks, groupFormErrors, groupFormInputIds, groupSubmitLabel, inputBlock, summaryBlocks, textElement, type ChoiceLike } from './forms.js';
import { bold, clip, context, esc, LIMITS, plain, sections, textLines, type Block } from './kit.js';
import { renderMessage, reviewBody, type RenderedMessage } from './messages.js';
import { EMPTY_OPTION, INPUT_ACTION_ID } from './forms.js';

export const MODAL_CALLBACK_ID = 'samhandling.form';

/** How a submission of the modal becomes a core action: the verb, the control data, the input ids it may carry. */
export interface ModalForm {
  verb: string;
  data: Record<string, unknown>;
  inputs: string[];
}

export interface RenderedModal {
  view: Record<string, unknown>;
  form?: ModalForm;
  /** Field errors of a re-shown form, for `response_action: errors`. */
  errors?: Record<string, string>;
  /** The step a report form shows, to tell "same form with errors" from "next form". */
  step?: string;
}

export interface ModalContext {
  texts: SlackTexts;
  botTexts: BotTexts;
  locale: Locale;
}

const MODAL_CARDS = new Set<string>(['group-form', 'summary', 'merger-register', 'merger-phase']);

/** Cards that are forms: in Slack they live in modals, never in a message. */
export function isFormCard(intent: CardIntent): boolean {
  return MODAL_CARDS.has(intent.cardId);
}

function view(ctx: ModalContext, title: SlackMessageKey, blocks: Block[], submit?: string): Record<string, unknown> {
  const t = ctx.texts.messages;
  const limited = blocks.length > LIMITS.viewBlocks ? [...blocks.slice(0, LIMITS.viewBlocks - 1), ...context([esc(t.truncated[ctx.locale])])] : blocks;
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    title: plain(t[title][ctx.locale], LIMITS.modalTitle),
    close: plain(submit ? t.cancel[ctx.locale] : t.close[ctx.locale], LIMITS.modalButton),
    ...(submit ? { submit: plain(submit, LIMITS.modalButton) } : {}),
    blocks: limited,
  };
}

function groupForm(ctx: ModalContext, d: GroupFormModel): RenderedModal {
  const submit = groupSubmitLabel(d, ctx.texts, ctx.locale, ctx.botTexts.buttons.next[ctx.locale]);
  return {
    view: view(ctx, 'modalReport', groupFormBlocks(d), submit),
    form: { verb: 'report.next', data: { ...d.control }, inputs: groupFormInputIds(d) },
    errors: groupFormErrors(d),
    step: d.control._step,
  };
}

function summary(ctx: ModalContext, d: SummaryModel): RenderedModal {
  return { view: view(ctx, 'modalReport', summaryBlocks(d), d.buttons.submit), form: { verb: 'report.submit', data: { ...d.control }, inputs: [] }, step: 'summary' };
}

const select = (id: string, label: string, choices: ChoiceLike[], value: string, hint = ''): Block => {
  const option = (c: ChoiceLike) => ({ text: plain(c.title, LIMITS.optionText), value: c.value === '' ? EMPTY_OPTION : clip(c.value, LIMITS.optionValue) });
  const selected = choices.find((c) => c.value === value);
  const element = { type: 'static_select', action_id: INPUT_ACTION_ID, options: choices.slice(0, LIMITS.options).map(option), ...(selected ? { initial_option: option(selected) } : {}) };
  return inputBlock({ id, label, hint, element });
};

function register(ctx: ModalContext, d: RegisterFormModel): RenderedModal {
  const blocks = [
    ...sections(bold(d.title)),
    ...textLines([d.intro]),
    inputBlock({ id: 'name', label: d.nameLabel, element: textElement(d.values.name, false, 200) }),
    inputBlock({ id: 'municipalities', label: d.municipalitiesLabel, element: textElement(d.values.municipalities, true, 1000) }),
    inputBlock({ id: 'mergerDate', label: d.mergerDateLabel, element: textElement(d.values.mergerDate, false, 40) }),
    ...d.conditions.map((c) => select(c.id, c.label, c.choices, c.value, c.help)),
  ];
  const errors = Object.fromEntries(Object.entries(d.errors).filter(([, v]) => v !== ''));
  return {
    view: view(ctx, 'modalMerger', blocks, clip(d.button, LIMITS.modalButton)),
    form: { verb: 'merger.register', data: {}, inputs: ['name', 'municipalities', 'mergerDate', ...d.conditions.map((c) => c.id)] },
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
    step: 'merger-register',
  };
}

function phase(ctx: ModalContext, d: PhaseConfirmModel): RenderedModal {
  const blocks = [...sections(bold(d.title)), ...textLines([d.text]), select('phase', d.phaseLabel, d.phases, d.proposed)];
  return { view: view(ctx, 'modalMerger', blocks, clip(d.button, LIMITS.modalButton)), form: { verb: 'merger.confirm', data: { ...d.registration }, inputs: ['phase'] }, step: 'merger-phase' };
}

/** A form card as a modal; undefined for cards that are messages. */
export function renderModal(ctx: ModalContext, intent: CardIntent): RenderedModal | undefined {
  switch (intent.cardId) {
    case 'group-form':
      return groupForm(ctx, intent.data as GroupFormModel);
    case 'summary':
      return summary(ctx, intent.data as SummaryModel);
    case 'merger-register':
      return register(ctx, intent.data as RegisterFormModel);
    case 'merger-phase':
      return phase(ctx, intent.data as PhaseConfirmModel);
    default:
      return undefined;
  }
}

/** Any message card shown read-only in a modal (results inside a report modal, refusals). */
export function messageModal(ctx: ModalContext, message: RenderedMessage, title: SlackMessageKey = 'modalNotice'): RenderedModal {
  return { view: view(ctx, title, message.blocks) };
}

export function cardModal(ctx: ModalContext, intent: CardIntent): RenderedModal {
  return renderModal(ctx, intent) ?? messageModal(ctx, renderMessage(intent), intent.cardId === 'submitted' ? 'modalReport' : 'modalNotice');
}

/** Approve or return: the sharing level and the comment, then the core's approval verb. */
export function decisionModal(ctx: ModalContext, d: ReviewCardModel, verb: 'approval.approve' | 'approval.return'): RenderedModal {
  const submit = verb === 'approval.approve' ? d.buttons.approve : d.buttons.return;
  const blocks = [
    ...reviewBody(d).slice(0, 40),
    select('sharingLevel', d.sharing.label, d.sharing.choices, d.sharing.value),
    inputBlock({ id: 'comment', label: d.comment.label, element: { ...textElement(d.comment.value, true, d.comment.maxLength), placeholder: plain(d.comment.placeholder, 150) } }),
  ];
  return { view: view(ctx, 'modalReview', blocks, clip(submit, LIMITS.modalButton)), form: { verb, data: { ...d.control }, inputs: ['sharingLevel', 'comment'] }, step: verb };
}

export function reviewErrors(d: ReviewCardModel): Record<string, string> | undefined {
  return d.errors.length > 0 ? { comment: clip(d.errors.join(' '), 1900) } : undefined;
}

/** "Not relevant": the reason, then `merger.task` with `_op: not_relevant`. */
export function reasonModal(ctx: ModalContext, mergerId: string, item: TaskCardItem, confirm: string): RenderedModal {
  const id = `reason__${item.taskId}`;
  const blocks = [...sections(bold(item.title)), inputBlock({ id, label: item.reasonLabel || ctx.texts.messages.reasonLabel[ctx.locale], element: textElement('', true, 500) })];
  return { view: view(ctx, 'modalReason', blocks, clip(confirm, LIMITS.modalButton)), form: { verb: 'merger.task', data: { _merger: mergerId, _task: item.taskId, _op: 'not_relevant' }, inputs: [id] }, step: 'merger-reason' };
}

export function detailsModal(ctx: ModalContext, item: TaskCardItem): RenderedModal {
  return { view: view(ctx, 'modalDetails', [...sections(bold(item.title)), ...textLines([item.detail, ...item.detailLines])]) };
}

/** Shown while a slow submission finishes; replaced by `views.update`. */
export function workingModal(ctx: ModalContext): RenderedModal {
  return { view: view(ctx, 'modalNotice', textLines([ctx.texts.messages.working[ctx.locale]])) };
}
