import { UUID, type Document } from 'bson';
import { canonicalKey, hasOperatorKeys, isPlainDocument, withIdFirst } from './document-values.js';
import { DocumentValidator, type ValidationOptions } from './document-validator.js';
import { duplicateKeyError, ID_INDEX, IndexCatalog } from './index-catalog.js';

export interface WriteOptions {
  readonly bypassDocumentValidation?: boolean;
}

/**
 * The documents of one collection, keyed by canonical `_id`, in insertion order.
 * Stored documents are private copies and are replaced (never mutated) on update, so
 * results handed out earlier (e.g. cursor batches) are not affected by later writes.
 */
export class CollectionStore {
  readonly uuid = new UUID();
  readonly indexes: IndexCatalog;
  private readonly docs = new Map<string, Document>();
  private validator: DocumentValidator;

  constructor(
    readonly dbName: string,
    readonly name: string,
    validation: ValidationOptions = {},
  ) {
    this.indexes = new IndexCatalog(this.ns);
    this.validator = new DocumentValidator(validation);
  }

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  get validation(): ValidationOptions {
    return this.validator.options;
  }

  set validation(options: ValidationOptions) {
    this.validator = new DocumentValidator(options);
  }

  /** Stored documents (read-only: callers must copy before handing them out). */
  documents(): Document[] {
    return [...this.docs.values()];
  }

  /**
   * Documents that may match `filter`: a direct `_id` lookup when the filter pins `_id` to a value,
   * otherwise all documents. The caller still applies the full filter.
   */
  candidates(filter: Document | undefined): Document[] {
    const id: unknown = filter?._id;
    if (!isExactValue(id)) return this.documents();
    const doc = this.docs.get(canonicalKey(id));
    return doc ? [doc] : [];
  }

  entries(): Iterable<[string, Document]> {
    return this.docs.entries();
  }

  /**
   * Stores `doc` (with `_id` first, generated if missing); returns the stored document. `doc` must
   * belong to the store from now on: the commands pass documents freshly decoded from the wire or
   * built by the update engine, which nothing else holds, so no copy is made.
   */
  insert(doc: Document, options: WriteOptions = {}): Document {
    const stored = withIdFirst(doc);
    const docId = canonicalKey(stored._id);
    if (this.docs.has(docId)) throw duplicateKeyError(this.ns, ID_INDEX, { _id: stored._id });
    if (!options.bypassDocumentValidation) this.validator.check(stored);
    this.indexes.assertNoDuplicate(docId, stored);
    this.docs.set(docId, stored);
    this.indexes.add(docId, stored);
    return stored;
  }

  /** Replaces the stored `previous` (same `_id`) by `next` (owned by the store from now on, as in `insert`); returns the stored document. */
  replace(previous: Document, next: Document, options: WriteOptions = {}): Document {
    const stored = next;
    const docId = canonicalKey(previous._id);
    if (!options.bypassDocumentValidation) this.validator.check(stored, previous);
    this.indexes.assertNoDuplicate(docId, stored);
    this.indexes.remove(docId, previous);
    this.docs.set(docId, stored);
    this.indexes.add(docId, stored);
    return stored;
  }

  remove(doc: Document): void {
    const docId = canonicalKey(doc._id);
    if (!this.docs.delete(docId)) return;
    this.indexes.remove(docId, doc);
  }

  createIndex(spec: Document): boolean {
    return this.indexes.create(spec, this.docs.entries());
  }

  /** Approximate BSON size of the data (for dbStats/collStats). */
  dataSize(sizeOf: (doc: Document) => number): number {
    let total = 0;
    for (const doc of this.docs.values()) total += sizeOf(doc);
    return total;
  }
}

/** A filter value that means plain equality (not an operator document, regex or array). */
function isExactValue(value: unknown): boolean {
  if (value === undefined || value instanceof RegExp || Array.isArray(value)) return false;
  return !(isPlainDocument(value) && hasOperatorKeys(value));
}
