import type { Db } from 'mongodb';
import type { SlotRepository } from '../core/digest/digest-ports.js';
import type { SlotClaim } from '../core/digest/digest-types.js';
import { DIGEST_SLOTS } from './digest-collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/**
 * Claims of scheduled slots: a unique document per (job, slot). The first instance inserts it;
 * another may take it over only when its lease ran out (the claimant died while composing).
 */
export function makeMongoSlotRepository(db: Db): SlotRepository {
  const col = db.collection<SlotClaim>(DIGEST_SLOTS);
  return {
    async claim(job, slotAt, owner, now, leaseMs) {
      const id = `${job}|${slotAt.toISOString()}`;
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const doc: SlotClaim = { _id: id, job, slotAt, status: 'composing', owner, leaseUntil, createdAt: now };
      try {
        await col.insertOne(doc);
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return col.findOneAndUpdate({ _id: id, status: 'composing', leaseUntil: { $lte: now } }, { $set: { owner, leaseUntil } }, { returnDocument: 'after' });
    },

    async fixSeq(id, seq) {
      const fixed = await col.findOneAndUpdate({ _id: id, slotSeq: { $exists: false } }, { $set: { slotSeq: seq } }, { returnDocument: 'after' });
      const stored = fixed ?? (await col.findOne({ _id: id }));
      return stored?.slotSeq ?? seq;
    },

    async renew(id, owner, until) {
      const res = await col.updateOne({ _id: id, owner, status: 'composing' }, { $set: { leaseUntil: until } });
      return res.matchedCount === 1;
    },

    async complete(id, owner, entries, now) {
      await col.updateOne({ _id: id, owner }, { $set: { status: 'composed', entries, composedAt: now } });
    },

    find: (id) => col.findOne({ _id: id }),

    lastComposed: (job) => col.find({ job, status: 'composed' }).sort({ slotAt: -1 }).limit(1).next(),
  };
}
