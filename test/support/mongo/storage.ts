import type { Document } from 'bson';
import { CollectionStore } from './collection-store.js';
import type { ValidationOptions } from './document-validator.js';
import { CommandError } from './command-error.js';

/** One database: a set of named collections. */
export class DatabaseStore {
  private readonly collections = new Map<string, CollectionStore>();

  constructor(readonly name: string) {}

  collection(name: string): CollectionStore | undefined {
    return this.collections.get(name);
  }

  /** Returns the collection, creating it implicitly (as inserts and createIndexes do). */
  ensureCollection(name: string): { collection: CollectionStore; created: boolean } {
    const existing = this.collections.get(name);
    if (existing) return { collection: existing, created: false };
    return { collection: this.createCollection(name), created: true };
  }

  createCollection(name: string, validation: ValidationOptions = {}): CollectionStore {
    assertValidCollectionName(name);
    if (this.collections.has(name)) {
      throw new CommandError('NamespaceExists', `Collection ${this.name}.${name} already exists.`);
    }
    const collection = new CollectionStore(this.name, name, validation);
    this.collections.set(name, collection);
    return collection;
  }

  dropCollection(name: string): CollectionStore | undefined {
    const collection = this.collections.get(name);
    this.collections.delete(name);
    return collection;
  }

  list(): CollectionStore[] {
    return [...this.collections.values()];
  }

  get isEmpty(): boolean {
    return this.collections.size === 0;
  }
}

function assertValidCollectionName(name: string): void {
  if (name.length === 0 || name.includes('$') || name.includes('\0')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}

/** All databases of the server (memory only). */
export class Storage {
  private readonly databases = new Map<string, DatabaseStore>();

  database(name: string): DatabaseStore | undefined {
    return this.databases.get(name);
  }

  ensureDatabase(name: string): DatabaseStore {
    const existing = this.databases.get(name);
    if (existing) return existing;
    const created = new DatabaseStore(name);
    this.databases.set(name, created);
    return created;
  }

  dropDatabase(name: string): void {
    this.databases.delete(name);
  }

  /** Databases that hold at least one collection. */
  list(): DatabaseStore[] {
    return [...this.databases.values()].filter((db) => !db.isEmpty);
  }

  collection(dbName: string, name: string): CollectionStore | undefined {
    return this.databases.get(dbName)?.collection(name);
  }

  /** Stored documents of a collection that may match `filter` (none when it does not exist). */
  candidates(dbName: string, name: string, filter: Document | undefined): Document[] {
    return this.collection(dbName, name)?.candidates(filter) ?? [];
  }

  /** All stored documents of a collection, or none when it does not exist. */
  documents(dbName: string, name: string): Document[] {
    return this.collection(dbName, name)?.documents() ?? [];
  }
}
