import type { Db } from 'mongodb';
import type { SubscriptionRepository } from '../core/digest/digest-ports.js';
import type { Subscription } from '../core/digest/digest-types.js';
import { DIGEST_SUBSCRIPTIONS } from './digest-collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/** Digest subscriptions, one per conversation (unique conversation key). */
export function makeMongoSubscriptionRepository(db: Db): SubscriptionRepository {
  const col = db.collection<Subscription>(DIGEST_SUBSCRIPTIONS);
  return {
    findByConversation: (key) => col.findOne({ conversationKey: String(key) }),
    findById: (id) => col.findOne({ _id: String(id) }),

    async create(subscription) {
      try {
        await col.insertOne(subscription);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    update: (id, changes, now) =>
      col.findOneAndUpdate({ _id: String(id) }, { $set: { filters: changes.filters, locale: changes.locale, updatedAt: now } }, { returnDocument: 'after' }),

    async setKs(id, ks, now) {
      await col.updateOne({ _id: String(id) }, { $set: { ks, updatedAt: now } });
    },

    async remove(key) {
      const res = await col.deleteOne({ conversationKey: String(key) });
      return res.deletedCount === 1;
    },

    listAll: () => col.find({}).sort({ ks: -1, createdAt: 1, _id: 1 }).toArray(),

    async advance(id, from, to) {
      const res = await col.updateOne(
        { _id: String(id), digests: from.digests, watermark: from.watermark },
        { $set: { watermark: to.watermark, lastDigestAt: to.lastDigestAt }, $inc: { digests: 1 } },
      );
      return res.modifiedCount === 1;
    },
  };
}
