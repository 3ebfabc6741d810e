import { Long, type Document } from 'bson';
import { CommandError } from './command-error.js';
import type { CollectionStore } from './collection-store.js';
import type { CursorRegistry, CursorReply } from './cursor-registry.js';
import { cloneDocument } from './document-values.js';
import { queryOptions, type QueryOptions } from './query-engine.js';
import type { Storage } from './storage.js';

/** Live numbers about the server, for hello/serverStatus. */
export interface ServerStats {
  readonly startedAt: Date;
  readonly currentConnections: number;
  readonly totalConnections: number;
}

/** Everything a command handler may use. */
export interface CommandContext {
  readonly dbName: string;
  readonly storage: Storage;
  readonly cursors: CursorRegistry;
  readonly connectionId: number;
  readonly stats: () => ServerStats;
}

/** Handles one command document and returns the reply body (without `ok`, added by the dispatcher). */
export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document;

/** The collection name a command targets (the value of its first field). */
export function targetCollection(cmd: Document, commandName: string): string {
  const value: unknown = cmd[commandName];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

export function existingCollection(ctx: CommandContext, name: string): CollectionStore | undefined {
  return ctx.storage.collection(ctx.dbName, name);
}

/** Creates the collection if needed (implicit creation by writes and createIndexes). */
export function writableCollection(ctx: CommandContext, name: string): CollectionStore {
  return ctx.storage.ensureDatabase(ctx.dbName).ensureCollection(name).collection;
}

/** mingo options for this database (`$lookup`/`$unionWith` read copies of sibling collections). */
export function dbQueryOptions(ctx: CommandContext, collation?: Document): QueryOptions {
  const resolver = (name: string): Document[] => ctx.storage.documents(ctx.dbName, name).map(cloneDocument);
  return queryOptions(resolver, collation);
}

/** Accepts an int64 sent as Long, number or bigint. */
export function toLong(value: unknown): Long {
  if (Long.isLong(value)) return value;
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (typeof value === 'number') return Long.fromNumber(value);
  throw new CommandError('BadValue', `expected a cursor id, got ${typeof value}`);
}

export function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'valueOf' in value) {
    const number = Number(value.valueOf());
    return Number.isNaN(number) ? undefined : number;
  }
  return undefined;
}

export function optionalDocument(value: unknown): Document | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Document) : undefined;
}

/** `{ cursor: { id, ns, firstBatch|nextBatch } }` */
export function cursorReplyBody(reply: CursorReply, batchField: 'firstBatch' | 'nextBatch'): Document {
  return { cursor: { id: reply.id, ns: reply.ns, [batchField]: reply.batch } };
}

/** The collection, or NamespaceNotFound (26) like mongod. */
export function requireCollection(ctx: CommandContext, name: string): CollectionStore {
  const collection = existingCollection(ctx, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.dbName}.${name}`);
  return collection;
}
