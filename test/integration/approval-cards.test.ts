/**
 * The approval cards (cards/teams/review-*.json), expanded with models from the real builders, are
 * valid Adaptive Cards 1.5 as the `adaptivecards` renderer (under jsdom) sees them, with user text
 * escaped and only the buttons the viewer may use.
 */
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import type * as AdaptiveCardsModule from 'adaptivecards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCardRenderer, type AdaptiveCard } from '../../src/channels/teams/card-renderer.js';
import { loadApprovalSettings } from '../../src/core/approval/approval-config.js';
import { buildMyReports } from '../../src/core/approval/my-reports-model.js';
import { buildOverview } from '../../src/core/approval/overview-model.js';
import { buildQueue, buildReviewCard, reviewNotice, type ModelContext } from '../../src/core/approval/review-model.js';
import type { Locale } from '../../src/core/i18n.js';
import type { CardId } from '../../src/core/outbound.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { validateGroupSubmission, type Answers } from '../../src/core/reporting/validate-group.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';

const require = createRequire(import.meta.url);
const content = loadReportingContent('config');
const texts = loadBotTexts('config');
const approval = loadApprovalSettings('config', { ROLES_FILE: 'test/fixtures/roles.test.json' }, 'test', content.organisations);
const ctx: ModelContext = { content, texts, approvalTexts: approval.texts };
const renderer = loadCardRenderer('cards');
const NOW = new Date('2026-03-02T09:00:00Z');
const EVIL = '**[klikk](https://evil.example)**';
const ESCAPED_EVIL = '\\*\\*\\[klikk\\]\\(https://evil.example\\)\\*\\*';

let AC: typeof AdaptiveCardsModule;
let dom: JSDOM;
const added: string[] = [];

beforeAll(() => {
  dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'https://teams.example/' });
  const win = dom.window as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(win)) {
    if (name in globalThis) continue;
    Object.defineProperty(globalThis, name, { value: win[name], configurable: true, writable: true });
    added.push(name);
  }
  Object.defineProperty(globalThis, 'window', { value: dom.window, configurable: true, writable: true });
  added.push('window');
  AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;
});

afterAll(() => {
  for (const name of added) delete (globalThis as Record<string, unknown>)[name];
  dom.window.close();
});

type Json = Record<string, any>;

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function ofType(card: AdaptiveCard, type: string): Json[] {
  const out: Json[] = [];
  walk(card, (o) => {
    if (o['type'] === type) out.push(o);
  });
  return out;
}

function blocks(card: AdaptiveCard): string[] {
  return [...ofType(card, 'TextBlock').map((t) => String(t['text'])), ...ofType(card, 'FactSet').flatMap((f) => (f['facts'] as Json[]).map((x) => `${x['title']}: ${x['value']}`))];
}

function inputIds(card: AdaptiveCard): string[] {
  const ids: string[] = [];
  walk(card, (o) => {
    if (typeof o['type'] === 'string' && o['type'].startsWith('Input.')) ids.push(String(o['id']));
  });
  return ids;
}

function expectValid(card: AdaptiveCard): void {
  expect(card.version).toBe('1.5');
  expect(JSON.stringify(card)).not.toContain('${');
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  expect(events.map((e) => `${AC.ValidationEvent[e.event]}: ${e.message}`)).toEqual([]);
  const again = new AC.AdaptiveCard();
  again.parse(card);
  expect(again.render()?.querySelectorAll('*').length).toBeGreaterThan(0);
}

const render = (cardId: CardId, data: unknown): AdaptiveCard => renderer.render({ kind: 'card', cardId, data });

function answers(): Answers {
  let a: Answers = {};
  for (const g of content.template.groups) {
    const v = validateGroupSubmission(content, g.id, { ...VALID_GROUP_INPUTS[g.id], ...(g.id === 'identification' ? { projectName: EVIL } : {}) }, a, { locale: 'nb', today: '2026-03-02' });
    if (!v.ok) throw new Error(`${g.id}: ${v.errors.map((e) => e.message).join(' | ')}`);
    a = v.answers;
  }
  return a;
}

function report(over: Partial<ReportRecord> = {}): ReportRecord {
  return {
    _id: 'rep-1', projectId: 'proj-1', reportVersion: 2, rev: 4, state: 'INNSENDT',
    reporter: { platform: 'teams', userId: 'aad-kari', displayName: '_Kari_ [x](y)' },
    answers: answers(), step: 'submitted', returnToSummary: false, demo: false, flags: [],
    createdAt: NOW, updatedAt: NOW, submittedAt: NOW, ministry: 'DFD',
    changeLog: [{ field: 'phase', before: 'KONSEPT', after: 'PLANLEGGING' }],
    ...over,
  };
}

describe.each<Locale>(['nb', 'en'])('approval cards (%s)', (locale) => {
  it('review card for a reviewer: inputs, approve/return with report and rev, escaped user text', () => {
    const model = buildReviewCard(ctx, report(), 'DFD', locale, { canDecide: true, canWithdraw: false, showQueue: true, notices: [`Notis om ${EVIL}`], errors: ['Feil'], draft: { comment: EVIL } });
    const card = render('review-card', model);
    expectValid(card);
    expect(inputIds(card)).toEqual(['sharingLevel', 'comment']);
    expect(ofType(card, 'Input.ChoiceSet')[0]?.['value']).toBe('KS_OG_STAT');
    expect(ofType(card, 'Input.Text')[0]?.['value']).toBe(EVIL);
    expect(ofType(card, 'Input.Text')[0]?.['maxLength']).toBe(1000);
    const actions = ofType(card, 'Action.Execute');
    expect(actions.map((a) => a['verb'])).toEqual(['approval.approve', 'approval.return', 'approval.queue']);
    for (const a of actions.slice(0, 2)) expect(a['data']).toEqual({ _report: 'rep-1', _rev: 4 });
    const shown = blocks(card).join('\n');
    expect(shown).toContain(ESCAPED_EVIL);
    expect(shown).not.toContain('[klikk](');
    expect(shown).toContain('\\_Kari\\_ \\[x\\]\\(y\\)');
    expect(shown).toContain(locale === 'nb' ? 'Endret siden versjon 1' : 'Changed since version 1');
  });

  it('review card read-only after a decision: no inputs, withdraw only when allowed', () => {
    const decided = report({ state: 'GODKJENT', decision: { outcome: 'GODKJENT', sharingLevel: 'APEN', comment: EVIL, by: { platform: 'teams', userId: 'aad-rita', displayName: 'Rita' }, at: NOW }, approvedAt: NOW });
    const card = render('review-card', buildReviewCard(ctx, decided, 'DFD', locale, { canDecide: false, canWithdraw: true }));
    expectValid(card);
    expect(inputIds(card)).toEqual([]);
    expect(ofType(card, 'Action.Execute').map((a) => a['verb'])).toEqual(['approval.withdraw']);
    expect(blocks(card).join('\n')).toContain(ESCAPED_EVIL);
  });

  it('queue, overview, notice and my reports are valid', () => {
    const queue = render('review-queue', buildQueue(ctx, [report()], ['DFD'], () => 'DFD', locale));
    expectValid(queue);
    expect(ofType(queue, 'Action.Execute').map((a) => a['data'])).toEqual([{ _report: 'rep-1' }]);
    expect(blocks(queue)).toContain(ESCAPED_EVIL);
    expectValid(render('review-queue', buildQueue(ctx, [], ['DFD'], () => 'DFD', locale)));

    const counts = [{ ministry: 'DFD', state: 'INNSENDT' as const, count: 2 }, { ministry: null, state: 'GODKJENT' as const, count: 1 }];
    const withLink = render('review-overview', buildOverview(ctx, counts, 'https://samhandling.example', locale));
    expectValid(withLink);
    expect(ofType(withLink, 'Action.OpenUrl')[0]?.['url']).toBe('https://samhandling.example/overview');
    const noLink = render('review-overview', buildOverview(ctx, [], undefined, locale));
    expectValid(noLink);
    expect(ofType(noLink, 'Action.OpenUrl')).toEqual([]);

    const notice = render('review-notice', reviewNotice(`Tittel ${EVIL}`, [EVIL], [{ title: 'Åpne', verb: 'approval.open', data: { _report: 'rep-1' } }], EVIL));
    expectValid(notice);
    expect(blocks(notice).filter((b) => b.includes('klikk')).every((b) => b.includes('\\[klikk\\]'))).toBe(true);
    expect(ofType(notice, 'Action.Execute')[0]?.['data']).toEqual({ _report: 'rep-1' });

    const returned = report({ _id: 'rep-2', projectId: 'proj-2', state: 'RETURNERT', decision: { outcome: 'RETURNERT', comment: EVIL, by: { platform: 'teams', userId: 'aad-rita', displayName: 'Rita' }, at: NOW } });
    const mine = render('review-my-reports', buildMyReports(ctx, [report(), returned, report({ _id: 'rep-3', projectId: 'proj-3', state: 'TRUKKET' })], locale));
    expectValid(mine);
    const verbs = ofType(mine, 'Action.Execute').map((a) => `${a['verb']}:${a['data']?.['_report'] ?? ''}`);
    expect(verbs).toEqual(['report.update:rep-1', 'approval.withdraw:rep-1', 'report.update:rep-2', 'approval.withdraw:rep-2', 'nav.newReport:']);
    expect(blocks(mine).join('\n')).toContain(ESCAPED_EVIL);
  });
});
