/**
 * What the core wants said, independent of the channel. Adapters render intents into Adaptive
 * Cards (Teams) or Block Kit (Slack).
 */
export type CardId =
  | 'group-form'
  | 'summary'
  | 'submitted'
  | 'report-list'
  | 'help'
  | 'notice'
  | 'merger-register'
  | 'merger-phase'
  | 'merger-next'
  | 'merger-progress'
  | 'merger-topic'
  | 'review-card'
  | 'review-queue'
  | 'review-overview'
  | 'review-notice'
  | 'review-my-reports'
  | 'digest-summary'
  | 'digest-projects'
  | 'digest-list';

export interface TextIntent {
  kind: 'text';
  text: string;
}

export interface CardIntent<T = unknown> {
  kind: 'card';
  cardId: CardId;
  data: T;
}

export type OutboundIntent = TextIntent | CardIntent;

export const text = (value: string): TextIntent => ({ kind: 'text', text: value });
export const card = <T>(cardId: CardId, data: T): CardIntent<T> => ({ kind: 'card', cardId, data });
