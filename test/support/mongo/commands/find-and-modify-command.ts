import type { Document } from 'bson';
import { CommandError } from '../command-error.js';
import type { CollectionStore } from '../collection-store.js';
import {
  dbQueryOptions,
  optionalDocument,
  writableCollection,
  type CommandContext,
  type CommandHandler,
} from '../command-context.js';
import { projectDocument, selectDocuments } from '../query-engine.js';
import { applyUpdate, buildUpsertDocument, isModified, type UpdateContext, type UpdateSpec } from '../update-engine.js';

interface FindAndModifyRequest {
  readonly name: string;
  readonly query: Document;
  readonly sort?: Document;
  readonly fields?: Document;
  readonly update?: UpdateSpec;
  readonly remove: boolean;
  readonly returnNew: boolean;
  readonly upsert: boolean;
  readonly bypassDocumentValidation: boolean;
  readonly uctx: UpdateContext;
}

function parseRequest(cmd: Document, ctx: CommandContext): FindAndModifyRequest {
  const name: unknown = cmd.findAndModify ?? cmd.findandmodify;
  if (typeof name !== 'string') throw new CommandError('InvalidNamespace', 'collection name has invalid type');
  const query = optionalDocument(cmd.query) ?? {};
  const update: unknown = cmd.update;
  if (cmd.remove !== true && (typeof update !== 'object' || update === null)) {
    throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  }
  const options = dbQueryOptions(ctx, optionalDocument(cmd.collation));
  return {
    name,
    query,
    sort: optionalDocument(cmd.sort),
    fields: optionalDocument(cmd.fields),
    update: update as UpdateSpec | undefined,
    remove: cmd.remove === true,
    returnNew: cmd.new === true,
    upsert: cmd.upsert === true,
    bypassDocumentValidation: cmd.bypassDocumentValidation === true,
    uctx: { filter: query, options, ...(Array.isArray(cmd.arrayFilters) ? { arrayFilters: cmd.arrayFilters as Document[] } : {}) },
  };
}

function firstMatch(collection: CollectionStore | undefined, req: FindAndModifyRequest): Document | undefined {
  if (!collection) return undefined;
  return selectDocuments(collection.candidates(req.query), { filter: req.query, sort: req.sort, limit: 1 }, req.uctx.options)[0];
}

function project(doc: Document, req: FindAndModifyRequest): Document {
  return projectDocument(doc, req.fields, req.uctx.options);
}

function removeMatch(collection: CollectionStore | undefined, target: Document | undefined, req: FindAndModifyRequest): Document {
  if (!collection || !target) return { lastErrorObject: { n: 0 }, value: null };
  collection.remove(target);
  return { lastErrorObject: { n: 1 }, value: project(target, req) };
}

function updateMatch(collection: CollectionStore, target: Document, req: FindAndModifyRequest): Document {
  const next = applyUpdate(target, req.update as UpdateSpec, req.uctx);
  const options = { bypassDocumentValidation: req.bypassDocumentValidation };
  const stored = isModified(target, next) ? collection.replace(target, next, options) : target;
  const value = req.returnNew ? stored : target;
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(value, req) };
}

function upsert(ctx: CommandContext, req: FindAndModifyRequest): Document {
  const collection = writableCollection(ctx, req.name);
  const options = { bypassDocumentValidation: req.bypassDocumentValidation };
  const stored = collection.insert(buildUpsertDocument(req.update as UpdateSpec, req.uctx), options);
  const value = req.returnNew ? project(stored, req) : null;
  return { lastErrorObject: { n: 1, updatedExisting: false, upserted: stored._id }, value };
}

/** findAndModify: atomically finds one document (by query + sort) and updates or removes it. */
const findAndModify: CommandHandler = (cmd, ctx) => {
  const req = parseRequest(cmd, ctx);
  const collection = ctx.storage.collection(ctx.dbName, req.name);
  const target = firstMatch(collection, req);
  if (req.remove) return removeMatch(collection, target, req);
  if (collection && target) return updateMatch(collection, target, req);
  if (req.upsert) return upsert(ctx, req);
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
};

export const FIND_AND_MODIFY_COMMANDS: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
