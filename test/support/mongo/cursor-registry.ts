import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError } from './command-error.js';

/** Default size of a first batch, as in mongod. */
export const DEFAULT_FIRST_BATCH_SIZE = 101;
/** Batches stop growing past this many bytes (mongod caps replies at 16 MiB). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;
/** Idle cursors are dropped after this long, like mongod's cursorTimeoutMillis. */
const CURSOR_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  readonly ns: string;
  readonly pending: Document[];
  lastUsed: number;
}

/** A reply's `cursor` sub-document. */
export interface CursorReply {
  readonly id: Long;
  readonly ns: string;
  readonly batch: Document[];
}

function takeBatch(pending: Document[], batchSize: number | undefined): Document[] {
  const limit = batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY;
  let bytes = 0;
  let count = 0;
  while (count < pending.length && count < limit) {
    bytes += calculateObjectSize(pending[count] as Document);
    if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    count += 1;
  }
  return pending.splice(0, count);
}

/** Server-side cursors: results are materialized at open time and handed out in batches. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1_000 + Math.floor(Math.random() * 1_000_000);

  /** Returns the first batch; keeps a cursor open if documents remain (and singleBatch is false). */
  open(ns: string, results: Document[], batchSize?: number, singleBatch = false): CursorReply {
    this.dropIdle();
    const pending = [...results];
    const batch = batchSize === 0 ? [] : takeBatch(pending, batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    if (pending.length === 0 || singleBatch) return { id: Long.ZERO, ns, batch };
    const id = Long.fromNumber(this.nextId++);
    this.cursors.set(id.toString(), { ns, pending, lastUsed: Date.now() });
    return { id, ns, batch };
  }

  /** getMore: the next batch; the cursor is closed (id 0) when exhausted. */
  next(id: Long, ns: string, batchSize?: number): CursorReply {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor || cursor.ns !== ns) throw new CommandError('CursorNotFound', `cursor id ${key} not found`);
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor.pending, batchSize);
    if (cursor.pending.length > 0) return { id, ns, batch };
    this.cursors.delete(key);
    return { id: Long.ZERO, ns, batch };
  }

  /** killCursors: returns which ids were killed and which were unknown. */
  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed = ids.filter((id) => this.cursors.delete(id.toString()));
    const notFound = ids.filter((id) => !killed.includes(id));
    return { killed, notFound };
  }

  private dropIdle(): void {
    const cutoff = Date.now() - CURSOR_IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(key);
  }
}
