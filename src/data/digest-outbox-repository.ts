import type { Db, Filter, UpdateFilter } from 'mongodb';
import type { OutboxRepository } from '../core/digest/digest-ports.js';
import type { DeliveryAttempt, OutboxEntry } from '../core/digest/digest-types.js';
import { DIGEST_OUTBOX } from './digest-collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/*
 * The digest outbox: one entry per (subscription, slot) and per (subscription, chain position),
 * with its messages and their delivery state. Every write after the claim names the lease owner,
 * so an instance whose lease was taken over cannot record anything on the entry any more.
 */

const OPEN = ['pending', 'sending'] as const;
const HISTORY_KEPT = 50;
const RELEASED = new Date(0);

/** What the delivery log needs: everything but the messages' contents and the attempt history (an inclusion projection). */
const LOG_FIELDS = Object.fromEntries(
  ['subscriptionId', 'conversationKey', 'platform', 'priority', 'slotKey', 'slotAt', 'manual', 'chain', 'fromSeq', 'toSeq', 'locale', 'counts', 'parts.state', 'parts.activityId', 'parts.sentAt', 'parts.resent', 'status', 'attempts', 'failures', 'lastError', 'lastStatusCode', 'nextAttemptAt', 'leaseUntil', 'createdAt', 'updatedAt', 'completedAt'].map((f) => [f, 1]),
);

function pushAttempt(attempt: DeliveryAttempt): UpdateFilter<OutboxEntry>['$push'] {
  return { history: { $each: [attempt], $slice: -HISTORY_KEPT } } as UpdateFilter<OutboxEntry>['$push'];
}

export function makeMongoOutboxRepository(db: Db): OutboxRepository {
  const col = db.collection<OutboxEntry>(DIGEST_OUTBOX);
  const leased = (id: string, owner: string): Filter<OutboxEntry> => ({ _id: String(id), leaseOwner: owner });

  return {
    async insert(entry) {
      try {
        await col.insertOne(entry);
        return 'created';
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return (await col.findOne({ _id: entry._id }, { projection: { _id: 1 } })) ? 'slot-exists' : 'chain-taken';
      }
    },

    findById: (id) => col.findOne({ _id: String(id) }),

    findByChain: (subscriptionId, chain) => col.findOne({ subscriptionId: String(subscriptionId), chain }),

    claimNext: (owner, now, leaseMs) =>
      col.findOneAndUpdate(
        { status: { $in: [...OPEN] }, nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
        { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now } },
        { sort: { priority: 1, nextAttemptAt: 1, createdAt: 1, _id: 1 }, returnDocument: 'after' },
      ),

    async markAttempt(id, owner, part, now, resent) {
      const set: Record<string, unknown> = { [`parts.${part}.attemptedAt`]: now, updatedAt: now, ...(resent ? { [`parts.${part}.resent`]: true } : {}) };
      const res = await col.updateOne(leased(id, owner), { $set: set, $inc: { attempts: 1 } });
      return res.matchedCount === 1;
    },

    async markSent(id, owner, part, activityId, now, next) {
      const set: Record<string, unknown> = {
        [`parts.${part}.state`]: 'sent',
        [`parts.${part}.sentAt`]: now,
        [`parts.${part}.activityId`]: activityId,
        status: next.done ? 'sent' : 'sending',
        failures: 0,
        nextAttemptAt: next.nextAttemptAt,
        leaseUntil: RELEASED,
        updatedAt: now,
        ...(next.done ? { completedAt: now } : {}),
      };
      const res = await col.updateOne(leased(id, owner), { $set: set, $push: pushAttempt({ at: now, part, outcome: 'sent' }) });
      return res.matchedCount === 1;
    },

    async markFailed(id, owner, attempt, next) {
      const set: Record<string, unknown> = {
        status: next.status,
        failures: next.failures,
        nextAttemptAt: next.nextAttemptAt,
        leaseUntil: RELEASED,
        lastError: attempt.error ?? '',
        updatedAt: attempt.at,
        ...(attempt.statusCode === undefined ? {} : { lastStatusCode: attempt.statusCode }),
        ...(next.status === 'failed' ? { completedAt: attempt.at } : {}),
      };
      const res = await col.updateOne(leased(id, owner), { $set: set, $push: pushAttempt(attempt) });
      return res.matchedCount === 1;
    },

    async release(id, owner, nextAttemptAt) {
      await col.updateOne(leased(id, owner), { $set: { nextAttemptAt, leaseUntil: RELEASED } });
    },

    async cancel(id, owner, now, reason) {
      await col.updateOne(leased(id, owner), {
        $set: { status: 'cancelled', lastError: reason, leaseUntil: RELEASED, completedAt: now, updatedAt: now },
        $push: pushAttempt({ at: now, part: -1, outcome: 'cancelled', error: reason }),
      });
    },

    async hasEarlierOpen(subscriptionId, chain) {
      return (await col.findOne({ subscriptionId: String(subscriptionId), chain: { $lt: chain }, status: { $in: [...OPEN] } }, { projection: { _id: 1 } })) !== null;
    },

    async nextDueAt() {
      const next = await col.find({ status: { $in: [...OPEN] } }, { projection: { nextAttemptAt: 1, leaseUntil: 1 } }).sort({ nextAttemptAt: 1 }).limit(1).next();
      if (!next) return undefined;
      return new Date(Math.max(next.nextAttemptAt.getTime(), next.leaseUntil.getTime()));
    },

    listRecent: (limit) => col.find({}, { projection: LOG_FIELDS }).sort({ createdAt: -1, _id: 1 }).limit(limit).toArray(),
  };
}
