import type { CardIntent } from '../outbound.js';
import type { ReportRecord } from '../reporting/report.js';
import type { DeliveryAttempt, OutboxEntry, OutboxStatus, PublicationEvent, SlotClaim, Subscription, SubscriptionFilters } from './digest-types.js';

/** Subscriptions, one per conversation. */
export interface SubscriptionRepository {
  findByConversation(conversationKey: string): Promise<Subscription | null>;
  findById(id: string): Promise<Subscription | null>;
  /** false when the conversation has a subscription already. */
  create(subscription: Subscription): Promise<boolean>;
  update(id: string, changes: { filters: SubscriptionFilters; locale: Subscription['locale'] }, now: Date): Promise<Subscription | null>;
  setKs(id: string, ks: boolean, now: Date): Promise<void>;
  remove(conversationKey: string): Promise<boolean>;
  /** KS channels first, then oldest first. */
  listAll(): Promise<Subscription[]>;
  /**
   * Moves the chain on by one digest: only if the subscription is still at `from` (another
   * composition may have moved it). Returns whether it moved.
   */
  advance(id: string, from: Pick<Subscription, 'digests' | 'watermark'>, to: { watermark: number; lastDigestAt: Date }): Promise<boolean>;
}

/** The publication sequence: events derived from the reports collection, numbered without gaps. */
export interface PublicationLog {
  /** Records an event for every approval and withdrawal that has none yet; returns the highest sequence number. */
  sync(): Promise<number>;
  maxSeq(): Promise<number>;
  /** Every event with a sequence number ≤ `upTo`, in sequence order. */
  listUpTo(upTo: number): Promise<PublicationEvent[]>;
}

/** Report versions by id, for the versions the events name. */
export interface ReportVersionSource {
  findVersions(reportIds: string[]): Promise<ReportRecord[]>;
}

export type OutboxInsertResult = 'created' | 'slot-exists' | 'chain-taken';

export interface OutboxRepository {
  insert(entry: OutboxEntry): Promise<OutboxInsertResult>;
  findById(id: string): Promise<OutboxEntry | null>;
  findByChain(subscriptionId: string, chain: number): Promise<OutboxEntry | null>;
  /** The next due entry (KS first), leased to `owner` until now + leaseMs. */
  claimNext(owner: string, now: Date, leaseMs: number): Promise<OutboxEntry | null>;
  /** Marks a part as being posted now; false if the lease was lost. */
  markAttempt(id: string, owner: string, part: number, now: Date, resent: boolean): Promise<boolean>;
  /** Records a posted part and releases the entry until `nextAttemptAt` (or completes it). */
  markSent(id: string, owner: string, part: number, activityId: string, now: Date, next: { done: boolean; nextAttemptAt: Date }): Promise<boolean>;
  /** Records a failed attempt; `status` pending (retry later) or failed. */
  markFailed(id: string, owner: string, attempt: DeliveryAttempt, next: { status: Extract<OutboxStatus, 'pending' | 'failed'>; nextAttemptAt: Date; failures: number }): Promise<boolean>;
  /** Releases the entry without posting (pacing): due again at `nextAttemptAt`. */
  release(id: string, owner: string, nextAttemptAt: Date): Promise<void>;
  cancel(id: string, owner: string, now: Date, reason: string): Promise<void>;
  /** Whether the subscription has an open digest earlier in its chain (delivered first, whole). */
  hasEarlierOpen(subscriptionId: string, chain: number): Promise<boolean>;
  /** When the earliest open entry falls due; undefined when nothing is open. */
  nextDueAt(): Promise<Date | undefined>;
  /** The most recent entries, newest first, without their message contents. */
  listRecent(limit: number): Promise<OutboxEntry[]>;
}

export interface SlotRepository {
  /** Claims the slot (or takes over a claim whose lease ran out); null if it is composed or held. */
  claim(job: string, slotAt: Date, owner: string, now: Date, leaseMs: number): Promise<SlotClaim | null>;
  /** Fixes the slot's sequence number once; returns the one stored. */
  fixSeq(id: string, seq: number): Promise<number>;
  renew(id: string, owner: string, until: Date): Promise<boolean>;
  complete(id: string, owner: string, entries: number, now: Date): Promise<void>;
  find(id: string): Promise<SlotClaim | null>;
  /** The most recent composed slot of the job. */
  lastComposed(job: string): Promise<SlotClaim | null>;
}

/** A global pace across instances: resolves when this caller may post. */
export interface SendRateLimiter {
  acquire(): Promise<void>;
}

/** Raised by a channel when the conversation has no stored reference: nothing to retry. */
export class ConversationUnknown extends Error {
  override name = 'ConversationUnknown';
  constructor(readonly conversationKey: string) {
    super(`no stored conversation reference for ${conversationKey}`);
  }
}

/**
 * Where digests are posted (Teams now, Slack later): the channel measures a message as the
 * platform counts it and posts one message, returning the platform's message id. Errors carry
 * `statusCode` and, for throttling, a Retry-After header (see delivery-policy.ts).
 */
export interface DigestChannel {
  platform: 'teams' | 'slack';
  maxMessageBytes: number;
  measure(card: CardIntent): number;
  post(conversationKey: string, card: CardIntent): Promise<string>;
}

/** Wall-clock time for pacing and backoff (the domain Clock decides slots and periods). */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
