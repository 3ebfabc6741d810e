import type { InboundEvent, MessageEvent } from '../events.js';
import type { OutboundIntent } from '../outbound.js';
import {
  conversationKeyOf,
  describeFilters,
  DIGEST_VERBS,
  isCoordinator,
  kindName,
  listCard,
  message,
  shortId,
  type DigestChatDeps,
  type DigestListItem,
} from './digest-chat-context.js';
import type { Subscription } from './digest-types.js';
import { parseFilterWords } from './subscription-filter.js';

/*
 * "abonner [filters]", "avslutt abonnement", "abonnementer" and the coordinator's "ks-kanal".
 * A subscription belongs to the conversation (channel, group chat or personal chat) and is stored
 * with the conversation key and the language of the person who subscribed. Its watermark starts
 * at the current end of the publication log: the first digest shows what changes from now on, with
 * the full deadline calendar.
 */

function newSubscription(deps: DigestChatDeps, event: InboundEvent, filters: Subscription['filters'], watermark: number): Subscription {
  const now = deps.clock.now();
  const key = conversationKeyOf(event);
  return {
    _id: deps.ids.newId(),
    conversationKey: key,
    platform: event.conversation.platform,
    conversationKind: event.conversation.kind,
    locale: event.locale,
    filters,
    ks: deps.settings.ksConversations.includes(key),
    watermark,
    digests: 0,
    createdBy: { platform: event.actor.platform, userId: event.actor.userId, displayName: event.actor.displayName.slice(0, 256) },
    createdAt: now,
    updatedAt: now,
  };
}

export async function subscribe(deps: DigestChatDeps, event: MessageEvent, words: string[], retried = false): Promise<OutboundIntent[]> {
  const l = event.locale;
  const parsed = parseFilterWords(words, deps.vocabulary);
  if (parsed.unknown.length > 0) {
    const lines = [message(deps, 'subscribeUnknownWords', l, { words: parsed.unknown.join(', ') }), message(deps, 'subscribeKnownWords', l, { words: deps.vocabulary.examples.join(', ') })];
    return [listCard('', lines)];
  }
  const repo = deps.service.subscriptions;
  const existing = await repo.findByConversation(conversationKeyOf(event));
  const described = describeFilters(deps, parsed.filters, l);
  if (existing) {
    await repo.update(existing._id, { filters: parsed.filters, locale: l }, deps.clock.now());
    return [listCard(message(deps, 'subscriptionUpdated', l), [message(deps, 'subscribedFilters', l, { filters: described })])];
  }
  const created = await repo.create(newSubscription(deps, event, parsed.filters, await deps.service.publications.sync()));
  // Created by a concurrent request of the same conversation: update that one instead.
  if (!created && !retried) return subscribe(deps, event, words, true);
  const filterLine = parsed.filters.serviceAreas.length + parsed.filters.ministries.length > 0 ? message(deps, 'subscribedFilters', l, { filters: described }) : message(deps, 'subscribedAll', l);
  return [listCard(message(deps, 'subscribed', l), [filterLine])];
}

export async function unsubscribe(deps: DigestChatDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  const removed = await deps.service.subscriptions.remove(conversationKeyOf(event));
  return [listCard(message(deps, removed ? 'unsubscribed' : 'notSubscribed', event.locale), [])];
}

function describe(deps: DigestChatDeps, sub: Subscription, event: InboundEvent): string {
  const l = event.locale;
  const ks = sub.ks || deps.settings.ksConversations.includes(sub.conversationKey) ? ` ${message(deps, 'ksTag', l)}` : '';
  return message(deps, 'subscriptionLine', l, { id: shortId(sub), kind: kindName(deps, sub.conversationKind, l), filters: describeFilters(deps, sub.filters, l), digests: sub.digests }) + ks;
}

/** Coordinators see every subscription, each with a "send now" button. */
function allSubscriptions(deps: DigestChatDeps, subs: Subscription[], event: InboundEvent): DigestListItem[] {
  const title = deps.settings.texts.buttons.sendNow[event.locale];
  return subs.map((sub) => ({ text: describe(deps, sub, event), action: { title, verb: DIGEST_VERBS.sendNow, data: { _sub: sub._id } } }));
}

export async function listSubscriptions(deps: DigestChatDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  const l = event.locale;
  const own = await deps.service.subscriptions.findByConversation(conversationKeyOf(event));
  const lines = [own ? message(deps, 'subscriptionThis', l, { filters: describeFilters(deps, own.filters, l) }) : message(deps, 'subscriptionNone', l)];
  if (!isCoordinator(deps, event)) return [listCard(message(deps, 'subscriptionsTitle', l), lines)];
  const all = await deps.service.subscriptions.listAll();
  return [listCard(message(deps, 'subscriptionsTitle', l), [...lines, message(deps, 'subscriptionsAllTitle', l, { count: all.length })], allSubscriptions(deps, all, event))];
}

/** A coordinator marks (or unmarks) this conversation as a KS channel: its digests go first. */
export async function toggleKsChannel(deps: DigestChatDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  const l = event.locale;
  if (!isCoordinator(deps, event)) return [listCard(message(deps, 'notCoordinator', l), [])];
  const sub = await deps.service.subscriptions.findByConversation(conversationKeyOf(event));
  if (!sub) return [listCard(message(deps, 'notSubscribed', l), [])];
  await deps.service.subscriptions.setKs(sub._id, !sub.ks, deps.clock.now());
  return [listCard(message(deps, sub.ks ? 'ksUnmarked' : 'ksMarked', l), [])];
}
