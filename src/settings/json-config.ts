import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

export const LocalizedSchema = z.strictObject({ nb: z.string().trim().min(1), en: z.string().trim().min(1) });

/** A strict object with exactly these keys, each of the same schema. */
export const keyedObject = <K extends string>(keys: readonly K[], value: z.ZodType) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, z.ZodType>);

// ---------------------------------------------------------------------------------------------
// Issues and their rendering: "<file>: <json path>: <problem>"

export type JsonPath = readonly (string | number)[];

export interface ConfigIssue {
  path: JsonPath;
  message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first of `nameKeys` that holds a non-empty string in the array element. */
function elementName(el: unknown, nameKeys: readonly string[]): string | undefined {
  if (!isRecord(el)) return undefined;
  for (const key of nameKeys) {
    const v = el[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/**
 * "fields.3.label.en" → "fields.projectName.label.en", looked up in the raw JSON: an array index
 * becomes the element's name under the first of `nameKeys` it has (none: indices stay).
 */
export function renderJsonPath(root: unknown, path: JsonPath, nameKeys: readonly string[] = ['id']): string {
  const parts: string[] = [];
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number' && Array.isArray(node)) {
      const el: unknown = node[seg];
      parts.push(elementName(el, nameKeys) ?? String(seg));
      node = el;
    } else {
      parts.push(String(seg));
      node = isRecord(node) ? node[String(seg)] : undefined;
    }
  }
  return parts.length > 0 ? parts.join('.') : '(root)';
}

/** Shorter messages than zod's defaults for the problems config files typically have. */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type' && iss.input === undefined) return 'Required';
  if (iss.code === 'too_small' && iss.origin === 'string' && iss.minimum === 1) return 'Must not be empty';
  if (iss.code === 'unrecognized_keys') return `Unknown key ${iss.keys.map((k) => `"${k}"`).join(', ')}`;
  return undefined;
};

function toJsonPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** Unions report every branch; keep the branch that came closest to matching. */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: JsonPath = []): ConfigIssue[] {
  return issues.flatMap((iss) => {
    const path = [...prefix, ...toJsonPath(iss.path)];
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      const best = [...iss.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      return flattenIssues(best, path);
    }
    return [{ path, message: iss.message }];
  });
}

/** Validates with `errorMap`; union issues are narrowed to the closest branch. */
export function parseConfig<T>(
  schema: z.ZodType<T>,
  json: unknown,
  errorMap: z.core.$ZodErrorMap = configErrorMap,
): { data?: T; issues: ConfigIssue[] } {
  const result = schema.safeParse(json, { error: errorMap });
  return result.success ? { data: result.data, issues: [] } : { issues: flattenIssues(result.error.issues) };
}

/** One "<name>: <json path>: <message>" line per issue. */
export function describeIssues(name: string, json: unknown, issues: readonly ConfigIssue[], nameKeys?: readonly string[]): string[] {
  return issues.map((i) => `${name}: ${renderJsonPath(json, i.path, nameKeys)}: ${i.message}`);
}

// ---------------------------------------------------------------------------------------------
// Files

/** The path shown in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** Reads and parses a JSON file; `error` says whether reading or parsing failed. */
export function readJsonFile(file: string): { json?: unknown; error?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `cannot read the file: ${(err as Error).message}` };
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `invalid JSON: ${(err as Error).message}` };
  }
}

/** Reads and validates one JSON file under config/; a problem stops the start with file, path and message. */
export function loadJsonConfig<T>(file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: toJsonPath(i.path), message: i.message }));
    throw new ConfigError(describeIssues(file, json, issues, []).join('\n'));
  }
  return parsed.data;
}
