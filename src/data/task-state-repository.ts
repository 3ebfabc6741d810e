import type { Db } from 'mongodb';
import type { TaskStateRepository } from '../core/merger/merger-ports.js';
import type { TaskState, TaskStatusChange } from '../core/merger/merger-types.js';
import { ensureCollection } from './mongo-connection.js';
import { isDuplicateKey } from './mongo-errors.js';

export const TASK_STATES = 'merger_task_states';

interface TaskStateDoc extends TaskState {
  _id: string;
}

const taskStateValidator = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['_id', 'mergerId', 'taskId', 'status', 'history'],
    properties: {
      mergerId: { bsonType: 'string', maxLength: 64 },
      taskId: { bsonType: 'string', pattern: '^[a-z0-9-]{1,64}$' },
      status: { enum: ['open', 'done', 'not_relevant', 'later'] },
      reason: { bsonType: 'string', maxLength: 300 },
      history: { bsonType: 'array', items: { bsonType: 'object', required: ['status', 'by', 'at'] } },
    },
  },
};

export async function initTaskStateCollection(db: Db): Promise<void> {
  await ensureCollection(db, TASK_STATES, taskStateValidator);
  await db.collection(TASK_STATES).createIndex({ mergerId: 1, taskId: 1 }, { name: 'merger_task_unique', unique: true });
}

const stateId = (mergerId: string, taskId: string) => `${mergerId}:${taskId}`;

function strip({ _id: _ignored, ...state }: TaskStateDoc): TaskState {
  return state;
}

export function makeMongoTaskStateRepository(db: Db): TaskStateRepository {
  const col = db.collection<TaskStateDoc>(TASK_STATES);

  const write = (mergerId: string, taskId: string, change: TaskStatusChange) => {
    const entry = { status: change.status, by: change.by, at: change.at, ...(change.reason ? { reason: change.reason } : {}) };
    const set: Record<string, unknown> = { status: change.status };
    const unset: Record<string, ''> = {};
    for (const key of ['reason', 'alternative', 'laterUntil'] as const) {
      if (change[key] !== undefined) set[key] = change[key];
      else unset[key] = '';
    }
    return col.findOneAndUpdate(
      { _id: stateId(String(mergerId), String(taskId)) },
      {
        $set: set,
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        $push: { history: entry },
        $setOnInsert: { mergerId: String(mergerId), taskId: String(taskId) },
      },
      { upsert: true, returnDocument: 'after' },
    );
  };

  return {
    listForMerger: async (mergerId) => (await col.find({ mergerId: String(mergerId) }).toArray()).map(strip),
    get: async (mergerId, taskId) => {
      const doc = await col.findOne({ _id: stateId(String(mergerId), String(taskId)) });
      return doc ? strip(doc) : null;
    },
    async applyChange(mergerId, taskId, change) {
      let doc: TaskStateDoc | null;
      try {
        doc = await write(mergerId, taskId, change);
      } catch (err) {
        // Two first-ever changes of a task can race on the upsert; the loser retries as an update.
        if (!isDuplicateKey(err)) throw err;
        doc = await write(mergerId, taskId, change);
      }
      if (!doc) throw new Error(`task state ${mergerId}:${taskId} was not written`);
      return strip(doc);
    },
  };
}
