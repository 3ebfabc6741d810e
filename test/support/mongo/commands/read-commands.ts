import type { Document } from 'bson';
import { CommandError } from '../command-error.js';
import {
  cursorReplyBody,
  dbQueryOptions,
  optionalDocument,
  optionalNumber,
  targetCollection,
  toLong,
  type CommandContext,
  type CommandHandler,
} from '../command-context.js';
import { canonicalKey, valuesAtPath } from '../document-values.js';
import { aggregateDocuments, compileFilter, findDocuments } from '../query-engine.js';

function namespace(ctx: CommandContext, collection: string): string {
  return `${ctx.dbName}.${collection}`;
}

/** A negative limit means "single batch of |limit|" (legacy find semantics). */
function limitOf(cmd: Document): { limit?: number; singleBatch: boolean } {
  const limit = optionalNumber(cmd.limit);
  const singleBatch = cmd.singleBatch === true || (limit !== undefined && limit < 0);
  return { limit: limit === undefined || limit === 0 ? undefined : Math.abs(limit), singleBatch };
}

const find: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'find');
  const { limit, singleBatch } = limitOf(cmd);
  const filter = optionalDocument(cmd.filter);
  const results = findDocuments(
    ctx.storage.candidates(ctx.dbName, name, filter),
    {
      filter,
      sort: optionalDocument(cmd.sort),
      projection: optionalDocument(cmd.projection),
      skip: optionalNumber(cmd.skip),
      limit,
    },
    dbQueryOptions(ctx, optionalDocument(cmd.collation)),
  );
  const reply = ctx.cursors.open(namespace(ctx, name), results, optionalNumber(cmd.batchSize), singleBatch);
  return cursorReplyBody(reply, 'firstBatch');
};

const getMore: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'collection');
  const reply = ctx.cursors.next(toLong(cmd.getMore), namespace(ctx, name), optionalNumber(cmd.batchSize));
  return cursorReplyBody(reply, 'nextBatch');
};

const killCursors: CommandHandler = (cmd, ctx) => {
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors.map(toLong) : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
};

const count: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'count');
  const query = optionalDocument(cmd.query);
  const matched = ctx.storage.candidates(ctx.dbName, name, query).filter(compileFilter(query, dbQueryOptions(ctx))).length;
  const afterSkip = Math.max(0, matched - (optionalNumber(cmd.skip) ?? 0));
  const limit = Math.abs(optionalNumber(cmd.limit) ?? 0);
  return { n: limit > 0 ? Math.min(limit, afterSkip) : afterSkip };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'distinct');
  if (typeof cmd.key !== 'string') throw new CommandError('TypeMismatch', "'key' must be of type String");
  const key = cmd.key;
  const matches = compileFilter(optionalDocument(cmd.query), dbQueryOptions(ctx, optionalDocument(cmd.collation)));
  const values = new Map<string, unknown>();
  for (const doc of ctx.storage.documents(ctx.dbName, name).filter(matches)) {
    for (const value of valuesAtPath(doc, key).values) values.set(canonicalKey(value), value);
  }
  return { values: [...values.values()] };
};

const UNSUPPORTED_STAGES = ['$out', '$merge', '$changeStream', '$collStats', '$indexStats', '$currentOp'];

function assertSupportedPipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline)) throw new CommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  for (const stage of pipeline as Document[]) {
    const op = Object.keys(stage)[0] ?? '';
    if (UNSUPPORTED_STAGES.includes(op)) {
      throw new CommandError('CommandNotSupported', `${op} is not supported by the in-process test server`);
    }
  }
  return pipeline as Document[];
}

const aggregate: CommandHandler = (cmd, ctx) => {
  if (cmd.explain === true) throw new CommandError('CommandNotSupported', 'explain is not supported by the in-process test server');
  const pipeline = assertSupportedPipeline(cmd.pipeline);
  const onCollection = typeof cmd.aggregate === 'string';
  const name = onCollection ? (cmd.aggregate as string) : '$cmd.aggregate';
  const source = onCollection ? ctx.storage.documents(ctx.dbName, name) : [];
  const results = aggregateDocuments(source, pipeline, dbQueryOptions(ctx, optionalDocument(cmd.collation)));
  const batchSize = optionalNumber(optionalDocument(cmd.cursor)?.batchSize);
  return cursorReplyBody(ctx.cursors.open(namespace(ctx, name), results, batchSize), 'firstBatch');
};

export const READ_COMMANDS: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
