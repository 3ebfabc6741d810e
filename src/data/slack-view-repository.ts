import type { Db } from 'mongodb';
import type { Clock } from '../core/ports.js';

export const SLACK_VIEWS = 'slack_views';

/**
 * What the bot knows about a modal it opened (or a form it posted as a message and will open on a
 * click): whose it is, which core verb a submission runs with which control data, which input
 * block ids it may carry, and where results go. Kept on the server, so a submission cannot
 * choose its own report, rev or verb.
 */
export interface SlackViewRecord {
  /** The Slack view id, or `form:<uuid>` for a form posted as a message. */
  _id: string;
  userId: string;
  teamId?: string;
  verb: string;
  data: Record<string, unknown>;
  inputs: string[];
  /** The form step shown (report group id, 'summary', 'merger-register', …). */
  step?: string;
  conversation: { id: string; kind: 'personal' | 'groupChat' | 'channel' };
  /** A message to update in place when the modal closes (merger checklist, review card). */
  message?: { channel: string; ts: string };
  /** A form posted as a message: the card to open as a modal on click. */
  intent?: { cardId: string; data: unknown };
  /** The last submission (hash of its values) and the answer given, replayed for a duplicate. */
  last?: { key: string; response: unknown };
  expiresAt: Date;
}

export interface SlackViewRepository {
  save(record: Omit<SlackViewRecord, 'expiresAt'>): Promise<void>;
  find(id: string): Promise<SlackViewRecord | null>;
  /** Records the answer to a submission (for replays of the same submission). */
  setLast(id: string, key: string, response: unknown): Promise<void>;
}

export async function initSlackViewCollection(db: Db): Promise<void> {
  await db.collection(SLACK_VIEWS).createIndex({ expiresAt: 1 }, { name: 'ttl_expires', expireAfterSeconds: 0 });
}

export function makeMongoSlackViewRepository(db: Db, clock: Clock, retentionMs = 24 * 3600_000): SlackViewRepository {
  const col = db.collection<SlackViewRecord>(SLACK_VIEWS);
  const expiry = () => new Date(clock.now().getTime() + retentionMs);
  return {
    async save(record) {
      const { _id, ...rest } = record;
      await col.replaceOne({ _id: String(_id) }, { ...rest, expiresAt: expiry() }, { upsert: true });
    },
    find: (id) => col.findOne({ _id: String(id).slice(0, 128) }),
    async setLast(id, key, response) {
      await col.updateOne({ _id: String(id) }, { $set: { last: { key, response }, expiresAt: expiry() } });
    },
  };
}
