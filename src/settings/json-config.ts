import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

export const LocalizedSchema = z.strictObject({ nb: z.string().trim().min(1), en: z.string().trim().min(1) });

/** A strict object with exactly these keys, each of the same schema. */
export const keyedObject = <K extends string>(keys: readonly K[], value: z.ZodType) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, z.ZodType>);

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
    throw new ConfigError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
