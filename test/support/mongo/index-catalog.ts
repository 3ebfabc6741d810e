import type { Document } from 'bson';
import { CommandError } from './command-error.js';
import { canonicalKey, formatShellValue } from './document-values.js';
import { defaultIndexName, extractIndexKeys, lacksAllFields, type IndexKey } from './index-keys.js';
import { compileFilter, queryOptions, type DocumentPredicate } from './query-engine.js';

/** An index definition as returned by listIndexes. */
export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Options that make two index definitions different (besides key and name). */
const IDENTITY_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'] as const;

function optionsKey(spec: Document): string {
  return canonicalKey(IDENTITY_OPTIONS.map((option) => (spec[option] === false ? null : (spec[option] ?? null))));
}

/** A secondary index. Unique indexes keep a key -> document id map to detect duplicates. */
class SecondaryIndex {
  private readonly covers: DocumentPredicate;
  private readonly entries = new Map<string, Set<string>>();

  constructor(readonly spec: IndexSpec) {
    const partial = spec.partialFilterExpression;
    this.covers = partial ? compileFilter(partial, queryOptions()) : () => true;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Keys of `doc` in this index; empty if the document is not indexed (sparse/partial). */
  keysOf(doc: Document): IndexKey[] {
    if (this.spec.sparse === true && lacksAllFields(doc, this.spec.key)) return [];
    if (!this.covers(doc)) return [];
    return extractIndexKeys(doc, this.spec.key);
  }

  /** A key of `doc` already held by another document, if any. */
  conflictFor(docId: string, doc: Document): IndexKey | undefined {
    if (!this.unique) return undefined;
    return this.keysOf(doc).find((key) => {
      const holders = this.entries.get(key.canonical);
      return holders !== undefined && [...holders].some((holder) => holder !== docId);
    });
  }

  add(docId: string, doc: Document): void {
    if (!this.unique) return;
    for (const key of this.keysOf(doc)) {
      const holders = this.entries.get(key.canonical) ?? new Set<string>();
      holders.add(docId);
      this.entries.set(key.canonical, holders);
    }
  }

  remove(docId: string, doc: Document): void {
    if (!this.unique) return;
    for (const key of this.keysOf(doc)) {
      const holders = this.entries.get(key.canonical);
      holders?.delete(docId);
      if (holders?.size === 0) this.entries.delete(key.canonical);
    }
  }
}

/** Builds the server's E11000 error for a unique index violation. */
export function duplicateKeyError(ns: string, spec: IndexSpec, keyValue: Document): CommandError {
  const message = `E11000 duplicate key error collection: ${ns} index: ${spec.name} dup key: ${formatShellValue(keyValue)}`;
  return new CommandError('DuplicateKey', message, { keyPattern: spec.key, keyValue });
}

/** The indexes of one collection (the `_id_` index is implicit: documents are stored by `_id`). */
export class IndexCatalog {
  private readonly indexes = new Map<string, SecondaryIndex>();

  constructor(private readonly ns: string) {}

  list(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  get count(): number {
    return this.indexes.size + 1;
  }

  /** Definitions with `expireAfterSeconds` on a single field (TTL indexes). */
  ttlIndexes(): IndexSpec[] {
    return this.list().filter((spec) => typeof spec.expireAfterSeconds === 'number' && Object.keys(spec.key).length === 1);
  }

  /** Resolves a dropIndexes/collMod target given by name or key pattern. */
  find(target: string | Document): IndexSpec | undefined {
    const matchesTarget = (spec: IndexSpec): boolean =>
      typeof target === 'string' ? spec.name === target : canonicalKey(spec.key) === canonicalKey(target);
    return this.list().find(matchesTarget);
  }

  /** Creates an index over existing documents; returns false when an identical index exists. */
  create(requested: Document, docs: Iterable<[string, Document]>): boolean {
    const spec = this.normalize(requested);
    if (this.isExisting(spec)) return false;
    const index = new SecondaryIndex(spec);
    for (const [docId, doc] of docs) {
      const conflict = index.conflictFor(docId, doc);
      if (conflict) throw duplicateKeyError(this.ns, spec, conflict.keyValue);
      index.add(docId, doc);
    }
    this.indexes.set(spec.name, index);
    return true;
  }

  drop(name: string): void {
    this.indexes.delete(name);
  }

  dropAll(): void {
    this.indexes.clear();
  }

  /** Changes `expireAfterSeconds` of an existing index (collMod). */
  setExpireAfterSeconds(name: string, seconds: number): void {
    const index = this.indexes.get(name);
    if (index) index.spec.expireAfterSeconds = seconds;
  }

  /** Throws E11000 if `doc` would duplicate a key of another document in a unique index. */
  assertNoDuplicate(docId: string, doc: Document): void {
    for (const index of this.indexes.values()) {
      const conflict = index.conflictFor(docId, doc);
      if (conflict) throw duplicateKeyError(this.ns, index.spec, conflict.keyValue);
    }
  }

  add(docId: string, doc: Document): void {
    for (const index of this.indexes.values()) index.add(docId, doc);
  }

  remove(docId: string, doc: Document): void {
    for (const index of this.indexes.values()) index.remove(docId, doc);
  }

  private normalize(requested: Document): IndexSpec {
    const key: unknown = requested.key;
    if (typeof key !== 'object' || key === null || Object.keys(key).length === 0) {
      throw new CommandError('BadValue', 'Index key pattern must be a non-empty object');
    }
    const name = typeof requested.name === 'string' ? requested.name : defaultIndexName(key as Document);
    const { v: _version, key: _key, name: _name, ...options } = requested;
    return { v: 2, key: key as Document, name, ...options };
  }

  private isExisting(spec: IndexSpec): boolean {
    const sameName = this.list().find((existing) => existing.name === spec.name);
    const sameKey = this.list().find((existing) => canonicalKey(existing.key) === canonicalKey(spec.key));
    if (sameName && canonicalKey(sameName.key) !== canonicalKey(spec.key)) {
      throw new CommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index but a different key. Requested index: ${formatShellValue(spec)}, existing index: ${formatShellValue(sameName)}`,
      );
    }
    if (!sameKey) return false;
    if (sameKey.name !== spec.name && sameKey.name !== ID_INDEX.name) {
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
    }
    if (sameKey.name === ID_INDEX.name) return true;
    if (optionsKey(sameKey) !== optionsKey(spec)) {
      throw new CommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with the same name but different options. Requested index: ${formatShellValue(spec)}, existing index: ${formatShellValue(sameKey)}`,
      );
    }
    return true;
  }
}
