import type { Db } from 'mongodb';
import type { Merger } from '../core/merger/merger-types.js';
import { MERGERS } from './merger-repository.js';

export interface SlackHomeQueries {
  /** Mergers a Slack user registered in a Slack conversation, newest first. */
  mergersRegisteredBy(userId: string, limit: number): Promise<Merger[]>;
}

export function makeMongoSlackHomeQueries(db: Db): SlackHomeQueries {
  const col = db.collection<Merger>(MERGERS);
  return {
    mergersRegisteredBy: (userId, limit) =>
      col.find({ 'createdBy.userId': String(userId), conversationKey: { $regex: '^slack:' } }).sort({ createdAt: -1 }).limit(limit).toArray(),
  };
}
