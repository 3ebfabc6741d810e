import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { CardRenderer } from './card-renderer.js';
import { ConversationUnknown, type DigestChannel } from '../../core/digest/digest-ports.js';
import type { ConversationRepository } from '../../core/ports.js';
import type { CardIntent } from '../../core/outbound.js';

/*
 * The digest's Teams channel: one Adaptive Card per message through the stored conversation
 * reference, returning the activity id Teams assigned. A message is measured the way Teams counts
 * it (the activity as JSON, UTF-16: two bytes per code unit); Teams refuses messages over about
 * 100 KB and recommends staying under 80 KB. Errors are botbuilder's (RestError with statusCode
 * and response headers, after its own pipeline retried 429/5xx) and are classified by the
 * delivery worker.
 */

function activityOf(renderer: CardRenderer, card: CardIntent) {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(renderer.render(card))] };
}

export function makeTeamsDigestChannel(adapter: CloudAdapter, appId: string, conversations: ConversationRepository, renderer: CardRenderer, maxMessageBytes: number): DigestChannel {
  return {
    platform: 'teams',
    maxMessageBytes,
    measure: (card) => JSON.stringify(activityOf(renderer, card)).length * 2,
    async post(conversationKey, card) {
      const record = await conversations.find(conversationKey);
      if (!record || record.platform !== 'teams') throw new ConversationUnknown(conversationKey);
      let id = '';
      let failure: unknown;
      await adapter.continueConversationAsync(appId, record.reference as Partial<ConversationReference>, async (context) => {
        // Caught here and thrown below: the adapter's onTurnError would otherwise swallow it.
        try {
          id = (await context.sendActivity(activityOf(renderer, card)))?.id ?? '';
        } catch (err) {
          failure = err;
        }
      });
      if (failure !== undefined) throw failure;
      return id;
    },
  };
}
