/**
 * Validating expanded cards with the `adaptivecards` JavaScript renderer (UMD build) under jsdom,
 * and reading the elements of a card. A test file calls `useAdaptiveCardsRenderer()` once at the
 * top level; the other helpers work inside its tests.
 */
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import type * as AdaptiveCardsModule from 'adaptivecards';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AdaptiveCard } from '../../src/channels/teams/card-renderer.js';

const require = createRequire(import.meta.url);

let AC: typeof AdaptiveCardsModule | undefined;

function library(): typeof AdaptiveCardsModule {
  if (!AC) throw new Error('call useAdaptiveCardsRenderer() at the top of the test file');
  return AC;
}

/**
 * The renderer uses browser globals (document, HTML*Element, …): for the calling test file, take
 * those Node lacks from jsdom before all tests and remove them again after.
 */
export function useAdaptiveCardsRenderer(): void {
  let dom: JSDOM;
  const addedGlobals: string[] = [];
  beforeAll(() => {
    dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'https://teams.example/' });
    const win = dom.window as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(win)) {
      if (name in globalThis) continue;
      Object.defineProperty(globalThis, name, { value: win[name], configurable: true, writable: true });
      addedGlobals.push(name);
    }
    Object.defineProperty(globalThis, 'window', { value: dom.window, configurable: true, writable: true });
    addedGlobals.push('window');
    AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;
  });
  afterAll(() => {
    for (const name of addedGlobals) delete (globalThis as Record<string, unknown>)[name];
    dom.window.close();
    AC = undefined;
  });
}

/** Parse and property-validation findings of the adaptivecards library, as "EventName: message". */
export function libraryFindings(card: AdaptiveCard): string[] {
  const ac = library();
  const parsed = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  parsed.parse(card, context);
  const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  return events.map((e) => `${ac.ValidationEvent[e.event]}: ${e.message}`);
}

/** Renders to HTML with the library; returns the root element. */
export function renderHtml(card: AdaptiveCard): HTMLElement {
  const parsed = new (library().AdaptiveCard)();
  parsed.parse(card);
  const element = parsed.render();
  if (!element) throw new Error('the adaptivecards renderer produced nothing');
  return element;
}

/** Version 1.5, no unexpanded template text (unless allowed), no library findings, renders to HTML. */
export function expectValidCard(card: AdaptiveCard, opts: { allowTemplateText?: boolean } = {}): void {
  expect(card.version).toBe('1.5');
  if (!opts.allowTemplateText) expect(JSON.stringify(card)).not.toContain('${');
  expect(libraryFindings(card)).toEqual([]);
  expect(renderHtml(card).querySelectorAll('*').length).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------------
// Reading a card

export type Json = Record<string, any>;

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

export function elementsOfType(card: AdaptiveCard, type: string): Json[] {
  const out: Json[] = [];
  walk(card, (o) => {
    if (o['type'] === type) out.push(o);
  });
  return out;
}

export function inputIds(card: AdaptiveCard): string[] {
  const ids: string[] = [];
  walk(card, (o) => {
    if (typeof o['type'] === 'string' && o['type'].startsWith('Input.')) ids.push(String(o['id']));
  });
  return ids;
}

export function textBlocks(card: AdaptiveCard): string[] {
  return elementsOfType(card, 'TextBlock').map((t) => String(t['text']));
}

export function facts(card: AdaptiveCard): { title: string; value: string }[] {
  return elementsOfType(card, 'FactSet').flatMap((f) => f['facts'] as { title: string; value: string }[]);
}
