import type { Db } from 'mongodb';
import type { Clock, InboundDedupe } from '../core/ports.js';
import { isDuplicateKey } from './mongo-errors.js';

export const PROCESSED_INBOUND = 'processed_inbound';

interface ProcessedInbound {
  _id: string;
  seenAt: Date;
  /** TTL field: MongoDB removes the entry after this moment. */
  expiresAt: Date;
}

export async function initInboundDedupeCollection(db: Db): Promise<void> {
  await db.collection(PROCESSED_INBOUND).createIndex({ expiresAt: 1 }, { name: 'ttl_expires', expireAfterSeconds: 0 });
}

/** A durable "seen before?" check: a unique insert per platform delivery id, kept for `retentionMs`. */
export function makeMongoInboundDedupe(db: Db, clock: Clock, retentionMs = 24 * 3600_000): InboundDedupe {
  const col = db.collection<ProcessedInbound>(PROCESSED_INBOUND);
  return {
    async firstSeen(key: string): Promise<boolean> {
      const now = clock.now();
      try {
        await col.insertOne({ _id: String(key).slice(0, 512), seenAt: now, expiresAt: new Date(now.getTime() + retentionMs) });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
  };
}
