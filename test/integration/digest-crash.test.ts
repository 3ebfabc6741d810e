/**
 * Must-show of issue 5: the bot as its own process (as `npm start` runs it) is killed in the
 * middle of delivering a slot's digests, right after it recorded the first message as sent
 * (DIGEST_CRASH_AFTER_PARTS, a NODE_ENV=test hook that SIGKILLs the process). A new process on
 * the same MongoDB catches up: every subscription gets its digest once, every part once, in order.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry, Subscription } from '../../src/core/digest/digest-types.js';
import { initDigestCollections } from '../../src/data/digest-collections.js';
import { freePort, startBotProcess, type BotProcess } from '../support/bot-process.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { projectAnswers, publish } from './digest-fixtures.js';

let connector: RecordingConnector;
let mongo: MongoClient;
let db: Db;
const dbName = `it_digest_crash_${Date.now()}`;
const conversations = [1, 2, 3].map((i) => `19:crash-${i}-${randomUUID()}@thread.tacv2`);
const running: BotProcess[] = [];

/** A daily slot two minutes ago (UTC), the same for both processes: each finds it due at start. */
const slotAt = new Date(Date.now() - 2 * 60_000);
const DAILY_SLOT = `${slotAt.getUTCMinutes()} ${slotAt.getUTCHours()} * * *`;

async function seed(): Promise<void> {
  await initDigestCollections(db);
  const now = new Date();
  for (const [i, id] of conversations.entries()) {
    const reference = { bot: { id: '28:samhandlingsbot', name: 'Samhandlingsbot' }, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: 'tenant-test' }, channelId: 'msteams', serviceUrl: connector.url };
    await db.collection('conversations').insertOne({ _id: `teams:${id}` as never, platform: 'teams', locale: 'nb', reference, updatedAt: now });
    const sub: Subscription = {
      _id: randomUUID(), conversationKey: `teams:${id}`, platform: 'teams', conversationKind: 'channel', locale: 'nb', filters: { serviceAreas: [], ministries: [] }, ks: i === 2,
      watermark: 0, digests: 0, createdBy: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari' }, createdAt: now, updatedAt: now,
    };
    await db.collection<Subscription>('digest_subscriptions').insertOne(sub);
  }
  for (const name of ['Felles journal', 'Digital sosialhjelp', 'Nytt matrikkelsystem']) await publish(db, randomUUID(), 1, projectAnswers({ name }), 'APEN', now);
}

async function start(env: Record<string, string>): Promise<BotProcess> {
  const bot = await startBotProcess({
    port: await freePort(),
    dbName,
    env: { JOBS_ENABLED: 'true', DIGEST_CRON: DAILY_SLOT, DIGEST_TIMEZONE: 'UTC', DIGEST_STARTUP_DELAY_MS: '200', DIGEST_POLL_MS: '500', DIGEST_CONVERSATION_INTERVAL_MS: '200', DIGEST_CONCURRENCY: '1', DIGEST_LEASE_MS: '5000', ...env },
  });
  running.push(bot);
  return bot;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function until(what: string, test: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const outbox = () => db.collection<OutboxEntry>('digest_outbox').find({}).toArray();

beforeAll(async () => {
  connector = await RecordingConnector.start();
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  db = mongo.db(dbName);
  await seed();
});

afterAll(async () => {
  for (const bot of running) await bot.kill('SIGTERM');
  await connector?.stop();
  await mongo?.close();
});

describe('a process killed mid-delivery', () => {
  it('resumes in a new process without posting anything twice', async () => {
    const first = await start({ DIGEST_CRASH_AFTER_PARTS: '1' });
    await until('the first process to die', () => !alive(first.pid));
    expect(await first.kill('SIGTERM')).toBeNull(); // killed by a signal, not exited
    expect(first.output.join('')).toContain('DIGEST_CRASH_AFTER_PARTS reached');
    const afterCrash = await outbox();
    expect(afterCrash).toHaveLength(3);
    expect(afterCrash.flatMap((e) => e.parts).filter((p) => p.state === 'sent')).toHaveLength(1);
    expect(connector.received).toHaveLength(1);
    // The KS channel went first.
    expect(connector.received[0]?.conversationId).toBe(conversations[2]);

    const second = await start({});
    await until('every digest to be delivered', async () => (await outbox()).every((e) => e.status === 'sent'));
    const entries = await outbox();
    for (const id of conversations) {
      const entry = entries.find((e) => e.conversationKey === `teams:${id}`) as OutboxEntry;
      const posted = connector.received.filter((r) => r.conversationId === id).map((r) => JSON.stringify(r.activity.attachments));
      expect(posted).toHaveLength(entry.parts.length);
      expect(new Set(posted).size).toBe(posted.length);
      expect(entry.parts.map((p) => p.activityId?.startsWith('act-'))).toEqual(entry.parts.map(() => true));
      expect(entry.parts.some((p) => p.resent)).toBe(false);
    }
    expect(entries.map((e) => e.parts.length)).toEqual([2, 2, 2]);
    expect(entries.every((e) => e.slotKey === entries[0]?.slotKey)).toBe(true);
    expect(connector.received).toHaveLength(6);
    expect(await db.collection('digest_slots').countDocuments({ status: 'composed' })).toBe(1);
    await second.kill('SIGTERM');
  }, 60_000);
});
