import type { Document } from 'bson';
import { Aggregator, Context, Query } from 'mingo';
import { Query as BaseQuery } from 'mingo/query';
import type { Any, CollationSpec, CollectionResolver, Options, SortSpec } from 'mingo/types';
import { cloneDocument, idFirst, isPlainDocument } from './document-values.js';
import { jsonSchemaValidator } from './json-schema.js';

/** mingo options shared by every query, update and pipeline the server runs. */
export type QueryOptions = Partial<Options>;

export function queryOptions(collectionResolver?: CollectionResolver, collation?: Document): QueryOptions {
  return {
    jsonSchemaValidator,
    ...(collectionResolver ? { collectionResolver } : {}),
    ...(collation ? { collation: collation as unknown as CollationSpec } : {}),
  };
}

export type DocumentPredicate = (doc: Document) => boolean;

/**
 * mingo's `Query` copies its whole operator table into a new context for every query it builds
 * (tens of microseconds, more than matching a few documents). Its compiled options object, taken
 * once from a throw-away query through a query operator that only records the options it is
 * compiled with, is reused instead: mingo builds queries from such an object without copying.
 * Only for options without a collation (the collection resolver serves pipeline stages, which a
 * query filter has none of).
 */
const CAPTURE_OPERATOR = '$__captureOptions';
const sharedCompiled: Partial<Options> | undefined = (() => {
  let captured: unknown;
  const record = (_selector: string, _value: Any, compiled: Options) => {
    captured = compiled;
    return () => true;
  };
  const context = Context.init({ query: { [CAPTURE_OPERATOR]: record } } as unknown as Parameters<typeof Context.init>[0]);
  new Query({ x: { [CAPTURE_OPERATOR]: 1 } }, { jsonSchemaValidator, context });
  const ok = typeof captured === 'object' && captured !== null && 'context' in captured && 'options' in captured;
  return ok ? (captured as Partial<Options>) : undefined;
})();

function newQuery(filter: Document | undefined, options: QueryOptions): Query {
  if (sharedCompiled && options.collation === undefined && options.jsonSchemaValidator === jsonSchemaValidator && options.context === undefined) {
    return new BaseQuery(filter ?? {}, sharedCompiled) as Query;
  }
  return new Query(filter ?? {}, options);
}

export function compileFilter(filter: Document | undefined, options: QueryOptions): DocumentPredicate {
  const query = newQuery(filter, options);
  return (doc) => query.test(doc);
}

/**
 * Whether the value at `path` may equal the string `value`: false when the path ends in, or runs
 * through, something that is no document (missing, a number, another string...); true when it
 * holds the string, or an array or other object (arrays match element-wise: left to mingo).
 */
function mayHoldString(doc: Document, path: readonly string[], value: string): boolean {
  let held: unknown = doc;
  for (const part of path) {
    if (typeof held !== 'object' || held === null) return false;
    if (!isPlainDocument(held)) return true;
    held = (held as Document)[part];
  }
  return held === value || (typeof held === 'object' && held !== null);
}

/**
 * Fields the filter pins to a string (`{ state: "UTKAST", "reporter.userId": "u1" }`): a document
 * that holds another string, a number, a boolean or nothing there cannot match, so it is skipped
 * before mingo runs (a cheap scan instead of mingo's matcher over every document). Arrays and
 * other objects are kept for mingo to decide. Not with a collation, where different strings may
 * compare equal.
 */
function narrowByStrings(docs: readonly Document[], filter: Document | undefined, options: QueryOptions): readonly Document[] {
  if (!filter || options.collation !== undefined) return docs;
  let pins: Array<[string[], string]> | undefined;
  for (const key of Object.keys(filter)) {
    const value: unknown = filter[key];
    const path = key.split('.');
    if (typeof value === 'string' && !key.startsWith('$') && !path.includes('')) (pins ??= []).push([path, value]);
  }
  if (!pins) return docs;
  const fields = pins;
  return docs.filter((doc) => fields.every(([path, value]) => mayHoldString(doc, path, value)));
}

export interface FindSpec {
  readonly filter?: Document;
  readonly sort?: Document;
  readonly projection?: Document;
  readonly skip?: number;
  readonly limit?: number;
}

/** Drops sort keys mingo cannot evaluate (`$natural`, `{ $meta: ... }`). */
export function normalizeSort(sort: Document | undefined): SortSpec | undefined {
  if (!sort) return undefined;
  const entries = Object.entries(sort).filter(([key, dir]) => !key.startsWith('$') && typeof dir === 'number');
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([key, dir]) => [key, (dir as number) < 0 ? -1 : 1])) as SortSpec;
}

/** Filters, sorts, skips and limits stored documents; returns the stored objects themselves (read-only). */
export function selectDocuments(docs: readonly Document[], spec: FindSpec, options: QueryOptions): Document[] {
  const cursor = newQuery(spec.filter, options).find<Document>(narrowByStrings(docs, spec.filter, options));
  const sort = normalizeSort(spec.sort);
  if (sort) cursor.sort(sort);
  if (spec.skip) cursor.skip(spec.skip);
  if (spec.limit) cursor.limit(spec.limit);
  const selected = cursor.all();
  // mingo's exclusion projection deletes fields from the objects it is given: project copies of
  // the selected documents only, never the stored ones.
  if (!spec.projection || Object.keys(spec.projection).length === 0) return selected;
  return newQuery({}, options).find<Document>(selected.map(cloneDocument), spec.projection).all();
}

/**
 * Runs a find over stored documents. The results may be the stored objects themselves (or share
 * parts with them): stored documents are never mutated (an update stores a new object) and results
 * are only serialized into replies, so no copy is made.
 */
export function findDocuments(docs: readonly Document[], spec: FindSpec, options: QueryOptions): Document[] {
  return selectDocuments(docs, spec, options).map(idFirst);
}

/** Applies a find-style projection to one document (no copy: see `findDocuments`). */
export function projectDocument(doc: Document, projection: Document | undefined, options: QueryOptions): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  return findDocuments([doc], { projection }, options)[0] ?? {};
}

/** Runs an aggregation pipeline over deep copies of the stored documents. */
export function aggregateDocuments(docs: readonly Document[], pipeline: Document[], options: QueryOptions): Document[] {
  return new Aggregator(pipeline, options).run<Document>(docs.map(cloneDocument));
}
