import type { ActionEvent, InboundEvent } from '../events.js';
import type { Locale } from '../i18n.js';
import type { OutboundIntent } from '../outbound.js';
import { formatDay } from './digest-cards.js';
import { conversationKeyOf, isCoordinator, kindName, listCard, message, shortId, type DigestChatDeps } from './digest-chat-context.js';
import { composeNow, DIGEST_JOB, previewDigest } from './digest-service.js';
import type { OutboxEntry, OutboxStatus, Subscription } from './digest-types.js';

/*
 * For coordinators (roles.json): preview this conversation's next digest, post one now to one
 * subscription, and the delivery log with every entry's status, attempts and last error. Roles
 * are resolved on every request from the identity the platform vouches for.
 */

const STATUS_KEYS: Record<OutboxStatus, 'statusPending' | 'statusSending' | 'statusSent' | 'statusFailed' | 'statusCancelled'> = {
  pending: 'statusPending',
  sending: 'statusSending',
  sent: 'statusSent',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
};

function refused(deps: DigestChatDeps, event: InboundEvent): OutboundIntent[] {
  return [listCard(message(deps, 'notCoordinator', event.locale), [])];
}

async function defaultStart(deps: DigestChatDeps): Promise<{ watermark: number; periodFrom: Date }> {
  const last = await deps.service.slots.lastComposed(DIGEST_JOB);
  const weekAgo = new Date(deps.clock.now().getTime() - 7 * 86_400_000);
  return { watermark: last?.slotSeq ?? 0, periodFrom: last?.slotAt ?? weekAgo };
}

/** The digest this conversation would get now (its filters, from its watermark); nothing is consumed. */
export async function preview(deps: DigestChatDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  if (!isCoordinator(deps, event)) return refused(deps, event);
  const sub = await deps.service.subscriptions.findByConversation(conversationKeyOf(event));
  const start = sub ? { watermark: sub.watermark, periodFrom: sub.lastDigestAt ?? sub.createdAt } : await defaultStart(deps);
  const digest = await previewDigest(deps.service, {
    filters: sub?.filters ?? { serviceAreas: [], ministries: [] },
    locale: sub?.locale ?? event.locale,
    platform: event.conversation.platform,
    ...start,
  });
  const note = sub ? [] : [message(deps, 'previewNotSubscribed', event.locale)];
  return [listCard(message(deps, 'previewTitle', event.locale, { parts: digest.cards.length }), note), ...digest.cards];
}

async function queue(deps: DigestChatDeps, event: InboundEvent, sub: Subscription): Promise<OutboundIntent[]> {
  const entry = await composeNow(deps.service, sub);
  deps.wakeDelivery();
  const l = event.locale;
  return [listCard(message(deps, 'sendNowQueued', l, { id: shortId(sub), kind: kindName(deps, sub.conversationKind, l), parts: entry?.parts.length ?? 0 }), [])];
}

async function subscriptionByHandle(deps: DigestChatDeps, handle: string): Promise<Subscription | undefined> {
  const all = await deps.service.subscriptions.listAll();
  const matches = all.filter((s) => s._id === handle || shortId(s) === handle.replace(/-/g, '').toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}

/** "send sammendrag nå [id]": the named subscription, else this conversation's. */
export async function sendNow(deps: DigestChatDeps, event: InboundEvent, words: string[]): Promise<OutboundIntent[]> {
  if (!isCoordinator(deps, event)) return refused(deps, event);
  const handle = words.find((w) => /^[0-9a-f-]{6,64}$/i.test(w));
  const sub = handle ? await subscriptionByHandle(deps, handle) : await deps.service.subscriptions.findByConversation(conversationKeyOf(event));
  if (!sub) return [listCard(message(deps, handle ? 'sendNowUnknown' : 'sendNowWhich', event.locale, { id: handle ?? '' }), [])];
  return queue(deps, event, sub);
}

/** The "send now" button of the coordinators' subscription list. */
export async function sendNowAction(deps: DigestChatDeps, event: ActionEvent): Promise<OutboundIntent[]> {
  if (!isCoordinator(deps, event)) return refused(deps, event);
  const id = event.data['_sub'];
  const sub = typeof id === 'string' && id.length <= 64 ? await deps.service.subscriptions.findById(id) : null;
  if (!sub) return [listCard(message(deps, 'sendNowUnknown', event.locale, { id: typeof id === 'string' ? id.slice(0, 64) : '' }), [])];
  return queue(deps, event, sub);
}

function logLine(deps: DigestChatDeps, entry: OutboxEntry, locale: Locale): string {
  const sent = entry.parts.filter((p) => p.state === 'sent').length;
  const line = message(deps, 'logLine', locale, {
    when: formatDay(entry.createdAt, locale, deps.settings.schedule.timezone),
    id: entry.subscriptionId.replace(/-/g, '').slice(0, 8),
    status: message(deps, STATUS_KEYS[entry.status], locale),
    sent,
    parts: entry.parts.length,
    attempts: entry.attempts,
  });
  const manual = entry.manual ? ` ${message(deps, 'manualTag', locale)}` : '';
  const error = entry.lastError && entry.status !== 'sent' ? ` ${message(deps, 'logError', locale, { status: entry.lastStatusCode ?? '–', error: entry.lastError.slice(0, 160) })}` : '';
  return `${line}${manual}${error}`;
}

export async function deliveryLog(deps: DigestChatDeps, event: InboundEvent): Promise<OutboundIntent[]> {
  if (!isCoordinator(deps, event)) return refused(deps, event);
  const l = event.locale;
  const entries = await deps.service.outbox.listRecent(deps.settings.content.deliveryLogSize);
  const lines = entries.length > 0 ? entries.map((e) => logLine(deps, e, l)) : [message(deps, 'logEmpty', l)];
  return [listCard(message(deps, 'logTitle', l, { count: entries.length }), lines)];
}

/** The message coordinators get when a digest could not be delivered. */
export function failureNotice(deps: DigestChatDeps, entry: OutboxEntry, error: { message: string; statusCode?: number }, locale: Locale): OutboundIntent {
  const body = message(deps, 'failureBody', locale, {
    id: entry.subscriptionId.replace(/-/g, '').slice(0, 8),
    conversation: entry.conversationKey.slice(0, 80),
    status: error.statusCode ?? '–',
    error: error.message.slice(0, 200),
    attempts: entry.attempts + 1,
  });
  return listCard(message(deps, 'failureTitle', locale), [body]);
}
