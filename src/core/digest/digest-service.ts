import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { DigestComposition, type ComposedDigest, type MessageBudget } from './digest-composer.js';
import type { DigestChannel, OutboxRepository, PublicationLog, ReportVersionSource, SlotRepository, SubscriptionRepository, Timer } from './digest-ports.js';
import type { DigestSettings } from './digest-settings.js';
import type { OutboxEntry, Subscription } from './digest-types.js';

/*
 * Slots and the chain of digests per subscription.
 *
 * - A slot (one cron time) is claimed with a unique document per (job, slot); a claim whose lease
 *   ran out (the instance died while composing) is taken over. The slot's sequence number is fixed
 *   at the first claim, after the publication log caught up with the reports.
 * - Each subscription's digests form a chain: entry n covers (watermark, toSeq] and is unique per
 *   (subscription, slot) and per (subscription, n). The watermark moves to toSeq only after the
 *   entry exists; an entry found without its watermark move (a crash in between) is completed
 *   first. Two compositions racing for the same subscription (two instances, or "send now" during
 *   a slot) cannot both create entry n, so no event is covered twice and none is skipped.
 */

export const DIGEST_JOB = 'weekly-digest';
const MAX_CHAIN_RETRIES = 5;

export interface DigestServiceLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface DigestServiceDeps {
  subscriptions: SubscriptionRepository;
  outbox: OutboxRepository;
  slots: SlotRepository;
  publications: PublicationLog;
  versions: ReportVersionSource;
  content: ReportingContent;
  settings: DigestSettings;
  channels: ReadonlyMap<string, DigestChannel>;
  clock: Clock;
  /** Wall-clock time for delivery times (the clock above decides slots and periods). */
  timer: Timer;
  /** The latest scheduled slot at or before a moment (see jobs/slot-schedule.ts). */
  latestSlot(now: Date): Date | undefined;
  instanceId: string;
  log: DigestServiceLog;
}

export interface SlotRun {
  slotAt: string;
  ran: boolean;
  entries: number;
  subscriptions: number;
}

export interface Slot {
  key: string;
  at: Date;
  manual: boolean;
}

function budgetOf(deps: DigestServiceDeps, platform: string): MessageBudget {
  const channel = deps.channels.get(platform);
  if (!channel) throw new Error(`no digest channel for platform ${platform}`);
  return { platform, maxBytes: channel.maxMessageBytes, measure: (c) => channel.measure(c) };
}

export function entryId(subscriptionId: string, slotKey: string): string {
  return `${subscriptionId}|${slotKey}`;
}

function isKs(deps: DigestServiceDeps, sub: Subscription): boolean {
  return sub.ks || deps.settings.ksConversations.includes(sub.conversationKey);
}

function newEntry(deps: DigestServiceDeps, sub: Subscription, slot: Slot, toSeq: number, digest: ComposedDigest, now: Date): OutboxEntry {
  return {
    _id: entryId(sub._id, slot.key),
    subscriptionId: sub._id,
    conversationKey: sub.conversationKey,
    platform: sub.platform,
    priority: isKs(deps, sub) ? 0 : 1,
    slotKey: slot.key,
    slotAt: slot.at,
    manual: slot.manual,
    chain: sub.digests + 1,
    fromSeq: sub.watermark,
    toSeq,
    locale: sub.locale,
    counts: digest.counts,
    parts: digest.cards.map((card) => ({ card, bytes: budgetOf(deps, sub.platform).measure(card), state: 'pending' as const })),
    status: 'pending',
    attempts: 0,
    failures: 0,
    nextAttemptAt: new Date(deps.timer.now()),
    leaseUntil: new Date(0),
    history: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Completes chain moves that a crash interrupted: entry n+1 exists, the watermark is still at n. */
async function catchUpChain(deps: DigestServiceDeps, sub: Subscription): Promise<Subscription | null> {
  let current: Subscription | null = sub;
  while (current) {
    const next = await deps.outbox.findByChain(current._id, current.digests + 1);
    if (!next) return current;
    await deps.subscriptions.advance(current._id, current, { watermark: next.toSeq, lastDigestAt: next.slotAt });
    current = await deps.subscriptions.findById(current._id);
  }
  return null;
}

/** Creates this subscription's entry for the slot once; returns it, or undefined if it existed. */
export async function composeEntry(deps: DigestServiceDeps, composition: DigestComposition, start: Subscription, slot: Slot): Promise<OutboxEntry | undefined> {
  for (let attempt = 0; attempt < MAX_CHAIN_RETRIES; attempt += 1) {
    const sub = await catchUpChain(deps, start);
    if (!sub) return undefined;
    const toSeq = Math.max(sub.watermark, composition.slotSeq);
    const audience = { filters: sub.filters, locale: sub.locale, periodFrom: sub.lastDigestAt ?? sub.createdAt };
    const digest = await composition.compose(audience, sub.watermark, budgetOf(deps, sub.platform));
    const entry = newEntry(deps, sub, slot, toSeq, digest, deps.clock.now());
    const inserted = await deps.outbox.insert(entry);
    if (inserted === 'slot-exists') return undefined;
    if (inserted === 'created') {
      await deps.subscriptions.advance(sub._id, sub, { watermark: toSeq, lastDigestAt: slot.at });
      return entry;
    }
    // 'chain-taken': another composition created digest n meanwhile; continue from there.
  }
  throw new Error(`subscription ${start._id}: could not take the next digest in ${MAX_CHAIN_RETRIES} attempts`);
}

/**
 * A subscription of a platform this instance cannot post to (say, Slack without its settings) is
 * skipped with a warning rather than failing everyone's digest; its watermark stays, so its next
 * digest covers the events. Any other error stops the slot, which is retried when its lease ends.
 */
async function composeIfPostable(deps: DigestServiceDeps, composition: DigestComposition, sub: Subscription, slot: Slot): Promise<OutboxEntry | undefined> {
  if (!deps.channels.has(sub.platform)) {
    deps.log.warn('digest not composed: no channel for the platform', { subscription: sub._id, platform: sub.platform });
    return undefined;
  }
  return composeEntry(deps, composition, sub, slot);
}

/** Composes every subscription's digest of one scheduled slot, once across instances. */
export async function runSlot(deps: DigestServiceDeps, slotAt: Date): Promise<SlotRun> {
  const now = deps.clock.now();
  const { leaseMs } = deps.settings.delivery;
  const claim = await deps.slots.claim(DIGEST_JOB, slotAt, deps.instanceId, now, leaseMs);
  if (!claim) return { slotAt: slotAt.toISOString(), ran: false, entries: 0, subscriptions: 0 };
  const slotSeq = await deps.slots.fixSeq(claim._id, await deps.publications.sync());
  const composition = new DigestComposition(deps, slotSeq, slotAt);
  const subscriptions = await deps.subscriptions.listAll();
  const slot: Slot = { key: slotAt.toISOString(), at: slotAt, manual: false };
  let entries = 0;
  let renewed = Date.now();
  for (const sub of subscriptions) {
    if (await composeIfPostable(deps, composition, sub, slot)) entries += 1;
    // The claim is renewed well before its lease runs out (a third of it), not after every digest.
    if (Date.now() - renewed < leaseMs / 3) continue;
    renewed = Date.now();
    if (!(await deps.slots.renew(claim._id, deps.instanceId, new Date(deps.clock.now().getTime() + leaseMs)))) {
      deps.log.warn('digest slot taken over by another instance', { slot: claim._id });
      return { slotAt: slot.key, ran: true, entries, subscriptions: subscriptions.length };
    }
  }
  await deps.slots.complete(claim._id, deps.instanceId, entries, deps.clock.now());
  deps.log.info('digest slot composed', { slot: claim._id, slotSeq, subscriptions: subscriptions.length, entries });
  return { slotAt: slot.key, ran: true, entries, subscriptions: subscriptions.length };
}

/** Runs the latest due slot unless it was composed: the cron trigger, the poll and the catch-up at start. */
export async function runDueSlot(deps: DigestServiceDeps): Promise<SlotRun | undefined> {
  const slotAt = deps.latestSlot(deps.clock.now());
  if (!slotAt) return undefined;
  const existing = await deps.slots.find(`${DIGEST_JOB}|${slotAt.toISOString()}`);
  if (existing?.status === 'composed') return undefined;
  return runSlot(deps, slotAt);
}

/** "Send now": a digest of everything since this subscription's last one, outside the schedule. */
export async function composeNow(deps: DigestServiceDeps, subscription: Subscription): Promise<OutboxEntry | undefined> {
  const now = deps.clock.now();
  const composition = new DigestComposition(deps, await deps.publications.sync(), now);
  return composeEntry(deps, composition, subscription, { key: `manual-${randomUUID()}`, at: now, manual: true });
}

/** What this conversation's next digest would show now, without consuming anything. */
export async function previewDigest(deps: DigestServiceDeps, sub: Pick<Subscription, 'filters' | 'locale' | 'watermark' | 'platform'> & { periodFrom: Date }): Promise<ComposedDigest> {
  const now = deps.clock.now();
  const composition = new DigestComposition(deps, await deps.publications.sync(), now);
  return composition.compose({ filters: sub.filters, locale: sub.locale, periodFrom: sub.periodFrom }, sub.watermark, budgetOf(deps, sub.platform));
}
