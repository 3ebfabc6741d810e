import type { Locale } from './i18n.js';

/** Who acts, as the chat platform vouches for it. Never taken from card data. */
export interface Actor {
  platform: 'teams' | 'slack';
  /** Stable user id: the AAD object id in Teams when present, else the channel account id. */
  userId: string;
  displayName: string;
  email?: string;
  tenantId?: string;
}

export interface ConversationInfo {
  platform: 'teams' | 'slack';
  id: string;
  kind: 'personal' | 'groupChat' | 'channel';
}

interface EventBase {
  actor: Actor;
  conversation: ConversationInfo;
  locale: Locale;
}

/** A text the user wrote. */
export interface MessageEvent extends EventBase {
  kind: 'message';
  text: string;
}

/** A button on a card: a stable verb plus the card's data (inputs and control values). */
export interface ActionEvent extends EventBase {
  kind: 'action';
  verb: string;
  data: Record<string, unknown>;
}

export type InboundEvent = MessageEvent | ActionEvent;
