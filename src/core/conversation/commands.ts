import type { BotTexts, CommandKey } from '../texts.js';

/** Longest accepted command text; anything longer is not a command (and is not echoed back). */
export const MAX_COMMAND_LENGTH = 200;

export function normaliseCommandText(raw: string): string {
  const text = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/[^\p{L}\p{N}?\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // A lone "?" asks for help; elsewhere a question mark does not change the command ("hva nå?").
  return text === '?' ? text : text.replace(/\?/g, '').trim();
}

/** Maps what the user wrote to a command key, using synonym lists from config/. */
export function matchCommand<K extends string>(raw: string, commands: Record<K, string[]>): K | undefined {
  if (raw.length > MAX_COMMAND_LENGTH) return undefined;
  const text = normaliseCommandText(raw);
  if (text === '') return undefined;
  for (const [key, synonyms] of Object.entries(commands) as [K, string[]][]) {
    if (synonyms.some((s) => normaliseCommandText(s) === text)) return key;
  }
  return undefined;
}

export function recognizeCommand(raw: string, texts: BotTexts): CommandKey | undefined {
  return matchCommand(raw, texts.commands);
}
