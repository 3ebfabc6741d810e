import type { Db } from 'mongodb';

/** Collections of the weekly digest (issue 5). */
export const DIGEST_SUBSCRIPTIONS = 'digest_subscriptions';
export const DIGEST_PUBLICATIONS = 'digest_publications';
export const DIGEST_OUTBOX = 'digest_outbox';
export const DIGEST_SLOTS = 'digest_slots';
export const DIGEST_SEND_SLOTS = 'digest_send_slots';

/** Indexes that carry the digest's guarantees (unique claims and chains); safe to run on every start. */
export async function initDigestCollections(db: Db): Promise<void> {
  await db.collection(DIGEST_SUBSCRIPTIONS).createIndexes([
    { key: { conversationKey: 1 }, name: 'conversation_unique', unique: true },
    { key: { ks: -1, createdAt: 1 }, name: 'delivery_order' },
  ]);
  await db.collection(DIGEST_PUBLICATIONS).createIndexes([
    { key: { reportId: 1, kind: 1 }, name: 'report_kind_unique', unique: true },
    { key: { projectId: 1, _id: 1 }, name: 'project_seq' },
  ]);
  await db.collection(DIGEST_OUTBOX).createIndexes([
    { key: { subscriptionId: 1, chain: 1 }, name: 'subscription_chain_unique', unique: true },
    { key: { status: 1, priority: 1, nextAttemptAt: 1 }, name: 'due' },
    { key: { createdAt: -1 }, name: 'recent' },
  ]);
  await db.collection(DIGEST_SLOTS).createIndexes([{ key: { job: 1, status: 1, slotAt: -1 }, name: 'job_status_slot' }]);
  await db.collection(DIGEST_SEND_SLOTS).createIndexes([{ key: { expiresAt: 1 }, name: 'ttl_expires', expireAfterSeconds: 0 }]);
}
