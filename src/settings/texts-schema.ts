import { join } from 'node:path';
import { z } from 'zod';
import type { BotTexts } from '../core/texts.js';
import { MESSAGE_KEYS, BUTTON_KEYS, COMMAND_KEYS } from '../core/texts.js';
import { REPORT_STATES } from '../core/reporting/report.js';
import { MERGER_COMMAND_KEYS, MERGER_ENGINE_KEYS, MERGER_MESSAGE_KEYS, TASK_STATUS_KEYS, type MergerTexts } from '../core/merger/merger-texts.js';
import { keyedObject, loadJsonConfig, LocalizedSchema } from './json-config.js';

const Commands = z.array(z.string().trim().min(1)).min(1);

const TextsSchema = z.strictObject({
  commands: keyedObject(COMMAND_KEYS, Commands),
  messages: keyedObject(MESSAGE_KEYS, LocalizedSchema),
  buttons: keyedObject(BUTTON_KEYS, LocalizedSchema),
  states: keyedObject(REPORT_STATES, LocalizedSchema),
  subInputs: z.record(z.string(), LocalizedSchema),
  yesNo: z.strictObject({ true: LocalizedSchema, false: LocalizedSchema }),
});

const MergerTextsSchema = z.strictObject({
  commands: keyedObject(MERGER_COMMAND_KEYS, Commands),
  messages: keyedObject(MERGER_MESSAGE_KEYS, LocalizedSchema),
  status: keyedObject(TASK_STATUS_KEYS, LocalizedSchema),
  engine: keyedObject(MERGER_ENGINE_KEYS, LocalizedSchema),
});

export function loadBotTexts(configDir: string): BotTexts {
  return loadJsonConfig(join(configDir, 'texts.json'), TextsSchema) as BotTexts;
}

export function loadMergerTexts(configDir: string): MergerTexts {
  return loadJsonConfig(join(configDir, 'merger-texts.json'), MergerTextsSchema) as MergerTexts;
}
