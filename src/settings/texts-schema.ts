import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import type { BotTexts } from '../core/texts.js';
import { MESSAGE_KEYS, BUTTON_KEYS, COMMAND_KEYS } from '../core/texts.js';
import { REPORT_STATES } from '../core/reporting/report.js';

const LocalizedSchema = z.strictObject({ nb: z.string().trim().min(1), en: z.string().trim().min(1) });
const keyed = <K extends string>(keys: readonly K[], value: z.ZodType) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, z.ZodType>);

const TextsSchema = z.strictObject({
  commands: keyed(COMMAND_KEYS, z.array(z.string().trim().min(1)).min(1)),
  messages: keyed(MESSAGE_KEYS, LocalizedSchema),
  buttons: keyed(BUTTON_KEYS, LocalizedSchema),
  states: keyed(REPORT_STATES, LocalizedSchema),
  subInputs: z.record(z.string(), LocalizedSchema),
  yesNo: z.strictObject({ true: LocalizedSchema, false: LocalizedSchema }),
});

export function loadBotTexts(configDir: string): BotTexts {
  const file = join(configDir, 'texts.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = TextsSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  return parsed.data as BotTexts;
}
