import { webApi, type RespondFn } from '@slack/bolt';
import { pick, type Locale } from '../../core/i18n.js';
import type { CardIntent, OutboundIntent } from '../../core/outbound.js';
import type { SlackViewRecord, SlackViewRepository } from '../../data/slack-view-repository.js';
import { actions, bold, clip, context, divider, esc, LIMITS, sections, textLines, type Block } from './blocks/kit.js';
import { renderMessage, SLACK_VERBS, type RenderedMessage } from './blocks/messages.js';
import { isFormCard } from './blocks/modals.js';
import { obj } from './slack-inbound.js';
import type { SlackTexts } from './slack-settings.js';

type WebClient = webApi.WebClient;

export interface PostTarget {
  channel: string;
  threadTs?: string;
}

/** Who a form posted as a message belongs to, and where its flow lives. */
export type FormOwner = Pick<SlackViewRecord, 'userId' | 'teamId' | 'conversation'>;

/** Splits blocks into messages of at most 50; every part but the last ends with a "continued in the thread" note. */
export function splitMessage(message: RenderedMessage, note: (part: number, parts: number) => string): RenderedMessage[] {
  const room = LIMITS.messageBlocks - 1;
  if (message.blocks.length <= LIMITS.messageBlocks) return [message];
  const parts: Block[][] = [];
  for (let i = 0; i < message.blocks.length; i += room) parts.push(message.blocks.slice(i, i + room));
  return parts.map((blocks, i) => ({ text: message.text, blocks: i < parts.length - 1 ? [...blocks, ...context([esc(note(i + 1, parts.length))])] : blocks }));
}

/** A slash command's response_url takes at most 5 messages (within 30 minutes). */
export const RESPONSE_URL_MAX_MESSAGES = 5;

/**
 * Web API error codes of a conversation that does not take the bot's messages: the bot is not a
 * member (`not_in_channel`), cannot see it at all (a private channel, a group DM or another
 * person's DM: `channel_not_found`), or it is archived.
 */
export const CHANNEL_REFUSALS: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** The error code Slack answered a Web API call with (`err.data.error` of a platform error), if it was one. */
export function platformErrorCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || (err as { code?: unknown }).code !== webApi.ErrorCode.PlatformError) return undefined;
  const code = obj((err as { data?: unknown }).data)['error'];
  return typeof code === 'string' ? code : undefined;
}

/** The code when the error is a conversation refusing the bot (see CHANNEL_REFUSALS). */
export function channelRefusal(err: unknown): string | undefined {
  const code = platformErrorCode(err);
  return code !== undefined && CHANNEL_REFUSALS.has(code) ? code : undefined;
}

/**
 * Packs messages into as few as possible for a response_url (no threads there, at most 5 uses):
 * their blocks one after the other (a divider between messages), 50 per message, `tail` at the end
 * of the last. Past 5 messages the rest is cut and `truncatedNote` says so.
 */
export function packForResponseUrl(messages: RenderedMessage[], tail: Block[], truncatedNote: string, max = RESPONSE_URL_MAX_MESSAGES): RenderedMessage[] {
  const size = LIMITS.messageBlocks;
  const body = messages.flatMap((message, i) => (i === 0 ? message.blocks : [divider(), ...message.blocks]));
  const fits = body.length + tail.length <= size * max;
  const blocks = fits ? [...body, ...tail] : [...body.slice(0, size * max - tail.length - 1), ...context([esc(truncatedNote)]), ...tail];
  const text = messages.map((message) => message.text.trim()).filter(Boolean).join('\n');
  const out: RenderedMessage[] = [];
  for (let i = 0; i < blocks.length; i += size) out.push({ text, blocks: blocks.slice(i, i + size) });
  return out;
}

/**
 * Where an answer goes when its conversation refuses the bot: a slash command's response_url
 * (Bolt's `respond`), as a message only the user sees, ending with `note(refusal)` if it gives a line.
 */
export interface ResponseUrlFallback {
  respond: RespondFn;
  note: (refusal: string) => string | undefined;
}

function formTitle(intent: CardIntent): string {
  const d = intent.data as { title?: string; progress?: string };
  return [d.title, d.progress].filter(Boolean).join(' – ');
}

export interface SlackPosterDeps {
  views: SlackViewRepository;
  texts: SlackTexts;
  newId: () => string;
}

/** Posting and updating chat messages: intents → Block Kit, long ones split into a thread, forms behind a button. */
export function makeSlackPoster(deps: SlackPosterDeps) {
  const m = deps.texts.messages;

  const fallback = (text: string) => esc(clip(text || ' ', 2_000));

  async function post(client: WebClient, target: PostTarget, message: RenderedMessage, locale: Locale): Promise<string | undefined> {
    const parts = splitMessage(message, (part, parts) => pick(m.continuedInThread, locale, { part, parts }));
    let threadTs = target.threadTs;
    let firstTs: string | undefined;
    for (const part of parts) {
      const res = await client.chat.postMessage({ channel: target.channel, text: fallback(part.text), blocks: part.blocks as never, unfurl_links: false, unfurl_media: false, ...(threadTs ? { thread_ts: threadTs } : {}) });
      firstTs ??= res.ts;
      threadTs ??= res.ts;
    }
    return firstTs;
  }

  /** A form card outside a modal: a message with a button that opens it (a modal needs a click's trigger). */
  async function formMessage(intent: CardIntent, owner: FormOwner, locale: Locale): Promise<RenderedMessage> {
    const id = `form:${deps.newId()}`;
    await deps.views.save({ _id: id, ...owner, verb: '', data: {}, inputs: [], intent: { cardId: intent.cardId, data: intent.data } });
    const title = formTitle(intent);
    return {
      text: title,
      blocks: [...sections(bold(title)), ...textLines([m.formInMessage[locale]]), ...actions([{ text: m.openForm[locale], verb: SLACK_VERBS.openForm, data: { f: id }, style: 'primary' }])],
    };
  }

  async function messageOf(intent: OutboundIntent, owner: FormOwner | undefined, locale: Locale): Promise<RenderedMessage> {
    if (intent.kind === 'text') return { text: intent.text, blocks: textLines([intent.text]) };
    if (isFormCard(intent)) {
      if (!owner) throw new Error(`form card ${intent.cardId} cannot be sent without a user`);
      return formMessage(intent, owner, locale);
    }
    return renderMessage(intent);
  }

  /** Ephemeral messages through a response_url; Bolt's `respond` throws when Slack does not take one (expired, used up). */
  async function respondWith(fallbackTo: ResponseUrlFallback, messages: RenderedMessage[], refusal: string, locale: Locale): Promise<void> {
    const note = fallbackTo.note(refusal);
    for (const part of packForResponseUrl(messages, note ? context([esc(note)]) : [], m.truncated[locale])) {
      await fallbackTo.respond({ response_type: 'ephemeral', text: fallback(part.text), blocks: part.blocks as never });
    }
  }

  /**
   * Posts each intent as a message (or several, in a thread). With `fallbackTo`, a conversation
   * that refuses the bot (CHANNEL_REFUSALS) gets nothing more: the refused intent and the ones after
   * it go through the response_url instead. Returns the refusal's code when that happened. (A
   * refusal comes with the first message into a conversation, so nothing is sent twice.)
   */
  async function postIntents(client: WebClient, target: PostTarget, intents: OutboundIntent[], locale: Locale, owner?: FormOwner, fallbackTo?: ResponseUrlFallback): Promise<string | undefined> {
    for (const [i, intent] of intents.entries()) {
      const message = await messageOf(intent, owner, locale);
      try {
        await post(client, target, message, locale);
      } catch (err) {
        const refusal = channelRefusal(err);
        if (!fallbackTo || refusal === undefined) throw err;
        const messages = [message];
        for (const later of intents.slice(i + 1)) messages.push(await messageOf(later, owner, locale));
        await respondWith(fallbackTo, messages, refusal, locale);
        return refusal;
      }
    }
    return undefined;
  }

  /** Replaces a message in place (a clicked checklist or review card); overflow goes into its thread. */
  async function update(client: WebClient, channel: string, ts: string, intent: OutboundIntent, locale: Locale, owner?: FormOwner): Promise<void> {
    const message = await messageOf(intent, owner, locale);
    const [first, ...rest] = splitMessage(message, (part, parts) => pick(m.continuedInThread, locale, { part, parts }));
    if (!first) return;
    await client.chat.update({ channel, ts, text: fallback(first.text), blocks: first.blocks as never });
    for (const part of rest) await post(client, { channel, threadTs: ts }, part, locale);
  }

  return { post, postIntents, update, messageOf };
}

export type SlackPoster = ReturnType<typeof makeSlackPoster>;
