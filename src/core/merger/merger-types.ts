import type { Locale } from '../i18n.js';
import type { MergerPhaseId } from './guide-types.js';

/** Who did something: the platform user id and the name shown to others. */
export interface Actor {
  userId: string;
  displayName: string;
}

/** One participating municipality, by its number (4 digits) and name. */
export interface MergerMunicipality {
  number: string;
  name: string;
}

/** A registered merger; every member of the chat or channel (`conversationKey`) shares it. */
export interface Merger {
  _id: string;
  conversationKey: string;
  /** The new municipality's name. */
  name: string;
  municipalities: MergerMunicipality[];
  /** The day the new municipality comes into force, YYYY-MM-DD. */
  mergerDate: string;
  phase: MergerPhaseId;
  /** Answers to the guide's conditions by condition id ("usesFeide": true). Missing = not answered. */
  conditions: Record<string, boolean>;
  locale: Locale;
  createdBy: Actor;
  /** Optimistic-concurrency revision. */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export const TASK_STATUS_VALUES = ['open', 'done', 'not_relevant', 'later'] as const;
export type TaskStatusValue = (typeof TASK_STATUS_VALUES)[number];

export interface TaskHistoryEntry {
  status: TaskStatusValue;
  by: Actor;
  at: Date;
  reason?: string;
}

/** A merger's status of one guide task. A task without a stored state is open. */
export interface TaskState {
  mergerId: string;
  taskId: string;
  status: TaskStatusValue;
  /** Why the task is not relevant (required then), or a note with another status. */
  reason?: string;
  /** The chosen alternative (an id from the task's alternatives), when the task has them. */
  alternative?: string;
  /** For 'later': the day (YYYY-MM-DD) from which the task shows up again. */
  laterUntil?: string;
  /** Every status change, oldest first. */
  history: TaskHistoryEntry[];
}

/** A status change as a user asks for it (and, once validated, as it is stored). */
export interface TaskStatusChange {
  status: TaskStatusValue;
  by: Actor;
  at: Date;
  reason?: string;
  alternative?: string;
  laterUntil?: string;
}

/** Task states of one merger by task id. */
export type TaskStates = ReadonlyMap<string, TaskState>;

/** A state counts as finished when the task is done or not relevant. */
export function isFinished(state: Pick<TaskState, 'status'> | undefined): boolean {
  return state?.status === 'done' || state?.status === 'not_relevant';
}
