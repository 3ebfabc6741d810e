/**
 * Every Teams card template, expanded with models from the real model builders, is a valid
 * Adaptive Card 1.5 as the `adaptivecards` JavaScript renderer (UMD build, under jsdom) sees it.
 */
import { escapeCardMarkdown } from '../../src/core/text/sanitize.js';
import { describe, expect, it } from 'vitest';
import { mergerConversationFor, realContent } from '../support/merger-for-tests.js';
import { loadCardRenderer, type AdaptiveCard } from '../../src/channels/teams/card-renderer.js';
import { makeBotCore } from '../../src/core/conversation/bot-core.js';
import type { Locale } from '../../src/core/i18n.js';
import type { CardId, CardIntent, OutboundIntent } from '../../src/core/outbound.js';
import type { Clock } from '../../src/core/ports.js';
import { buildGroupForm, buildSummary, type FormState } from '../../src/core/reporting/form-model.js';
import type { ReportRecord, ReportState } from '../../src/core/reporting/report.js';
import { buildReportList } from '../../src/core/reporting/report-list.js';
import { makeReportingConversation, notice } from '../../src/core/reporting/reporting-conversation.js';
import { inputIdsFor, validateGroupSubmission, type Answers, type FieldError } from '../../src/core/reporting/validate-group.js';
import { validateReportForSubmit } from '../../src/core/reporting/validate-report.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { makeMemoryReportRepository } from '../support/memory-report-repository.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import {
  elementsOfType,
  expectValidCard as expectValidAdaptiveCard,
  facts,
  inputIds,
  libraryFindings,
  textBlocks,
  useAdaptiveCardsRenderer,
  type Json,
} from '../support/adaptive-card-validation.js';

const content = loadReportingContent('config');
const texts = loadBotTexts('config');
const renderer = loadCardRenderer('cards');
const GROUP_IDS = content.template.groups.map((g) => g.id);
const LOCALES: Locale[] = ['nb', 'en'];
const TODAY = '2026-03-02';
const clock: Clock = { now: () => new Date(`${TODAY}T09:00:00Z`) };
const EVIL_NAME = '**[klikk](https://evil.example)**';
const ESCAPED_EVIL_NAME = '\\*\\*\\[klikk\\]\\(https://evil.example\\)\\*\\*';

// ---------------------------------------------------------------------------------------------
// The adaptivecards renderer under jsdom

useAdaptiveCardsRenderer();

/** Every structural check a rendered card must pass. */
function expectValidCard(card: AdaptiveCard, opts: { allowTemplateText?: boolean } = {}): void {
  expect(card.type).toBe('AdaptiveCard');
  expectValidAdaptiveCard(card, opts);
  const ids = inputIds(card);
  expect(new Set(ids).size).toBe(ids.length);
}

function render<T>(cardId: CardId, data: T): AdaptiveCard {
  return renderer.render({ kind: 'card', cardId, data });
}

// ---------------------------------------------------------------------------------------------
// Models from the real builders

function answersFor(inputsByGroup: Record<string, Record<string, string>>): Answers {
  let answers: Answers = {};
  for (const groupId of GROUP_IDS) {
    const v = validateGroupSubmission(content, groupId, inputsByGroup[groupId] ?? {}, answers, { locale: 'nb', today: TODAY });
    if (!v.ok) throw new Error(`inputs for ${groupId} are not valid: ${v.errors.map((e) => e.message).join(' | ')}`);
    answers = v.answers;
  }
  return answers;
}

function withOverrides(over: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(VALID_GROUP_INPUTS).map(([g, inputs]) => [g, { ...inputs, ...over[g] }]));
}

const FULL_ANSWERS = answersFor(withOverrides({ identification: { projectName: EVIL_NAME } }));

function record(over: Partial<ReportRecord> = {}): ReportRecord {
  return {
    _id: 'rep-0001',
    projectId: 'proj-0001',
    reportVersion: 1,
    rev: 7,
    state: 'UTKAST',
    reporter: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari Nordmann', tenantId: 'tenant-test' },
    answers: FULL_ANSWERS,
    step: 'summary',
    returnToSummary: false,
    demo: false,
    flags: [],
    createdAt: clock.now(),
    updatedAt: clock.now(),
    ...over,
  };
}

/** Errors as the conversation produces them for an empty card, plus an unattached one (a bad key). */
function formStateWithErrors(groupId: string, locale: Locale): FormState {
  const ctx = { locale, today: TODAY };
  const empty = validateGroupSubmission(content, groupId, {}, {}, ctx);
  const badKey = validateGroupSubmission(content, groupId, { $where: '1' }, {}, ctx);
  const errors: FieldError[] = [...empty.errors, ...badKey.errors];
  return { errors, rawEcho: empty.rawEcho, notices: [`Notis med *Markdown* og [lenke](https://evil.example) for ${groupId}`, 'Andre notis'] };
}

function groupFormIntent(groupId: string, locale: Locale): CardIntent {
  return { kind: 'card', cardId: 'group-form', data: buildGroupForm(content, texts, record({ step: groupId }), groupId, locale, formStateWithErrors(groupId, locale)) };
}

function summaryIntent(locale: Locale): CardIntent {
  // Missing required answers (errors) and answers that trigger §5.1 warnings.
  const answers: Answers = { ...FULL_ANSWERS, ksDiscussed: 'NEI', municipalStructureReady: 'NEI' };
  delete answers['sharingLevel'];
  delete answers['contactEmail'];
  const result = validateReportForSubmit(content, answers, { locale, today: TODAY });
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.warnings.length).toBeGreaterThan(0);
  const model = buildSummary(content, texts, record({ answers }), locale, { errors: result.errors, warnings: result.warnings, notices: ['En notis'] });
  return { kind: 'card', cardId: 'summary', data: model };
}

/** The 'submitted' card as the conversation builds it, through an in-memory repository. */
async function submittedIntent(locale: Locale): Promise<CardIntent> {
  const reports = makeMemoryReportRepository(clock);
  let seq = 0;
  const reporting = makeReportingConversation({ reports, content, texts, clock, ids: { newId: () => `id-${++seq}` } });
  const core = makeBotCore({ texts, reports, reporting, merger: mergerConversationFor(null, clock), mergerCommands: realContent().mergerTexts.commands });
  const answers: Answers = { ...FULL_ANSWERS, ksDiscussed: 'NEI', municipalStructureReady: 'NEI' };
  delete answers['ksFirstContactPhase'];
  const draft = await reports.insert({ ...record({ answers }), _id: 'rep-submit' });
  const intents = await core.handle({
    kind: 'action',
    verb: 'report.submit',
    data: { _report: draft._id, _rev: draft.rev, _step: 'summary' },
    actor: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari Nordmann' },
    conversation: { platform: 'teams', id: 'conv', kind: 'personal' },
    locale,
  });
  const [intent] = intents;
  if (intent?.kind !== 'card' || intent.cardId !== 'submitted') throw new Error(`expected the submitted card, got ${JSON.stringify(intent).slice(0, 300)}`);
  const data = intent.data as { flags: string[]; warnings: string[] };
  expect(data.flags.length).toBeGreaterThan(1);
  expect(data.warnings.length).toBeGreaterThan(1);
  return intent;
}

function reportListIntent(locale: Locale): CardIntent {
  const at = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000);
  const states: [string, number, ReportState, number][] = [
    ['proj-a', 1, 'INNSENDT', 50],
    ['proj-a', 2, 'UTKAST', 10],
    ['proj-b', 1, 'INNSENDT', 20],
    ['proj-c', 1, 'UTKAST', 5],
    ['proj-d', 1, 'GODKJENT', 60],
    ['proj-e', 1, 'TRUKKET', 70],
  ];
  const records = states.map(([projectId, reportVersion, state, minutes], i) =>
    record({
      _id: `rep-${i}`,
      projectId,
      reportVersion,
      state,
      updatedAt: at(minutes),
      answers: i === 3 ? {} : { ...FULL_ANSWERS, projectName: i === 0 || i === 1 ? EVIL_NAME : `Prosjekt ${projectId}` },
    }),
  );
  const model = buildReportList(records, texts, locale);
  expect(model.items.map((i) => i.action)).toEqual(['continue', 'continue', 'update', 'update', 'none']);
  return { kind: 'card', cardId: 'report-list', data: model };
}

async function helpIntent(locale: Locale): Promise<CardIntent> {
  const reports = makeMemoryReportRepository(clock);
  const reporting = makeReportingConversation({ reports, content, texts, clock, ids: { newId: () => 'x' } });
  const intents: OutboundIntent[] = await makeBotCore({ texts, reports, reporting, merger: mergerConversationFor(null, clock), mergerCommands: realContent().mergerTexts.commands }).handle({
    kind: 'message',
    text: locale === 'nb' ? 'hjelp' : 'help',
    actor: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari' },
    conversation: { platform: 'teams', id: 'conv', kind: 'personal' },
    locale,
  });
  const [intent] = intents;
  if (intent?.kind !== 'card' || intent.cardId !== 'help') throw new Error('expected the help card');
  return intent;
}

const REPORT_STEP_VERBS = new Set(['report.next', 'report.back', 'report.edit', 'report.submit']);

function executeActions(card: AdaptiveCard): Json[] {
  return elementsOfType(card, 'Action.Execute');
}

// ---------------------------------------------------------------------------------------------

describe('Teams cards render to valid Adaptive Cards', () => {
  it('the adaptivecards library itself reports unknown types and duplicate ids (the check can fail)', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Fancy', id: 'a' }, { type: 'Input.Text', id: 'dup' }, { type: 'Input.Text', id: 'dup' }],
      actions: [{ type: 'Action.Teleport' }],
    } as unknown as AdaptiveCard;
    const findings = libraryFindings(broken).join('\n');
    expect(findings).toContain('UnknownElementType');
    expect(findings).toContain('UnknownActionType');
    expect(findings).toContain('DuplicateId');
  });

  describe.each(LOCALES)('locale %s', (locale) => {
    it.each(GROUP_IDS)('group-form for %s: valid, inputs from the group, controls on every button', (groupId) => {
      const intent = groupFormIntent(groupId, locale);
      const model = intent.data as ReturnType<typeof buildGroupForm>;
      expect(model.errors.length).toBeGreaterThan(0);
      expect(model.fields.some((f) => f.error !== '')).toBe(true);
      expect(model.notices.length).toBe(2);
      const card = renderer.render(intent);
      expectValidCard(card);

      const group = content.template.groups.find((g) => g.id === groupId)!;
      const allowed = group.fields.flatMap((fid) => inputIdsFor(content.template.fields.find((f) => f.id === fid)!, content));
      expect(inputIds(card).sort()).toEqual([...allowed].sort());

      const actions = executeActions(card);
      expect(actions.map((a) => a['verb'])).toEqual(groupId === GROUP_IDS[0] ? ['report.next'] : ['report.back', 'report.next']);
      for (const a of actions) expect(a['data']).toEqual({ _report: 'rep-0001', _rev: 7, _step: groupId });

      // Errors and notices are visible; notices (which may quote user text) are escaped.
      const blocks = textBlocks(card);
      for (const e of model.errors) expect(blocks).toContain(escapeCardMarkdown(e));
      expect(blocks).toContain(`Notis med \\*Markdown\\* og \\[lenke\\]\\(https://evil.example\\) for ${groupId}`);
    });

    it('summary with errors and warnings: valid, escaped user text, controls on every report button', () => {
      const intent = summaryIntent(locale);
      const card = renderer.render(intent);
      expectValidCard(card);
      const blocks = textBlocks(card);
      const title = blocks[0]!;
      expect(title).toBe(`${locale === 'nb' ? 'Oppsummering' : 'Summary'}: ${ESCAPED_EVIL_NAME}`);
      expect(blocks.join('\n')).not.toContain('[klikk](');
      const nameFact = facts(card).find((f) => f.value.includes('klikk'));
      expect(nameFact?.value).toBe(ESCAPED_EVIL_NAME);
      for (const f of facts(card)) expect(f.value).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);

      const model = intent.data as ReturnType<typeof buildSummary>;
      for (const text of [model.errorsTitle, model.warningsTitle, ...model.errors, ...model.warnings]) expect(blocks).toContain(escapeCardMarkdown(text));

      const actions = executeActions(card).filter((a) => REPORT_STEP_VERBS.has(a['verb']));
      expect(actions.filter((a) => a['verb'] === 'report.edit')).toHaveLength(GROUP_IDS.length);
      for (const a of actions) expect(a['data']).toMatchObject({ _report: 'rep-0001', _rev: 7, _step: 'summary' });
      expect(actions.filter((a) => a['verb'] === 'report.edit').map((a) => a['data']['_goto'])).toEqual(GROUP_IDS);
    });

    it('submitted with warnings and flags: valid, escaped project name', async () => {
      const intent = await submittedIntent(locale);
      const card = renderer.render(intent);
      expectValidCard(card);
      const data = intent.data as { flags: string[]; warnings: string[] };
      const blocks = textBlocks(card);
      for (const flag of data.flags) expect(blocks).toContain(`• ${flag}`);
      for (const w of data.warnings) expect(blocks).toContain(escapeCardMarkdown(w));
      expect(blocks[1]).toContain(ESCAPED_EVIL_NAME);
      expect(executeActions(card).map((a) => a['verb'])).toEqual(['nav.myReports', 'nav.newReport']);
    });

    it('report-list with drafts and submitted items: valid, one button per actionable item', () => {
      const intent = reportListIntent(locale);
      const card = renderer.render(intent);
      expectValidCard(card);
      const model = intent.data as ReturnType<typeof buildReportList>;
      const actions = executeActions(card);
      expect(actions.map((a) => a['verb'])).toEqual(['report.resume', 'report.resume', 'report.update', 'report.update', 'nav.newReport']);
      const withReport = actions.filter((a) => a['verb'] !== 'nav.newReport');
      expect(withReport.map((a) => a['data'])).toEqual(model.items.filter((i) => i.action !== 'none').map((i) => ({ _report: i.reportId })));
      expect(textBlocks(card)).toContain(ESCAPED_EVIL_NAME);
      expect(textBlocks(card).join('\n')).not.toContain('[klikk](');
    });

    it('an empty report-list is valid', () => {
      expectValidCard(render('report-list', buildReportList([], texts, locale)));
    });

    it('help is valid', async () => {
      const card = renderer.render(await helpIntent(locale));
      expectValidCard(card);
      expect(executeActions(card).map((a) => a['verb'])).toEqual(['nav.newReport', 'nav.myReports']);
    });

    it('notice is valid, with and without a title', () => {
      const withTitle = notice([texts.messages.staleCard[locale], texts.messages.unknownCommand[locale]], texts.messages.helpTitle[locale]);
      const plain = notice([texts.messages.notFound[locale]]);
      for (const intent of [withTitle, plain]) {
        if (intent.kind !== 'card') throw new Error('notice() must build a card');
        const card = renderer.render(intent);
        expectValidCard(card);
        expect(textBlocks(card)).toContain(texts.messages[intent === plain ? 'notFound' : 'staleCard'][locale]);
      }
    });
  });

  it('keeps user input values as typed (inputs are not Markdown)', () => {
    const stored = render('group-form', buildGroupForm(content, texts, record({ step: 'identification' }), 'identification', 'nb'));
    expect(elementsOfType(stored, 'Input.Text').find((i) => i['id'] === 'projectName')?.['value']).toBe(EVIL_NAME);
    // Also when the card echoes what the user just typed.
    const echoed = buildGroupForm(content, texts, record({ step: 'identification' }), 'identification', 'nb', { rawEcho: { shortName: '_kort_ *navn*' } });
    expect(elementsOfType(render('group-form', echoed), 'Input.Text').find((i) => i['id'] === 'shortName')?.['value']).toBe('_kort_ *navn*');
  });

  // reporting-template.md §6: user text must not create links. Error messages quote what the user
  // typed («{raw}», «{value}»), but card-renderer.ts escapes only notices on the group form.
  it('escapes user text quoted in an error message on the group form', () => {
    const typed = '[klikk](https://evil.example)';
    const v = validateGroupSubmission(content, 'status-and-timeline', { ...VALID_GROUP_INPUTS['status-and-timeline'], startDate: typed }, {}, { locale: 'nb', today: TODAY });
    const error = v.errors.find((e) => e.field === 'startDate')?.message ?? '';
    expect(error).toContain(typed);
    const card = render('group-form', buildGroupForm(content, texts, record({ step: 'status-and-timeline' }), 'status-and-timeline', 'nb', { errors: v.errors, rawEcho: v.rawEcho }));
    const shown = textBlocks(card).find((t) => t.includes('klikk')) ?? '';
    expect(shown).toContain('\\[klikk\\]\\(https://evil.example\\)');
  });

  it('shows user text that looks like a template expression literally', () => {
    const sneaky = '${$root.control._report} ${buttons.submit}';
    const model = buildSummary(content, texts, record({ answers: { ...FULL_ANSWERS, projectName: sneaky } }), 'nb');
    const card = render('summary', model);
    expect(textBlocks(card)[0]).toBe('Oppsummering: ${$root.control.\\_report} ${buttons.submit}');
    expectValidCard(card, { allowTemplateText: true });
  });

  it('does not mutate the template or the model between renders', () => {
    const a = groupFormIntent('state-economics', 'nb');
    const b = groupFormIntent('involvement', 'en');
    const aModel = structuredClone(a.data);
    const first = renderer.render(a);
    const other = renderer.render(b);
    const again = renderer.render(a);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(a.data).toEqual(aModel);

    const summary = summaryIntent('nb');
    const summaryModel = structuredClone(summary.data);
    const s1 = renderer.render(summary);
    renderer.render(summaryIntent('en'));
    expect(renderer.render(summary)).toEqual(s1);
    // Escaping happens on a copy: the model keeps the raw user text.
    expect(summary.data).toEqual(summaryModel);
    expect((summary.data as { title: string }).title).toContain(EVIL_NAME);

    // A fresh renderer from the same files gives the same card: nothing leaked into the templates.
    expect(loadCardRenderer('cards').render(a)).toEqual(first);
  });
});
