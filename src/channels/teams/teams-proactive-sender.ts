import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConversationRepository, ProactiveSender } from '../../core/ports.js';
import type { CardRenderer } from './card-renderer.js';


/** Proactive messages into Teams conversations through their stored references. */
export function makeTeamsProactiveSender(adapter: CloudAdapter, appId: string, conversations: ConversationRepository, renderer: CardRenderer): ProactiveSender {
  return {
    async send(conversationKey, intents) {
      const record = await conversations.find(conversationKey);
      if (!record || record.platform !== 'teams') return false;
      await adapter.continueConversationAsync(appId, record.reference as Partial<ConversationReference>, async (context) => {
        for (const intent of intents) {
          if (intent.kind === 'text') await context.sendActivity(intent.text);
          else await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderer.render(intent))] });
        }
      });
      return true;
    },
  };
}
