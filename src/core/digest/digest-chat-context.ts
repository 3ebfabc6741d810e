import type { RoleResolver } from '../approval/roles.js';
import type { InboundEvent } from '../events.js';
import { pick, type Locale } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import type { Clock, IdGenerator, PublishedReportQueries } from '../ports.js';
import { choicesFor, findField } from '../reporting/template-lookup.js';
import type { ReportingContent } from '../reporting/template-types.js';
import type { DigestServiceDeps } from './digest-service.js';
import type { DigestSettings } from './digest-settings.js';
import type { DigestMessageKey } from './digest-texts.js';
import type { Subscription, SubscriptionFilters } from './digest-types.js';
import type { FilterVocabulary } from './subscription-filter.js';

/** Everything the digest's chat commands and questions need; built once in the wiring. */
export interface DigestChatDeps {
  service: DigestServiceDeps;
  settings: DigestSettings;
  content: ReportingContent;
  vocabulary: FilterVocabulary;
  published: PublishedReportQueries;
  roles: RoleResolver;
  clock: Clock;
  ids: IdGenerator;
  /** New outbox entries exist: deliver them now rather than at the next poll. */
  wakeDelivery(): void;
}

export const DIGEST_VERBS = { sendNow: 'digest.sendNow' } as const;

export interface DigestListItem {
  text: string;
  action?: { title: string; verb: string; data: Record<string, unknown> };
}

/** The model of the digest's chat card (cards/teams/digest-list.json). */
export interface DigestListModel {
  title: string;
  lines: string[];
  items: DigestListItem[];
  footer: string;
}

export function listCard(title: string, lines: string[], items: DigestListItem[] = [], footer = ''): OutboundIntent {
  return card('digest-list', { title, lines, items, footer } satisfies DigestListModel);
}

export function message(deps: DigestChatDeps, key: DigestMessageKey, locale: Locale, params?: Record<string, string | number>): string {
  return pick(deps.settings.texts.messages[key], locale, params);
}

export function conversationKeyOf(event: InboundEvent): string {
  return `${event.conversation.platform}:${event.conversation.id}`;
}

export function isCoordinator(deps: DigestChatDeps, event: InboundEvent): boolean {
  const roles = deps.roles.rolesOf(event.actor);
  return roles.coordinator || roles.admin;
}

function areaName(deps: DigestChatDeps, area: string, locale: Locale): string {
  const field = findField(deps.content, 'serviceAreas');
  const choice = field ? choicesFor(field, deps.content).find((c) => c.value === area) : undefined;
  return choice ? pick(choice.label, locale) : area;
}

export function areaNames(deps: DigestChatDeps, areas: readonly string[], locale: Locale): string {
  return areas.map((a) => areaName(deps, a, locale)).join(', ');
}

/** "Helse og omsorg, Velferd · HOD", or "alle prosjekter" without filters. */
export function describeFilters(deps: DigestChatDeps, filters: SubscriptionFilters, locale: Locale): string {
  const ministries = filters.ministries.map((id) => deps.content.organisations.ministries.find((m) => m.id === id)?.short ?? id).join(', ');
  const parts = [areaNames(deps, filters.serviceAreas, locale), ministries].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' · ') : message(deps, 'filtersNone', locale);
}

export function kindName(deps: DigestChatDeps, kind: Subscription['conversationKind'], locale: Locale): string {
  const key = kind === 'channel' ? 'kindChannel' : kind === 'groupChat' ? 'kindGroupChat' : 'kindPersonal';
  return message(deps, key, locale);
}

/** A short, stable handle of a subscription for "send sammendrag nå <id>". */
export function shortId(sub: Pick<Subscription, '_id'>): string {
  return sub._id.replace(/-/g, '').slice(0, 8);
}
