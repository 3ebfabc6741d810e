import type { BotCore, HelpModel } from '../conversation/bot-core.js';
import { MAX_COMMAND_LENGTH } from '../conversation/commands.js';
import type { ActionEvent, InboundEvent, MessageEvent } from '../events.js';
import type { CardIntent, OutboundIntent } from '../outbound.js';
import { deliveryLog, preview, sendNow, sendNowAction } from './coordinator-commands.js';
import { conversationKeyOf, DIGEST_VERBS, isCoordinator, message, type DigestChatDeps } from './digest-chat-context.js';
import { answerQuestion, recognizeQuestion } from './digest-questions.js';
import { DIGEST_COMMAND_KEYS, DIGEST_PREFIX_COMMAND_KEYS, type DigestCommandKey, type DigestMessageKey, type DigestPrefixCommandKey, type DigestTexts } from './digest-texts.js';
import { listSubscriptions, subscribe, toggleKsChannel, unsubscribe } from './subscription-commands.js';
import { normaliseWords } from './subscription-filter.js';

/*
 * The weekly digest in front of the bot core: its commands in any conversation, its follow-up
 * questions only in subscribed conversations (so the merger topic search keeps every other
 * question), and its card verbs. Everything else goes to the inner core unchanged.
 */

export type DigestCommand = { key: DigestCommandKey } | { key: DigestPrefixCommandKey; rest: string[] };

const startsWith = (words: string[], prefix: string[]) => prefix.length > 0 && prefix.every((w, i) => words[i] === w);

/** Whole-message commands, then commands followed by words (longest synonym first). */
export function recognizeDigestCommand(raw: string, texts: DigestTexts): DigestCommand | undefined {
  if (raw.length > MAX_COMMAND_LENGTH) return undefined;
  const words = normaliseWords(raw);
  const text = words.join(' ');
  if (text === '') return undefined;
  const whole = DIGEST_COMMAND_KEYS.find((k) => texts.commands[k].some((s) => normaliseWords(s).join(' ') === text));
  if (whole) return { key: whole };
  const prefixes = DIGEST_PREFIX_COMMAND_KEYS.flatMap((key) => texts.commands[key].map((s) => ({ key, words: normaliseWords(s) }))).sort((a, b) => b.words.length - a.words.length);
  const found = prefixes.find((p) => startsWith(words, p.words));
  return found ? { key: found.key, rest: words.slice(found.words.length) } : undefined;
}

function runCommand(deps: DigestChatDeps, event: MessageEvent, command: DigestCommand): Promise<OutboundIntent[]> {
  switch (command.key) {
    case 'subscribe':
      return subscribe(deps, event, command.rest);
    case 'sendNow':
      return sendNow(deps, event, command.rest);
    case 'unsubscribe':
      return unsubscribe(deps, event);
    case 'subscriptions':
      return listSubscriptions(deps, event);
    case 'preview':
      return preview(deps, event);
    case 'deliveryLog':
      return deliveryLog(deps, event);
    case 'ksChannel':
      return toggleKsChannel(deps, event);
  }
}

/** A digest question in a subscribed conversation; undefined otherwise (the inner core answers). */
async function question(deps: DigestChatDeps, event: MessageEvent): Promise<OutboundIntent[] | undefined> {
  const q = recognizeQuestion(event.text, deps.settings.texts, deps.vocabulary);
  if (!q) return undefined;
  const sub = await deps.service.subscriptions.findByConversation(conversationKeyOf(event));
  return sub ? answerQuestion(deps, event, q, sub) : undefined;
}

async function onMessage(deps: DigestChatDeps, event: MessageEvent): Promise<OutboundIntent[] | undefined> {
  const command = recognizeDigestCommand(event.text, deps.settings.texts);
  if (command) return runCommand(deps, event, command);
  return question(deps, event);
}

function onAction(deps: DigestChatDeps, event: ActionEvent): Promise<OutboundIntent[]> | undefined {
  return event.verb === DIGEST_VERBS.sendNow ? sendNowAction(deps, event) : undefined;
}

/** Help lists the digest commands; the coordinators' ones to coordinators only. */
function withDigestHelp(deps: DigestChatDeps, event: InboundEvent, intents: OutboundIntent[]): OutboundIntent[] {
  const l = event.locale;
  const keys: DigestMessageKey[] = ['helpSubscribe', 'helpUnsubscribe', 'helpSubscriptions', 'helpQuestions', ...(isCoordinator(deps, event) ? (['helpPreview', 'helpSendNow', 'helpLog'] as const) : [])];
  const extra = keys.map((k) => message(deps, k, l));
  return intents.map((i) => {
    if (i.kind !== 'card' || i.cardId !== 'help') return i;
    const help = (i as CardIntent<HelpModel>).data;
    return { ...i, data: { ...help, commands: [...help.commands, ...extra] } };
  });
}

export function withDigest(inner: BotCore, deps: DigestChatDeps): BotCore {
  return {
    ...inner,
    async handle(event: InboundEvent): Promise<OutboundIntent[]> {
      const own = event.kind === 'message' ? await onMessage(deps, event) : await onAction(deps, event);
      if (own) return own;
      return withDigestHelp(deps, event, await inner.handle(event));
    },
  };
}
