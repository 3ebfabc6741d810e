import type { Actor, ConversationInfo } from '../../core/events.js';
import type { SlackUserInfo } from './slack-users.js';

export type ConversationKind = ConversationInfo['kind'];

const SLACK_ID = /^[A-Z0-9]{2,32}$/;

export function isSlackId(value: unknown): value is string {
  return typeof value === 'string' && SLACK_ID.test(value);
}

/** The acting user as Slack vouches for it (the signed payload's user id, users.info for name, e-mail, locale). */
export function actorOf(userId: string, teamId: string | undefined, info: SlackUserInfo): Actor {
  return { platform: 'slack', userId, displayName: info.displayName, ...(info.email ? { email: info.email } : {}), ...(teamId ? { tenantId: teamId } : {}) };
}

/** D… is a direct message with the app; mpim are group DMs; everything else is a channel. */
export function conversationKind(channelId: string, channelType?: string): ConversationKind {
  if (channelType === 'im' || (!channelType && channelId.startsWith('D'))) return 'personal';
  if (channelType === 'mpim') return 'groupChat';
  return 'channel';
}

export function conversationOf(channelId: string, kind: ConversationKind): ConversationInfo {
  return { platform: 'slack', id: channelId, kind };
}

/** Message text as the user typed it: mentions removed, Slack's &amp; &lt; &gt; decoded. */
export function plainMessageText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A button's value: the card data it was rendered with, a plain object or nothing. */
export function buttonData(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
