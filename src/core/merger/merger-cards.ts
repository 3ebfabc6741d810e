import { pick, type Locale, type Localized } from '../i18n.js';
import type { MergerGuide, MergerPhaseId } from './guide-types.js';
import { findTask, phasesInOrder } from './guide-lookup.js';
import type { MergerTexts } from './merger-texts.js';
import type { Merger, TaskStates } from './merger-types.js';
import type { NextTaskItem, WhatNextResult } from './next-tasks.js';
import type { MergerProgress } from './progress.js';
import type { TopicHits } from './topic-search.js';
import { CONDITION_PREFIX, type RegistrationInput } from './merger-registration.js';
import { countStatuses } from './progress.js';

/** Channel-agnostic models of the merger cards; every text already in the conversation's language. */
export interface Choice {
  value: string;
  title: string;
}

export interface RegisterFormModel {
  title: string;
  intro: string;
  nameLabel: string;
  municipalitiesLabel: string;
  mergerDateLabel: string;
  values: { name: string; municipalities: string; mergerDate: string };
  errors: { name: string; municipalities: string; mergerDate: string };
  conditions: { id: string; label: string; help: string; value: string; choices: Choice[] }[];
  button: string;
}

export interface PhaseConfirmModel {
  title: string;
  text: string;
  phaseLabel: string;
  proposed: string;
  phases: Choice[];
  registration: Record<string, string>;
  button: string;
}

export interface TaskCardItem {
  taskId: string;
  title: string;
  lines: string[];
  detail: string;
  detailLines: string[];
  reasonLabel: string;
}

export interface NextModel {
  title: string;
  intro: string;
  notices: string[];
  empty: string;
  mergerId: string;
  items: TaskCardItem[];
  buttons: { done: string; notRelevant: string; details: string; later: string; confirm: string; progress: string };
}

export interface ProgressModel {
  title: string;
  lines: string[];
  byPhaseTitle: string;
  phases: { name: string; value: string }[];
  byAreaTitle: string;
  areas: { name: string; value: string }[];
  proposal: string;
  advanceTitle: string;
  control: { _merger: string; _rev: number; _phase: string };
  buttons: { next: string; whatNext: string };
}

export interface TopicModel {
  title: string;
  notices: string[];
  areasTitle: string;
  areas: { name: string; line: string }[];
  tasksTitle: string;
  tasks: { title: string; line: string }[];
  solutionsTitle: string;
  solutions: { name: string; line: string }[];
  buttons: { whatNext: string };
}

export interface MergerViewDeps {
  guide: MergerGuide;
  texts: MergerTexts;
}

const l = (text: Localized, locale: Locale) => text[locale];

export function formatDay(isoDay: string, locale: Locale): string {
  const d = new Date(`${isoDay}T12:00:00Z`);
  return d.toLocaleDateString(locale === 'nb' ? 'nb-NO' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function phaseName(guide: MergerGuide, id: MergerPhaseId, locale: Locale): string {
  return guide.phases.find((p) => p.id === id)?.name[locale] ?? id;
}

/**
 * Longest echo of a typed value when the form is shown again, in code points: ten times the
 * longest valid input (20 municipality names), so that whatever was pasted the re-shown card stays
 * far below what Teams accepts (~80 KB).
 */
const MAX_ECHO_LENGTH = 1_000;

function echo(value: string | undefined): string {
  const v = value ?? '';
  return v.length <= MAX_ECHO_LENGTH ? v : Array.from(v).slice(0, MAX_ECHO_LENGTH).join('');
}

export function buildRegisterForm(deps: MergerViewDeps, locale: Locale, input?: RegistrationInput, errors: Partial<Record<string, string>> = {}): RegisterFormModel {
  const m = deps.texts.messages;
  const yesNo: Choice[] = [
    { value: 'true', title: l(m.yes, locale) },
    { value: 'false', title: l(m.no, locale) },
    { value: '', title: l(m.conditionUnknown, locale) },
  ];
  const choice = (value: string | undefined) => (yesNo.some((c) => c.value === value) ? (value as string) : '');
  return {
    title: l(m.registerTitle, locale),
    intro: l(m.registerIntro, locale),
    nameLabel: l(m.nameLabel, locale),
    municipalitiesLabel: l(m.municipalitiesLabel, locale),
    mergerDateLabel: l(m.mergerDateLabel, locale),
    values: { name: echo(input?.name), municipalities: echo(input?.municipalities), mergerDate: echo(input?.mergerDate) },
    errors: { name: errors['name'] ?? '', municipalities: errors['municipalities'] ?? '', mergerDate: errors['mergerDate'] ?? '' },
    conditions: deps.guide.conditions.map((c) => ({
      id: `${CONDITION_PREFIX}${c.id}`,
      label: c.question[locale],
      help: c.help?.[locale] ?? '',
      value: choice(input?.conditions[c.id]),
      choices: yesNo,
    })),
    button: l(m.confirm, locale),
  };
}

export function buildPhaseConfirm(deps: MergerViewDeps, locale: Locale, registration: Record<string, string>, proposed: MergerPhaseId, daysLeft: number, mergerDate: string): PhaseConfirmModel {
  const m = deps.texts.messages;
  return {
    title: l(m.phaseTitle, locale),
    text: pick(m.phaseProposal, locale, { date: formatDay(mergerDate, locale), days: daysLeft, phase: phaseName(deps.guide, proposed, locale) }),
    phaseLabel: l(m.phaseLabel, locale),
    proposed,
    phases: phasesInOrder(deps.guide).map((p) => ({ value: p.id, title: p.name[locale] })),
    registration,
    button: l(m.confirm, locale),
  };
}

function taskLines(deps: MergerViewDeps, item: NextTaskItem, locale: Locale, stateProjects: string[]): string[] {
  const m = deps.texts.messages;
  const w = item.why;
  const lines = [pick(m.whyLine, locale, { area: w.areaName[locale], colour: w.colourLabel[locale], section: w.section })];
  const when = w.overdueDays !== undefined ? pick(m.overdue, locale, { days: w.overdueDays }) : item.due ? pick(m.due, locale, { date: formatDay(item.due, locale) }) : l(m.noDue, locale);
  lines.push(w.fromEarlierPhase ? `${when} · ${pick(m.earlierPhase, locale, { phase: phaseName(deps.guide, w.phase, locale) })}` : when);
  if (w.blockedBy.length > 0) lines.push(pick(m.blockedBy, locale, { tasks: w.blockedBy.map((b) => b.title[locale]).join('; ') }));
  if (w.checkCondition) {
    const question = deps.guide.conditions.find((c) => c.id === w.checkCondition)?.question[locale] ?? w.checkCondition;
    lines.push(pick(m.conditionCheck, locale, { question }));
  }
  if (stateProjects.length > 0) lines.push(pick(m.stateProjects, locale, { projects: stateProjects.join(', ') }));
  return lines;
}

function detailLines(deps: MergerViewDeps, taskId: string, locale: Locale): string[] {
  const m = deps.texts.messages;
  const found = findTask(deps.guide, taskId);
  if (!found) return [];
  const t = found.task;
  const lines: string[] = [];
  if (t.minimum) lines.push(pick(m.minimum, locale, { text: t.minimum[locale] }));
  if (t.alternatives?.length) lines.push(pick(m.alternatives, locale, { options: t.alternatives.map((a) => a.label[locale]).join(' / ') }));
  if (t.dependsOn.length > 0) {
    const names = t.dependsOn.map((id) => findTask(deps.guide, id)?.task.title[locale] ?? id);
    lines.push(pick(m.dependsOn, locale, { tasks: names.join('; ') }));
  }
  if (t.nationalSolutions.length > 0) {
    const names = t.nationalSolutions.map((id) => deps.guide.nationalSolutions.find((s) => s.id === id)?.name ?? id);
    lines.push(pick(m.solutions, locale, { names: names.join(', ') }));
  }
  return lines;
}

export function buildNext(
  deps: MergerViewDeps,
  merger: Merger,
  result: WhatNextResult,
  today: string,
  daysToMerger: number,
  locale: Locale,
  notices: string[],
  stateProjectsByArea: Map<string, string[]>,
): NextModel {
  const m = deps.texts.messages;
  const phase = phaseName(deps.guide, merger.phase, locale);
  const date = formatDay(merger.mergerDate, locale);
  void today;
  return {
    title: pick(m.nextTitle, locale, { name: merger.name }),
    intro: daysToMerger >= 0 ? pick(m.nextIntro, locale, { phase, days: daysToMerger, date }) : pick(m.nextIntroAfter, locale, { phase, days: -daysToMerger, date }),
    notices,
    empty: result.items.length === 0 ? l(m.nextEmpty, locale) : '',
    mergerId: merger._id,
    items: result.items.map((item) => ({
      taskId: item.task.id,
      title: item.task.title[locale],
      lines: taskLines(deps, item, locale, stateProjectsByArea.get(item.area.id) ?? []),
      detail: item.task.detail[locale],
      detailLines: detailLines(deps, item.task.id, locale),
      reasonLabel: l(m.reasonLabel, locale),
    })),
    buttons: {
      done: l(m.done, locale),
      notRelevant: l(m.notRelevant, locale),
      details: l(m.details, locale),
      later: l(m.later, locale),
      confirm: l(m.confirm, locale),
      progress: l(m.progressButton, locale),
    },
  };
}

export function buildProgress(deps: MergerViewDeps, merger: Merger, progress: MergerProgress, locale: Locale): ProgressModel {
  const m = deps.texts.messages;
  const date = formatDay(merger.mergerDate, locale);
  const days = progress.daysToMerger;
  const next = progress.nextPhase;
  const areas = progress.byArea
    .filter((a) => a.open > 0)
    .sort((a, b) => b.open - a.open || a.priorityRank - b.priorityRank)
    .slice(0, 8);
  return {
    title: pick(m.progressTitle, locale, { name: merger.name }),
    lines: [
      days >= 0 ? pick(m.daysLeft, locale, { days, date }) : pick(m.daysSince, locale, { days: -days, date }),
      pick(m.redRemaining, locale, { count: progress.redRemainingBeforeDayOne }),
    ],
    byPhaseTitle: l(m.byPhase, locale),
    phases: progress.byPhase.map((p) => ({
      name: `${p.name[locale]}${p.current ? ` ${l(m.currentPhaseMark, locale)}` : ''}`,
      value: pick(m.phaseLine, locale, { done: p.done + p.notRelevant, total: p.total }),
    })),
    byAreaTitle: l(m.byArea, locale),
    areas: areas.map((a) => ({ name: a.name[locale], value: pick(m.phaseLine, locale, { done: a.done + a.notRelevant, total: a.total }) })),
    proposal: progress.proposeNextPhase && next ? pick(m.exitMet, locale, { phase: phaseName(deps.guide, merger.phase, locale), next: phaseName(deps.guide, next, locale) }) : '',
    advanceTitle: next ? pick(m.advance, locale, { next: phaseName(deps.guide, next, locale) }) : '',
    control: { _merger: merger._id, _rev: merger.rev, _phase: next ?? '' },
    buttons: { next: l(m.confirm, locale), whatNext: l(m.nextButton, locale) },
  };
}

export function buildTopic(
  deps: MergerViewDeps,
  query: string,
  hits: TopicHits,
  merger: Merger | null,
  states: TaskStates,
  locale: Locale,
  stateProjectsByArea: Map<string, string[]> = new Map(),
): TopicModel {
  const m = deps.texts.messages;
  const statusOf = (taskId: string) => deps.texts.status[states.get(taskId)?.status ?? 'open'][locale];
  return {
    title: pick(m.topicTitle, locale, { query: query.trim().slice(0, 80) }),
    notices: [],
    areasTitle: hits.areas.length > 0 ? l(m.topicAreas, locale) : '',
    areas: hits.areas.slice(0, 5).map(({ area }) => {
      const counts = countStatuses(area.tasks.map((task) => ({ task, area })), states);
      const projects = stateProjectsByArea.get(area.id) ?? [];
      const line = pick(m.topicAreaLine, locale, { colour: deps.guide.colours[area.colour][locale], section: area.section, open: merger ? counts.open : area.tasks.length, total: area.tasks.length });
      return {
        name: area.name[locale],
        line: projects.length > 0 ? `${line}\n${pick(m.stateProjects, locale, { projects: projects.join(', ') })}` : line,
      };
    }),
    tasksTitle: hits.tasks.length > 0 ? l(m.topicTasks, locale) : '',
    tasks: hits.tasks.slice(0, 8).map(({ task, area }) => ({
      title: task.title[locale],
      line: `${area.name[locale]} · §${task.section}${merger ? ` · ${statusOf(task.id)}` : ''}`,
    })),
    solutionsTitle: hits.solutions.length > 0 ? l(m.topicSolutions, locale) : '',
    solutions: hits.solutions.slice(0, 4).map(({ solution }) => ({ name: solution.name, line: solution.what[locale] })),
    buttons: { whatNext: l(m.nextButton, locale) },
  };
}
