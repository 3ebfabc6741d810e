import type { Document } from 'bson';
import type { AnyObject, JsonSchemaValidator } from 'mingo/types';
import { canonicalKey, isPlainDocument } from './document-values.js';

/**
 * A small checker for MongoDB's `$jsonSchema` dialect (draft 4 + `bsonType`). Supported keywords:
 * bsonType, type, required, properties, additionalProperties, patternProperties, enum,
 * minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum,
 * items, additionalItems, minItems, maxItems, uniqueItems, minProperties, maxProperties,
 * allOf, anyOf, oneOf, not. Annotations (title, description) are ignored.
 */

export interface SchemaViolation {
  readonly path: string;
  readonly keyword: string;
  readonly reason: string;
}

type KeywordCheck = (schema: Document, value: unknown, path: string, out: SchemaViolation[]) => void;

const JS_INT32_MIN = -2147483648;
const JS_INT32_MAX = 2147483647;

/** BSON type aliases (as used by `bsonType`) that a deserialized value satisfies. */
export function bsonTypeAliases(value: unknown): string[] {
  if (value === null) return ['null'];
  if (value === undefined) return ['undefined'];
  if (typeof value === 'number') return numberAliases(value);
  if (typeof value === 'bigint') return ['long', 'number'];
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'boolean') return ['bool'];
  if (value instanceof Date) return ['date'];
  if (value instanceof RegExp) return ['regex'];
  if (Array.isArray(value)) return ['array'];
  const tag = (value as { _bsontype?: string })._bsontype;
  return tag === undefined ? ['object'] : wrapperAliases(tag);
}

function numberAliases(value: number): string[] {
  if (!Number.isInteger(value)) return ['double', 'number'];
  if (value >= JS_INT32_MIN && value <= JS_INT32_MAX) return ['int', 'long', 'double', 'number'];
  return ['long', 'double', 'number'];
}

const WRAPPER_ALIASES: Record<string, string[]> = {
  ObjectId: ['objectId'],
  Binary: ['binData'],
  Long: ['long', 'number'],
  Int32: ['int', 'number'],
  Double: ['double', 'number'],
  Decimal128: ['decimal', 'number'],
  Timestamp: ['timestamp'],
  BSONRegExp: ['regex'],
  Code: ['javascript'],
  MinKey: ['minKey'],
  MaxKey: ['maxKey'],
  BSONSymbol: ['symbol'],
};

function wrapperAliases(tag: string): string[] {
  return WRAPPER_ALIASES[tag] ?? [tag];
}

function jsonTypeOf(value: unknown): string {
  const aliases = bsonTypeAliases(value);
  if (aliases.includes('number')) return 'number';
  if (aliases.includes('bool')) return 'boolean';
  return aliases[0] ?? 'unknown';
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function report(out: SchemaViolation[], path: string, keyword: string, reason: string): void {
  out.push({ path: path || '(root)', keyword, reason });
}

function childPath(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && bsonTypeAliases(value).includes('number')) {
    return Number(value.valueOf());
  }
  return undefined;
}

const checkBsonType: KeywordCheck = (schema, value, path, out) => {
  const wanted = asList(schema.bsonType) as string[];
  const actual = bsonTypeAliases(value);
  if (!wanted.some((type) => actual.includes(type))) {
    report(out, path, 'bsonType', `type did not match: expected ${wanted.join('|')}, got ${actual[0]}`);
  }
};

const checkType: KeywordCheck = (schema, value, path, out) => {
  const wanted = asList(schema.type) as string[];
  const actual = jsonTypeOf(value);
  if (!wanted.includes(actual)) {
    report(out, path, 'type', `type did not match: expected ${wanted.join('|')}, got ${actual}`);
  }
};

const checkEnum: KeywordCheck = (schema, value, path, out) => {
  const key = canonicalKey(value);
  if (!(schema.enum as unknown[]).some((option) => canonicalKey(option) === key)) {
    report(out, path, 'enum', 'value was not found in enum');
  }
};

const checkStringLength: KeywordCheck = (schema, value, path, out) => {
  if (typeof value !== 'string') return;
  const length = [...value].length;
  if (schema.minLength !== undefined && length < Number(schema.minLength)) {
    report(out, path, 'minLength', `specified string length was not satisfied (${length} < ${schema.minLength})`);
  }
  if (schema.maxLength !== undefined && length > Number(schema.maxLength)) {
    report(out, path, 'maxLength', `specified string length was not satisfied (${length} > ${schema.maxLength})`);
  }
};

const checkPattern: KeywordCheck = (schema, value, path, out) => {
  if (typeof value !== 'string') return;
  const pattern = schema.pattern instanceof RegExp ? schema.pattern : new RegExp(String(schema.pattern));
  if (!pattern.test(value)) report(out, path, 'pattern', 'regular expression did not match');
};

const checkRange: KeywordCheck = (schema, value, path, out) => {
  const number = numeric(value);
  if (number === undefined) return;
  const min = numeric(schema.minimum);
  const max = numeric(schema.maximum);
  if (min !== undefined && (schema.exclusiveMinimum === true ? number <= min : number < min)) {
    report(out, path, 'minimum', `comparison failed: ${number} is below the minimum ${min}`);
  }
  if (max !== undefined && (schema.exclusiveMaximum === true ? number >= max : number > max)) {
    report(out, path, 'maximum', `comparison failed: ${number} is above the maximum ${max}`);
  }
};

const checkRequired: KeywordCheck = (schema, value, path, out) => {
  if (!isPlainDocument(value)) return;
  const missing = (schema.required as string[]).filter((key) => !(key in value));
  if (missing.length > 0) report(out, path, 'required', `missingProperties: ${missing.join(', ')}`);
};

const checkPropertyCount: KeywordCheck = (schema, value, path, out) => {
  if (!isPlainDocument(value)) return;
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < Number(schema.minProperties)) {
    report(out, path, 'minProperties', `specified number of properties was not satisfied (${count})`);
  }
  if (schema.maxProperties !== undefined && count > Number(schema.maxProperties)) {
    report(out, path, 'maxProperties', `specified number of properties was not satisfied (${count})`);
  }
};

function patternSchemasFor(schema: Document, key: string): Document[] {
  const patterns = (schema.patternProperties ?? {}) as Record<string, Document>;
  return Object.entries(patterns)
    .filter(([pattern]) => new RegExp(pattern).test(key))
    .map(([, sub]) => sub);
}

const checkProperties: KeywordCheck = (schema, value, path, out) => {
  if (!isPlainDocument(value)) return;
  const properties = (schema.properties ?? {}) as Record<string, Document>;
  for (const [key, fieldValue] of Object.entries(value)) {
    const declared = properties[key];
    const byPattern = patternSchemasFor(schema, key);
    if (declared !== undefined) collectViolations(declared, fieldValue, childPath(path, key), out);
    for (const sub of byPattern) collectViolations(sub, fieldValue, childPath(path, key), out);
    if (declared === undefined && byPattern.length === 0) checkAdditional(schema, key, fieldValue, path, out);
  }
};

function checkAdditional(schema: Document, key: string, value: unknown, path: string, out: SchemaViolation[]): void {
  const additional: unknown = schema.additionalProperties;
  if (additional === false) {
    report(out, childPath(path, key), 'additionalProperties', `additional property '${key}' is not allowed`);
  } else if (isPlainDocument(additional)) {
    collectViolations(additional, value, childPath(path, key), out);
  }
}

const checkItems: KeywordCheck = (schema, value, path, out) => {
  if (!Array.isArray(value)) return;
  const items: unknown = schema.items;
  value.forEach((element, index) => {
    const itemSchema = Array.isArray(items) ? (items[index] as unknown) : items;
    const sub = itemSchema ?? (Array.isArray(items) ? schema.additionalItems : undefined);
    if (sub === false) report(out, childPath(path, index), 'additionalItems', 'additional items are not allowed');
    else if (isPlainDocument(sub)) collectViolations(sub, element, childPath(path, index), out);
  });
};

const checkArrayShape: KeywordCheck = (schema, value, path, out) => {
  if (!Array.isArray(value)) return;
  if (schema.minItems !== undefined && value.length < Number(schema.minItems)) {
    report(out, path, 'minItems', `array has fewer than ${schema.minItems} items`);
  }
  if (schema.maxItems !== undefined && value.length > Number(schema.maxItems)) {
    report(out, path, 'maxItems', `array has more than ${schema.maxItems} items`);
  }
  if (schema.uniqueItems === true && new Set(value.map(canonicalKey)).size !== value.length) {
    report(out, path, 'uniqueItems', 'array items are not unique');
  }
};

function matches(schema: Document, value: unknown): boolean {
  const out: SchemaViolation[] = [];
  collectViolations(schema, value, '', out);
  return out.length === 0;
}

const checkCombinators: KeywordCheck = (schema, value, path, out) => {
  const allOf = (schema.allOf ?? []) as Document[];
  for (const sub of allOf) collectViolations(sub, value, path, out);
  if (schema.anyOf !== undefined && !(schema.anyOf as Document[]).some((sub) => matches(sub, value))) {
    report(out, path, 'anyOf', 'none of the anyOf schemas matched');
  }
  if (schema.oneOf !== undefined && (schema.oneOf as Document[]).filter((sub) => matches(sub, value)).length !== 1) {
    report(out, path, 'oneOf', 'value did not match exactly one oneOf schema');
  }
  if (isPlainDocument(schema.not) && matches(schema.not, value)) {
    report(out, path, 'not', 'value matched the schema in not');
  }
};

const KEYWORD_CHECKS: ReadonlyArray<[keyword: string[], check: KeywordCheck]> = [
  [['bsonType'], checkBsonType],
  [['type'], checkType],
  [['enum'], checkEnum],
  [['minLength', 'maxLength'], checkStringLength],
  [['pattern'], checkPattern],
  [['minimum', 'maximum'], checkRange],
  [['required'], checkRequired],
  [['minProperties', 'maxProperties'], checkPropertyCount],
  [['properties', 'patternProperties', 'additionalProperties'], checkProperties],
  [['items'], checkItems],
  [['minItems', 'maxItems', 'uniqueItems'], checkArrayShape],
  [['allOf', 'anyOf', 'oneOf', 'not'], checkCombinators],
];

function collectViolations(schema: Document, value: unknown, path: string, out: SchemaViolation[]): void {
  for (const [keywords, check] of KEYWORD_CHECKS) {
    if (keywords.some((keyword) => schema[keyword] !== undefined)) check(schema, value, path, out);
  }
}

/** All violations of `value` against `schema` (empty when valid). */
export function validateJsonSchema(schema: Document, value: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  collectViolations(schema, value, '', out);
  return out;
}

/** Plugs the checker into mingo so `$jsonSchema` works in validators and queries. */
export const jsonSchemaValidator: JsonSchemaValidator = (schema: AnyObject) => (doc: unknown) =>
  validateJsonSchema(schema, doc).length === 0;
