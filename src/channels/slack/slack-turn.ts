import type { RespondFn, webApi } from '@slack/bolt';
import type { BotCore } from '../../core/conversation/bot-core.js';
import type { Actor } from '../../core/events.js';
import type { Locale } from '../../core/i18n.js';
import type { ConversationRepository, InboundDedupe } from '../../core/ports.js';
import type { OutboundIntent } from '../../core/outbound.js';
import type { BotTexts } from '../../core/texts.js';
import type { SlackHomeQueries } from '../../data/slack-home-queries.js';
import type { SlackViewRecord, SlackViewRepository } from '../../data/slack-view-repository.js';
import type { Logger } from '../../logging/logger.js';
import { textLines } from './blocks/kit.js';
import { cardModal, isFormCard, messageModal, renderModal, type ModalContext, type RenderedModal } from './blocks/modals.js';
import { actorOf, type ConversationKind } from './slack-inbound.js';
import type { SlackPoster } from './slack-poster.js';
import type { SlackMessageKey, SlackTexts } from './slack-settings.js';
import type { SlackUserDirectory } from './slack-users.js';

export type WebClient = webApi.WebClient;

export interface SlackChannelDeps {
  core: BotCore;
  texts: SlackTexts;
  botTexts: BotTexts;
  dedupe: InboundDedupe;
  views: SlackViewRepository;
  conversations: ConversationRepository;
  users: SlackUserDirectory;
  home: SlackHomeQueries;
  poster: SlackPoster;
  logger: Logger;
  command: string;
}

/**
 * A slash command's other way back: its response_url (Bolt's `respond`, valid 30 minutes, 5 uses).
 * Used only when the command's channel refuses the bot's messages.
 */
export interface CommandReply {
  /** The channel the command was typed in; only answers meant for it may go to the response_url. */
  channel: string;
  respond: RespondFn;
}

/** One request's who, where and in which language; identity from the signed payload and Slack's users.info. */
export interface Turn {
  client: WebClient;
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  actor: Actor;
  locale: Locale;
  conversation: { id: string; kind: ConversationKind };
  reply?: CommandReply;
}

export interface TurnSource {
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  fallbackName?: string;
  conversation: { id: string; kind: ConversationKind };
  reply?: CommandReply;
}

/** Stores a conversation reference for proactive messages (reminders, notifications) once per process and language. */
function makeConversationMemory(deps: SlackChannelDeps) {
  const known = new Set<string>();
  return async (turn: Turn): Promise<void> => {
    const id = turn.conversation.id;
    const memo = `${id}|${turn.locale}`;
    if (!id || known.has(memo)) return;
    try {
      await deps.conversations.upsert({
        _id: `slack:${id}`,
        platform: 'slack',
        locale: turn.locale,
        reference: { channel: id, teamId: turn.teamId ?? null, enterpriseId: turn.enterpriseId ?? null, kind: turn.conversation.kind },
      });
      known.add(memo);
    } catch (err) {
      deps.logger.warn('could not store slack conversation reference', { err: (err as Error).message });
    }
  };
}

export type Surface =
  | { kind: 'channel'; channel: string; threadTs?: string }
  /** A slash command or a click: a modal may be opened (trigger_id); a clicked message is updated in place. */
  | { kind: 'trigger'; triggerId: string; channel?: string; message?: { channel: string; ts: string } }
  /** A button inside a modal: the modal is updated. */
  | { kind: 'modal'; viewId: string; hash?: string; record: SlackViewRecord };

export function makeTurns(deps: SlackChannelDeps) {
  const remember = makeConversationMemory(deps);

  async function turnOf(client: WebClient, src: TurnSource): Promise<Turn> {
    const info = await deps.users.get(client, src.userId, src.fallbackName);
    const turn: Turn = {
      client,
      userId: src.userId,
      actor: actorOf(src.userId, src.teamId, info),
      locale: info.locale,
      conversation: src.conversation,
      ...(src.teamId ? { teamId: src.teamId } : {}),
      ...(src.enterpriseId ? { enterpriseId: src.enterpriseId } : {}),
      ...(src.reply ? { reply: src.reply } : {}),
    };
    await remember(turn);
    return turn;
  }

  const modalContext = (turn: Turn): ModalContext => ({ texts: deps.texts, botTexts: deps.botTexts, locale: turn.locale });

  function modalOf(turn: Turn, intent: OutboundIntent): RenderedModal {
    if (intent.kind === 'text') return messageModal(modalContext(turn), { text: intent.text, blocks: textLines([intent.text]) });
    return cardModal(modalContext(turn), intent);
  }

  function noticeModal(turn: Turn, key: SlackMessageKey, params: Record<string, string | number> = {}): RenderedModal {
    const text = deps.texts.messages[key][turn.locale].replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w));
    return messageModal(modalContext(turn), { text, blocks: textLines([text]) });
  }

  async function rememberModal(turn: Turn, viewId: string, modal: RenderedModal, message?: { channel: string; ts: string }): Promise<void> {
    await deps.views.save({
      _id: viewId,
      userId: turn.userId,
      ...(turn.teamId ? { teamId: turn.teamId } : {}),
      verb: modal.form?.verb ?? '',
      data: modal.form?.data ?? {},
      inputs: modal.form?.inputs ?? [],
      ...(modal.step ? { step: modal.step } : {}),
      conversation: turn.conversation,
      ...(message ? { message } : {}),
    });
  }

  async function openModal(turn: Turn, triggerId: string, modal: RenderedModal, message?: { channel: string; ts: string }): Promise<void> {
    const res = await turn.client.views.open({ trigger_id: triggerId, view: modal.view as never });
    const id = res.view?.id;
    if (id) await rememberModal(turn, id, modal, message);
  }

  async function updateModal(turn: Turn, viewId: string, hash: string | undefined, modal: RenderedModal, message?: { channel: string; ts: string }): Promise<void> {
    await rememberModal(turn, viewId, modal, message);
    await turn.client.views.update({ view_id: viewId, view: modal.view as never, ...(hash ? { hash } : {}) });
  }

  const owner = (turn: Turn) => ({ userId: turn.userId, ...(turn.teamId ? { teamId: turn.teamId } : {}), conversation: turn.conversation });

  /**
   * The line under an answer that went to the response_url: the bot is not in this conversation
   * and how to add it. None where adding it would not help: an archived channel, or a direct
   * message between other people (an app cannot join one).
   */
  function notInChannelNote(turn: Turn, refusal: string): string | undefined {
    if (refusal === 'is_archived' || turn.conversation.kind === 'personal') return undefined;
    return deps.texts.messages.notInChannel[turn.locale];
  }

  /**
   * Posts into a conversation (default: the turn's). An answer to a slash command whose channel
   * refuses the bot (not a member, not visible to it, archived) goes to the command's response_url
   * instead, visible to the user only: the user always gets an answer.
   */
  async function postTo(turn: Turn, channel: string | undefined, intents: OutboundIntent[]): Promise<void> {
    if (intents.length === 0) return;
    const target = channel ?? turn.conversation.id;
    if (!target) {
      deps.logger.warn('slack: no conversation to post to', { intents: intents.length });
      return;
    }
    const reply = turn.reply?.channel === target ? turn.reply : undefined;
    const fallbackTo = reply ? { respond: reply.respond, note: (refusal: string) => notInChannelNote(turn, refusal) } : undefined;
    const refusal = await deps.poster.postIntents(turn.client, { channel: target }, intents, turn.locale, owner(turn), fallbackTo);
    // The refusal's code and the kind of conversation only: no ids of people, no text.
    if (refusal) deps.logger.info('slack: conversation refused the bot; command answered through its response_url', { refusal, conversationKind: turn.conversation.kind, intents: intents.length });
  }

  async function onTrigger(turn: Turn, surface: Extract<Surface, { kind: 'trigger' }>, first: OutboundIntent, rest: OutboundIntent[]): Promise<void> {
    if (first.kind === 'card' && isFormCard(first)) {
      await openModal(turn, surface.triggerId, renderModal(modalContext(turn), first) as RenderedModal, surface.message);
      return postTo(turn, surface.message?.channel ?? surface.channel, rest);
    }
    if (surface.message) {
      await deps.poster.update(turn.client, surface.message.channel, surface.message.ts, first, turn.locale, owner(turn));
      return postTo(turn, surface.message.channel, rest);
    }
    if (surface.channel) return postTo(turn, surface.channel, [first, ...rest]);
    await openModal(turn, surface.triggerId, modalOf(turn, first));
    return postTo(turn, undefined, rest);
  }

  /** Shows the core's answer where the user is: in the modal, a new modal, the clicked message, or the conversation. */
  async function deliver(turn: Turn, surface: Surface, intents: OutboundIntent[]): Promise<void> {
    const [first, ...rest] = intents;
    if (!first) return;
    switch (surface.kind) {
      case 'modal':
        await updateModal(turn, surface.viewId, surface.hash, modalOf(turn, first), surface.record.message);
        return postTo(turn, surface.record.message?.channel, rest);
      case 'trigger':
        return onTrigger(turn, surface, first, rest);
      case 'channel':
        await deps.poster.postIntents(turn.client, { channel: surface.channel, ...(surface.threadTs ? { threadTs: surface.threadTs } : {}) }, intents, turn.locale, owner(turn));
        return;
    }
  }

  return { turnOf, deliver, openModal, updateModal, rememberModal, modalOf, noticeModal, modalContext, postTo, owner };
}

export type Turns = ReturnType<typeof makeTurns>;
