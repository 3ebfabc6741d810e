import type { Document } from 'bson';
import { Aggregator, Query } from 'mingo';
import type { CollationSpec, CollectionResolver, Options, SortSpec } from 'mingo/types';
import { cloneDocument, idFirst } from './document-values.js';
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

export function compileFilter(filter: Document | undefined, options: QueryOptions): DocumentPredicate {
  const query = new Query(filter ?? {}, options);
  return (doc) => query.test(doc);
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
  const cursor = new Query(spec.filter ?? {}, options).find<Document>(docs, spec.projection ?? {});
  const sort = normalizeSort(spec.sort);
  if (sort) cursor.sort(sort);
  if (spec.skip) cursor.skip(spec.skip);
  if (spec.limit) cursor.limit(spec.limit);
  return cursor.all();
}

/** Runs a find over stored documents; the results are deep copies. */
export function findDocuments(docs: readonly Document[], spec: FindSpec, options: QueryOptions): Document[] {
  return selectDocuments(docs, spec, options).map((doc) => cloneDocument(idFirst(doc)));
}

/** Applies a find-style projection to a copy of one document. */
export function projectDocument(doc: Document, projection: Document | undefined, options: QueryOptions): Document {
  if (!projection || Object.keys(projection).length === 0) return cloneDocument(doc);
  return findDocuments([doc], { projection }, options)[0] ?? {};
}

/** Runs an aggregation pipeline over deep copies of the stored documents. */
export function aggregateDocuments(docs: readonly Document[], pipeline: Document[], options: QueryOptions): Document[] {
  return new Aggregator(pipeline, options).run<Document>(docs.map(cloneDocument));
}
