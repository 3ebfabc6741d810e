import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { CardId, CardIntent } from '../../core/outbound.js';
import { escapeCardMarkdown } from '../../core/text/sanitize.js';
import { APPROVAL_CARD_ESCAPERS } from '../../core/approval/card-text-escaping.js';
import { DIGEST_CARD_ESCAPERS } from '../../core/digest/digest-card-escaping.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const CARD_IDS: CardId[] = [
  'group-form',
  'summary',
  'submitted',
  'report-list',
  'help',
  'notice',
  'merger-register',
  'merger-phase',
  'merger-next',
  'merger-progress',
  'merger-topic',
  'review-card',
  'review-queue',
  'review-overview',
  'review-notice',
  'review-my-reports',
  'digest-summary',
  'digest-projects',
  'digest-list',
];

/**
 * Strings a user typed end up in TextBlocks and FactSets of these cards; Teams renders a Markdown
 * subset there, so those paths are escaped (reporting-template.md §6). Input values are not
 * Markdown and stay as typed.
 */
const USER_TEXT_PATHS: Partial<Record<CardId, (data: any) => void>> = {
  summary: (d) => {
    d.title = escapeCardMarkdown(d.title);
    for (const g of d.groups) {
      for (const item of g.items) item.value = escapeCardMarkdown(item.value);
      g.errors = g.errors.map(escapeCardMarkdown);
    }
    d.errors = d.errors.map(escapeCardMarkdown);
    d.warnings = d.warnings.map(escapeCardMarkdown);
    d.notices = d.notices.map(escapeCardMarkdown);
  },
  'group-form': (d) => {
    d.notices = d.notices.map(escapeCardMarkdown);
    d.errors = d.errors.map(escapeCardMarkdown);
    for (const f of d.fields) f.error = escapeCardMarkdown(f.error);
  },
  submitted: (d) => {
    d.body = escapeCardMarkdown(d.body);
    d.warnings = d.warnings.map(escapeCardMarkdown);
  },
  'report-list': (d) => {
    for (const item of d.items) item.name = escapeCardMarkdown(item.name);
  },
  notice: (d) => {
    d.lines = d.lines.map(escapeCardMarkdown);
  },
  'merger-register': (d) => {
    for (const key of ['name', 'municipalities', 'mergerDate']) d.errors[key] = escapeCardMarkdown(d.errors[key]);
  },
  'merger-next': (d) => {
    d.title = escapeCardMarkdown(d.title);
    d.notices = d.notices.map(escapeCardMarkdown);
    for (const item of d.items) item.lines = item.lines.map(escapeCardMarkdown);
  },
  'merger-progress': (d) => {
    d.title = escapeCardMarkdown(d.title);
  },
  'merger-topic': (d) => {
    d.title = escapeCardMarkdown(d.title);
  },
  ...APPROVAL_CARD_ESCAPERS,
  ...DIGEST_CARD_ESCAPERS,
};

export class CardTemplateError extends Error {
  override name = 'CardTemplateError';
}

export interface CardRenderer {
  render(intent: CardIntent): AdaptiveCard;
}

/** Loads every Teams card template once at start and expands a fresh copy per message. */
export function loadCardRenderer(cardsDir: string): CardRenderer {
  const dir = join(cardsDir, 'teams');
  const available = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)));
  const templates = new Map<CardId, ACData.Template>();
  for (const id of CARD_IDS) {
    if (!available.has(id)) throw new CardTemplateError(`${dir}/${id}.json is missing`);
    const raw = readFileSync(join(dir, `${id}.json`), 'utf8');
    const parsed = JSON.parse(raw) as { type?: string; version?: string };
    if (parsed.type !== 'AdaptiveCard' || parsed.version !== '1.5') {
      throw new CardTemplateError(`${dir}/${id}.json must be an AdaptiveCard of version 1.5`);
    }
    // Parsing the ${…} expressions is the expensive part: done once here. `expand` builds a new
    // object from the prepared payload and leaves the template as it was (tested).
    templates.set(id, new ACData.Template(parsed));
  }
  return {
    render(intent: CardIntent): AdaptiveCard {
      const template = templates.get(intent.cardId);
      if (!template) throw new CardTemplateError(`no template for card ${intent.cardId}`);
      const data = structuredClone(intent.data) as Record<string, unknown>;
      USER_TEXT_PATHS[intent.cardId]?.(data);
      const expanded = template.expand({ $root: data }) as AdaptiveCard;
      assertFullyBound(intent.cardId, expanded, data);
      return expanded;
    },
  };
}

/**
 * Whether a `${` is left in any string the card would serialize to (keys included): the same test
 * as searching `JSON.stringify(card)` for it, without building that string for every card.
 */
function hasUnboundExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUnboundExpression(item)) return true;
    return false;
  }
  // for…in over the card's own plain objects (JSON-like, no inherited enumerables): no entry arrays.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (key.includes('${') || hasUnboundExpression(item)) return true;
  }
  return false;
}

function assertFullyBound(cardId: string, card: AdaptiveCard, data: unknown): void {
  if (hasUnboundExpression(card) && !JSON.stringify(data).includes('${')) {
    const out = JSON.stringify(card);
    const at = out.indexOf('${');
    throw new CardTemplateError(`card ${cardId} has an unbound expression near ${out.slice(at, at + 40)}`);
  }
}
