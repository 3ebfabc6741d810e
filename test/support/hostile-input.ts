/**
 * Hostile input for the "bad input at scale" property tests (issue 7): fast-check arbitraries for
 * wrongly typed, oversized, deeply nested, `$`-keyed, dotted, `__proto__` and lone-surrogate data,
 * and checks of what a stored document may contain. Same style as test/unit/bad-input.property.test.ts.
 *
 * The generated strings never contain U+FFFD themselves: the BSON encoder turns a lone surrogate
 * into U+FFFD, so a U+FFFD in a stored document means unsanitized text reached the database.
 */
import fc from 'fast-check';

/** Strings of any code unit, lone surrogates included (what a broken client or a fuzzer sends); never U+FFFD. */
export const anyString = fc.string({ unit: 'binary', maxLength: 300 }).map((s) => s.replace(/\uFFFD/g, '?'));

/** Up to 100,000 UTF-16 code units: plain, astral, lone surrogates, NUL-laced. */
export const hugeString = fc.constantFrom('x'.repeat(100_000), '🙂'.repeat(30_000), '\uD800'.repeat(10_000), 'a\u0000b'.repeat(5_000));

export const hostileKey = fc.constantFrom('$set', '$where', '$gt', 'a.b', 'answers.projectName', '__proto__', 'constructor', 'prototype', '', ' ', '_rev', '_report', 'toString', 'role', 'reviewerFor', 'ministry');

/** A value nested `depth` levels deep in arrays and objects with `$` and dotted keys. */
export function nested(depth: number, leaf: unknown): unknown {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = i % 3 === 0 ? [node] : { [i % 2 === 0 ? '$gt' : 'x.y']: node };
  return node;
}

/** Short strings of any code unit: ids and enum values with lone surrogates, `$` and dots. */
export const shortString = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\uFFFD/g, '?'));

export const scalar = fc.oneof(anyString, shortString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('true', 'false', '0', '-1', '1e309', 'NaN', '31.02.2026', '2026-13-45', 'Infinity', '<script>alert(1)</script>', '**[x](https://evil.example)**'));

/** An object whose keys are taken as given: "__proto__" becomes an own key, as JSON.parse makes it. */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  return out;
}

/** Any JSON value: scalars, huge strings, arrays, hostile-keyed objects, nesting up to depth 200. */
export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.array(fc.tuple(fc.oneof(hostileKey, anyString), scalar), { maxLength: 4 }).map(objectOf) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 200 }), scalar).map(([d, leaf]) => nested(d, leaf)) },
);

/** Text a user could type into a free-text input: short, unicode, lone surrogates, huge, markup. */
export const hostileText = fc.oneof(
  { weight: 4, arbitrary: anyString },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200B', '<b>x</b>', '$where', '{"$gt": ""}', 'a.b', '\uD83D', '\uDE00x', 'x'.repeat(1_001), 'ø'.repeat(301)) },
);

/**
 * Card data built from a valid payload: some of its values replaced by any value, some of its
 * text inputs replaced by hostile text, and some keys (hostile or random) added.
 */
export function mutatedData(base: Record<string, unknown>, textKeys: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  const noEntries = fc.constant([] as [string, unknown][]);
  const replaced = keys.length > 0 ? fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 3 }) : noEntries;
  const texts = textKeys.length > 0 ? fc.array(fc.tuple(fc.constantFrom(...textKeys), hostileText), { maxLength: 2 }) : noEntries;
  const added = fc.array(fc.tuple(fc.oneof(hostileKey, anyString), value), { maxLength: 3 });
  const removed = keys.length > 0 ? fc.subarray(keys, { maxLength: Math.min(2, keys.length) }) : fc.constant([] as string[]);
  return fc
    .record({
      replaced: fc.oneof({ weight: 2, arbitrary: noEntries }, { weight: 1, arbitrary: replaced }),
      texts,
      added: fc.oneof({ weight: 2, arbitrary: noEntries }, { weight: 1, arbitrary: added }),
      removed: fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: removed }),
    })
    .map(({ replaced, texts, added, removed }) => {
      const entries = Object.entries(base).filter(([k]) => !removed.includes(k));
      const data = objectOf(entries);
      for (const [k, v] of [...replaced, ...texts, ...added]) Object.defineProperty(data, k, { value: v, enumerable: true, configurable: true, writable: true });
      return data;
    });
}

// ---------------------------------------------------------------------------------------------
// What a stored document may contain

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No lone surrogate (String.prototype.isWellFormed is not in this TypeScript lib). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !ArrayBuffer.isView(v) && (v as { _bsontype?: unknown })._bsontype === undefined;

/** Every key of a stored document, at any depth, that is an operator, a path or a prototype key. */
export function badKeys(doc: unknown, path = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((x, i) => badKeys(x, `${path}[${i}]`));
  if (!isPlainObject(doc)) return [];
  return Object.keys(doc).flatMap((k) => [
    ...(k.startsWith('$') || k.includes('.') || k === '__proto__' || k === 'constructor' || k === 'prototype' ? [`${path}.${JSON.stringify(k)}`] : []),
    ...badKeys(doc[k], `${path}.${k}`),
  ]);
}

/**
 * Strings (keys and values) that carry a lone surrogate, or the U+FFFD the BSON encoder puts in
 * its place: text that reached the database without being cleaned.
 */
export function brokenText(doc: unknown, path = ''): string[] {
  const bad = (s: string) => !isWellFormed(s) || s.includes('\uFFFD');
  if (typeof doc === 'string') return bad(doc) ? [`${path}: ${JSON.stringify(doc.slice(0, 60))}`] : [];
  if (Array.isArray(doc)) return doc.flatMap((x, i) => brokenText(x, `${path}[${i}]`));
  if (!isPlainObject(doc)) return [];
  return Object.entries(doc).flatMap(([k, v]) => [...(bad(k) ? [`${path} key ${JSON.stringify(k)}`] : []), ...brokenText(v, `${path}.${k}`)]);
}

/** Everything wrong with a set of stored documents: hostile keys and uncleaned text, by collection and id. */
export function storedProblems(docsByCollection: Record<string, unknown[]>): string[] {
  return Object.entries(docsByCollection).flatMap(([collection, docs]) =>
    docs.flatMap((doc) => {
      const id = String((doc as { _id?: unknown })?._id ?? '?');
      return [...badKeys(doc), ...brokenText(doc)].map((p) => `${collection}/${id.slice(0, 40)}${p}`);
    }),
  );
}

/** What never belongs in an answer: a stack frame, an internal error name, a driver or parser message. */
export const STACK_OR_INTERNALS = /at .*\.(ts|js):\d+|\bError:|ECONN|Mongo|BSON|stack|ZodError|invalid_type|Unexpected token|JSON at position/i;
