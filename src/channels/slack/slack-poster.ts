import type { webApi } from '@slack/bolt';
import { pick, type Locale } from '../../core/i18n.js';
import type { CardIntent, OutboundIntent } from '../../core/outbound.js';
import type { SlackViewRecord, SlackViewRepository } from '../../data/slack-view-repository.js';
import { actions, bold, clip, context, esc, LIMITS, sections, textLines, type Block } from './blocks/kit.js';
import { renderMessage, SLACK_VERBS, type RenderedMessage } from './blocks/messages.js';
import { isFormCard } from './blocks/modals.js';
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

  async function postIntents(client: WebClient, target: PostTarget, intents: OutboundIntent[], locale: Locale, owner?: FormOwner): Promise<void> {
    for (const intent of intents) await post(client, target, await messageOf(intent, owner, locale), locale);
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
