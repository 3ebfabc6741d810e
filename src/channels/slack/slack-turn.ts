import type { webApi } from '@slack/bolt';
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

/** One request's who, where and in which language; identity from the signed payload and Slack's users.info. */
export interface Turn {
  client: WebClient;
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  actor: Actor;
  locale: Locale;
  conversation: { id: string; kind: ConversationKind };
}

export interface TurnSource {
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  fallbackName?: string;
  conversation: { id: string; kind: ConversationKind };
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

  async function postTo(turn: Turn, channel: string | undefined, intents: OutboundIntent[]): Promise<void> {
    if (intents.length === 0) return;
    const target = channel ?? turn.conversation.id;
    if (!target) {
      deps.logger.warn('slack: no conversation to post to', { intents: intents.length });
      return;
    }
    await deps.poster.postIntents(turn.client, { channel: target }, intents, turn.locale, owner(turn));
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
        return deps.poster.postIntents(turn.client, { channel: surface.channel, ...(surface.threadTs ? { threadTs: surface.threadTs } : {}) }, intents, turn.locale, owner(turn));
    }
  }

  return { turnOf, deliver, openModal, updateModal, rememberModal, modalOf, noticeModal, modalContext, postTo, owner };
}

export type Turns = ReturnType<typeof makeTurns>;
