import type { App } from '@slack/bolt';
import type { InboundEvent, MessageEvent } from '../../../core/events.js';
import { conversationKind, conversationOf, isSlackId, obj, plainMessageText, str } from '../slack-inbound.js';
import type { SlackChannelDeps, Surface, Turn, Turns, WebClient } from '../slack-turn.js';
import { publishHome } from './home.js';

interface UserText {
  text: string;
  userId: string;
  channel: string;
  channelType?: string;
  threadTs?: string;
  teamId?: string;
  enterpriseId?: string;
}

function readUserText(e: Record<string, unknown>, body: Record<string, unknown>): UserText | undefined {
  const userId = str(e['user']);
  const channel = str(e['channel']);
  if (e['subtype'] !== undefined || e['bot_id'] !== undefined || !isSlackId(userId) || !isSlackId(channel)) return undefined;
  const teamId = str(body['team_id']) ?? str(e['team']);
  const enterpriseId = str(body['enterprise_id']);
  return {
    text: plainMessageText(str(e['text']) ?? ''),
    userId,
    channel,
    ...(str(e['channel_type']) ? { channelType: str(e['channel_type']) } : {}),
    ...(str(e['thread_ts']) ? { threadTs: str(e['thread_ts']) } : {}),
    ...(teamId ? { teamId } : {}),
    ...(enterpriseId ? { enterpriseId } : {}),
  };
}

export function messageEvent(turn: Turn, text: string): MessageEvent {
  return { kind: 'message', text, actor: turn.actor, conversation: conversationOf(turn.conversation.id, turn.conversation.kind), locale: turn.locale };
}

/** Runs one core turn and shows its answer; a failure is logged and the user is asked to try again. */
export async function runTurn(deps: SlackChannelDeps, turns: Turns, turn: Turn, surface: Surface, event: InboundEvent): Promise<void> {
  try {
    await turns.deliver(turn, surface, await deps.core.handle(event));
  } catch (err) {
    deps.logger.error('slack turn failed', { err: (err as Error).message, kind: event.kind });
    if (turn.conversation.id) await turns.postTo(turn, undefined, [{ kind: 'text', text: deps.botTexts.messages.tryAgain[turn.locale] }]).catch((e: unknown) => deps.logger.warn('slack: could not post the error', { err: (e as Error).message }));
  }
}

export function registerEventHandlers(app: App, deps: SlackChannelDeps, turns: Turns): void {
  async function onUserText(client: WebClient, msg: UserText): Promise<void> {
    const conversation = { id: msg.channel, kind: conversationKind(msg.channel, msg.channelType) };
    const turn = await turns.turnOf(client, { userId: msg.userId, ...(msg.teamId ? { teamId: msg.teamId } : {}), ...(msg.enterpriseId ? { enterpriseId: msg.enterpriseId } : {}), conversation });
    const surface: Surface = { kind: 'channel', channel: msg.channel, ...(msg.threadTs ? { threadTs: msg.threadTs } : {}) };
    await runTurn(deps, turns, turn, surface, messageEvent(turn, msg.text));
  }

  // Direct messages with the app; in channels the bot answers only when mentioned (as in Teams).
  app.event('message', async ({ event, body, client }) => {
    const e = event as unknown as Record<string, unknown>;
    if (e['channel_type'] !== 'im') return;
    const msg = readUserText(e, body as unknown as Record<string, unknown>);
    if (msg) await onUserText(client, msg);
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const msg = readUserText(event as unknown as Record<string, unknown>, body as unknown as Record<string, unknown>);
    if (msg) await onUserText(client, { ...msg, channelType: msg.channel.startsWith('D') ? 'im' : 'channel' });
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    const e = obj(event);
    const userId = str(e['user']);
    const channel = str(e['channel']);
    if (e['tab'] !== 'home' || !isSlackId(userId)) return;
    const teamId = str(obj(body)['team_id']);
    const turn = await turns.turnOf(client, { userId, ...(teamId ? { teamId } : {}), conversation: { id: isSlackId(channel) ? channel : '', kind: 'personal' } });
    await publishHome(deps, turn).catch((err: unknown) => deps.logger.error('slack: home tab failed', { err: (err as Error).message }));
  });
}
