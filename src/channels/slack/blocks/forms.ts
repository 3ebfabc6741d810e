import type { Locale } from '../../../core/i18n.js';
import type { FormField, FormInput, GroupFormModel, SummaryModel } from '../../../core/reporting/form-model.js';
import type { SlackTexts } from '../slack-settings.js';
import { actions, bold, bullets, clip, context, esc, LIMITS, plain, sections, textLines, type Block } from './kit.js';

/** Every input block has block_id = the core's input id and this one action id. */
export const INPUT_ACTION_ID = 'value';
/** Slack cannot send an empty option value; the core's "" (not answered / unknown) travels as this. */
export const EMPTY_OPTION = '__empty__';

export interface ChoiceLike {
  value: string;
  title: string;
}

function option(c: ChoiceLike): Record<string, unknown> {
  return { text: plain(c.title, LIMITS.optionText), value: c.value === '' ? EMPTY_OPTION : clip(c.value, LIMITS.optionValue) };
}

function selectElement(choices: ChoiceLike[], value: string): Record<string, unknown> {
  const options = choices.slice(0, LIMITS.options).map(option);
  const selected = choices.find((c) => c.value === value);
  return { type: 'static_select', action_id: INPUT_ACTION_ID, options, ...(selected && value !== '' ? { initial_option: option(selected) } : {}) };
}

function multiSelectElement(choices: ChoiceLike[], value: string): Record<string, unknown> {
  const options = choices.slice(0, LIMITS.options).map(option);
  const chosen = new Set(value.split(',').map((v) => v.trim()).filter(Boolean));
  const initial = choices.filter((c) => chosen.has(c.value)).map(option);
  return { type: 'multi_static_select', action_id: INPUT_ACTION_ID, options, ...(initial.length > 0 ? { initial_options: initial } : {}) };
}

export function textElement(value: string, multiline: boolean, maxLength: number = LIMITS.inputValue): Record<string, unknown> {
  return {
    type: 'plain_text_input',
    action_id: INPUT_ACTION_ID,
    multiline,
    max_length: Math.min(maxLength, LIMITS.inputValue),
    ...(value !== '' ? { initial_value: clip(value, LIMITS.inputValue) } : {}),
  };
}

export interface InputSpec {
  id: string;
  label: string;
  hint?: string;
  element: Record<string, unknown>;
}

export function inputBlock(spec: InputSpec): Block {
  return {
    type: 'input',
    block_id: spec.id,
    optional: true,
    label: plain(spec.label, LIMITS.inputLabel),
    element: spec.element,
    ...(spec.hint ? { hint: plain(spec.hint, LIMITS.inputHint) } : {}),
  };
}

function elementFor(input: FormInput): Record<string, unknown> {
  switch (input.kind) {
    case 'choice':
      return selectElement(input.choices, input.value);
    case 'multichoice':
      return multiSelectElement(input.choices, input.value);
    default:
      return textElement(input.value, input.kind === 'longtext');
  }
}

function fieldBlocks(field: FormField): Block[] {
  const heading = field.inputs.length > 1 ? sections(bold(`${field.label} ${field.requiredMark}`.trim())) : [];
  const inputs = field.inputs.map((input, i) => inputBlock({ id: input.id, label: input.label, hint: i === field.inputs.length - 1 ? field.help : '', element: elementFor(input) }));
  const error = field.error ? context([`:warning: ${esc(field.error)}`]) : [];
  return [...heading, ...inputs, ...error];
}

/** Where a submission's field errors are shown (`response_action: errors`): block id → message. */
export function groupFormErrors(model: GroupFormModel): Record<string, string> | undefined {
  if (model.errorsTitle === '') return undefined;
  const errors: Record<string, string> = {};
  for (const field of model.fields) {
    const first = field.inputs[0];
    if (field.error && first) errors[first.id] = clip(field.error, 1900);
  }
  const firstInput = model.fields[0]?.inputs[0];
  if (model.errors.length > 0 && firstInput) errors[firstInput.id] = clip([errors[firstInput.id], ...model.errors].filter(Boolean).join(' '), 1900);
  return Object.keys(errors).length > 0 ? errors : undefined;
}

export function groupFormInputIds(model: GroupFormModel): string[] {
  return model.fields.flatMap((f) => f.inputs.map((i) => i.id));
}

export function groupFormBlocks(model: GroupFormModel): Block[] {
  return [
    ...sections(`${bold(model.title)}\n${esc(model.progress)}`),
    ...(model.intro ? context([esc(model.intro)]) : []),
    ...textLines(model.notices.map((n) => `ℹ️ ${n}`)),
    ...(model.errorsTitle ? sections([bold(model.errorsTitle), bullets(model.errors)].filter(Boolean).join('\n')) : []),
    ...model.fields.flatMap(fieldBlocks),
    ...(model.canGoBack ? actions([{ text: model.buttons.back, verb: 'report.back' }], 'nav') : []),
  ];
}

export function summaryBlocks(model: SummaryModel): Block[] {
  const groups = model.groups.flatMap((g, i) => {
    const lines = g.items.map((item) => `${esc(item.label)}: ${esc(item.value)}`);
    const errs = g.errors.map((e) => `:warning: ${esc(e)}`);
    const body = sections([bold(g.title), ...lines, ...errs].join('\n'));
    return [...body, ...actions([{ text: model.buttons.edit, verb: 'report.edit', data: { _goto: g.id } }], `edit-${i}`)];
  });
  return [
    ...sections(bold(model.title)),
    ...(model.intro ? context([esc(model.intro)]) : []),
    ...textLines(model.notices.map((n) => `ℹ️ ${n}`)),
    ...(model.errorsTitle ? sections([bold(model.errorsTitle), bullets(model.errors)].join('\n')) : []),
    ...(model.warningsTitle ? sections([bold(model.warningsTitle), bullets(model.warnings)].join('\n')) : []),
    ...groups,
    ...actions([{ text: model.buttons.back, verb: 'report.back' }], 'nav'),
  ];
}

/** The submit label of a group form: the core's texts, shortened to what a modal button holds. */
export function groupSubmitLabel(model: GroupFormModel, texts: SlackTexts, locale: Locale, nextText: string): string {
  return model.buttons.next === nextText ? clip(nextText, LIMITS.modalButton) : texts.messages.toSummary[locale];
}
