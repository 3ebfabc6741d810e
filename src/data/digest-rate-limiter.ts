import type { Db } from 'mongodb';
import type { SendRateLimiter, Timer } from '../core/digest/digest-ports.js';
import { DIGEST_SEND_SLOTS } from './digest-collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/*
 * The overall pace of digest messages across every instance: time is cut into send slots of
 * 1/rate seconds, and a sender reserves the next free one with a unique insert, then waits for it.
 * At 10 messages per second that is one message per 100 ms whatever the number of instances
 * (Teams allows 50 per second per tenant). Reservations expire after a minute (TTL index).
 */

const KEEP_MS = 60_000;
const MAX_PROBES = 10_000;

export function makeMongoSendRateLimiter(db: Db, ratePerSecond: number, timer: Timer): SendRateLimiter {
  const col = db.collection<{ _id: string; expiresAt: Date }>(DIGEST_SEND_SLOTS);
  const intervalMs = 1000 / ratePerSecond;
  let lastReserved = 0;

  async function reserve(from: number): Promise<number> {
    for (let slot = from, probes = 0; probes < MAX_PROBES; slot += 1, probes += 1) {
      try {
        await col.insertOne({ _id: `s${slot}`, expiresAt: new Date(slot * intervalMs + KEEP_MS) });
        return slot;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`send rate limiter: no free slot within ${MAX_PROBES} probes`);
  }

  return {
    async acquire() {
      const slot = await reserve(Math.max(Math.floor(timer.now() / intervalMs), lastReserved + 1));
      lastReserved = Math.max(lastReserved, slot);
      await timer.sleep(slot * intervalMs - timer.now());
    },
  };
}
