import type { Logger } from '../../logging/logger.js';

export interface WorkQueueOptions {
  /** Items running at once (each is an async chain: MongoDB, Web API calls). */
  concurrency: number;
  /** Items waiting to start; past this, new requests wait for room before they are acknowledged. */
  maxQueued: number;
  logger: Logger;
}

type Task = () => Promise<void>;

/**
 * The work behind acknowledged Slack requests. Runs at most `concurrency` items at a time and
 * starts each next item from `setImmediate`, so HTTP requests that arrived meanwhile are read,
 * verified and acknowledged before more work is started: acknowledgements do not wait behind the
 * work of earlier requests. In memory only (see docs/performance.md, "Slack": an acknowledged item
 * still queued when the process dies is lost; Slack does not retry acknowledged requests).
 */
export class WorkQueue {
  private readonly items: Task[] = [];
  private readonly roomWaiters: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;
  private pumpScheduled = false;

  constructor(private readonly opts: WorkQueueOptions) {}

  get pending(): number {
    return this.items.length + this.running;
  }

  /** Resolves at once while the queue has room, else when an item has left it. */
  room(): Promise<void> {
    if (this.items.length < this.opts.maxQueued) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  add(task: Task): void {
    this.items.push(task);
    this.schedule();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.pumpScheduled || this.running >= this.opts.concurrency || this.items.length === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.startNext();
    });
  }

  private startNext(): void {
    const task = this.items.shift();
    if (!task) return;
    this.running++;
    this.roomWaiters.shift()?.();
    void this.run(task);
    this.schedule();
  }

  private async run(task: Task): Promise<void> {
    try {
      await task();
    } catch (err) {
      this.opts.logger.error('slack work item failed', { err: (err as Error).message });
    } finally {
      this.running--;
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      this.schedule();
    }
  }
}
