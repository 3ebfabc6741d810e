import type { Merger, TaskState, TaskStatusChange } from './merger-types.js';

export type NewMerger = Omit<Merger, 'rev' | 'createdAt' | 'updatedAt'>;
export type MergerChanges = Partial<Pick<Merger, 'phase' | 'conditions' | 'mergerDate' | 'name' | 'municipalities' | 'locale'>>;

export interface MergerRepository {
  /** Throws DuplicateKey when the conversation already has a merger. */
  insert(merger: NewMerger): Promise<Merger>;
  findByConversation(conversationKey: string): Promise<Merger | null>;
  findById(id: string): Promise<Merger | null>;
  /** Throws ConcurrencyConflict when `expectedRev` is stale. */
  update(id: string, expectedRev: number, changes: MergerChanges): Promise<Merger>;
  listAll(): Promise<Merger[]>;
}

export interface TaskStateRepository {
  listForMerger(mergerId: string): Promise<TaskState[]>;
  get(mergerId: string, taskId: string): Promise<TaskState | null>;
  /**
   * Records a status change in one atomic write: the status is set and the change appended to the
   * history, so two people changing the same task at once both end up in the history.
   */
  applyChange(mergerId: string, taskId: string, change: TaskStatusChange): Promise<TaskState>;
}

/** "Once per task per day": a unique claim before a reminder is sent. */
export interface ReminderLog {
  /** true if this (merger, task, day) was not claimed before. */
  claim(mergerId: string, taskId: string, day: string): Promise<boolean>;
}
