import type { InboundEvent } from '../events.js';
import { pick } from '../i18n.js';
import type { OutboundIntent } from '../outbound.js';
import type { Clock } from '../ports.js';
import { MERGER_VERBS } from '../merger/merger-conversation.js';
import type { MergerCommandKey } from '../merger/merger-texts.js';
import { notice } from '../reporting/reporting-conversation.js';
import type { BotTexts, CommandKey } from '../texts.js';
import { NAV_VERBS, type BotCore } from './bot-core.js';
import { matchCommand, recognizeCommand } from './commands.js';

/*
 * A per-user limit on the commands that read lists or search (merger "what next" and progress,
 * topic questions, "my reports", the approval lists): an in-process token bucket per user, so
 * one user hammering the bot cannot take the database and the CPU from everyone else. The
 * reporting flow itself (card answers, new report, continue, help) is never limited.
 *
 * Per instance: with N instances behind a load balancer a user may get up to N times the limit
 * (README, "Scale-out").
 */

export interface RateLimitSettings {
  /** Expensive commands per user per minute; 0 switches the limit off. */
  perMinute: number;
  /** Most users tracked at once; beyond it full (idle) buckets are forgotten first. */
  maxUsers?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key: `capacity` tokens, refilled evenly over a minute. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {
    this.perMs = capacity / 60_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): TakeResult {
    const now = this.clock.now().getTime();
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
    }
    bucket.tokens -= 1;
    // Re-inserted so the map stays ordered by last use (oldest first).
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.forget(now);
    return { ok: true };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.capacity, at: now };
    const elapsed = Math.max(0, now - bucket.at);
    return { tokens: Math.min(this.capacity, bucket.tokens + elapsed * this.perMs), at: now };
  }

  /** Drops buckets that have refilled (they hold no information), then the least recently used. */
  private forget(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

const CHEAP_COMMANDS: ReadonlySet<CommandKey> = new Set(['newReport', 'continue', 'help']);
const CHEAP_MERGER_COMMANDS: ReadonlySet<MergerCommandKey> = new Set(['registerMerger']);
const EXPENSIVE_VERBS: ReadonlySet<string> = new Set([NAV_VERBS.myReports, MERGER_VERBS.next, MERGER_VERBS.progress]);

/**
 * Whether an event costs a list query or a search. Messages: everything but the reporting
 * commands and merger registration (an unknown text is a topic search); card buttons: "my
 * reports", "what next" and progress.
 */
export function makeExpensiveEventTest(texts: BotTexts, mergerCommands: Record<MergerCommandKey, string[]>): (event: InboundEvent) => boolean {
  return (event) => {
    if (event.kind === 'action') return EXPENSIVE_VERBS.has(event.verb);
    const command = recognizeCommand(event.text, texts);
    if (command) return !CHEAP_COMMANDS.has(command);
    const merger = matchCommand(event.text, mergerCommands);
    return !(merger && CHEAP_MERGER_COMMANDS.has(merger));
  };
}

export interface RateLimitDeps {
  settings: RateLimitSettings;
  texts: BotTexts;
  clock: Clock;
  isExpensive: (event: InboundEvent) => boolean;
  /** Told about each refusal (for a log line without personal data). */
  onLimited?: (event: InboundEvent, retryAfterMs: number) => void;
}

/** The core behind the per-user limit: a limited event gets a notice saying when to try again, and nothing else runs. */
export function withRateLimit(inner: BotCore, deps: RateLimitDeps): BotCore {
  if (deps.settings.perMinute <= 0) return inner;
  const buckets = new TokenBuckets(deps.settings.perMinute, deps.clock, deps.settings.maxUsers);
  return {
    ...inner,
    handle: async (event: InboundEvent): Promise<OutboundIntent[]> => {
      if (!deps.isExpensive(event)) return inner.handle(event);
      const taken = buckets.take(`${event.actor.platform}:${event.actor.userId}`);
      if (taken.ok) return inner.handle(event);
      deps.onLimited?.(event, taken.retryAfterMs);
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      return [notice([pick(deps.texts.messages.rateLimited, event.locale, { seconds })])];
    },
  };
}
