import type { Document } from 'bson';
import { canonicalKey, valuesAtPath } from './document-values.js';

/** One index key of a document: its comparable form and the `{ field: value }` shown in errors. */
export interface IndexKey {
  readonly canonical: string;
  readonly keyValue: Document;
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>(
    (combos, values) => combos.flatMap((combo) => values.map((value) => [...combo, value])),
    [[]],
  );
}

/** True when the document has none of the indexed fields (what a sparse index skips). */
export function lacksAllFields(doc: Document, keyPattern: Document): boolean {
  return Object.keys(keyPattern).every((field) => !valuesAtPath(doc, field).found);
}

/** The keys a document contributes to an index (several for multikey/array fields; missing = null). */
export function extractIndexKeys(doc: Document, keyPattern: Document): IndexKey[] {
  const fields = Object.keys(keyPattern);
  const perField = fields.map((field) => {
    const { values, found } = valuesAtPath(doc, field);
    return found ? values : [null];
  });
  const keys = new Map<string, IndexKey>();
  for (const combo of cartesian(perField)) {
    const canonical = combo.map(canonicalKey).join('|');
    const keyValue = Object.fromEntries(fields.map((field, i) => [field, combo[i] ?? null]));
    keys.set(canonical, { canonical, keyValue });
  }
  return [...keys.values()];
}

/** Default index name as mongod derives it: `a_1_b_-1`. */
export function defaultIndexName(keyPattern: Document): string {
  return Object.entries(keyPattern)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}
