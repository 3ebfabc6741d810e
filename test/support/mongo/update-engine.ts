import type { Document } from 'bson';
import { updateOne } from 'mingo';
import { updateOne as updateWithUpdaterOperators, type Modifier, type PipelineStage } from 'mingo/updater';
import { CommandError } from './command-error.js';
import {
  canonicalKey,
  sameValue,
  cloneDocument,
  formatShellValue,
  hasOperatorKeys,
  isPlainDocument,
  setPath,
  valueAtPath,
  withIdFirst,
} from './document-values.js';
import { bsonTypeAliases } from './json-schema.js';
import type { QueryOptions } from './query-engine.js';

/** The `u` of an update statement: operators, a replacement document or a pipeline. */
export type UpdateSpec = Document | Document[];

export interface UpdateContext {
  readonly filter: Document;
  readonly arrayFilters?: Document[];
  readonly options: QueryOptions;
}

/** Whether any path of an operator update has a `$` part (positional `$`, `$[]`, `$[id]`). */
function hasPositionalPath(modifier: Document): boolean {
  return Object.values(modifier).some((fields) => isPlainDocument(fields) && Object.keys(fields).some((path) => path.includes('$')));
}

function runMingoUpdate(doc: Document, condition: Document, modifier: UpdateSpec, ctx: UpdateContext): Document {
  const docs = [doc];
  const config = ctx.arrayFilters ? { arrayFilters: ctx.arrayFilters } : {};
  if (!Array.isArray(modifier) && !ctx.arrayFilters && !hasPositionalPath(modifier)) {
    // The document was already matched against the filter, and an operator update without a
    // positional path needs no condition nor expression operators: mingo's updater alone (with the
    // query and comparison operators it adds itself, e.g. for `$pull` conditions) does it, without
    // first copying mingo's whole operator table into a new context (the bulk of an update's cost).
    updateWithUpdaterOperators(docs, {}, modifier as Modifier<Document>, config, ctx.options);
    return docs[0] as Document;
  }
  updateOne(docs, condition, modifier as Modifier<Document> | PipelineStage[], config, ctx.options);
  return docs[0] as Document;
}

function splitSetOnInsert(update: Document): { modifier: Document; setOnInsert?: Document } {
  const { $setOnInsert, ...modifier } = update;
  return isPlainDocument($setOnInsert) ? { modifier, setOnInsert: $setOnInsert } : { modifier };
}

function assertOperators(update: Document): void {
  const plain = Object.keys(update).find((key) => !key.startsWith('$'));
  if (plain !== undefined) {
    throw new CommandError('FailedToParse', `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
}

/**
 * `$set` of `_id` is allowed when it keeps the value, or on the document an upsert inserts;
 * mingo refuses any `_id` path, so the assignment is done here and removed from the modifier.
 */
function takeIdAssignment(doc: Document, modifier: Document): Document {
  const fields: unknown = modifier.$set;
  if (!isPlainDocument(fields) || !('_id' in fields)) return modifier;
  const { _id: newId, ...rest } = fields;
  if (doc._id !== undefined && canonicalKey(newId) !== canonicalKey(doc._id)) throw immutableIdError(newId);
  doc._id = newId;
  return { ...modifier, $set: rest };
}

function withoutEmptyOperators(modifier: Document): Document {
  return Object.fromEntries(Object.entries(modifier).filter(([, fields]) => !isPlainDocument(fields) || Object.keys(fields).length > 0));
}

const NUMERIC_OPERATORS = ['$inc', '$mul'];

/** mongod refuses `$inc`/`$mul` on an existing non-numeric field (mingo would skip it silently). */
function assertNumericTargets(doc: Document, modifier: Document): void {
  for (const op of NUMERIC_OPERATORS) {
    const fields: unknown = modifier[op];
    if (!isPlainDocument(fields)) continue;
    for (const path of Object.keys(fields).filter((p) => !p.includes('$'))) {
      const value = valueAtPath(doc, path);
      if (value === undefined || bsonTypeAliases(value).includes('number')) continue;
      throw new CommandError(
        'TypeMismatch',
        `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatShellValue(doc._id)}} has the field '${path}' of non-numeric type ${bsonTypeAliases(value)[0]}`,
      );
    }
  }
}

function applyModifier(doc: Document, modifier: Document, condition: Document, ctx: UpdateContext): Document {
  assertNumericTargets(doc, modifier);
  const operators = withoutEmptyOperators(takeIdAssignment(doc, modifier));
  return Object.keys(operators).length > 0 ? runMingoUpdate(doc, condition, operators, ctx) : doc;
}

function applyOperators(doc: Document, update: Document, ctx: UpdateContext, inserting: boolean): Document {
  assertOperators(update);
  const { modifier, setOnInsert } = splitSetOnInsert(update);
  const result = applyModifier(doc, modifier, inserting ? {} : ctx.filter, ctx);
  return inserting && setOnInsert ? applyModifier(result, { $set: setOnInsert }, {}, ctx) : result;
}

function applyReplacement(doc: Document, replacement: Document): Document {
  const { _id: replacementId, ...fields } = replacement;
  if (doc._id === undefined) return replacement;
  if (replacementId !== undefined && canonicalKey(replacementId) !== canonicalKey(doc._id)) {
    throw immutableIdError(replacementId);
  }
  return { _id: doc._id, ...fields };
}

function immutableIdError(newId: unknown): CommandError {
  return new CommandError(
    'ImmutableField',
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatShellValue(newId)}`,
  );
}

function keepId(previous: Document, next: Document): Document {
  if (previous._id === undefined) return next;
  if (next._id === undefined) return withIdFirst({ ...next, _id: previous._id });
  if (canonicalKey(next._id) !== canonicalKey(previous._id)) throw immutableIdError(next._id);
  return withIdFirst(next);
}

function applyAny(doc: Document, update: UpdateSpec, ctx: UpdateContext, inserting: boolean): Document {
  const working = cloneDocument(doc);
  if (Array.isArray(update)) return runMingoUpdate(working, inserting ? {} : ctx.filter, update, ctx);
  if (hasOperatorKeys(update)) return applyOperators(working, update, ctx, inserting);
  return applyReplacement(working, update);
}

/** Applies an update to a copy of `doc` (the stored document is never mutated). */
export function applyUpdate(doc: Document, update: UpdateSpec, ctx: UpdateContext): Document {
  return keepId(doc, applyAny(doc, update, ctx, false));
}

/** Equality fields of a filter, which seed the document an upsert inserts. */
function equalityFields(filter: Document): Document {
  const seed: Document = {};
  addEqualityFields(filter, seed);
  return seed;
}

function addEqualityFields(filter: Document, seed: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainDocument(clause)) addEqualityFields(clause, seed);
    } else if (!key.startsWith('$')) {
      addEqualityField(key, value, seed);
    }
  }
}

function addEqualityField(key: string, value: unknown, seed: Document): void {
  if (!isPlainDocument(value) || !hasOperatorKeys(value)) {
    setPath(seed, key, value);
  } else if (value.$eq !== undefined) {
    setPath(seed, key, value.$eq);
  }
}

/** The document an upsert inserts: filter equality fields + update (incl. `$setOnInsert`). */
export function buildUpsertDocument(update: UpdateSpec, ctx: UpdateContext): Document {
  const seed = cloneDocument(equalityFields(ctx.filter));
  return withIdFirst(applyAny(seed, update, ctx, true));
}

/** True when the update changed the document (what `nModified` counts). */
export function isModified(previous: Document, next: Document): boolean {
  return !sameValue(previous, next);
}
