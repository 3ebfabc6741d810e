import type { Db } from 'mongodb';
import type { Clock, ConversationRecord, ConversationRepository } from '../core/ports.js';

export const CONVERSATIONS = 'conversations';

/** Conversation references for proactive messages (reminders, digests), with the conversation's language. */
export function makeMongoConversationRepository(db: Db, clock: Clock): ConversationRepository {
  const col = db.collection<ConversationRecord>(CONVERSATIONS);
  return {
    async upsert(record) {
      await col.updateOne(
        { _id: String(record._id) },
        { $set: { platform: record.platform, locale: record.locale, reference: record.reference, updatedAt: clock.now() } },
        { upsert: true },
      );
    },
    find: (key) => col.findOne({ _id: String(key) }),
  };
}
