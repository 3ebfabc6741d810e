import { webApi } from '@slack/bolt';
import { ConversationUnknown, type DigestChannel } from '../../core/digest/digest-ports.js';
import type { ConversationRepository } from '../../core/ports.js';
import type { CardIntent } from '../../core/outbound.js';
import { LIMITS } from './blocks/kit.js';
import { renderMessage } from './blocks/messages.js';
import type { SlackAuthorize } from './slack-authorize.js';
import { obj, str } from './slack-inbound.js';

/** Digest messages after the first of a digest go into its thread while they come within this window. */
const THREAD_WINDOW_MS = 30 * 60_000;

/**
 * The digest's Slack channel. A message is measured so that the composer cuts pages Slack accepts:
 * the larger of its JSON size and its share of the 50-block limit (50 blocks = the whole budget).
 * The summary starts a digest; the project pages that follow are posted in its thread.
 */
export function makeSlackDigestChannel(conversations: ConversationRepository, authorize: SlackAuthorize, clientOptions: webApi.WebClientOptions, maxMessageBytes: number): DigestChannel {
  const clients = new Map<string, webApi.WebClient>();
  const threads = new Map<string, { ts: string; at: number }>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) clients.set(token, (client = new webApi.WebClient(token, clientOptions)));
    return client;
  };

  function threadOf(conversationKey: string, card: CardIntent): string | undefined {
    if (card.cardId === 'digest-summary') return undefined;
    const thread = threads.get(conversationKey);
    return thread && Date.now() - thread.at < THREAD_WINDOW_MS ? thread.ts : undefined;
  }

  return {
    platform: 'slack',
    maxMessageBytes,
    measure(card) {
      const message = renderMessage(card);
      return Math.max(JSON.stringify(message.blocks).length, Math.ceil((message.blocks.length * maxMessageBytes) / LIMITS.messageBlocks));
    },
    async post(conversationKey, card) {
      const record = await conversations.find(conversationKey);
      const ref = obj(record?.reference);
      const channel = str(ref['channel']);
      if (!record || record.platform !== 'slack' || !channel) throw new ConversationUnknown(conversationKey);
      const teamId = str(ref['teamId']);
      const auth = await authorize({ ...(teamId ? { teamId } : {}), isEnterpriseInstall: false });
      if (!auth.botToken) throw new ConversationUnknown(conversationKey);
      const message = renderMessage(card);
      const threadTs = threadOf(conversationKey, card);
      const res = await clientFor(auth.botToken).chat.postMessage({
        channel,
        text: message.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
        blocks: message.blocks.slice(0, LIMITS.messageBlocks) as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      const ts = res.ts ?? '';
      if (card.cardId === 'digest-summary' && ts) threads.set(conversationKey, { ts, at: Date.now() });
      return ts;
    },
  };
}
