/**
 * The approval cards (cards/teams/review-*.json), expanded with models from the real builders, are
 * valid Adaptive Cards 1.5 as the `adaptivecards` renderer (under jsdom) sees them, with user text
 * escaped and only the buttons the viewer may use.
 */
import { describe, expect, it } from 'vitest';
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
import {
  elementsOfType,
  expectValidCard,
  facts,
  inputIds,
  textBlocks,
  useAdaptiveCardsRenderer,
} from '../support/adaptive-card-validation.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';

const content = loadReportingContent('config');
const texts = loadBotTexts('config');
const approval = loadApprovalSettings('config', { ROLES_FILE: 'test/fixtures/roles.test.json' }, 'test', content.organisations);
const ctx: ModelContext = { content, texts, approvalTexts: approval.texts };
const renderer = loadCardRenderer('cards');
const NOW = new Date('2026-03-02T09:00:00Z');
const EVIL = '**[klikk](https://evil.example)**';
const ESCAPED_EVIL = '\\*\\*\\[klikk\\]\\(https://evil.example\\)\\*\\*';

useAdaptiveCardsRenderer();

function blocks(card: AdaptiveCard): string[] {
  return [...textBlocks(card), ...facts(card).map((f) => `${f.title}: ${f.value}`)];
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
    expectValidCard(card);
    expect(inputIds(card)).toEqual(['sharingLevel', 'comment']);
    expect(elementsOfType(card, 'Input.ChoiceSet')[0]?.['value']).toBe('KS_OG_STAT');
    expect(elementsOfType(card, 'Input.Text')[0]?.['value']).toBe(EVIL);
    expect(elementsOfType(card, 'Input.Text')[0]?.['maxLength']).toBe(1000);
    const actions = elementsOfType(card, 'Action.Execute');
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
    expectValidCard(card);
    expect(inputIds(card)).toEqual([]);
    expect(elementsOfType(card, 'Action.Execute').map((a) => a['verb'])).toEqual(['approval.withdraw']);
    expect(blocks(card).join('\n')).toContain(ESCAPED_EVIL);
  });

  it('queue, overview, notice and my reports are valid', () => {
    const queue = render('review-queue', buildQueue(ctx, [report()], ['DFD'], () => 'DFD', locale));
    expectValidCard(queue);
    expect(elementsOfType(queue, 'Action.Execute').map((a) => a['data'])).toEqual([{ _report: 'rep-1' }]);
    expect(blocks(queue)).toContain(ESCAPED_EVIL);
    expectValidCard(render('review-queue', buildQueue(ctx, [], ['DFD'], () => 'DFD', locale)));

    const counts = [{ ministry: 'DFD', state: 'INNSENDT' as const, count: 2 }, { ministry: null, state: 'GODKJENT' as const, count: 1 }];
    const withLink = render('review-overview', buildOverview(ctx, counts, 'https://samhandling.example', locale));
    expectValidCard(withLink);
    expect(elementsOfType(withLink, 'Action.OpenUrl')[0]?.['url']).toBe('https://samhandling.example/overview');
    const noLink = render('review-overview', buildOverview(ctx, [], undefined, locale));
    expectValidCard(noLink);
    expect(elementsOfType(noLink, 'Action.OpenUrl')).toEqual([]);

    const notice = render('review-notice', reviewNotice(`Tittel ${EVIL}`, [EVIL], [{ title: 'Åpne', verb: 'approval.open', data: { _report: 'rep-1' } }], EVIL));
    expectValidCard(notice);
    expect(blocks(notice).filter((b) => b.includes('klikk')).every((b) => b.includes('\\[klikk\\]'))).toBe(true);
    expect(elementsOfType(notice, 'Action.Execute')[0]?.['data']).toEqual({ _report: 'rep-1' });

    const returned = report({ _id: 'rep-2', projectId: 'proj-2', state: 'RETURNERT', decision: { outcome: 'RETURNERT', comment: EVIL, by: { platform: 'teams', userId: 'aad-rita', displayName: 'Rita' }, at: NOW } });
    const mine = render('review-my-reports', buildMyReports(ctx, [report(), returned, report({ _id: 'rep-3', projectId: 'proj-3', state: 'TRUKKET' })], locale));
    expectValidCard(mine);
    const verbs = elementsOfType(mine, 'Action.Execute').map((a) => `${a['verb']}:${a['data']?.['_report'] ?? ''}`);
    expect(verbs).toEqual(['report.update:rep-1', 'approval.withdraw:rep-1', 'report.update:rep-2', 'approval.withdraw:rep-2', 'nav.newReport:']);
    expect(blocks(mine).join('\n')).toContain(ESCAPED_EVIL);
  });
});
