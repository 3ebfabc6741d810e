/**
 * The ministry approval workflow over real HTTP (restify + botbuilder + MongoDB), issue 4 items
 * 1, 2 and 5 and its bad-input and security list. Roles come from test/fixtures/roles.test.json:
 * aad-rita reviews DFD, aad-hans reviews HOD, aad-cora coordinates, aad-kari reports and also
 * reviews DFD (four-eyes). Proactive messages land on the recording connector.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingConnector } from '../support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts, type TeamsUser } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ROLES_FILE = 'test/fixtures/roles.test.json';
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

let bot: TestBot;
let connector: RecordingConnector;
let mongo: MongoClient;
let db: Db;

const user = (key: string, name: string, locale = 'nb-NO'): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, locale });
const KARI = user('kari', 'Kari Nordmann');
const RITA = user('rita', 'Rita Reviewer');
const HANS = user('hans', 'Hans HOD');
const CORA = user('cora', 'Cora Coordinator');
const EVE = user('eve', 'Eve Nobody');

function client(u: TeamsUser): TeamsTestClient {
  return new TeamsTestClient(bot.url, connector, u);
}

function textOf(card: unknown): string {
  return visibleTexts(card).join('\n');
}

function control(card: any): Record<string, unknown> {
  const next = actionsOf(card).find((a) => a.verb === 'report.next' || a.verb === 'report.submit');
  if (!next) throw new Error(`card has no next/submit button: ${textOf(card).slice(0, 300)}`);
  return next.data;
}

function action(card: any, verb: string): { title: string; verb: string; data: Record<string, unknown> } {
  const found = actionsOf(card).find((a) => a.verb === verb);
  if (!found) throw new Error(`card has no ${verb} button: ${actionsOf(card).map((a) => a.verb).join(', ')} / ${textOf(card).slice(0, 300)}`);
  return found;
}

/** The card of an invoke response (the card Teams shows in place). */
function shown(res: { status: number; body: any }): any {
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
}

/**
 * The bot's answer to a message, picked by what it must show: a proactive notice for the same user
 * may arrive in the same window and must not be mistaken for the answer.
 */
async function ask(c: TeamsTestClient, text: string, shows: string | RegExp | ((card: any) => boolean)): Promise<any> {
  const cards = (await c.say(text)).map(cardOf);
  const test = typeof shows === 'function' ? shows : (card: any) => (typeof shows === 'string' ? textOf(card).includes(shows) : shows.test(textOf(card)));
  const found = cards.find(test);
  if (!found) throw new Error(`no answer to "${text}" shows ${String(shows)}: ${cards.map((k) => textOf(k).slice(0, 200)).join(' | ')}`);
  return found;
}

const hasVerb = (verb: string) => (card: any) => actionsOf(card).some((a) => a.verb === verb);

/** Answers every card of a new report (with overrides per group) and submits it; returns its id. */
async function submitReport(c: TeamsTestClient, overrides: Record<string, Record<string, string>> = {}): Promise<string> {
  let card = await ask(c, 'ny rapport', hasVerb('report.next'));
  const reportId = control(card)['_report'] as string;
  for (const g of GROUPS) card = shown(await c.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS[g], ...overrides[g] }));
  expect(textOf(shown(await c.press('report.submit', control(card))))).toMatch(/sendt inn|submitted/);
  return reportId;
}

const named = (name: string, sharingLevel = 'KS_OG_STAT') => ({ identification: { projectName: name }, sharing: { sharingLevel } });

function messagesTo(c: TeamsTestClient): number {
  return connector.received.filter((r) => r.conversationId === c.conversationId).length;
}

/** Runs `act`, then waits for the next message the bot posts into `c`'s chat (proactively). */
async function nextMessageTo(c: TeamsTestClient, act: () => Promise<unknown>): Promise<any> {
  const before = messagesTo(c);
  await act();
  const all = await connector.waitFor(c.conversationId, before + 1);
  return cardOf(all[before]?.activity);
}

async function stored(id: string): Promise<Record<string, any> | null> {
  return db.collection('reports').findOne({ _id: id as never });
}

async function audit(filter: Record<string, unknown>): Promise<Record<string, any>[]> {
  return db.collection('audit_log').find(filter).sort({ at: 1 }).toArray();
}

/** The project ids of the published set, from the bot's own JSON export. */
async function publishedProjectIds(): Promise<string[]> {
  const res = await fetch(`${bot.url}/overview/export.json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { projects: { projectId: string }[] }).projects.map((p) => p.projectId);
}

/** A reviewer who talked to the bot once has a conversation for notifications. */
async function greet(...clients: TeamsTestClient[]): Promise<void> {
  for (const c of clients) await c.say('hjelp');
}

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startTestBot({ env: { ROLES_FILE } });
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  db = mongo.db(bot.dbName);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await mongo?.close();
});

describe('approval by the owning ministry over HTTP', () => {
  it('submitted → a DFD reviewer approves with KS_OG_STAT → GODKJENT and published; a KUN_STAT approval stays out', async () => {
    const kari = client(KARI);
    const rita = client(RITA);
    await greet(rita);

    let reportId = '';
    const review = await nextMessageTo(rita, async () => {
      reportId = await submitReport(kari, named('Digital byggesøknad'));
    });
    const submitted = await stored(reportId);
    expect(submitted).toMatchObject({ state: 'INNSENDT', ministry: 'DFD' });
    expect(textOf(review)).toContain('Til godkjenning: Digital byggesøknad');
    expect(textOf(review)).toContain('Ny rapport til godkjenning fra Kari Nordmann.');

    const approve = action(review, 'approval.approve');
    expect(approve.data).toEqual({ _report: reportId, _rev: submitted?.['rev'] });
    const toKari = await nextMessageTo(kari, async () => {
      const after = shown(await rita.press('approval.approve', { ...approve.data, sharingLevel: 'KS_OG_STAT', comment: '' }));
      expect(textOf(after)).toContain('er godkjent. Deling: KS og staten, ikke offentlig');
      expect(actionsOf(after).map((a) => a.verb)).not.toContain('approval.approve');
    });
    expect(textOf(toKari)).toContain('Rapporten din er godkjent');

    const approved = await stored(reportId);
    expect(approved).toMatchObject({ state: 'GODKJENT', decision: { outcome: 'GODKJENT', sharingLevel: 'KS_OG_STAT', by: { platform: 'teams', userId: 'aad-rita' } } });
    expect(approved?.['approvedAt']).toBeInstanceOf(Date);
    expect((await audit({ reportId })).map((e) => [e['action'], e['outcome'], e['toState']])).toEqual([
      ['submit', 'ok', 'INNSENDT'],
      ['approve', 'ok', 'GODKJENT'],
    ]);

    const secretId = await submitReport(kari, named('Budsjettsensitivt register', 'KUN_STAT'));
    const secretReview = shown(await rita.press('approval.open', { _report: secretId }));
    shown(await rita.press('approval.approve', { ...action(secretReview, 'approval.approve').data, sharingLevel: 'KUN_STAT', comment: '' }));
    expect(await stored(secretId)).toMatchObject({ state: 'GODKJENT', decision: { sharingLevel: 'KUN_STAT' } });

    const published = await publishedProjectIds();
    expect(published).toContain(approved?.['projectId']);
    expect(published).not.toContain((await stored(secretId))?.['projectId']);
    const page = await (await fetch(`${bot.url}/overview`)).text();
    expect(page).toContain('Digital byggesøknad');
    expect(page).not.toContain('Budsjettsensitivt register');
  });

  it('the ministry overrides the proposed sharing level; an empty choice keeps the proposal', async () => {
    const kari = client(KARI);
    const rita = client(RITA);
    const a = await submitReport(kari, named('Forslag APEN', 'APEN'));
    const cardA = shown(await rita.press('approval.open', { _report: a }));
    shown(await rita.press('approval.approve', { ...action(cardA, 'approval.approve').data, sharingLevel: '', comment: 'Greit.' }));
    expect(await stored(a)).toMatchObject({ decision: { sharingLevel: 'APEN', comment: 'Greit.' } });
    const b = await submitReport(kari, named('Forslag APEN 2', 'APEN'));
    const cardB = shown(await rita.press('approval.open', { _report: b }));
    shown(await rita.press('approval.approve', { ...action(cardB, 'approval.approve').data, sharingLevel: 'KUN_STAT' }));
    expect(await stored(b)).toMatchObject({ decision: { sharingLevel: 'KUN_STAT' } });
  });

  it('return with a comment → RETURNERT; the reporter is told, edits and resubmits → INNSENDT', async () => {
    const kari = client(KARI);
    const rita = client(RITA);
    await greet(kari);
    const reportId = await submitReport(kari, named('Returneres'));
    const review = shown(await rita.press('approval.open', { _report: reportId }));

    const toKari = await nextMessageTo(kari, async () => {
      const after = shown(await rita.press('approval.return', { ...action(review, 'approval.return').data, sharingLevel: 'KS_OG_STAT', comment: 'Kommunale kostnader må *beregnes*.' }));
      expect(textOf(after)).toContain('er returnert til Kari Nordmann');
    });
    expect(await stored(reportId)).toMatchObject({ state: 'RETURNERT', decision: { outcome: 'RETURNERT', comment: 'Kommunale kostnader må *beregnes*.' } });
    expect(textOf(toKari)).toContain('Rapporten din ble returnert');
    expect(textOf(toKari)).toContain('Kommunale kostnader må \\*beregnes\\*.');

    // "Rett og send inn" opens the returned report at its summary with the comment.
    const fix = action(toKari, 'report.update');
    const summary = shown(await kari.press('report.update', fix.data));
    expect(textOf(summary)).toContain('returnerte rapporten med denne merknaden');
    const edit = actionsOf(summary).find((a) => a.verb === 'report.edit' && a.data['_goto'] === 'municipal-costs');
    const form = shown(await kari.press('report.edit', edit!.data));
    const back = shown(await kari.press('report.next', { ...control(form), ...VALID_GROUP_INPUTS['municipal-costs'], municipalCostOneOff: '15 MNOK' }));
    expect(textOf(shown(await kari.press('report.submit', control(back))))).toContain('Rapporten er sendt inn');

    const resubmitted = await stored(reportId);
    expect(resubmitted).toMatchObject({ state: 'INNSENDT', reportVersion: 1, answers: { municipalCostOneOff: { amount: 15_000_000 } } });
    expect((await audit({ reportId, outcome: 'ok' })).map((e) => `${e['action']}:${e['fromState']}→${e['toState']}`)).toEqual([
      'submit:UTKAST→INNSENDT',
      'return:INNSENDT→RETURNERT',
      'submit:RETURNERT→INNSENDT',
    ]);
  });

  it('an update to an approved project is version 2 with a change log; version 1 stays approved meanwhile', async () => {
    const kari = client(KARI);
    const rita = client(RITA);
    const v1 = await submitReport(kari, named('Versjonert prosjekt'));
    shown(await rita.press('approval.approve', { ...action(shown(await rita.press('approval.open', { _report: v1 })), 'approval.approve').data, sharingLevel: 'APEN' }));
    const projectId = (await stored(v1))?.['projectId'];

    let card = shown(await kari.press('report.update', { _report: v1 }));
    const v2 = control(card)['_report'] as string;
    expect(v2).not.toBe(v1);
    for (const g of GROUPS) {
      const extra = g === 'state-economics' ? { investmentCost: '60 mill' } : g === 'status-and-timeline' ? { phase: 'GJENNOMFORING' } : {};
      card = shown(await kari.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS[g], ...named('Versjonert prosjekt')[g as 'identification'], ...extra }));
    }
    expect(await publishedProjectIds()).toContain(projectId);
    shown(await kari.press('report.submit', control(card)));

    const second = await stored(v2);
    expect(second).toMatchObject({ state: 'INNSENDT', reportVersion: 2, ministry: 'DFD', basedOnReportId: v1 });
    expect(second?.['changeLog'].map((c: { field: string }) => c.field)).toEqual(['phase', 'investmentCost']);
    expect(second?.['changeLog'][1]).toMatchObject({ before: { amount: 45_000_000 }, after: { amount: 60_000_000 } });
    expect((await stored(v1))?.['state']).toBe('GODKJENT');
    expect(await publishedProjectIds()).toContain(projectId);

    const review = shown(await rita.press('approval.open', { _report: v2 }));
    expect(textOf(review)).toContain('Endret siden versjon 1');
    expect(textOf(review)).toContain('• Fase');
  });

  it('the reporter withdraws from "mine rapporter" after confirming; the approved version goes too', async () => {
    const kari = client(KARI);
    const rita = client(RITA);
    const v1 = await submitReport(kari, named('Trekkes'));
    shown(await rita.press('approval.approve', { ...action(shown(await rita.press('approval.open', { _report: v1 })), 'approval.approve').data, sharingLevel: 'APEN' }));
    const projectId = (await stored(v1))?.['projectId'];
    const v2 = control(shown(await kari.press('report.update', { _report: v1 })))['_report'] as string;

    const list = await ask(kari, 'mine rapporter', hasVerb('approval.withdraw'));
    const withdrawButton = actionsOf(list).find((a) => a.verb === 'approval.withdraw' && a.data['_report'] === v2);
    expect(withdrawButton).toBeDefined();
    const confirm = shown(await kari.press('approval.withdraw', withdrawButton!.data));
    expect(textOf(confirm)).toContain('Trekke tilbake «Trekkes»?');
    expect((await stored(v2))?.['state']).toBe('UTKAST');

    const done = shown(await kari.press('approval.withdrawConfirm', action(confirm, 'approval.withdrawConfirm').data));
    expect(textOf(done)).toContain('«Trekkes» er trukket tilbake.');
    expect(await stored(v2)).toMatchObject({ state: 'TRUKKET' });
    expect(await stored(v1)).toMatchObject({ state: 'TRUKKET' });
    expect((await stored(v1))?.['withdrawnAt']).toBeInstanceOf(Date);
    expect(await publishedProjectIds()).not.toContain(projectId);
    expect((await audit({ projectId, action: 'withdraw' })).map((e) => e['reportId']).sort()).toEqual([v1, v2].sort());
  });

  it('a coordinator may withdraw a project and the reporter is told; another user may not', async () => {
    const kari = client(KARI);
    const cora = client(CORA);
    const eve = client(EVE);
    await greet(kari);
    const id = await submitReport(kari, named('Koordinator trekker'));
    const rev = (await stored(id))?.['rev'];

    const before = await stored(id);
    const refused = shown(await eve.press('approval.withdrawConfirm', { _report: id, _rev: rev }));
    expect(textOf(refused)).toContain('Bare den som rapporterte prosjektet, eller en koordinator');
    expect(await stored(id)).toEqual(before);
    expect(await audit({ reportId: id, action: 'withdraw', outcome: 'refused', reason: 'not-owner-or-coordinator' })).toHaveLength(1);

    const view = shown(await cora.press('approval.open', { _report: id }));
    expect(textOf(view)).toContain('Du kan lese rapporten, men ikke behandle den.');
    const toKari = await nextMessageTo(kari, async () => {
      const confirm = shown(await cora.press('approval.withdraw', action(view, 'approval.withdraw').data));
      shown(await cora.press('approval.withdrawConfirm', action(confirm, 'approval.withdrawConfirm').data));
    });
    expect(textOf(toKari)).toContain('Cora Coordinator trakk tilbake «Koordinator trekker».');
    expect(await stored(id)).toMatchObject({ state: 'TRUKKET' });
  });
});

describe('chat: "til godkjenning" and "oversikt"', () => {
  it('lists the reports waiting for the reviewer\'s ministries, with a button to the review card', async () => {
    const kari = client(KARI);
    const hans = client(HANS);
    const id = await submitReport(kari, { ...named('Helseprosjekt'), identification: { projectName: 'Helseprosjekt', agency: 'HDIR', owningMinistry: 'HOD' } });
    const queue = await ask(hans, 'til godkjenning', 'Til godkjenning (');
    expect(textOf(queue)).toContain('Helseprosjekt');
    expect(textOf(queue)).not.toContain('Digital byggesøknad');
    const open = actionsOf(queue).find((a) => a.verb === 'approval.open' && a.data['_report'] === id);
    expect(open).toBeDefined();
    expect(textOf(shown(await hans.press('approval.open', open!.data)))).toContain('Til godkjenning: Helseprosjekt');

    const english = new TeamsTestClient(bot.url, connector, { ...HANS, locale: 'en-US' });
    await ask(english, 'awaiting approval', /Awaiting approval \(\d+\)/);
  });

  it('tells a user without a reviewer role clearly, in their language, and audits it', async () => {
    const eve = client(EVE);
    await ask(eve, 'til godkjenning', 'Du er ikke registrert som behandler');
    const john = client(user('john', 'John Smith', 'en-US'));
    await ask(john, 'awaiting approval', 'You are not registered as a reviewer');
    expect(await audit({ 'actor.userId': 'aad-eve', action: 'queue', outcome: 'refused' })).toHaveLength(1);
  });

  it('"oversikt" gives coordinators counts per state and ministry and the overview address; others are told', async () => {
    const kari = client(KARI);
    await submitReport(kari, named('Til oversikten'));
    const overview = textOf(await ask(client(CORA), 'oversikt', 'Oversikt over rapportene'));
    expect(overview).toMatch(/DFD: .*Innsendt \d+/);
    expect(overview).toMatch(/Totalt: .*Innsendt \d+/);
    expect(overview).toContain('/overview');
    await ask(client(RITA), 'oversikt', 'du er ikke registrert som koordinator');
    expect(await audit({ 'actor.userId': 'aad-rita', action: 'overview', outcome: 'refused', reason: 'not-coordinator' })).toHaveLength(1);
  });

  it('help lists the workflow commands to role holders only', async () => {
    await ask(client(RITA), 'hjelp', '**til godkjenning**');
    expect(textOf(await ask(client(EVE), 'hjelp', '**ny rapport**'))).not.toContain('til godkjenning');
  });
});

describe('bad input and security: refused with a clear message and an audit entry, nothing changes', () => {
  async function submittedForDfd(name: string): Promise<{ id: string; card: any; before: Record<string, any> | null }> {
    const id = await submitReport(client(KARI), named(name));
    const card = shown(await client(RITA).press('approval.open', { _report: id }));
    return { id, card, before: await stored(id) };
  }

  async function expectRefused(id: string, reason: string, before: Record<string, any> | null): Promise<void> {
    expect(await stored(id)).toEqual(before);
    const entries = await audit({ reportId: id, outcome: 'refused', reason });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.at(-1)).toMatchObject({ outcome: 'refused', reason });
  }

  it('a reviewer of another ministry cannot approve (nor open) a DFD report', async () => {
    const { id, card, before } = await submittedForDfd('Annet departement');
    const hans = client(HANS);
    const res = shown(await hans.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: 'APEN', comment: '' }));
    expect(textOf(res)).toContain('den hører til DFD, og du er ikke behandler for det departementet');
    await expectRefused(id, 'not-reviewer', before);
    expect(textOf(shown(await hans.press('approval.open', { _report: id })))).toContain('du er ikke behandler');
  });

  it('a reporter cannot approve their own report, even as a reviewer of its ministry (four-eyes)', async () => {
    const { id, card, before } = await submittedForDfd('Egen rapport');
    const kari = client(KARI);
    const own = shown(await kari.press('approval.open', { _report: id }));
    expect(actionsOf(own).map((a) => a.verb)).not.toContain('approval.approve');
    expect(textOf(own)).toContain('Du sendte inn denne rapporten selv');
    const res = shown(await kari.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: 'APEN', comment: '' }));
    expect(textOf(res)).toContain('en rapport du har sendt inn selv');
    await expectRefused(id, 'own-report', before);
  });

  it('a card shown before the report changed (stale _rev) is refused and the current card is shown', async () => {
    const { id, card, before } = await submittedForDfd('Gammelt kort');
    const stale = { ...action(card, 'approval.approve').data, _rev: Number(before?.['rev']) - 1 };
    const res = shown(await client(RITA).press('approval.approve', { ...stale, sharingLevel: 'APEN', comment: '' }));
    expect(textOf(res)).toContain('Rapporten er endret siden kortet ble vist');
    expect(action(res, 'approval.approve').data).toEqual({ _report: id, _rev: before?.['rev'] });
    await expectRefused(id, 'stale', before);

    // Two reviewers pressing at once: one decision, the other is told.
    const rita = client(RITA);
    const ritaElsewhere = new TeamsTestClient(bot.url, connector, RITA);
    const payload = { ...action(card, 'approval.approve').data, sharingLevel: 'APEN', comment: '' };
    const [a, b] = await Promise.all([rita.press('approval.approve', payload), ritaElsewhere.press('approval.approve', payload)]);
    const texts = [textOf(shown(a)), textOf(shown(b))];
    expect(texts.filter((t) => t.includes('er godkjent'))).toHaveLength(1);
    expect((await stored(id))?.['rev']).toBe(Number(before?.['rev']) + 1);
  });

  it('a comment over 1000 characters is refused with its length and kept on the card', async () => {
    const { id, card, before } = await submittedForDfd('Lang merknad');
    const long = 'æ'.repeat(1001);
    const res = shown(await client(RITA).press('approval.return', { ...action(card, 'approval.return').data, sharingLevel: 'APEN', comment: long }));
    expect(textOf(res)).toContain('Merknaden er på 1001 tegn, men kan være på høyst 1000');
    expect(JSON.stringify(res)).toContain(long);
    await expectRefused(id, 'comment-too-long', before);

    const english = new TeamsTestClient(bot.url, connector, { ...RITA, locale: 'en-GB' });
    const en = shown(await english.press('approval.return', { ...action(card, 'approval.return').data, comment: long }));
    expect(textOf(en)).toContain('The comment has 1001 characters, but at most 1000 are allowed');
  });

  it('returning without a comment or with an unknown sharing level is refused', async () => {
    const { id, card, before } = await submittedForDfd('Uten merknad');
    const rita = client(RITA);
    expect(textOf(shown(await rita.press('approval.return', { ...action(card, 'approval.return').data, comment: '  <b></b> ' })))).toContain('Skriv en merknad');
    await expectRefused(id, 'comment-required', before);
    for (const level of ['OFFENTLIG', '$ne']) {
      expect(textOf(shown(await rita.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: level })))).toContain('Velg hvem som kan se rapporten');
    }
    await expectRefused(id, 'invalid-sharing-level', before);
    expect(textOf(shown(await rita.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: { $ne: 'x' } })))).toContain('forsto ikke svaret fra kortet');
    await expectRefused(id, 'invalid-payload', before);
  });

  it('a forged payload carrying roles or another ministry\'s report id is refused', async () => {
    const { id, card, before } = await submittedForDfd('Forfalsket kort');
    const hans = client(HANS);
    for (const forged of [{ role: 'reviewer' }, { reviewerFor: ['DFD'] }, { ministry: 'HOD' }, { coordinator: true }, { 'decision.outcome': 'GODKJENT' }]) {
      const res = shown(await hans.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: 'APEN', ...forged }));
      expect(textOf(res)).toContain('Roller avgjøres bare av hvem du er logget inn som');
    }
    await expectRefused(id, 'unexpected-data', before);
    expect(await audit({ reportId: id, reason: 'unexpected-data' })).toHaveLength(5);

    // A HOD reviewer naming a DFD report with an otherwise well-formed payload: the report's ministry decides.
    const res = shown(await hans.press('approval.approve', { _report: id, _rev: before?.['rev'], sharingLevel: 'APEN', comment: '' }));
    expect(textOf(res)).toContain('du er ikke behandler for det departementet');
    await expectRefused(id, 'not-reviewer', before);

    // An unknown or absurd report id.
    expect(textOf(shown(await hans.press('approval.approve', { _report: 'x'.repeat(500), _rev: 0 })))).toContain('forsto ikke svaret');
    expect(textOf(shown(await hans.press('approval.approve', { _report: 'no-such-report', _rev: 0 })))).toContain('Fant ikke den rapporten');
    expect(await audit({ reportId: 'no-such-report', reason: 'not-found' })).toHaveLength(1);
  });

  it('an approved report cannot be decided again: the current card is shown', async () => {
    const { id, card } = await submittedForDfd('Allerede godkjent');
    const rita = client(RITA);
    shown(await rita.press('approval.approve', { ...action(card, 'approval.approve').data, sharingLevel: 'APEN' }));
    const before = await stored(id);
    const again = shown(await rita.press('approval.return', { ...action(card, 'approval.return').data, comment: 'Likevel ikke.' }));
    expect(textOf(again)).toContain('Rapporten er endret siden kortet ble vist');
    expect(textOf(again)).toContain('Godkjent av Rita Reviewer');
    expect(await stored(id)).toEqual(before);
  });
});

describe('roles configuration at start', () => {
  const env = (extra: Record<string, string>) => ({ ROLES_FILE, ...extra });

  it('refuses DEV_ROLES_ALL with NODE_ENV=production', async () => {
    await expect(startTestBot({ env: env({ NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', DEV_ROLES_ALL: '1' }) })).rejects.toThrow(/DEV_ROLES_ALL/);
  });

  it('refuses a roles file naming an unknown ministry or a malformed user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roles-'));
    const bad = join(dir, 'roles.json');
    writeFileSync(bad, JSON.stringify({ reviewers: { XYZ: [{ teams: 'aad-x' }] }, coordinators: [{ teams: 'has space' }], admins: [] }));
    const start = startTestBot({ env: { ROLES_FILE: bad } });
    await expect(start).rejects.toThrow(/coordinators\.0/);
    writeFileSync(bad, JSON.stringify({ reviewers: { XYZ: [{ teams: 'aad-x' }] }, coordinators: [], admins: [] }));
    await expect(startTestBot({ env: { ROLES_FILE: bad } })).rejects.toThrow(/reviewers\.XYZ: no ministry/);
  });

  it('DEV_ROLES_ALL=1 outside production makes every user a reviewer, still not of their own report', async () => {
    const devBot = await startTestBot({ env: env({ DEV_ROLES_ALL: '1' }) });
    try {
      const eve = new TeamsTestClient(devBot.url, connector, EVE);
      await ask(eve, 'til godkjenning', 'Til godkjenning (0)');
      await ask(eve, 'oversikt', 'Oversikt over rapportene');

      const id = await submitReport(eve, named('Eget demoprosjekt'));
      const queue = await ask(eve, 'til godkjenning', hasVerb('approval.open'));
      const own = shown(await eve.press('approval.open', action(queue, 'approval.open').data));
      expect(actionsOf(own).map((a) => a.verb)).not.toContain('approval.approve');
      const anyone = new TeamsTestClient(devBot.url, connector, user('otto', 'Otto Other'));
      const review = shown(await anyone.press('approval.open', { _report: id }));
      expect(action(review, 'approval.approve').data['_report']).toBe(id);
    } finally {
      await devBot.stop();
    }
  });
});
