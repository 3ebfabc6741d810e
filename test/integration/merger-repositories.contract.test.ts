import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyConflict, DuplicateKey, type Clock } from '../../src/core/ports.js';
import type { NewMerger } from '../../src/core/merger/merger-ports.js';
import { makeMongoConversationRepository } from '../../src/data/conversation-repository.js';
import { initMergerCollection, makeMongoMergerRepository, MERGERS } from '../../src/data/merger-repository.js';
import { initReminderLogCollection, makeMongoReminderLog } from '../../src/data/reminder-log-repository.js';
import { initTaskStateCollection, makeMongoTaskStateRepository } from '../../src/data/task-state-repository.js';
import { freshTestDb, testMongoUri } from '../support/mongo-backend.js';

let client: MongoClient;
let db: Db;
const clock: Clock = { now: () => new Date('2026-11-02T09:00:00Z') };

const merger = (overrides: Partial<NewMerger> = {}): NewMerger => ({
  _id: randomUUID(),
  conversationKey: `teams:19:${randomUUID()}`,
  name: 'Nye Sandvika',
  municipalities: [
    { number: '3201', name: 'Bærum' },
    { number: '3203', name: 'Asker' },
  ],
  mergerDate: '2027-11-02',
  phase: 'planlegging-og-anskaffelse',
  conditions: { usesFeide: true },
  locale: 'nb',
  createdBy: { userId: 'aad-kari', displayName: 'Kari' },
  ...overrides,
});

beforeAll(async () => {
  client = await MongoClient.connect(testMongoUri());
  db = await freshTestDb(client, 'merger_contract');
  await initMergerCollection(db);
  await initTaskStateCollection(db);
  await initReminderLogCollection(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('merger repository (MongoDB contract)', () => {
  it('stores one merger per conversation and finds it by conversation', async () => {
    const repo = makeMongoMergerRepository(db, clock);
    const m = await repo.insert(merger());
    expect((await repo.findByConversation(m.conversationKey))?._id).toBe(m._id);
    await expect(repo.insert(merger({ conversationKey: m.conversationKey }))).rejects.toBeInstanceOf(DuplicateKey);
  });

  it('detects a stale phase change instead of overwriting', async () => {
    const repo = makeMongoMergerRepository(db, clock);
    const m = await repo.insert(merger());
    const moved = await repo.update(m._id, 0, { phase: 'gjennomforing' });
    expect(moved.rev).toBe(1);
    await expect(repo.update(m._id, 0, { phase: 'drift' })).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect((await repo.findById(m._id))?.phase).toBe('gjennomforing');
  });

  it('refuses an invalid merger document (validator)', async () => {
    await expect(db.collection(MERGERS).insertOne({ _id: 'bad' as never, conversationKey: 'x', name: '', municipalities: [], mergerDate: 'soon', phase: 'x', conditions: {}, locale: 'nb', rev: 0, createdAt: new Date(), updatedAt: new Date() })).rejects.toMatchObject({ code: 121 });
  });
});

describe('task state repository (MongoDB contract)', () => {
  it('keeps both of two simultaneous changes of the same task in the history, with who and when', async () => {
    const repo = makeMongoTaskStateRepository(db);
    const mergerId = randomUUID();
    const at = new Date('2026-11-02T10:00:00Z');
    await Promise.all([
      repo.applyChange(mergerId, 'arkiv-01', { status: 'done', by: { userId: 'u1', displayName: 'Kari' }, at }),
      repo.applyChange(mergerId, 'arkiv-01', { status: 'not_relevant', reason: 'Felles arkiv finnes allerede', by: { userId: 'u2', displayName: 'Ola' }, at }),
    ]);
    const state = await repo.get(mergerId, 'arkiv-01');
    expect(state?.history.map((h) => h.by.displayName).sort()).toEqual(['Kari', 'Ola']);
    expect(['done', 'not_relevant']).toContain(state?.status);
    expect(state?.history.every((h) => h.at instanceof Date)).toBe(true);
  });

  it('keeps changes of different tasks apart and lists them per merger', async () => {
    const repo = makeMongoTaskStateRepository(db);
    const mergerId = randomUUID();
    const by = { userId: 'u1', displayName: 'Kari' };
    await repo.applyChange(mergerId, 'infra-01', { status: 'done', by, at: new Date() });
    await repo.applyChange(mergerId, 'infra-02', { status: 'later', laterUntil: '2026-12-01', by, at: new Date() });
    const reopened = await repo.applyChange(mergerId, 'infra-01', { status: 'open', by, at: new Date() });
    expect(reopened.history.map((h) => h.status)).toEqual(['done', 'open']);
    const states = await repo.listForMerger(mergerId);
    expect(states.map((s) => `${s.taskId}:${s.status}`).sort()).toEqual(['infra-01:open', 'infra-02:later']);
    expect(states.find((s) => s.taskId === 'infra-02')?.laterUntil).toBe('2026-12-01');
    expect(await repo.listForMerger(randomUUID())).toEqual([]);
  });
});

describe('conversation references and reminder claims', () => {
  it('stores a conversation reference with its locale and refreshes it', async () => {
    const repo = makeMongoConversationRepository(db, clock);
    await repo.upsert({ _id: 'teams:19:abc', platform: 'teams', locale: 'nb', reference: { conversation: { id: '19:abc' } } });
    await repo.upsert({ _id: 'teams:19:abc', platform: 'teams', locale: 'en', reference: { conversation: { id: '19:abc' } } });
    expect((await repo.find('teams:19:abc'))?.locale).toBe('en');
  });

  it('claims a reminder once per task per day', async () => {
    const log = makeMongoReminderLog(db);
    expect(await log.claim('m1', 'arkiv-01', '2026-11-02')).toBe(true);
    expect(await log.claim('m1', 'arkiv-01', '2026-11-02')).toBe(false);
    expect(await log.claim('m1', 'arkiv-01', '2026-11-03')).toBe(true);
  });
});
