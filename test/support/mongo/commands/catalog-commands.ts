import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError } from '../command-error.js';
import type { CollectionStore } from '../collection-store.js';
import {
  existingCollection,
  requireCollection,
  optionalDocument,
  targetCollection,
  type CommandContext,
  type CommandHandler,
} from '../command-context.js';
import type { ValidationAction, ValidationLevel, ValidationOptions } from '../document-validator.js';
import { ID_INDEX } from '../index-catalog.js';
import { compileFilter, queryOptions } from '../query-engine.js';

function validationOf(cmd: Document, current: ValidationOptions = {}): ValidationOptions {
  const validator = optionalDocument(cmd.validator) ?? current.validator;
  const level = (cmd.validationLevel as ValidationLevel | undefined) ?? current.validationLevel;
  const action = (cmd.validationAction as ValidationAction | undefined) ?? current.validationAction;
  return {
    ...(validator ? { validator } : {}),
    ...(level ? { validationLevel: level } : {}),
    ...(action ? { validationAction: action } : {}),
  };
}

const create: CommandHandler = (cmd, ctx) => {
  ctx.storage.ensureDatabase(ctx.dbName).createCollection(targetCollection(cmd, 'create'), validationOf(cmd));
  return {};
};

function modifyIndex(collection: CollectionStore, change: Document): Document {
  const target: unknown = change.name ?? change.keyPattern;
  const spec = target === undefined ? undefined : collection.indexes.find(target as string | Document);
  if (!spec) throw new CommandError('IndexNotFound', 'cannot find index for collMod');
  const seconds: unknown = change.expireAfterSeconds;
  if (typeof seconds !== 'number') return {};
  const previous: unknown = spec.expireAfterSeconds;
  collection.indexes.setExpireAfterSeconds(spec.name, seconds);
  return { expireAfterSeconds_old: previous, expireAfterSeconds_new: seconds };
}

const collMod: CommandHandler = (cmd, ctx) => {
  const collection = requireCollection(ctx, targetCollection(cmd, 'collMod'));
  collection.validation = validationOf(cmd, collection.validation);
  const index = optionalDocument(cmd.index);
  return index ? modifyIndex(collection, index) : {};
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = targetCollection(cmd, 'drop');
  const dropped = ctx.storage.database(ctx.dbName)?.dropCollection(name);
  return dropped ? { nIndexesWas: dropped.indexes.count, ns: dropped.ns } : {};
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.storage.dropDatabase(ctx.dbName);
  return { dropped: ctx.dbName };
};

function collectionInfo(collection: CollectionStore): Document {
  return {
    name: collection.name,
    type: 'collection',
    options: { ...collection.validation },
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: ID_INDEX,
  };
}

const listCollections: CommandHandler = (cmd, ctx) => {
  const collections = ctx.storage.database(ctx.dbName)?.list() ?? [];
  const matches = compileFilter(optionalDocument(cmd.filter), queryOptions());
  const infos = collections.map(collectionInfo).filter(matches);
  const batch = cmd.nameOnly === true ? infos.map(({ name, type }) => ({ name, type })) : infos;
  return { cursor: { id: Long.ZERO, ns: `${ctx.dbName}.$cmd.listCollections`, firstBatch: batch } };
};

function sizeOnDisk(collections: CollectionStore[]): number {
  return collections.reduce((total, c) => total + c.dataSize((doc) => calculateObjectSize(doc)), 0);
}

const listDatabases: CommandHandler = (cmd, ctx) => {
  const databases = ctx.storage.list().map((db) => ({ name: db.name, sizeOnDisk: sizeOnDisk(db.list()), empty: false }));
  const matches = compileFilter(optionalDocument(cmd.filter), queryOptions());
  const listed = databases.filter(matches);
  if (cmd.nameOnly === true) return { databases: listed.map(({ name }) => ({ name })) };
  return { databases: listed, totalSize: listed.reduce((total, db) => total + db.sizeOnDisk, 0), totalSizeMb: 0 };
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const collections = ctx.storage.database(ctx.dbName)?.list() ?? [];
  const objects = collections.reduce((total, c) => total + c.size, 0);
  const dataSize = sizeOnDisk(collections);
  return {
    db: ctx.dbName,
    collections: collections.length,
    views: 0,
    objects,
    avgObjSize: objects > 0 ? dataSize / objects : 0,
    dataSize,
    storageSize: dataSize,
    indexes: collections.reduce((total, c) => total + c.indexes.count, 0),
    indexSize: 0,
    totalSize: dataSize,
    scaleFactor: 1,
  };
};

const collStats: CommandHandler = (cmd, ctx) => {
  const collection = requireCollection(ctx, targetCollection(cmd, 'collStats'));
  const size = sizeOnDisk([collection]);
  const indexNames = collection.indexes.list().map((spec) => spec.name);
  return {
    ns: collection.ns,
    count: collection.size,
    size,
    avgObjSize: collection.size > 0 ? size / collection.size : 0,
    storageSize: size,
    nindexes: indexNames.length,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(indexNames.map((name) => [name, 0])),
  };
};

export const CATALOG_COMMANDS: Record<string, CommandHandler> = {
  create,
  collMod,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  dbStats,
  collStats,
};
