import type { Document } from 'bson';
import { CommandError, toCommandError } from '../command-error.js';
import type { CollectionStore, WriteOptions } from '../collection-store.js';
import {
  dbQueryOptions,
  optionalDocument,
  optionalNumber,
  targetCollection,
  writableCollection,
  type CommandContext,
  type CommandHandler,
} from '../command-context.js';
import { hasOperatorKeys } from '../document-values.js';
import { selectDocuments } from '../query-engine.js';
import { applyUpdate, buildUpsertDocument, isModified, type UpdateContext, type UpdateSpec } from '../update-engine.js';

function statementsOf(cmd: Document, field: string): Document[] {
  const value: unknown = cmd[field];
  if (!Array.isArray(value)) throw new CommandError('FailedToParse', `BSON field '${field}' is missing but a required field`);
  return value as Document[];
}

function writeOptionsOf(cmd: Document): WriteOptions {
  return { bypassDocumentValidation: cmd.bypassDocumentValidation === true };
}

/** Runs write statements like mongod: ordered writes stop at the first error; errors go to `writeErrors`. */
function runStatements(statements: Document[], ordered: boolean, run: (statement: Document, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (error) {
      writeErrors.push(toCommandError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors } : reply;
}

const insert: CommandHandler = (cmd, ctx) => {
  const collection = writableCollection(ctx, targetCollection(cmd, 'insert'));
  const options = writeOptionsOf(cmd);
  let n = 0;
  const writeErrors = runStatements(statementsOf(cmd, 'documents'), cmd.ordered !== false, (doc) => {
    collection.insert(doc, options);
    n += 1;
  });
  return withWriteErrors({ n }, writeErrors);
};

interface UpdateOutcome {
  readonly n: number;
  readonly nModified: number;
  readonly upsertedId?: unknown;
}

function updateContextOf(statement: Document, ctx: CommandContext): UpdateContext {
  return {
    filter: optionalDocument(statement.q) ?? {},
    ...(Array.isArray(statement.arrayFilters) ? { arrayFilters: statement.arrayFilters as Document[] } : {}),
    options: dbQueryOptions(ctx, optionalDocument(statement.collation)),
  };
}

function assertUpdateSpec(update: unknown, multi: boolean): UpdateSpec {
  if (typeof update !== 'object' || update === null) throw new CommandError('FailedToParse', "BSON field 'u' must be an object or array");
  if (multi && !Array.isArray(update) && !hasOperatorKeys(update as Document)) {
    throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  return update as UpdateSpec;
}

/** Updates matching stored documents; returns how many matched and changed. */
function updateDocuments(collection: CollectionStore, targets: Document[], update: UpdateSpec, uctx: UpdateContext, options: WriteOptions): number {
  let modified = 0;
  for (const target of targets) {
    const next = applyUpdate(target, update, uctx);
    if (!isModified(target, next)) continue;
    collection.replace(target, next, options);
    modified += 1;
  }
  return modified;
}

function runUpdateStatement(collection: CollectionStore, statement: Document, ctx: CommandContext, options: WriteOptions): UpdateOutcome {
  const multi = statement.multi === true;
  const update = assertUpdateSpec(statement.u, multi);
  const uctx = updateContextOf(statement, ctx);
  const spec = { filter: uctx.filter, sort: optionalDocument(statement.sort), ...(multi ? {} : { limit: 1 }) };
  const targets = selectDocuments(collection.candidates(spec.filter), spec, uctx.options);
  if (targets.length === 0 && statement.upsert === true) {
    const stored = collection.insert(buildUpsertDocument(update, uctx), options);
    return { n: 1, nModified: 0, upsertedId: stored._id };
  }
  return { n: targets.length, nModified: updateDocuments(collection, targets, update, uctx, options) };
}

const update: CommandHandler = (cmd, ctx) => {
  const collection = writableCollection(ctx, targetCollection(cmd, 'update'));
  const options = writeOptionsOf(cmd);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runStatements(statementsOf(cmd, 'updates'), cmd.ordered !== false, (statement, index) => {
    const outcome = runUpdateStatement(collection, statement, ctx, options);
    n += outcome.n;
    nModified += outcome.nModified;
    if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
  });
  const reply = upserted.length > 0 ? { n, nModified, upserted } : { n, nModified };
  return withWriteErrors(reply, writeErrors);
};

function runDeleteStatement(collection: CollectionStore | undefined, statement: Document, ctx: CommandContext): number {
  if (!collection) return 0;
  const limit = optionalNumber(statement.limit) === 1 ? 1 : undefined;
  const options = dbQueryOptions(ctx, optionalDocument(statement.collation));
  const spec = { filter: optionalDocument(statement.q) ?? {}, ...(limit ? { limit } : {}) };
  const targets = selectDocuments(collection.candidates(spec.filter), spec, options);
  for (const target of targets) collection.remove(target);
  return targets.length;
}

const deleteCommand: CommandHandler = (cmd, ctx) => {
  const collection = ctx.storage.collection(ctx.dbName, targetCollection(cmd, 'delete'));
  let n = 0;
  const writeErrors = runStatements(statementsOf(cmd, 'deletes'), cmd.ordered !== false, (statement) => {
    n += runDeleteStatement(collection, statement, ctx);
  });
  return withWriteErrors({ n }, writeErrors);
};

export const WRITE_COMMANDS: Record<string, CommandHandler> = {
  insert,
  update,
  delete: deleteCommand,
};
