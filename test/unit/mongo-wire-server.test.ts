import net from 'node:net';
import { deserialize, serialize, type Document } from 'bson';
import { MongoClient, MongoError, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testMongoUri } from '../support/mongo-backend.js';
import { InProcessMongoServer } from '../support/mongo/index.js';

let server: InProcessMongoServer;
let client: MongoClient;
let db: Db;
let dbCounter = 0;

function connect(uri: string): MongoClient {
  return new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, heartbeatFrequencyMS: 500 });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the operation to fail'),
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  server = await InProcessMongoServer.start({ ttlSweepMs: 0 });
  client = connect(server.uri);
  await client.connect();
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

beforeEach(() => {
  dbCounter += 1;
  db = client.db(`wire_test_${dbCounter}`);
});

describe('InProcessMongoServer through the official driver', () => {
  it('answers the handshake and basic server commands', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30 });
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect((await db.admin().buildInfo()).version).toBe('7.0.0');
  });

  it('inserts, finds, updates, upserts and deletes', async () => {
    const people = db.collection<{ _id?: unknown; name: string; age: number; tags?: string[] }>('people');
    await people.insertMany([
      { name: 'Ada', age: 36 },
      { name: 'Bo', age: 20, tags: ['x'] },
      { name: 'Cy', age: 52 },
    ]);
    const adults = await people.find({ age: { $gte: 30 } }, { projection: { _id: 0, name: 1 } }).sort({ age: -1 }).toArray();
    expect(adults).toEqual([{ name: 'Cy' }, { name: 'Ada' }]);

    const updated = await people.updateMany({ age: { $lt: 40 } }, { $inc: { age: 1 }, $push: { tags: 'young' } });
    expect(updated).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect(await people.findOne({ name: 'Bo' }, { projection: { _id: 0 } })).toEqual({ name: 'Bo', age: 21, tags: ['x', 'young'] });

    const upserted = await people.updateOne(
      { name: 'Di' },
      { $set: { age: 44 }, $setOnInsert: { tags: ['new'] } },
      { upsert: true },
    );
    expect(upserted.upsertedCount).toBe(1);
    expect(await people.findOne({ _id: upserted.upsertedId as never }, { projection: { _id: 0 } })).toEqual({ name: 'Di', age: 44, tags: ['new'] });

    const again = await people.updateOne({ name: 'Di' }, { $set: { age: 45 }, $setOnInsert: { tags: ['ignored'] } }, { upsert: true });
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect((await people.findOne({ name: 'Di' }))?.tags).toEqual(['new']);

    expect((await people.deleteOne({ name: 'Cy' })).deletedCount).toBe(1);
    expect((await people.deleteMany({ age: { $gt: 0 } })).deletedCount).toBe(3);
    expect(await people.countDocuments()).toBe(0);
  });

  it('findOneAndUpdate returns the document after the update, with upsert and projection', async () => {
    const counters = db.collection<{ _id: string; n: number; label?: string }>('counters');
    const created = await counters.findOneAndUpdate(
      { _id: 'a' },
      { $inc: { n: 5 }, $setOnInsert: { label: 'first' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toEqual({ _id: 'a', n: 5, label: 'first' });
    const after = await counters.findOneAndUpdate({ _id: 'a' }, { $inc: { n: 1 } }, { returnDocument: 'after', projection: { n: 1 } });
    expect(after).toEqual({ _id: 'a', n: 6 });
    const before = await counters.findOneAndUpdate({ _id: 'a' }, { $inc: { n: 1 } }, { returnDocument: 'before' });
    expect(before?.n).toBe(6);
    expect(await counters.findOneAndUpdate({ _id: 'missing' }, { $inc: { n: 1 } })).toBeNull();
    expect(await counters.findOneAndDelete({ _id: 'a' })).toMatchObject({ n: 7 });
  });

  it('never changes the stored document when a projection excludes nested fields', async () => {
    const col = db.collection('projection_safety');
    await col.insertOne({ _id: 'p1' as never, parts: [{ card: 'large', n: 1 }], a: { b: 1, c: 2 } });
    expect(await col.findOne({ _id: 'p1' as never }, { projection: { 'parts.card': 0, 'a.b': 0 } })).toEqual({ _id: 'p1', parts: [{ n: 1 }], a: { c: 2 } });
    expect(await col.findOne({ _id: 'p1' as never })).toEqual({ _id: 'p1', parts: [{ card: 'large', n: 1 }], a: { b: 1, c: 2 } });
  });

  it('supports pipeline-style updates and replacements', async () => {
    const items = db.collection('items');
    await items.insertOne({ _id: 1 as never, a: 2, b: 3 });
    await items.updateOne({ _id: 1 as never }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);
    expect(await items.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: 2, b: 3, sum: 5 });
    await items.replaceOne({ _id: 1 as never }, { c: 1 });
    expect(await items.findOne({ _id: 1 as never })).toEqual({ _id: 1, c: 1 });
  });

  it('handles _id in $set/$setOnInsert and refuses $inc on non-numbers like mongod', async () => {
    const things = db.collection<{ _id: string; kind?: string; n?: number }>('things');
    await things.updateOne({ _id: 't1' }, { $setOnInsert: { _id: 't1', kind: 'demo' } }, { upsert: true });
    await things.updateOne({ _id: 't1' }, { $setOnInsert: { _id: 't1', kind: 'changed' } }, { upsert: true });
    expect(await things.findOne({ _id: 't1' })).toEqual({ _id: 't1', kind: 'demo' });
    await things.updateOne({ _id: 't1' }, { $set: { _id: 't1', n: 'text' as never } });
    expect(await errorOf(things.updateOne({ _id: 't1' }, { $set: { _id: 'other' } }))).toMatchObject({ code: 66 });
    expect(await errorOf(things.updateOne({ _id: 't1' }, { $inc: { n: 1 } }))).toMatchObject({ code: 14 });
  });

  it('serves a large result across several getMore batches', async () => {
    const numbers = db.collection<{ i: number }>('numbers');
    await numbers.insertMany(Array.from({ length: 350 }, (_, i) => ({ i })));
    const monitored = new MongoClient(server.uri, { monitorCommands: true, serverSelectionTimeoutMS: 1_000 });
    let getMores = 0;
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'getMore') getMores += 1;
    });
    const all = await monitored.db(db.databaseName).collection<{ i: number }>('numbers').find({}, { batchSize: 40 }).sort({ i: -1 }).toArray();
    await monitored.close();
    expect(all).toHaveLength(350);
    expect(all[0]?.i).toBe(349);
    expect(all[349]?.i).toBe(0);
    expect(getMores).toBeGreaterThanOrEqual(8);
    expect(await numbers.find({ i: { $lt: 10 } }).skip(2).limit(3).sort({ i: 1 }).map((d) => d.i).toArray()).toEqual([2, 3, 4]);
  });

  it('runs aggregation pipelines including $lookup and $count', async () => {
    await db.collection('orders').insertMany([
      { item: 'a', qty: 2, customer: 1 },
      { item: 'b', qty: 5, customer: 2 },
      { item: 'a', qty: 1, customer: 2 },
    ]);
    await db.collection('customers').insertMany([{ _id: 1 as never, name: 'Ann' }, { _id: 2 as never, name: 'Ben' }]);
    const totals = await db
      .collection('orders')
      .aggregate([
        { $match: { qty: { $gt: 0 } } },
        { $group: { _id: '$item', total: { $sum: '$qty' } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, item: '$_id', total: 1 } },
        { $limit: 5 },
      ])
      .toArray();
    expect(totals).toEqual([{ item: 'b', total: 5 }, { item: 'a', total: 3 }]);

    const joined = await db
      .collection('orders')
      .aggregate([
        { $match: { item: 'b' } },
        { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
        { $project: { _id: 0, name: { $first: '$who.name' } } },
      ])
      .toArray();
    expect(joined).toEqual([{ name: 'Ben' }]);
    expect(await db.collection('orders').aggregate([{ $count: 'n' }]).toArray()).toEqual([{ n: 3 }]);
  });

  it('raises E11000 for unique index violations (single, compound, _id)', async () => {
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.createIndex({ org: 1, login: 1 }, { unique: true, name: 'org_login' });
    await users.insertOne({ _id: 'u1' as never, email: 'a@x.no', org: 1, login: 'a' });

    const dupEmail = await errorOf(users.insertOne({ email: 'a@x.no', org: 2, login: 'b' }));
    expect(dupEmail).toBeInstanceOf(MongoServerError);
    expect(dupEmail).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.no' } });
    expect((dupEmail as Error).message).toBe('E11000 duplicate key error collection: ' + db.databaseName + '.users index: email_1 dup key: { email: "a@x.no" }');

    const dupCompound = await errorOf(users.updateOne({ _id: 'missing' as never }, { $set: { email: 'c@x.no', org: 1, login: 'a' } }, { upsert: true }));
    expect(dupCompound).toMatchObject({ code: 11000, keyPattern: { org: 1, login: 1 } });

    expect(await errorOf(users.insertOne({ _id: 'u1' as never, email: 'z@x.no' }))).toMatchObject({ code: 11000, keyPattern: { _id: 1 } });
    expect(await users.countDocuments()).toBe(1);
    expect((await users.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'email_1', 'org_login']);
  });

  it('enforces a partial unique index only on matching documents', async () => {
    const members = db.collection('members');
    await members.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await members.insertMany([
      { email: 'p@x.no', active: false },
      { email: 'p@x.no', active: false },
      { email: 'p@x.no', active: true },
    ]);
    expect(await errorOf(members.insertOne({ email: 'p@x.no', active: true }))).toMatchObject({ code: 11000 });
    expect(await errorOf(members.updateOne({ active: false }, { $set: { active: true } }))).toMatchObject({ code: 11000 });
  });

  it('rejects documents failing a $jsonSchema validator with code 121', async () => {
    const validator = {
      $jsonSchema: {
        bsonType: 'object',
        required: ['name', 'rev'],
        additionalProperties: false,
        properties: {
          _id: { bsonType: 'objectId' },
          name: { bsonType: 'string', minLength: 1, maxLength: 10, pattern: '^[A-Z]' },
          rev: { bsonType: ['int', 'long'], minimum: 0 },
          kind: { enum: ['a', 'b'] },
          tags: { bsonType: 'array', items: { bsonType: 'string' } },
        },
      },
    };
    await db.createCollection('validated', { validator });
    const validated = db.collection('validated');
    await validated.insertOne({ name: 'Ok', rev: 0, kind: 'a', tags: ['t'] });
    for (const bad of [{ name: 'Ok' }, { name: 'lower', rev: 0 }, { name: 'Ok', rev: -1 }, { name: 'Ok', rev: 0, kind: 'c' }, { name: 'Ok', rev: 0, extra: 1 }, { name: 'Ok', rev: 0, tags: [1] }]) {
      const error = await errorOf(validated.insertOne(bad));
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error).toMatchObject({ code: 121 });
    }
    expect(await errorOf(validated.updateOne({ name: 'Ok' }, { $set: { rev: 1.5 } }))).toMatchObject({ code: 121 });
    expect(await errorOf(validated.findOneAndUpdate({ name: 'Ok' }, { $unset: { rev: '' } }))).toMatchObject({ code: 121 });

    await db.command({ collMod: 'validated', validator: { $jsonSchema: { bsonType: 'object', required: ['name'] } } });
    await validated.insertOne({ name: 'x' });
    expect(await validated.countDocuments()).toBe(2);
    const [info] = await db.listCollections({ name: 'validated' }).toArray();
    expect(info).toMatchObject({ options: { validator: { $jsonSchema: { required: ['name'] } } } });
  });

  it('removes expired documents when the TTL monitor runs', async () => {
    const sessions = db.collection('sessions');
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 });
    const now = Date.now();
    await sessions.insertMany([
      { k: 'expired', expiresAt: new Date(now - 1_000) },
      { k: 'future', expiresAt: new Date(now + 60_000) },
      { k: 'old', createdAt: new Date(now - 7_200_000) },
      { k: 'recent', createdAt: new Date(now - 60_000) },
      { k: 'not-a-date', expiresAt: 'tomorrow' },
    ]);
    server.sweepTtlNow();
    expect((await sessions.find().sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual(['future', 'not-a-date', 'recent']);
  });

  it('matches nothing for a stale revision (optimistic concurrency)', async () => {
    const docs = db.collection<{ _id: string; rev: number; text: string }>('docs');
    await docs.insertOne({ _id: 'r1', rev: 0, text: 'v0' });
    const first = await docs.updateOne({ _id: 'r1', rev: 0 }, { $set: { text: 'v1' }, $inc: { rev: 1 } });
    expect(first).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const stale = await docs.updateOne({ _id: 'r1', rev: 0 }, { $set: { text: 'lost' }, $inc: { rev: 1 } });
    expect(stale).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
    expect(await docs.findOne({ _id: 'r1' })).toEqual({ _id: 'r1', rev: 1, text: 'v1' });
  });

  it('counts an update as a modification only when the document changed, as mongod does', async () => {
    const docs = db.collection<{ _id: string; n: number; sub: Record<string, unknown>; when: Date; list: unknown[] }>('mods');
    await docs.insertOne({ _id: 'm', n: 1, sub: { a: 1, b: 'x' }, when: new Date(0), list: [1, { c: 2 }] });
    const same = await docs.updateOne({ _id: 'm' }, { $set: { n: 1.0, sub: { a: 1, b: 'x' }, when: new Date(0), list: [1, { c: 2 }] } });
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    expect(await docs.updateOne({ _id: 'm' }, { $set: { 'sub.b': 'y' } })).toMatchObject({ modifiedCount: 1 });
    expect(await docs.updateOne({ _id: 'm' }, { $set: { 'list.1.c': 3 } })).toMatchObject({ modifiedCount: 1 });
    expect(await docs.updateOne({ _id: 'm' }, { $set: { when: new Date(1) } })).toMatchObject({ modifiedCount: 1 });
  });

  it('keeps a counter exact under 200 concurrent findOneAndUpdate calls', async () => {
    const counters = db.collection<{ _id: string; n: number }>('hits');
    await counters.insertOne({ _id: 'c', n: 0 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => counters.findOneAndUpdate({ _id: 'c' }, { $inc: { n: 1 } }, { returnDocument: 'after' })),
    );
    expect((await counters.findOne({ _id: 'c' }))?.n).toBe(200);
    expect(new Set(results.map((doc) => doc?.n)).size).toBe(200);
  });

  it('answers unknown commands with CommandNotFound (59)', async () => {
    expect(await errorOf(db.command({ noSuchCommand: 1 }))).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('does not alias stored documents', async () => {
    const notes = db.collection('notes');
    const doc = { _id: 'n1', nested: { v: 1 } };
    await notes.insertOne(doc as never);
    doc.nested.v = 2;
    const read = await notes.findOne({ _id: 'n1' as never });
    expect(read?.nested).toEqual({ v: 1 });
  });

  it('fails fast during a pause and reconnects after resume with the data intact', async () => {
    const outage = connect(server.uri);
    await outage.connect();
    const col = outage.db(db.databaseName).collection('survivors');
    await col.insertOne({ _id: 's1' as never, alive: true });

    await server.pause();
    const started = Date.now();
    const error = await errorOf(col.findOne({ _id: 's1' as never }));
    expect(error).toBeInstanceOf(MongoError);
    expect(Date.now() - started).toBeLessThan(5_000);

    await server.resume();
    expect(await col.findOne({ _id: 's1' as never })).toEqual({ _id: 's1', alive: true });
    await outage.close();
  });
});

describe('vitest global setup', () => {
  it('hands the backend URI and kind to the test worker', async () => {
    expect(process.env.TEST_MONGO_BACKEND).toMatch(/^(external|mongodb-memory-server|in-process)$/);
    const shared = new MongoClient(testMongoUri(), { serverSelectionTimeoutMS: 2_000 });
    expect(await shared.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    await shared.close();
  });
});

describe('wire protocol framing', () => {
  function opMsgWithSequence(requestId: number, body: Document, identifier: string, docs: Document[]): Buffer {
    const bodyBytes = Buffer.from(serialize(body));
    const docBytes = Buffer.concat(docs.map((doc) => Buffer.from(serialize(doc))));
    const id = Buffer.from(`${identifier}\0`, 'utf8');
    const sequenceSize = Buffer.alloc(4);
    sequenceSize.writeInt32LE(4 + id.length + docBytes.length);
    const sections = Buffer.concat([Buffer.from([0]), bodyBytes, Buffer.from([1]), sequenceSize, id, docBytes]);
    const header = Buffer.alloc(20);
    header.writeInt32LE(20 + sections.length, 0);
    header.writeInt32LE(requestId, 4);
    header.writeInt32LE(2013, 12);
    return Buffer.concat([header, sections]);
  }

  function roundTrip(port: number, message: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(message));
      let received = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length >= 4 && received.length >= received.readInt32LE(0)) {
          socket.end();
          resolve(received);
        }
      });
      socket.on('error', reject);
    });
  }

  it('reads OP_MSG kind 1 document sequences', async () => {
    const port = Number(new URL(server.uri).port);
    const message = opMsgWithSequence(7, { insert: 'seq', $db: 'wire_raw', ordered: true }, 'documents', [{ a: 1 }, { a: 2 }]);
    const reply = await roundTrip(port, message);
    expect(reply.readInt32LE(8)).toBe(7);
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(deserialize(reply.subarray(21))).toMatchObject({ n: 2, ok: 1 });
    expect(await client.db('wire_raw').collection('seq').countDocuments()).toBe(2);
  });
});
