import type { Db } from 'mongodb';
import { ConcurrencyConflict, DuplicateKey, type Clock } from '../core/ports.js';
import type { MergerChanges, MergerRepository, NewMerger } from '../core/merger/merger-ports.js';
import { MERGER_PHASE_IDS } from '../core/merger/guide-types.js';
import type { Merger } from '../core/merger/merger-types.js';
import { ensureCollection } from './mongo-connection.js';
import { isDuplicateKey } from './mongo-errors.js';

export const MERGERS = 'mergers';

const mergerValidator = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['_id', 'conversationKey', 'name', 'municipalities', 'mergerDate', 'phase', 'conditions', 'locale', 'rev', 'createdAt', 'updatedAt'],
    properties: {
      _id: { bsonType: 'string', maxLength: 64 },
      conversationKey: { bsonType: 'string', minLength: 1, maxLength: 512 },
      name: { bsonType: 'string', minLength: 1, maxLength: 100 },
      municipalities: {
        bsonType: 'array',
        minItems: 2,
        maxItems: 20,
        items: { bsonType: 'object', required: ['number', 'name'], properties: { number: { bsonType: 'string', pattern: '^[0-9]{4}$' }, name: { bsonType: 'string' } } },
      },
      mergerDate: { bsonType: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
      phase: { enum: [...MERGER_PHASE_IDS] },
      conditions: { bsonType: 'object', patternProperties: { '^[$]|[.]': { not: {} } } },
      locale: { enum: ['nb', 'en'] },
      rev: { bsonType: ['int', 'long'], minimum: 0 },
    },
  },
};

export async function initMergerCollection(db: Db): Promise<void> {
  await ensureCollection(db, MERGERS, mergerValidator);
  await db.collection(MERGERS).createIndex({ conversationKey: 1 }, { name: 'conversation_unique', unique: true });
}

export function makeMongoMergerRepository(db: Db, clock: Clock): MergerRepository {
  const col = db.collection<Merger>(MERGERS);
  return {
    async insert(merger: NewMerger): Promise<Merger> {
      const now = clock.now();
      const doc: Merger = { ...merger, rev: 0, createdAt: now, updatedAt: now };
      try {
        await col.insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateKey(`conversation already has a merger`);
        throw err;
      }
      return doc;
    },
    findByConversation: (key) => col.findOne({ conversationKey: String(key) }),
    findById: (id) => col.findOne({ _id: String(id) }),
    async update(id: string, expectedRev: number, changes: MergerChanges): Promise<Merger> {
      const updated = await col.findOneAndUpdate(
        { _id: String(id), rev: expectedRev },
        { $set: { ...changes, updatedAt: clock.now() }, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      );
      if (!updated) throw new ConcurrencyConflict('merger', id);
      return updated;
    },
    listAll: () => col.find({}).sort({ mergerDate: 1 }).toArray(),
  };
}
