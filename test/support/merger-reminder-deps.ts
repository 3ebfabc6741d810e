import type { Db } from 'mongodb';
import { loadCardRenderer } from '../../src/channels/teams/card-renderer.js';
import { createTeamsAdapter } from '../../src/channels/teams/teams-adapter.js';
import { makeTeamsProactiveSender } from '../../src/channels/teams/teams-proactive-sender.js';
import { makeMongoConversationRepository } from '../../src/data/conversation-repository.js';
import { makeMongoMergerRepository } from '../../src/data/merger-repository.js';
import { makeMongoReminderLog } from '../../src/data/reminder-log-repository.js';
import { makeMongoTaskStateRepository } from '../../src/data/task-state-repository.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadSettings } from '../../src/settings/env.js';
import { realContent } from './merger-for-tests.js';

/**
 * What the composition root wires for the daily merger reminder job on `db`: the real content,
 * MongoDB repositories, the Teams proactive sender, and a clock fixed at 06:00 UTC on `day`.
 */
export function mergerReminderDeps(db: Db, day: string) {
  const content = realContent();
  const clock = { now: () => new Date(`${day}T06:00:00Z`) };
  const settings = loadSettings({ MONGODB_URI: 'mongodb://127.0.0.1/x' });
  const conversations = makeMongoConversationRepository(db, clock);
  return {
    guide: content.mergerGuide,
    texts: content.mergerTexts,
    mergers: makeMongoMergerRepository(db, clock),
    taskStates: makeMongoTaskStateRepository(db),
    conversations,
    log: makeMongoReminderLog(db),
    sender: makeTeamsProactiveSender(createTeamsAdapter(settings, silentLogger), '', conversations, loadCardRenderer('cards')),
    clock,
    windowDays: 14,
  };
}
