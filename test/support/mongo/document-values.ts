import { deserialize, ObjectId, serialize, type Document } from 'bson';

/** Deep copy through a BSON round trip: what the server stores is never aliased by callers. */
export function cloneDocument<T extends Document>(doc: T): T {
  return deserialize(serialize(doc)) as T;
}

/** Returns a copy of `doc` with `_id` first, generating an ObjectId when it is missing. */
export function withIdFirst(doc: Document): Document {
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function bsonTypeOf(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** A plain document (not an array, date, regexp or BSON value wrapper). */
export function isPlainDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value) || value instanceof Date || value instanceof RegExp) return false;
  return bsonTypeOf(value) === undefined && !ArrayBuffer.isView(value);
}

/** True when the document's first key is an operator (`$set`, `$inc`, ...). */
export function hasOperatorKeys(doc: Document): boolean {
  const first = Object.keys(doc)[0];
  return first !== undefined && first.startsWith('$');
}

function numberKey(value: number): string {
  return `n:${Object.is(value, -0) ? 0 : value}`;
}

function bsonValueKey(type: string, value: object): string {
  switch (type) {
    case 'Int32':
    case 'Double':
      return numberKey(Number(value.valueOf()));
    case 'Long':
      return `n:${value.toString()}`;
    case 'ObjectId':
      return `oid:${(value as ObjectId).toHexString()}`;
    case 'Binary':
      return `bin:${(value as { sub_type: number }).sub_type}:${(value as { toString(enc: string): string }).toString('base64')}`;
    default:
      return `${type}:${value.toString()}`;
  }
}

/**
 * A string that is equal for equal BSON values (numbers compared by value, field order significant
 * in sub-documents, as in MongoDB). Used for index keys, distinct and change detection.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return numberKey(value);
    case 'bigint':
      return `n:${value.toString()}`;
    case 'string':
      return `s:${JSON.stringify(value)}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return objectKey(value);
    default:
      return `${typeof value}:${String(value)}`;
  }
}

function objectKey(value: object): string {
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (value instanceof RegExp) return `re:${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const type = bsonTypeOf(value);
  if (type !== undefined) return bsonValueKey(type, value);
  const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`);
  return `{${fields.join(',')}}`;
}

/**
 * Whether two BSON values are equal, by the same rules as comparing their `canonicalKey`s, but
 * stopping at the first difference instead of serialising both documents (change detection of
 * every update compares whole documents).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isPlainDocument(a) && isPlainDocument(b)) {
    const ak = Object.keys(a);
    const bk = Object.keys(b);
    if (ak.length !== bk.length) return false;
    for (let i = 0; i < ak.length; i++) {
      const k = ak[i] as string;
      if (k !== bk[i] || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  return canonicalKey(a) === canonicalKey(b);
}

/** Formats a value the way mongod prints it in error messages (`{ email: "a@b.c" }`). */
export function formatShellValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatShellValue).join(', ')} ]`;
  const type = bsonTypeOf(value);
  if (type === 'ObjectId') return `ObjectId('${(value as ObjectId).toHexString()}')`;
  if (type !== undefined) return `${type}(${value.toString()})`;
  const fields = Object.entries(value).map(([k, v]) => `${k}: ${formatShellValue(v)}`);
  return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
}

/** Result of resolving a dotted path: the leaf values (arrays expanded) and whether anything was found. */
export interface PathValues {
  readonly values: unknown[];
  readonly found: boolean;
}

/** Resolves a dotted path like MongoDB indexes do: arrays along the path fan out, leaf arrays are expanded. */
export function valuesAtPath(doc: unknown, path: string): PathValues {
  const values: unknown[] = [];
  collectPathValues(doc, path.split('.'), values);
  return { values, found: values.length > 0 };
}

function collectPathValues(value: unknown, segments: string[], out: unknown[]): void {
  const [head, ...rest] = segments;
  if (head === undefined) {
    pushLeaf(value, out);
    return;
  }
  if (Array.isArray(value)) {
    collectFromArray(value, head, rest, out);
    return;
  }
  if (isPlainDocument(value) && Object.prototype.hasOwnProperty.call(value, head)) {
    collectPathValues(value[head], rest, out);
  }
}

function collectFromArray(array: unknown[], head: string, rest: string[], out: unknown[]): void {
  if (/^\d+$/.test(head)) {
    const index = Number(head);
    if (index < array.length) collectPathValues(array[index], rest, out);
    return;
  }
  for (const element of array) {
    if (isPlainDocument(element)) collectPathValues(element, [head, ...rest], out);
  }
}

function pushLeaf(value: unknown, out: unknown[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    out.push(value);
    return;
  }
  if (value.length === 0) out.push(null);
  for (const element of value) out.push(element);
}

/** Sets a dotted path, creating intermediate sub-documents. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let target: Document = doc;
  for (const segment of segments) {
    const next: unknown = target[segment];
    if (!isPlainDocument(next)) target[segment] = {};
    target = target[segment] as Document;
  }
  target[last] = value;
}

/** The value at a dotted path without array fan-out (numeric segments index arrays); undefined if absent. */
export function valueAtPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainDocument(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A copy with `_id` (when present) as the first field, as mongod returns documents. */
export function idFirst(doc: Document): Document {
  return doc._id === undefined || Object.keys(doc)[0] === '_id' ? doc : withIdFirst(doc);
}
