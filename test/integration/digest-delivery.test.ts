/**
 * The outbox delivery worker against MongoDB with an in-memory channel (issue 5 item 4): pacing per
 * conversation and overall, retries of 429/5xx with backoff honouring Retry-After, final failures
 * shown to coordinators, resuming after a crash with the next part, KS channels first.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryWorker, type DeliveryDeps } from '../../src/core/digest/delivery-worker.js';
import { ConversationUnknown, realTimer } from '../../src/core/digest/digest-ports.js';
import { composeNow, runSlot, type DigestServiceDeps } from '../../src/core/digest/digest-service.js';
import type { OutboxEntry } from '../../src/core/digest/digest-types.js';
import { makeMongoSendRateLimiter } from '../../src/data/digest-rate-limiter.js';
import { digestService, digestSettings, MemoryChannel, projectAnswers, publish, subscribeDirect, TestClock } from './digest-fixtures.js';

let mongo: MongoClient;
beforeAll(async () => {
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
});
afterAll(async () => {
  await mongo?.close();
});

const DAY = 86_400_000;
const start = new Date();

interface Setup {
  db: Db;
  deps: DigestServiceDeps & { channel: MemoryChannel };
  failed: { entry: OutboxEntry; status?: number }[];
  worker(opts?: Partial<DeliveryDeps['settings']> & { owner?: string; random?: () => number }): DeliveryWorker;
}

/** A database with `subscriptions` channels, one new project each, and one composed slot. */
async function setup(subscriptions: { key: string; ks?: boolean }[], projects = 1, env: Record<string, string> = {}): Promise<Setup> {
  const db = mongo.db(`digest_delivery_${randomUUID().replace(/-/g, '').slice(0, 8)}`);
  const clock = new TestClock(start);
  const deps = await digestService(db, clock, { settings: digestSettings(env) });
  for (const s of subscriptions) await subscribeDirect(deps, s.key, { ks: s.ks ?? false });
  for (let i = 0; i < projects; i += 1) await publish(db, `p${i}`, 1, projectAnswers({ name: `Prosjekt ${i}` }), 'APEN', new Date(start.getTime() + DAY + i));
  await runSlot(deps, new Date(start.getTime() + 7 * DAY));
  const failed: Setup['failed'] = [];
  const worker = (opts: Partial<DeliveryDeps['settings']> & { owner?: string; random?: () => number } = {}) =>
    new DeliveryWorker({
      outbox: deps.outbox,
      subscriptions: deps.subscriptions,
      channels: deps.channels,
      limiter: makeMongoSendRateLimiter(db, opts.ratePerSecond ?? 50, realTimer),
      timer: realTimer,
      settings: { ...deps.settings.delivery, conversationIntervalMs: 50, retryBaseMs: 100, retryMaxMs: 2_000, ...opts },
      owner: opts.owner ?? `w-${randomUUID().slice(0, 6)}`,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      onFailed: (entry, error) => failed.push({ entry, ...(error.statusCode === undefined ? {} : { status: error.statusCode }) }),
      ...(opts.random ? { random: opts.random } : {}),
    });
  return { db, deps, failed, worker };
}

async function deliverAll(worker: DeliveryWorker, deps: DigestServiceDeps, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await worker.drain();
    const due = await deps.outbox.nextDueAt();
    if (!due) return;
    if (Date.now() > deadline) throw new Error('not delivered in time');
    await new Promise((r) => setTimeout(r, Math.min(100, Math.max(5, due.getTime() - Date.now()))));
  }
}

const httpError = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${status}`), { statusCode: status, response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } } });

async function entries(deps: DigestServiceDeps): Promise<OutboxEntry[]> {
  const recent = await deps.outbox.listRecent(100);
  return (await Promise.all(recent.map((e) => deps.outbox.findById(e._id)))).filter((e): e is OutboxEntry => e !== null);
}

describe('delivery', () => {
  it('posts every part once, in order, records the activity ids, and spaces messages into one conversation', async () => {
    const s = await setup([{ key: 'teams:19:a' }], 12);
    await deliverAll(s.worker({ conversationIntervalMs: 150 }), s.deps);
    const [entry] = await entries(s.deps);
    expect(entry?.status).toBe('sent');
    expect(entry?.parts.map((p) => p.activityId)).toEqual(s.deps.channel.posts.map((p) => p.id));
    expect(s.deps.channel.posts).toHaveLength(3);
    const sentAt = (entry?.parts ?? []).map((p) => p.sentAt?.getTime() ?? 0);
    for (let i = 1; i < sentAt.length; i += 1) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('keeps the overall rate across conversations', async () => {
    const s = await setup(Array.from({ length: 12 }, (_, i) => ({ key: `teams:19:rate${i}` })));
    const t0 = Date.now();
    await deliverAll(s.worker({ ratePerSecond: 20, concurrency: 6 }), s.deps);
    const elapsed = Date.now() - t0;
    // 24 messages (summary + one project page each) at 20 per second: one send slot of 50 ms each.
    expect(s.deps.channel.posts).toHaveLength(24);
    expect(elapsed).toBeGreaterThanOrEqual(22 * 50);
    // Send slots are reserved 50 ms apart; the post itself may start a little late (database
    // write, event loop), so a second of posts may hold one or two more than the slots it spans.
    const times = s.deps.channel.posts.map((p) => p.at);
    const busiestSecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(busiestSecond).toBeLessThanOrEqual(23);
  });

  it('delivers KS channels first', async () => {
    const s = await setup([{ key: 'teams:19:other1' }, { key: 'teams:19:other2' }, { key: 'teams:19:ks', ks: true }]);
    await deliverAll(s.worker({ concurrency: 1 }), s.deps);
    expect(s.deps.channel.posts[0]?.conversationKey).toBe('teams:19:ks');
  });

  it('retries 429 no sooner than Retry-After, and 5xx with backoff, then delivers', async () => {
    const s = await setup([{ key: 'teams:19:throttled' }]);
    s.deps.channel.failNext = [httpError(429, '1'), httpError(503)];
    const worker = s.worker({ random: () => 1 });
    await worker.drain();
    const [afterThrottle] = await entries(s.deps);
    expect(afterThrottle?.status).toBe('pending');
    expect(afterThrottle?.lastStatusCode).toBe(429);
    expect(afterThrottle!.nextAttemptAt.getTime() - afterThrottle!.updatedAt.getTime()).toBeGreaterThanOrEqual(1000);
    await deliverAll(worker, s.deps);
    const [done] = await entries(s.deps);
    expect(done?.status).toBe('sent');
    expect(done?.history.map((h) => `${h.outcome}${h.statusCode ?? ''}`)).toEqual(['retry429', 'retry503', 'sent', 'sent']);
    expect(done?.attempts).toBe(4);
    const retry = done!.history[1]!;
    const sent = done!.history[2]!;
    expect(sent.at.getTime() - retry.at.getTime()).toBeGreaterThanOrEqual(190); // base 100 ms · 2^(2-1)
    expect(s.failed).toEqual([]);
  });

  it('marks an entry failed after too many failures and tells the coordinators once', async () => {
    const s = await setup([{ key: 'teams:19:broken' }]);
    s.deps.channel.failNext = Array.from({ length: 3 }, () => httpError(500));
    await deliverAll(s.worker({ maxAttempts: 3, retryBaseMs: 10 }), s.deps);
    const [entry] = await entries(s.deps);
    expect(entry?.status).toBe('failed');
    expect(entry?.lastStatusCode).toBe(500);
    expect(entry?.history.map((h) => h.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(s.failed.map((f) => f.status)).toEqual([500]);
  });

  it('does not retry a refusal (403: the bot was removed) nor an unknown conversation', async () => {
    const s = await setup([{ key: 'teams:19:removed' }, { key: 'teams:19:unknown' }]);
    s.deps.channel.failNext = [httpError(403), new ConversationUnknown('teams:19:unknown')];
    await deliverAll(s.worker({ concurrency: 1 }), s.deps);
    const all = await entries(s.deps);
    expect(all.map((e) => e.status)).toEqual(['failed', 'failed']);
    expect(all.map((e) => e.attempts)).toEqual([1, 1]);
    expect(s.failed).toHaveLength(2);
    expect(s.deps.channel.posts).toHaveLength(0);
  });

  it('cancels the digest of a conversation that unsubscribed before delivery', async () => {
    const s = await setup([{ key: 'teams:19:gone' }]);
    await s.deps.subscriptions.remove('teams:19:gone');
    await deliverAll(s.worker(), s.deps);
    const [entry] = await entries(s.deps);
    expect(entry?.status).toBe('cancelled');
    expect(s.deps.channel.posts).toHaveLength(0);
  });

  it('resumes after a crash with the next part; a part interrupted mid-post is posted again and marked', async () => {
    const s = await setup([{ key: 'teams:19:crash' }], 12);
    // Instance A posted part 0, recorded it, then died while posting part 1 (outcome unknown).
    const now = () => new Date();
    const a = await s.deps.outbox.claimNext('dead-a', now(), 300);
    if (!a) throw new Error('nothing to claim');
    await s.deps.outbox.markAttempt(a._id, 'dead-a', 0, now(), false);
    await s.deps.outbox.markSent(a._id, 'dead-a', 0, 'act-from-a', now(), { done: false, nextAttemptAt: now() });
    await s.deps.outbox.claimNext('dead-a', now(), 300);
    await s.deps.outbox.markAttempt(a._id, 'dead-a', 1, now(), false);
    // Instance B cannot take the entry while A's lease holds, then resumes.
    const b = s.worker({ owner: 'b' });
    await b.drain();
    expect(s.deps.channel.posts).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 320));
    await deliverAll(b, s.deps);
    const [entry] = await entries(s.deps);
    expect(entry?.status).toBe('sent');
    expect(entry?.parts.map((p) => p.activityId)).toEqual(['act-from-a', 'act-1', 'act-2']);
    expect(entry?.parts.map((p) => p.resent ?? false)).toEqual([false, true, false]);
    expect(s.deps.channel.posts).toHaveLength(2);
  });

  it('delivers two digests of one conversation one after the other, never interleaved', async () => {
    const s = await setup([{ key: 'teams:19:twice' }], 12);
    const [sub] = await s.deps.subscriptions.listAll();
    await publish(s.db, 'later', 1, projectAnswers({ name: 'Senere prosjekt' }), 'APEN', new Date(start.getTime() + 8 * DAY));
    await composeNow(s.deps, sub!);
    await deliverAll(s.worker({ concurrency: 4, conversationIntervalMs: 30 }), s.deps);
    const [first, second] = (await entries(s.deps)).sort((a, b) => a.chain - b.chain);
    const ids = s.deps.channel.posts.map((p) => p.id);
    expect(ids).toEqual([...first!.parts.map((p) => p.activityId), ...second!.parts.map((p) => p.activityId)]);
    expect(first!.parts).toHaveLength(3);
    expect(second!.parts).toHaveLength(2);
  });

  it('lets two workers share the outbox without posting anything twice', async () => {
    const s = await setup(Array.from({ length: 8 }, (_, i) => ({ key: `teams:19:pair${i}` })), 12);
    const one = s.worker({ concurrency: 3 });
    const two = s.worker({ concurrency: 3 });
    await Promise.all([deliverAll(one, s.deps), deliverAll(two, s.deps)]);
    const keys = s.deps.channel.posts.map((p) => `${p.conversationKey}|${JSON.stringify(p.card.data).length}|${(p.card.data as { title?: string }).title}`);
    expect(s.deps.channel.posts).toHaveLength(8 * 3);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await entries(s.deps)).every((e) => e.status === 'sent')).toBe(true);
  });
});
