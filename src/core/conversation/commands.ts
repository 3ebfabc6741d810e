import type { BotTexts, CommandKey } from '../texts.js';

/** Longest accepted command text; anything longer is not a command (and is not echoed back). */
export const MAX_COMMAND_LENGTH = 200;

export function normaliseCommandText(raw: string): string {
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/[^\p{L}\p{N}?\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Maps what the user wrote to a command, using the synonym lists in config/texts.json. */
export function recognizeCommand(raw: string, texts: BotTexts): CommandKey | undefined {
  if (raw.length > MAX_COMMAND_LENGTH) return undefined;
  const text = normaliseCommandText(raw);
  if (text === '') return undefined;
  for (const [key, synonyms] of Object.entries(texts.commands) as [CommandKey, string[]][]) {
    if (synonyms.some((s) => normaliseCommandText(s) === text)) return key;
  }
  return undefined;
}
