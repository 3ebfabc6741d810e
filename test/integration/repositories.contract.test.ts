import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyConflict, DuplicateKey, type Clock } from '../../src/core/ports.js';
import { initInboundDedupeCollection, makeMongoInboundDedupe, PROCESSED_INBOUND } from '../../src/data/inbound-dedupe-repository.js';
import { initReportCollection, makeMongoReportRepository, REPORTS } from '../../src/data/report-repository.js';
import { freshTestDb, testMongoUri } from '../support/mongo-backend.js';
import { newDraft as draft } from '../support/report-answers.js';

let client: MongoClient;
let db: Db;
let now = new Date('2026-11-02T09:00:00Z');
const clock: Clock = { now: () => now };


beforeAll(async () => {
  client = await MongoClient.connect(testMongoUri());
  db = await freshTestDb(client, 'contract');
  await initReportCollection(db);
  await initInboundDedupeCollection(db);
  // Start-up runs on every boot: a second init on an existing database must succeed too.
  await initReportCollection(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('report repository (MongoDB contract)', () => {
  it('stores a draft and reads it back by id, by reporter and as the latest draft', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const reporter = { platform: 'teams' as const, userId: `aad-${randomUUID()}`, displayName: 'Ola' };
    const a = await reports.insert(draft({ reporter }));
    now = new Date(now.getTime() + 1000);
    const b = await reports.insert(draft({ reporter, answers: { projectName: 'Nyere' } }));
    expect(a.rev).toBe(0);
    expect((await reports.findById(a._id))?.answers).toEqual({ projectName: 'Digital byggesak' });
    expect((await reports.findLatestDraft(reporter))?._id).toBe(b._id);
    expect((await reports.listByReporter(reporter, 10)).map((r) => r._id)).toEqual([b._id, a._id]);
    expect(await reports.listByReporter({ platform: 'teams', userId: 'someone-else' }, 10)).toEqual([]);
  });

  it('applies an update with the current rev and bumps it; a stale rev is a conflict and changes nothing', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const r = await reports.insert(draft());
    const updated = await reports.update(r._id, 0, { answers: { projectName: 'Endret' }, step: 'description' });
    expect(updated.rev).toBe(1);
    expect(updated.step).toBe('description');
    await expect(reports.update(r._id, 0, { answers: { projectName: 'Tapt skriving' } })).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect((await reports.findById(r._id))?.answers).toEqual({ projectName: 'Endret' });
  });

  it('lets exactly one of many concurrent writers with the same rev win', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const r = await reports.insert(draft());
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => reports.update(r._id, 0, { answers: { projectName: `Skriver ${i}` } })),
    );
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((x) => x.status === 'rejected' && x.reason instanceof ConcurrencyConflict)).toHaveLength(19);
    expect((await reports.findById(r._id))?.rev).toBe(1);
  });

  it('gives reports stored before name keys existed their keys at the next start', async () => {
    const old = { ...draft({ answers: { projectName: 'Felles kartløsning', shortName: 'FKL' } }), rev: 0, createdAt: now, updatedAt: now };
    await db.collection(REPORTS).insertOne(old as never);
    await initReportCollection(db);
    const stored = await makeMongoReportRepository(db, clock).findById(old._id);
    expect(stored?.nameKeys).toEqual(expect.arrayContaining(['w:felles', 'w:kartlosning', 'p:kartlosn', 's:fkl']));
  });

  it('refuses a second report with the same project and version number', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const first = await reports.insert(draft());
    await expect(reports.insert(draft({ projectId: first.projectId, reportVersion: 1 }))).rejects.toBeInstanceOf(DuplicateKey);
    const v2 = await reports.insert(draft({ projectId: first.projectId, reportVersion: 2 }));
    expect((await reports.findLatestVersion(first.projectId))?._id).toBe(v2._id);
  });

  it('rejects documents that break the collection validator', async () => {
    const col = db.collection(REPORTS);
    await expect(col.insertOne({ _id: 'bad-1' as never, projectId: 'p', state: 'NOT_A_STATE' })).rejects.toMatchObject({ code: 121 });
    await expect(
      col.insertOne({ ...draft({ _id: 'bad-2' }), answers: { $where: 'x' }, rev: 0, createdAt: now, updatedAt: now } as never),
    ).rejects.toThrow();
    expect(await col.countDocuments({ _id: { $in: ['bad-1', 'bad-2'] } as never })).toBe(0);
  });

  it('treats a user value that looks like an operator as a plain string', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const r = await reports.insert(draft({ answers: { projectName: '$ne' } }));
    expect((await reports.findById(r._id))?.answers['projectName']).toBe('$ne');
    // An id that looks like an operator finds nothing instead of matching everything.
    expect(await reports.findById({ $ne: null } as never)).toBeNull();
  });

  it('upserts demo records idempotently without touching user records', async () => {
    const reports = makeMongoReportRepository(db, clock);
    const demo = draft({ _id: 'demo-contract-1', projectId: 'demo-contract-1', demo: true, state: 'INNSENDT', reporter: { platform: 'demo', userId: 'demo', displayName: 'Demo' } });
    await reports.upsertDemo(demo);
    await reports.upsertDemo(demo);
    expect(await db.collection(REPORTS).countDocuments({ projectId: 'demo-contract-1' })).toBe(1);
  });
});

describe('inbound dedupe (MongoDB contract, TTL field)', () => {
  it('says "first seen" once per key and stores an expiry for the TTL index', async () => {
    const dedupe = makeMongoInboundDedupe(db, clock, 60_000);
    const key = `teams:message:${randomUUID()}`;
    expect(await dedupe.firstSeen(key)).toBe(true);
    expect(await dedupe.firstSeen(key)).toBe(false);
    const [a, b] = await Promise.all([dedupe.firstSeen(`${key}-2`), dedupe.firstSeen(`${key}-2`)]);
    expect([a, b].sort()).toEqual([false, true]);
    const stored = await db.collection(PROCESSED_INBOUND).findOne({ _id: key as never });
    expect(stored?.['expiresAt']).toEqual(new Date(now.getTime() + 60_000));
    const indexes = await db.collection(PROCESSED_INBOUND).listIndexes().toArray();
    expect(indexes.find((i) => i['name'] === 'ttl_expires')?.['expireAfterSeconds']).toBe(0);
  });
});
