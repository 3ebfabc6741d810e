/**
 * The per-instance draft copy (src/data/draft-cache.ts) against MongoDB: a card answer at the
 * draft's current rev costs no read, and a copy made stale by another instance is never written
 * over the newer draft.
 */
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyConflict, systemClock } from '../../src/core/ports.js';
import { withDraftCache } from '../../src/data/draft-cache.js';
import { initReportCollection, makeMongoReportRepository } from '../../src/data/report-repository.js';
import { freshTestDb, testMongoUri } from '../support/mongo-backend.js';
import { newDraft as draft } from '../support/report-answers.js';

let client: MongoClient;
let db: Db;
const commands: string[] = [];


/** Two bot instances: each has its own copy of the drafts, both write the same database. */
const instance = () => withDraftCache(makeMongoReportRepository(db, systemClock));

beforeAll(async () => {
  client = await MongoClient.connect(testMongoUri(), { monitorCommands: true });
  client.on('commandStarted', (e: CommandStartedEvent) => commands.push(e.commandName));
  db = await freshTestDb(client, 'draftcache');
  await initReportCollection(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('draft copy per instance', () => {
  it('answers a card at the current rev without reading MongoDB, and writes with the rev check', async () => {
    const a = instance();
    const r = await a.insert(draft());
    const saved = await a.update(r._id, 0, { answers: { projectName: 'Endret' }, step: 'description' });
    commands.length = 0;
    const forCard = await a.findForCard(r._id, saved.rev);
    expect(commands).toEqual([]);
    expect(forCard).toMatchObject({ rev: 1, step: 'description', answers: { projectName: 'Endret' } });
    // The copy is handed over once: a second card at the same rev (no write in between, e.g. a
    // card with only errors) reads MongoDB, whatever the caller did with the copy.
    forCard!.answers['projectName'] = 'mutated by the caller';
    commands.length = 0;
    expect((await a.findForCard(r._id, 1))?.answers['projectName']).toBe('Endret');
    expect(commands).toEqual(['find']);
  });

  it('a copy made stale by another instance is refused on write, and the current draft is read next', async () => {
    const a = instance();
    const b = instance();
    const r = await a.insert(draft());
    // Instance B takes the next answer (the load balancer sent it there).
    const onB = await b.findForCard(r._id, 0);
    await b.update(r._id, onB!.rev, { answers: { projectName: 'Fra B' }, step: 'description' });
    // An old card at rev 0 reaches A: A's copy matches the card, but MongoDB has moved on.
    const stale = await a.findForCard(r._id, 0);
    expect(stale?.rev).toBe(0);
    await expect(a.update(r._id, 0, { answers: { projectName: 'Tapt skriving' } })).rejects.toBeInstanceOf(ConcurrencyConflict);
    // The card B sent (rev 1) reaches A: no copy at rev 1 there, so A reads B's draft.
    commands.length = 0;
    const current = await a.findForCard(r._id, 1);
    expect(commands).toEqual(['find']);
    expect(current?.answers).toEqual({ projectName: 'Fra B' });
    expect((await makeMongoReportRepository(db, systemClock).findById(r._id))?.answers).toEqual({ projectName: 'Fra B' });
  });

  it('keeps no copy of a submitted report: a card on it is answered from MongoDB', async () => {
    const a = instance();
    const r = await a.insert(draft());
    const submitted = await a.update(r._id, 0, { state: 'INNSENDT', step: 'submitted' });
    commands.length = 0;
    expect((await a.findForCard(r._id, submitted.rev))?.state).toBe('INNSENDT');
    expect(commands).toEqual(['find']);
  });

  it('holds at most the configured number of drafts, dropping the least recently used', async () => {
    const a = withDraftCache(makeMongoReportRepository(db, systemClock), 2);
    const [one, two, three] = [await a.insert(draft()), await a.insert(draft()), await a.insert(draft())];
    commands.length = 0;
    await a.findForCard(two._id, 0);
    await a.findForCard(three._id, 0);
    expect(commands).toEqual([]);
    expect((await a.findForCard(one._id, 0))?._id).toBe(one._id);
    expect(commands).toEqual(['find']);
  });
});
