import type { Db } from 'mongodb';
import type { Clock } from '../../src/core/ports.js';
import { makeMergerConversation, type MergerConversation } from '../../src/core/merger/merger-conversation.js';
import type { MergerRepository, TaskStateRepository } from '../../src/core/merger/merger-ports.js';
import { makeMongoMergerRepository } from '../../src/data/merger-repository.js';
import { makeMongoStateProjectSource } from '../../src/data/state-project-source.js';
import { makeMongoTaskStateRepository } from '../../src/data/task-state-repository.js';
import { loadContent, type Content } from '../../src/settings/content.js';

let cached: Content | undefined;
/** The real config/ content, loaded once per test file. */
export function realContent(): Content {
  cached ??= loadContent('config');
  return cached;
}

const unavailable = (what: string) => () => Promise.reject(new Error(`${what} is not available in this test (no database)`));

/**
 * The merger conversation on the real content, with MongoDB repositories when `db` is given.
 * Without a db, every repository call fails loudly: for tests of other features that must
 * never reach the merger.
 */
export function mergerConversationFor(db: Db | null, clock: Clock): MergerConversation {
  const content = realContent();
  const mergers: MergerRepository = db
    ? makeMongoMergerRepository(db, clock)
    : { insert: unavailable('mergers'), findByConversation: unavailable('mergers'), findById: unavailable('mergers'), update: unavailable('mergers'), listAll: unavailable('mergers') };
  const taskStates: TaskStateRepository = db
    ? makeMongoTaskStateRepository(db)
    : { listForMerger: unavailable('task states'), get: unavailable('task states'), applyChange: unavailable('task states') };
  return makeMergerConversation({
    guide: content.mergerGuide,
    texts: content.mergerTexts,
    municipalities: content.municipalities,
    mergers,
    taskStates,
    stateProjects: db ? makeMongoStateProjectSource(db) : { projectsWithDeadlines: unavailable('state projects') },
    areaServiceAreas: content.areaServiceAreas,
    clock,
    ids: { newId: () => `merger-${Math.random().toString(36).slice(2, 10)}` },
  });
}
