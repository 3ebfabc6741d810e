import type { Db } from 'mongodb';
import type { ReminderLog } from '../core/merger/merger-ports.js';
import { isDuplicateKey } from './mongo-errors.js';

export const REMINDER_LOG = 'merger_reminder_log';

interface ReminderClaim {
  _id: string;
  mergerId: string;
  taskId: string;
  day: string;
  /** TTL field: claims are kept for 60 days. */
  expiresAt: Date;
}

export async function initReminderLogCollection(db: Db): Promise<void> {
  await db.collection(REMINDER_LOG).createIndex({ expiresAt: 1 }, { name: 'ttl_expires', expireAfterSeconds: 0 });
}

export function makeMongoReminderLog(db: Db): ReminderLog {
  const col = db.collection<ReminderClaim>(REMINDER_LOG);
  return {
    async claim(mergerId, taskId, day) {
      try {
        await col.insertOne({
          _id: `${mergerId}:${taskId}:${day}`,
          mergerId,
          taskId,
          day,
          expiresAt: new Date(Date.parse(`${day}T00:00:00Z`) + 60 * 86_400_000),
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
  };
}
