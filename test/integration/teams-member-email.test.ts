/**
 * `{ "email": … }` role matchers for Teams users, over real HTTP (restify + botbuilder + MongoDB):
 * the bot reads the e-mail from the Teams member profile (TeamsInfo.getMember, served here by the
 * recording connector), matches it case-insensitively, and goes on without it when the lookup
 * fails. With no e-mail matcher in the roles, the bot never asks for member profiles.
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

const GROUPS = Object.keys(VALID_GROUP_INPUTS);

const user = (key: string, name: string): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, locale: 'nb-NO' });
const REPORTER = user('rolf', 'Rolf Reporter');
const KARI = user('kari-r', 'Kari Reviewer');
const OTTO = user('otto', 'Otto Other');
const LARS = user('lars', 'Lars Lookupless');
const UNA = user('una', 'Una Upn');

function writeRoles(roles: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roles-')), 'roles.json');
  writeFileSync(file, JSON.stringify(roles));
  return file;
}

const textOf = (card: unknown): string => visibleTexts(card).join('\n');
const hasVerb = (verb: string) => (card: any) => actionsOf(card).some((a) => a.verb === verb);

function shown(res: { status: number; body: any }): any {
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
}

async function ask(c: TeamsTestClient, text: string, shows: string | ((card: any) => boolean)): Promise<any> {
  const cards = (await c.say(text)).map(cardOf);
  const test = typeof shows === 'function' ? shows : (card: any) => textOf(card).includes(shows);
  const found = cards.find(test);
  if (!found) throw new Error(`no answer to "${text}" shows ${String(shows)}: ${cards.map((k) => textOf(k).slice(0, 200)).join(' | ')}`);
  return found;
}

function control(card: any): Record<string, unknown> {
  const next = actionsOf(card).find((a) => a.verb === 'report.next' || a.verb === 'report.submit');
  if (!next) throw new Error(`card has no next/submit button: ${textOf(card).slice(0, 300)}`);
  return next.data;
}

/** Answers every card of a new (DFD) report and submits it; returns its id. */
async function submitReport(c: TeamsTestClient, projectName: string): Promise<string> {
  let card = await ask(c, 'ny rapport', hasVerb('report.next'));
  const reportId = control(card)['_report'] as string;
  const overrides: Record<string, Record<string, string>> = { identification: { projectName } };
  for (const g of GROUPS) card = shown(await c.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS[g], ...overrides[g] }));
  expect(textOf(shown(await c.press('report.submit', control(card))))).toMatch(/sendt inn|submitted/);
  return reportId;
}

const lookupsOf = (connector: RecordingConnector, u: TeamsUser): number => connector.memberRequests.filter((r) => r.memberId === u.id).length;

describe('Teams users matched by e-mail through their member profile', () => {
  let bot: TestBot;
  let connector: RecordingConnector;
  let mongo: MongoClient;
  let db: Db;
  const client = (u: TeamsUser): TeamsTestClient => new TeamsTestClient(bot.url, connector, u);
  const audit = (filter: Record<string, unknown>) => db.collection('audit_log').find(filter).toArray();

  beforeAll(async () => {
    connector = await RecordingConnector.start();
    const rolesFile = writeRoles({
      reviewers: { DFD: [{ email: 'kari.reviewer@dfd.no', name: 'Kari' }, { email: 'una@dfd.no' }, { email: 'lars@dfd.no' }] },
      coordinators: [],
      admins: [],
    });
    bot = await startTestBot({ env: { ROLES_FILE: rolesFile } });
    mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
    db = mongo.db(bot.dbName);
    connector.setMember(KARI.id, { id: KARI.id, name: KARI.name, aadObjectId: KARI.aadObjectId, email: 'Kari.Reviewer@DFD.no', userPrincipalName: 'kari@dfd.onmicrosoft.com' });
    connector.setMember(OTTO.id, { id: OTTO.id, name: OTTO.name, aadObjectId: OTTO.aadObjectId, email: 'otto@dfd.no', userPrincipalName: 'otto@dfd.no' });
    connector.setMember(UNA.id, { id: UNA.id, name: UNA.name, aadObjectId: UNA.aadObjectId, userPrincipalName: 'Una@dfd.no' });
    // LARS has no profile: the connector answers 404.
  });

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await mongo?.close();
  });

  it('a user whose profile e-mail matches (in another case) is notified, sees the queue and approves', async () => {
    const kari = client(KARI);
    await ask(kari, 'hjelp', '**til godkjenning**');
    expect(await db.collection('user_conversations').findOne({ _id: 'teams:aad-kari-r' as never })).toMatchObject({ email: 'kari.reviewer@dfd.no' });

    const before = connector.received.filter((r) => r.conversationId === kari.conversationId).length;
    const reportId = await submitReport(client(REPORTER), 'E-postmatchet prosjekt');
    const notified = await connector.waitFor(kari.conversationId, before + 1);
    expect(textOf(cardOf(notified[before]?.activity))).toContain('Til godkjenning: E-postmatchet prosjekt');

    const queue = await ask(kari, 'til godkjenning', 'Til godkjenning (');
    const open = actionsOf(queue).find((a) => a.verb === 'approval.open' && a.data['_report'] === reportId);
    expect(open).toBeDefined();
    const review = shown(await kari.press('approval.open', open!.data));
    const approve = actionsOf(review).find((a) => a.verb === 'approval.approve');
    expect(approve).toBeDefined();
    expect(textOf(shown(await kari.press('approval.approve', { ...approve!.data, sharingLevel: 'KS_OG_STAT', comment: '' })))).toContain('er godkjent');
    expect(await db.collection('reports').findOne({ _id: reportId as never })).toMatchObject({ state: 'GODKJENT', decision: { by: { platform: 'teams', userId: 'aad-kari-r' } } });

    // One lookup for all of Kari's turns: the answer is cached.
    expect(lookupsOf(connector, KARI)).toBe(1);
  });

  it('the user principal name counts when the profile has no e-mail', async () => {
    await ask(client(UNA), 'til godkjenning', 'Til godkjenning (');
  });

  it('a user whose profile has another e-mail is refused as before, and it is audited', async () => {
    const otto = client(OTTO);
    await ask(otto, 'til godkjenning', 'Du er ikke registrert som behandler');
    const reportId = await submitReport(client(REPORTER), 'Ikke for Otto');
    const refused = shown(await otto.press('approval.open', { _report: reportId }));
    expect(actionsOf(refused).map((a) => a.verb)).not.toContain('approval.approve');
    expect(await audit({ 'actor.userId': 'aad-otto', action: 'queue', outcome: 'refused' })).toHaveLength(1);
    expect(await audit({ 'actor.userId': 'aad-otto', reportId, action: 'open', outcome: 'refused', reason: 'not-reviewer' })).toHaveLength(1);
    expect(await db.collection('reports').findOne({ _id: reportId as never })).toMatchObject({ state: 'INNSENDT' });
  });

  it('a failing member lookup (404) does not break the turn: the normal answer, without the role', async () => {
    const lars = client(LARS);
    const help = await ask(lars, 'hjelp', '**ny rapport**');
    expect(textOf(help)).not.toContain('til godkjenning');
    await ask(lars, 'til godkjenning', 'Du er ikke registrert som behandler');
    const refused = shown(await lars.press('approval.open', { _report: 'no-such-report' }));
    expect(textOf(refused)).not.toMatch(/prøv igjen|try again/i);
    expect(lookupsOf(connector, LARS)).toBeGreaterThanOrEqual(1);
    expect(await db.collection('user_conversations').findOne({ _id: 'teams:aad-lars' as never })).not.toHaveProperty('email');
  });
});

describe('without e-mail matchers in the roles', () => {
  let bot: TestBot;
  let connector: RecordingConnector;

  beforeAll(async () => {
    connector = await RecordingConnector.start();
    const rolesFile = writeRoles({ reviewers: { DFD: [{ teams: 'aad-kari-r' }] }, coordinators: [], admins: [] });
    bot = await startTestBot({ env: { ROLES_FILE: rolesFile } });
    connector.setMember(KARI.id, { id: KARI.id, name: KARI.name, aadObjectId: KARI.aadObjectId, email: 'kari.reviewer@dfd.no' });
  });

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
  });

  it('no member lookup reaches the connector', async () => {
    const kari = new TeamsTestClient(bot.url, connector, KARI);
    await ask(kari, 'hjelp', '**til godkjenning**');
    await ask(kari, 'til godkjenning', 'Til godkjenning (');
    await submitReport(new TeamsTestClient(bot.url, connector, REPORTER), 'Uten oppslag');
    expect(connector.memberRequests).toHaveLength(0);
  });
});
