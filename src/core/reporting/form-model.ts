import { pick, type Locale } from '../i18n.js';
import type { BotTexts } from '../texts.js';
import type { ReportRecord } from './report.js';
import type { FieldDef, ReportingContent } from './template-types.js';
import { choicesFor, displayValue, inputIdsFor, rawInputValue, type FieldError } from './validate-group.js';
import { groupIds } from './report-flow.js';

/**
 * Channel-agnostic models of the reporting cards. All texts are already in the user's language;
 * the Teams and Slack renderers only lay them out.
 */
export interface Choice {
  value: string;
  title: string;
}

export interface FormInput {
  id: string;
  kind: 'text' | 'longtext' | 'choice' | 'multichoice';
  label: string;
  value: string;
  choices: Choice[];
}

export interface FormField {
  id: string;
  label: string;
  help: string;
  required: boolean;
  requiredMark: string;
  error: string;
  inputs: FormInput[];
}

export interface ControlData {
  _report: string;
  _rev: number;
  _step: string;
}

export interface GroupFormModel {
  control: ControlData;
  title: string;
  progress: string;
  intro: string;
  errorsTitle: string;
  errors: string[];
  notices: string[];
  fields: FormField[];
  canGoBack: boolean;
  buttons: { next: string; back: string };
}

export interface SummaryItem {
  label: string;
  value: string;
}

export interface SummaryGroup {
  id: string;
  title: string;
  items: SummaryItem[];
  errors: string[];
}

export interface SummaryModel {
  control: ControlData;
  title: string;
  intro: string;
  errorsTitle: string;
  errors: string[];
  warningsTitle: string;
  warnings: string[];
  notices: string[];
  groups: SummaryGroup[];
  buttons: { edit: string; submit: string; back: string };
}

export interface FormState {
  errors?: FieldError[];
  rawEcho?: Record<string, string>;
  notices?: string[];
}

export function fieldDef(content: ReportingContent, id: string): FieldDef {
  const f = content.template.fields.find((x) => x.id === id);
  if (!f) throw new Error(`reporting template has no field ${id}`);
  return f;
}

function yesNoChoices(texts: BotTexts, locale: Locale): Choice[] {
  return [
    { value: 'true', title: texts.yesNo.true[locale] },
    { value: 'false', title: texts.yesNo.false[locale] },
  ];
}

function inputKind(field: FieldDef, inputId: string): FormInput['kind'] {
  const suffix = inputId.split('__').pop() ?? '';
  if (field.type === 'deadlines' && (suffix === 'mandatory' || suffix === 'notSet')) return 'choice';
  switch (field.type) {
    case 'longtext':
    case 'textList':
      return 'longtext';
    case 'enum':
    case 'boolean':
      return 'choice';
    case 'multiselect':
      return 'multichoice';
    default:
      return 'text';
  }
}

function subInputLabel(field: FieldDef, inputId: string, content: ReportingContent, texts: BotTexts, locale: Locale): string {
  if (inputId === field.id) return field.label[locale];
  const parts = inputId.split('__').slice(1);
  const suffix = parts[parts.length - 1] ?? '';
  const n = parts.length > 1 ? parts[0] ?? '' : '';
  const band = content.template.sizeBands?.find((b) => b.id === suffix);
  if (band) return `${field.label[locale]} – ${band.label[locale]}`;
  const sub = texts.subInputs[suffix];
  return sub ? pick(sub, locale, { n }) : `${field.label[locale]} (${suffix})`;
}

function formInputs(field: FieldDef, report: ReportRecord, state: FormState, content: ReportingContent, texts: BotTexts, locale: Locale): FormInput[] {
  return inputIdsFor(field, content).map((id) => {
    const kind = inputKind(field, id);
    const stored = report.answers[field.id];
    const echoed = state.rawEcho?.[id];
    const value = echoed ?? (stored === undefined ? '' : rawInputValue(field, stored, id));
    const needsYesNo = field.type === 'boolean' || (field.type === 'deadlines' && kind === 'choice');
    const choices = kind === 'choice' || kind === 'multichoice' ? (needsYesNo ? yesNoChoices(texts, locale) : choicesFor(field, content).map((c) => ({ value: c.value, title: c.label[locale] }))) : [];
    return { id, kind, label: subInputLabel(field, id, content, texts, locale), value, choices };
  });
}

export function buildGroupForm(
  content: ReportingContent,
  texts: BotTexts,
  report: ReportRecord,
  groupId: string,
  locale: Locale,
  state: FormState = {},
): GroupFormModel {
  const ids = groupIds(content);
  const group = content.template.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`unknown group ${groupId}`);
  const m = texts.messages;
  const fields: FormField[] = group.fields.map((fid) => {
    const f = fieldDef(content, fid);
    const errs = (state.errors ?? []).filter((e) => e.field === fid).map((e) => e.message);
    const mark = f.required === 'always' ? m.requiredMark[locale] : f.required === 'conditional' ? m.conditionalMark[locale] : '';
    const inputs = formInputs(f, report, state, content, texts, locale);
    // A single input carries the field's label, so the required mark goes on it.
    const [only] = inputs;
    if (inputs.length === 1 && only && mark) only.label = `${only.label} ${mark}`;
    return {
      id: fid,
      label: f.label[locale],
      help: f.help?.[locale] ?? '',
      required: f.required === 'always',
      requiredMark: mark,
      error: errs.join(' '),
      inputs,
    };
  });
  const unattached = (state.errors ?? []).filter((e) => !group.fields.includes(e.field)).map((e) => e.message);
  return {
    control: { _report: report._id, _rev: report.rev, _step: groupId },
    title: `${group.code}. ${group.title[locale]}`,
    progress: pick(m.progress, locale, { n: ids.indexOf(groupId) + 1, total: ids.length }),
    intro: group.intro?.[locale] ?? '',
    errorsTitle: (state.errors ?? []).length > 0 ? m.fixErrors[locale] : '',
    errors: unattached,
    notices: state.notices ?? [],
    fields,
    canGoBack: ids.indexOf(groupId) > 0,
    buttons: {
      next: report.returnToSummary ? texts.buttons.saveAndSummary[locale] : texts.buttons.next[locale],
      back: texts.buttons.back[locale],
    },
  };
}

export function projectName(report: ReportRecord, texts: BotTexts, locale: Locale): string {
  const name = report.answers['projectName'];
  return typeof name === 'string' && name.trim() !== '' ? name : texts.messages.untitled[locale];
}

export function buildSummary(
  content: ReportingContent,
  texts: BotTexts,
  report: ReportRecord,
  locale: Locale,
  state: { errors?: (FieldError & { groupId: string })[]; warnings?: string[]; notices?: string[] } = {},
): SummaryModel {
  const m = texts.messages;
  const errors = state.errors ?? [];
  const groups: SummaryGroup[] = content.template.groups.map((g) => ({
    id: g.id,
    title: `${g.code}. ${g.title[locale]}`,
    items: g.fields.map((fid) => {
      const f = fieldDef(content, fid);
      const v = report.answers[fid];
      return { label: f.label[locale], value: v === undefined ? content.messages.display.notAnswered[locale] : displayValue(f, v, locale, content) };
    }),
    errors: errors.filter((e) => e.groupId === g.id).map((e) => e.message),
  }));
  return {
    control: { _report: report._id, _rev: report.rev, _step: 'summary' },
    title: pick(m.summaryTitle, locale, { name: projectName(report, texts, locale) }),
    intro: m.summaryIntro[locale],
    errorsTitle: errors.length > 0 ? m.fixErrorsBeforeSubmit[locale] : '',
    errors: errors.map((e) => e.message),
    warningsTitle: (state.warnings ?? []).length > 0 ? m.warningsTitle[locale] : '',
    warnings: state.warnings ?? [],
    notices: state.notices ?? [],
    groups,
    buttons: { edit: texts.buttons.edit[locale], submit: texts.buttons.submit[locale], back: texts.buttons.back[locale] },
  };
}
