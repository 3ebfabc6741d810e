import { webApi } from '@slack/bolt';
import type { ConversationRepository, ProactiveSender } from '../../core/ports.js';
import type { SlackAuthorize } from './slack-authorize.js';
import { obj, str } from './slack-inbound.js';
import type { SlackPoster } from './slack-poster.js';

/**
 * Proactive messages (reminders, approval notices, digests) into stored Slack conversations, with
 * the token of the conversation's workspace.
 */
export function makeSlackProactiveSender(
  conversations: ConversationRepository,
  authorize: SlackAuthorize,
  poster: SlackPoster,
  clientOptions: webApi.WebClientOptions,
): ProactiveSender {
  const clients = new Map<string, webApi.WebClient>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) clients.set(token, (client = new webApi.WebClient(token, clientOptions)));
    return client;
  };
  return {
    async send(conversationKey, intents) {
      const record = await conversations.find(conversationKey);
      if (!record || record.platform !== 'slack') return false;
      const ref = obj(record.reference);
      const channel = str(ref['channel']);
      if (!channel) return false;
      const teamId = str(ref['teamId']);
      const enterpriseId = str(ref['enterpriseId']);
      const auth = await authorize({ ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}), isEnterpriseInstall: false } as never);
      if (!auth.botToken) throw new Error('no bot token for the conversation’s workspace');
      await poster.postIntents(clientFor(auth.botToken), { channel }, intents, record.locale);
      return true;
    },
  };
}

/** One sender for the core: each conversation key goes to the channel that owns it (`teams:` / `slack:`). */
export function routeByPlatform(senders: Partial<Record<'teams' | 'slack', ProactiveSender>>): ProactiveSender {
  return {
    send(conversationKey, intents) {
      const platform = conversationKey.split(':')[0] as 'teams' | 'slack';
      const sender = senders[platform];
      return sender ? sender.send(conversationKey, intents) : Promise.resolve(false);
    },
  };
}
