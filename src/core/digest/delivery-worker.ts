import { classifyDeliveryError, retryDelayMs, type DeliveryErrorInfo } from './delivery-policy.js';
import type { DigestChannel, OutboxRepository, SendRateLimiter, SubscriptionRepository, Timer } from './digest-ports.js';
import type { DigestDeliverySettings } from './digest-settings.js';
import type { OutboxEntry } from './digest-types.js';

/*
 * The outbox delivery worker. Each step leases one due entry, posts its next unsent message and
 * records it (with the platform's id) before anything else happens, then releases the entry until
 * the conversation may get its next message. A crash therefore resumes with the next part once the
 * lease runs out; only a crash during the post itself leaves one part whose fate is unknown, and
 * that part is posted again and marked `resent`.
 *
 * Pacing: one message per conversation per `conversationIntervalMs` (the entry's next attempt
 * time, so it holds across instances), and `ratePerSecond` overall through a limiter shared by
 * every instance. Failures: 429/5xx/network are retried with backoff (never before Retry-After),
 * anything else or too many failures marks the entry failed, and the coordinators are told.
 */

export interface DeliveryLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface DeliveryDeps {
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  channels: ReadonlyMap<string, DigestChannel>;
  limiter: SendRateLimiter;
  timer: Timer;
  settings: DigestDeliverySettings;
  owner: string;
  log: DeliveryLog;
  onFailed(entry: OutboxEntry, error: DeliveryErrorInfo): void;
  /** Called after each part is recorded as sent, with the count so far in this process. */
  onPartRecorded?(count: number): void;
  random?: () => number;
}

/** Whether a step posted or recorded something, or only released the entry for later. */
type StepResult = 'worked' | 'idle';

export class DeliveryWorker {
  private readonly lastPost = new Map<string, number>();
  private partsRecorded = 0;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly deps: DeliveryDeps) {}

  private nowDate(): Date {
    return new Date(this.deps.timer.now());
  }

  /** Delivers due entries with `concurrency` lanes until none is due now; returns the steps taken. */
  async drain(): Promise<number> {
    let steps = 0;
    const lane = async (): Promise<void> => {
      while (!this.stopping) {
        const entry = await this.deps.outbox.claimNext(this.deps.owner, this.nowDate(), this.deps.settings.leaseMs);
        if (!entry) return;
        await this.stepSafely(entry);
        steps += 1;
      }
    };
    await Promise.all(Array.from({ length: this.deps.settings.concurrency }, lane));
    return steps;
  }

  private async stepSafely(entry: OutboxEntry): Promise<void> {
    try {
      await this.step(entry);
    } catch (err) {
      // A database error between post and record: the lease runs out and the entry is resumed.
      this.deps.log.error('digest delivery step failed', { entry: entry._id, err: (err as Error).message });
    }
  }

  private async step(entry: OutboxEntry): Promise<StepResult> {
    const { outbox, owner } = this.deps;
    const now = this.nowDate();
    if (!(await this.deps.subscriptions.findById(entry.subscriptionId))) {
      await outbox.cancel(entry._id, owner, now, 'unsubscribed');
      return 'worked';
    }
    const index = entry.parts.findIndex((p) => p.state !== 'sent');
    const part = entry.parts[index];
    if (index < 0 || !part) {
      await outbox.markSent(entry._id, owner, entry.parts.length - 1, '', now, { done: true, nextAttemptAt: now });
      return 'worked';
    }
    if (await outbox.hasEarlierOpen(entry.subscriptionId, entry.chain)) {
      await outbox.release(entry._id, owner, new Date(this.deps.timer.now() + this.deps.settings.conversationIntervalMs));
      return 'idle';
    }
    if (!this.takeTurn(entry.conversationKey)) {
      await outbox.release(entry._id, owner, new Date((this.lastPost.get(entry.conversationKey) ?? 0) + this.deps.settings.conversationIntervalMs));
      return 'idle';
    }
    return this.post(entry, index);
  }

  /**
   * One message per conversation per interval in this process: the turn is taken before any await,
   * so two lanes holding entries of the same conversation cannot both post.
   */
  private takeTurn(conversationKey: string): boolean {
    const now = this.deps.timer.now();
    if ((this.lastPost.get(conversationKey) ?? -Infinity) + this.deps.settings.conversationIntervalMs > now) return false;
    this.lastPost.set(conversationKey, now);
    return true;
  }

  private async post(entry: OutboxEntry, index: number): Promise<StepResult> {
    const { outbox, owner, timer } = this.deps;
    const part = entry.parts[index];
    const channel = this.deps.channels.get(entry.platform);
    if (!part || !channel) {
      await this.fail(entry, index, { retryable: false, message: `no channel for ${entry.platform}` });
      return 'worked';
    }
    await this.deps.limiter.acquire();
    if (!(await outbox.markAttempt(entry._id, owner, index, this.nowDate(), part.attemptedAt !== undefined))) return 'idle';
    let activityId: string;
    try {
      activityId = await channel.post(entry.conversationKey, part.card);
    } catch (err) {
      await this.fail(entry, index, classifyDeliveryError(err, timer.now()));
      return 'worked';
    }
    this.lastPost.set(entry.conversationKey, timer.now());
    const done = index === entry.parts.length - 1;
    const nextAttemptAt = new Date(timer.now() + this.deps.settings.conversationIntervalMs);
    await outbox.markSent(entry._id, owner, index, activityId, this.nowDate(), { done, nextAttemptAt });
    this.partsRecorded += 1;
    this.deps.onPartRecorded?.(this.partsRecorded);
    return 'worked';
  }

  private async fail(entry: OutboxEntry, index: number, error: DeliveryErrorInfo): Promise<void> {
    const s = this.deps.settings;
    const failures = entry.failures + 1;
    const final = !error.retryable || failures >= s.maxAttempts;
    const delay = final ? 0 : retryDelayMs(failures, { baseMs: s.retryBaseMs, maxMs: s.retryMaxMs, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) }, this.deps.random);
    const now = this.nowDate();
    const attempt = { at: now, part: index, outcome: final ? ('failed' as const) : ('retry' as const), error: error.message, ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }) };
    await this.deps.outbox.markFailed(entry._id, this.deps.owner, attempt, { status: final ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + delay), failures });
    this.deps.log.warn('digest delivery attempt failed', { entry: entry._id, part: index, failures, final, statusCode: error.statusCode, retryInMs: delay });
    if (final) this.deps.onFailed(entry, error);
  }

  /** Runs in the background: drains, then sleeps until the next entry falls due (or `wake`). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      await this.drain().catch((err: unknown) => this.deps.log.error('digest delivery failed', { err: (err as Error).message }));
      if (this.stopping) return;
      const due = await this.deps.outbox.nextDueAt().catch((err: unknown) => {
        this.deps.log.warn('digest outbox not readable; waiting for the next poll', { err: (err as Error).message });
        return undefined;
      });
      const wait = due ? Math.max(10, Math.min(this.deps.settings.pollMs, due.getTime() - this.deps.timer.now())) : this.deps.settings.pollMs;
      // Checked again right before sleeping: a stop during the lookup above found nothing to wake.
      if (this.stopping) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** New entries were queued: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
  }
}
