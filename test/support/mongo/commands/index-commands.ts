import { Long, type Document } from 'bson';
import { CommandError } from '../command-error.js';
import type { CollectionStore } from '../collection-store.js';
import {
  existingCollection,
  requireCollection,
  targetCollection,
  writableCollection,
  type CommandContext,
  type CommandHandler,
} from '../command-context.js';
import { ID_INDEX } from '../index-catalog.js';

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes)) throw new CommandError('FailedToParse', "BSON field 'indexes' is missing but a required field");
  const created = !existingCollection(ctx, name);
  const collection = writableCollection(ctx, name);
  const numIndexesBefore = collection.indexes.count;
  const results = (cmd.indexes as Document[]).map((spec) => collection.createIndex(spec));
  const reply: Document = { numIndexesBefore, numIndexesAfter: collection.indexes.count, createdCollectionAutomatically: created };
  return results.some(Boolean) ? reply : { ...reply, note: 'all indexes already exist' };
};

const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'listIndexes');
  const collection = requireCollection(ctx, name);
  return { cursor: { id: Long.ZERO, ns: collection.ns, firstBatch: collection.indexes.list() } };
};

function indexNamesToDrop(collection: CollectionStore, target: unknown): string[] {
  if (target === '*') return collection.indexes.list().map((spec) => spec.name).filter((n) => n !== ID_INDEX.name);
  const targets = Array.isArray(target) ? target : [target];
  return targets.map((one: unknown) => {
    const spec = typeof one === 'string' || (typeof one === 'object' && one !== null) ? collection.indexes.find(one as string | Document) : undefined;
    if (!spec) throw new CommandError('IndexNotFound', `index not found with name [${String(typeof one === 'string' ? one : JSON.stringify(one))}]`);
    if (spec.name === ID_INDEX.name) throw new CommandError('InvalidOptions', 'cannot drop _id index');
    return spec.name;
  });
}

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const collection = requireCollection(ctx, targetCollection(cmd, 'dropIndexes'));
  const nIndexesWas = collection.indexes.count;
  for (const name of indexNamesToDrop(collection, cmd.index)) collection.indexes.drop(name);
  return { nIndexesWas };
};

export const INDEX_COMMANDS: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
