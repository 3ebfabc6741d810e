/**
 * Progress of a merger: counts per phase and per area (applicable tasks only), the red tasks still
 * open before day one, days left to the merger date, and whether the current phase is finished.
 */
import type { Localized } from '../i18n.js';
import { applies } from './applicability.js';
import { daysUntil, dueDateOf, type DayInput } from './due-dates.js';
import { allTasks, findPhase, phasesInOrder, type TaskInArea } from './guide-lookup.js';
import type { AreaColour, MergerGuide, MergerPhaseId } from './guide-types.js';
import { isFinished, type Merger, type TaskStates } from './merger-types.js';

export interface StatusCounts {
  /** Applicable tasks. */
  total: number;
  done: number;
  notRelevant: number;
  /** Neither done nor not relevant (includes `later`). */
  open: number;
  /** Postponed tasks (counted in `open` as well). */
  later: number;
}

export interface PhaseProgress extends StatusCounts {
  phase: MergerPhaseId;
  name: Localized;
  order: number;
  current: boolean;
}

export interface AreaProgress extends StatusCounts {
  areaId: string;
  name: Localized;
  colour: AreaColour;
  priorityRank: number;
}

export interface MergerProgress {
  overall: StatusCounts;
  /** In phase order. */
  byPhase: PhaseProgress[];
  /** In the guide's area order. */
  byArea: AreaProgress[];
  /** Open tasks in red areas due on or before the merger date. */
  redRemainingBeforeDayOne: number;
  redRemainingTaskIds: string[];
  /** Days to the merger date (negative once it has passed). */
  daysToMerger: number;
  /** All exit tasks of the current phase are done or not relevant. */
  phaseExitMet: boolean;
  /** The phase after the current one, if any. */
  nextPhase?: MergerPhaseId;
  /** True when the bot should propose moving on: exit criteria met and there is a next phase. */
  proposeNextPhase: boolean;
}

const emptyCounts = (): StatusCounts => ({ total: 0, done: 0, notRelevant: 0, open: 0, later: 0 });

/** Counts the statuses of the given tasks (the caller has kept only the applicable ones). */
export function countStatuses(tasks: readonly TaskInArea[], states: TaskStates): StatusCounts {
  const counts = emptyCounts();
  for (const { task } of tasks) {
    const status = states.get(task.id)?.status ?? 'open';
    counts.total++;
    if (status === 'done') counts.done++;
    else if (status === 'not_relevant') counts.notRelevant++;
    else {
      counts.open++;
      if (status === 'later') counts.later++;
    }
  }
  return counts;
}

/** The phase after `phaseId` in the guide's order, or undefined for the last phase. */
export function nextPhase(guide: MergerGuide, phaseId: MergerPhaseId): MergerPhaseId | undefined {
  const phases = phasesInOrder(guide);
  const index = phases.findIndex((p) => p.id === phaseId);
  return index < 0 ? undefined : phases[index + 1]?.id;
}

/**
 * True when every exit task of the merger's current phase is done or not relevant (a task that
 * the merger's conditions rule out counts as not relevant). A phase without exit tasks is judged by
 * all its applicable tasks; a phase with no tasks at all is never "met" automatically.
 */
export function phaseExitMet(guide: MergerGuide, merger: Merger, states: TaskStates): boolean {
  const phase = findPhase(guide, merger.phase);
  if (!phase) return false;
  const byId = new Map(allTasks(guide).map((t) => [t.task.id, t]));
  const exitIds =
    phase.exitTaskIds.length > 0
      ? phase.exitTaskIds
      : allTasks(guide).filter((t) => t.task.phase === phase.id).map((t) => t.task.id);
  if (exitIds.length === 0) return false;
  return exitIds.every((id) => {
    const entry = byId.get(id);
    return !entry || !applies(entry.task, merger) || isFinished(states.get(id));
  });
}

/** The next phase when the current one's exit criteria are met; undefined otherwise. */
export function proposeNextPhase(guide: MergerGuide, merger: Merger, states: TaskStates): MergerPhaseId | undefined {
  return phaseExitMet(guide, merger, states) ? nextPhase(guide, merger.phase) : undefined;
}

/** Ids of open tasks in red areas due on or before the merger date, in the guide's order. */
export function redTasksBeforeDayOne(guide: MergerGuide, merger: Merger, states: TaskStates): string[] {
  return allTasks(guide)
    .filter(({ task, area }) => {
      if (area.colour !== 'red' || !applies(task, merger) || isFinished(states.get(task.id))) return false;
      const due = dueDateOf(task, merger.mergerDate, guide);
      return due !== undefined && due <= merger.mergerDate;
    })
    .map(({ task }) => task.id);
}

export function progressOf(guide: MergerGuide, merger: Merger, states: TaskStates, today: DayInput): MergerProgress {
  const applicable = allTasks(guide).filter(({ task }) => applies(task, merger));
  const byPhase = phasesInOrder(guide).map((phase) => ({
    phase: phase.id,
    name: phase.name,
    order: phase.order,
    current: phase.id === merger.phase,
    ...countStatuses(
      applicable.filter((t) => t.task.phase === phase.id),
      states,
    ),
  }));
  const byArea = guide.areas.map((area) => ({
    areaId: area.id,
    name: area.name,
    colour: area.colour,
    priorityRank: area.priorityRank,
    ...countStatuses(
      applicable.filter((t) => t.area.id === area.id),
      states,
    ),
  }));
  const redRemainingTaskIds = redTasksBeforeDayOne(guide, merger, states);
  const exitMet = phaseExitMet(guide, merger, states);
  const next = nextPhase(guide, merger.phase);
  return {
    overall: countStatuses(applicable, states),
    byPhase,
    byArea,
    redRemainingBeforeDayOne: redRemainingTaskIds.length,
    redRemainingTaskIds,
    daysToMerger: daysUntil(merger.mergerDate, today),
    phaseExitMet: exitMet,
    ...(next ? { nextPhase: next } : {}),
    proposeNextPhase: exitMet && next !== undefined,
  };
}
