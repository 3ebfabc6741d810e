/**
 * "Hva gjør vi nå?" / "What next?": the open tasks that matter now for a merger.
 *
 * Order: (a) overdue tasks from earlier phases (due date passed, or no due date), then (b) the
 * current phase's tasks. Within each group: area colour (red, yellow, green), the guide's priority
 * rank, readiness (tasks whose dependencies are all done or not relevant first), due date
 * (earliest first, none last), task id.
 */
import type { Localized } from '../i18n.js';
import { isApplicable } from './applicability.js';
import { daysUntil, dueDateOf, toIsoDay, type DayInput } from './due-dates.js';
import { allTasks, phaseOrderOf, type TaskInArea } from './guide-lookup.js';
import type { AreaColour, GuideTask, MergerGuide, MergerPhaseId, ServiceArea } from './guide-types.js';
import { isFinished, type Merger, type TaskState, type TaskStates } from './merger-types.js';

export const COLOUR_RANK: Readonly<Record<AreaColour, number>> = { red: 0, yellow: 1, green: 2 };

export interface BlockingDependency {
  id: string;
  title: Localized;
}

/** Why a task is in the list. */
export interface NextTaskWhy {
  areaId: string;
  areaName: Localized;
  colour: AreaColour;
  colourLabel: Localized;
  /** The task's section in the guide. */
  section: string;
  priorityRank: number;
  phase: MergerPhaseId;
  /** True for a task of an earlier phase that is still open. */
  fromEarlierPhase: boolean;
  /** Days since the due date, when it has passed. */
  overdueDays?: number;
  /** Dependencies that are still open (not done, not relevant, or ruled out by the conditions). */
  blockedBy: BlockingDependency[];
  /** Set when the task depends on a condition the merger has not answered yet. */
  checkCondition?: string;
}

export interface NextTaskItem {
  task: GuideTask;
  area: ServiceArea;
  /** 'later' when the task was postponed and its day has come. */
  status: 'open' | 'later';
  /** YYYY-MM-DD, when the task has a due date. */
  due?: string;
  /** Days from today to the due date (negative when overdue). */
  daysUntilDue?: number;
  why: NextTaskWhy;
}

export interface WhatNextResult {
  /** At most `limit` tasks, most important first. */
  items: NextTaskItem[];
  /** How many tasks matter now in all (the list may be cut at `limit`). */
  total: number;
  /** How many of them are overdue. */
  overdue: number;
}

/** True when the state keeps the task out of "what next" today. */
export function isHiddenToday(state: TaskState | undefined, today: string): boolean {
  if (!state) return false;
  if (isFinished(state)) return true;
  return state.status === 'later' && state.laterUntil !== undefined && today < state.laterUntil;
}

/** Dependencies of the task that still block it, with their titles. */
export function openDependencies(
  task: GuideTask,
  byId: ReadonlyMap<string, TaskInArea>,
  merger: Pick<Merger, 'conditions'>,
  states: TaskStates,
): BlockingDependency[] {
  return task.dependsOn.flatMap((id) => {
    const dep = byId.get(id);
    if (!dep || isFinished(states.get(id)) || !isApplicable(dep.task, merger).applicable) return [];
    return [{ id, title: dep.task.title }];
  });
}

interface Candidate {
  item: NextTaskItem;
  /** 0: overdue from an earlier phase, 1: current phase. */
  group: number;
}

function buildItem(
  entry: TaskInArea,
  ctx: { guide: MergerGuide; merger: Merger; states: TaskStates; today: string; byId: ReadonlyMap<string, TaskInArea> },
  fromEarlierPhase: boolean,
  due: string | undefined,
): NextTaskItem {
  const { task, area } = entry;
  const applicability = isApplicable(task, ctx.merger);
  const daysUntilDue = due === undefined ? undefined : daysUntil(due, ctx.today);
  const why: NextTaskWhy = {
    areaId: area.id,
    areaName: area.name,
    colour: area.colour,
    colourLabel: ctx.guide.colours[area.colour],
    section: task.section,
    priorityRank: area.priorityRank,
    phase: task.phase,
    fromEarlierPhase,
    blockedBy: openDependencies(task, ctx.byId, ctx.merger, ctx.states),
    ...(daysUntilDue !== undefined && daysUntilDue < 0 ? { overdueDays: -daysUntilDue } : {}),
    ...(applicability.check ? { checkCondition: applicability.conditionId } : {}),
  };
  return {
    task,
    area,
    status: ctx.states.get(task.id)?.status === 'later' ? 'later' : 'open',
    ...(due !== undefined ? { due, daysUntilDue } : {}),
    why,
  };
}

/** Compares two candidates in "what next" order. */
function compareNext(a: Candidate, b: Candidate): number {
  const x = a.item;
  const y = b.item;
  return (
    a.group - b.group ||
    COLOUR_RANK[x.area.colour] - COLOUR_RANK[y.area.colour] ||
    x.area.priorityRank - y.area.priorityRank ||
    Number(x.why.blockedBy.length > 0) - Number(y.why.blockedBy.length > 0) ||
    compareDue(x.due, y.due) ||
    (x.task.id < y.task.id ? -1 : x.task.id > y.task.id ? 1 : 0)
  );
}

function compareDue(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** All tasks that matter now, in order (uncut). */
export function rankOpenTasks(guide: MergerGuide, merger: Merger, states: TaskStates, today: DayInput): NextTaskItem[] {
  const day = toIsoDay(today);
  const tasks = allTasks(guide);
  const ctx = { guide, merger, states, today: day, byId: new Map(tasks.map((t) => [t.task.id, t])) };
  const currentOrder = phaseOrderOf(guide, merger.phase);
  const candidates: Candidate[] = [];
  for (const entry of tasks) {
    if (isHiddenToday(states.get(entry.task.id), day) || !isApplicable(entry.task, merger).applicable) continue;
    const order = phaseOrderOf(guide, entry.task.phase);
    const due = dueDateOf(entry.task, merger.mergerDate, guide);
    if (order < currentOrder && (due === undefined || due < day)) {
      candidates.push({ group: 0, item: buildItem(entry, ctx, true, due) });
    } else if (order === currentOrder) {
      candidates.push({ group: 1, item: buildItem(entry, ctx, false, due) });
    }
  }
  return candidates.sort(compareNext).map((c) => c.item);
}

/** The open tasks that matter now, most important first, at most `limit`. */
export function whatNext(
  guide: MergerGuide,
  merger: Merger,
  states: TaskStates,
  today: DayInput,
  limit = 5,
): WhatNextResult {
  const ranked = rankOpenTasks(guide, merger, states, today);
  return {
    items: ranked.slice(0, Math.max(0, limit)),
    total: ranked.length,
    overdue: ranked.filter((i) => i.why.overdueDays !== undefined || i.why.fromEarlierPhase).length,
  };
}
