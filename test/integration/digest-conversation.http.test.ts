/**
 * The weekly digest in the conversation, over real HTTP (issue 5 items 1, 5 and 6): subscribing
 * with filters, listing and ending subscriptions; the coordinators' preview, "send now" and
 * delivery log, with failures shown to them; follow-up questions answered from shareable records
 * only in subscribed conversations, while the merger topic search keeps every other question.
 * Roles: test/fixtures/roles.test.json (aad-cora coordinates).
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingConnector } from '../support/recording-connector.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts, type TeamsUser } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { projectAnswers, publish } from './digest-fixtures.js';

let bot: TestBot;
let connector: RecordingConnector;
let forbidden: Server;
let forbiddenUrl: string;
let mongo: MongoClient;
let db: Db;

const user = (key: string, locale = 'nb-NO'): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name: key, locale });
const CORA = user('cora');
const KARI = user('kari');
const OLA = user('ola', 'en-US');
const EVIL = '**[klikk](https://evil.example)** Prosjekt';

beforeAll(async () => {
  connector = await RecordingConnector.start();
  forbidden = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
    });
  });
  await new Promise<void>((resolve) => forbidden.listen(0, '127.0.0.1', resolve));
  const addr = forbidden.address();
  forbiddenUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  bot = await startTestBot({ env: { ROLES_FILE: 'test/fixtures/roles.test.json', DIGEST_STARTUP_DELAY_MS: '3600000', DIGEST_POLL_MS: '3600000', DIGEST_CONVERSATION_INTERVAL_MS: '20', DIGEST_MAX_ATTEMPTS: '2' } });
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  db = mongo.db(bot.dbName);
  const now = new Date();
  await publish(db, 'helse', 1, projectAnswers({ name: 'Felles pasientjournal', areas: 'HELSE_OMSORG', deadlineMonths: 3 }), 'APEN', now);
  await publish(db, 'velferd', 1, projectAnswers({ name: 'Digital sosialhjelp', areas: 'VELFERD', ksDiscussed: 'NEI' }), 'KS_OG_STAT', now);
  await publish(db, 'kultur', 1, projectAnswers({ name: 'Digitalt bibliotek', areas: 'KULTUR', ksDiscussed: 'PLANLAGT', extra: { involvement: { ksFirstContactDate: '01.12.2030' } } }), 'APEN', now);
  await publish(db, 'hemmelig', 1, projectAnswers({ name: 'Hemmelig helseprosjekt', areas: 'HELSE_OMSORG', deadlineMonths: 2, ksDiscussed: 'NEI' }), 'KUN_STAT', now);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await mongo?.close();
  await new Promise<void>((resolve) => forbidden?.close(() => resolve()));
});

const channel = (id = `19:${randomUUID()}@thread.tacv2`, who = KARI) => new TeamsTestClient(bot.url, connector, who, id, 'channel');
const personal = (who: TeamsUser) => new TeamsTestClient(bot.url, connector, who, `a:${who.aadObjectId}`);

/** What a reader sees: Teams shows Markdown escapes (\( for a literal parenthesis) without the backslash. */
const shownText = (card: unknown): string => visibleTexts(card).join('\n').replace(/\\([\\*_[\]()#>`~])/g, '$1');

async function ask(c: TeamsTestClient, text: string): Promise<string> {
  const replies = await c.say(`<at>Samhandlingsbot</at> ${text}`);
  return replies.map((r) => shownText(cardOf(r)) || String(r['text'] ?? '')).join('\n---\n');
}

describe('subscriptions', () => {
  it('subscribes with filters, refuses unknown words, lists, updates and ends a subscription', async () => {
    const c = channel();
    expect(await ask(c, 'abonnementer')).toContain('Denne samtalen abonnerer ikke.');
    const unknown = await ask(c, 'abonner helse ostehøvel');
    expect(unknown).toContain('Jeg kjenner ikke igjen: ostehøvel. Ingenting er endret.');
    expect(await db.collection('digest_subscriptions').countDocuments({ conversationKey: `teams:${c.conversationId}` })).toBe(0);
    expect(await ask(c, 'abonner helse og velferd')).toContain('Sammendraget tar med prosjekter for: Helse og omsorg, Velferd.');
    expect(await ask(c, 'abonnementer')).toContain('Denne samtalen abonnerer: Helse og omsorg, Velferd.');
    expect(await ask(c, 'abonner HOD')).toContain('Abonnementet er oppdatert.');
    const stored = await db.collection('digest_subscriptions').findOne({ conversationKey: `teams:${c.conversationId}` });
    expect(stored).toMatchObject({ platform: 'teams', conversationKind: 'channel', locale: 'nb', filters: { serviceAreas: [], ministries: ['HOD'] }, digests: 0 });
    expect(await db.collection('conversations').findOne({ _id: `teams:${c.conversationId}` as never })).not.toBeNull();
    expect(await ask(c, 'avslutt abonnement')).toContain('Abonnementet er avsluttet.');
    expect(await ask(c, 'avslutt abonnement')).toContain('Denne samtalen abonnerer ikke på ukesammendraget.');
  });

  it('lists the digest commands in help, the coordinators\' ones to coordinators only', async () => {
    const help = await ask(personal(KARI), 'hjelp');
    expect(help).toContain('abonner');
    expect(help).not.toContain('utsendingslogg');
    expect(await ask(personal(CORA), 'hjelp')).toContain('utsendingslogg');
  });
});

describe('follow-up questions', () => {
  let subscribed: TeamsTestClient;
  let english: TeamsTestClient;

  beforeAll(async () => {
    subscribed = channel();
    english = channel(`19:${randomUUID()}@thread.tacv2`, OLA);
    await subscribed.say('<at>Samhandlingsbot</at> abonner');
    await english.say('<at>Samhandlingsbot</at> subscribe');
  });

  it('answers "hvilke nye prosjekter berører helse og velferd?" from shareable records only', async () => {
    const answer = await ask(subscribed, 'hvilke nye prosjekter berører helse og velferd?');
    expect(answer).toContain('Nye prosjekter de siste 7 dagene');
    expect(answer).toContain('Tjenesteområder: Helse og omsorg, Velferd');
    expect(answer).toContain('Felles pasientjournal – Planlegging');
    expect(answer).toMatch(/Digital sosialhjelp – Planlegging · Frister: ikke oppgitt/);
    expect(answer).not.toContain('Digitalt bibliotek');
    expect(answer).not.toContain('Hemmelig');
  });

  it('answers "frister neste 6 måneder?"', async () => {
    const answer = await ask(subscribed, 'frister neste 6 måneder?');
    expect(answer).toContain('Frister for kommunene de neste 6 månedene');
    expect(answer).toContain('Felles pasientjournal: Ta i bruk Felles pasientjournal (obligatorisk)');
    expect(answer).not.toContain('Hemmelig');
  });

  it('answers "which projects did KS not discuss?" in English, with planned and not given ones', async () => {
    const answer = await ask(english, 'which projects did KS not discuss?');
    expect(answer).toContain('Projects not discussed with KS');
    expect(answer).toContain('Digital sosialhjelp');
    expect(answer).toContain('Discussion with KS is planned: Digitalt bibliotek');
    expect(answer).not.toContain('Hemmelig');
  });

  it('leaves the same question to the merger topic search in a conversation without a subscription', async () => {
    const answer = await ask(channel(), 'hvilke nye prosjekter berører helse og velferd?');
    expect(answer).not.toContain('Nye prosjekter de siste');
  });

  it('keeps the merger topic search for other questions in a subscribed conversation', async () => {
    const answer = await ask(subscribed, 'hva skjer med arkivet?');
    expect(answer).not.toContain('Svaret bygger bare på godkjente');
    expect(answer.toLowerCase()).toContain('arkiv');
  });
});

describe('coordinators', () => {
  it('refuses the coordinators\' commands to others', async () => {
    for (const command of ['utsendingslogg', 'forhåndsvis sammendrag', 'send sammendrag nå']) {
      expect(await ask(personal(KARI), command)).toContain('Dette er for koordinatorer');
    }
  });

  it('previews this conversation\'s next digest without consuming it', async () => {
    const c = channel(`19:${randomUUID()}@thread.tacv2`, CORA);
    await c.say('<at>Samhandlingsbot</at> abonner');
    await publish(db, 'ny-etter', 1, projectAnswers({ name: EVIL, areas: 'TEKNISK' }), 'APEN', new Date());
    const replies = await c.say('<at>Samhandlingsbot</at> forhåndsvis sammendrag');
    const raw = replies.map((r) => visibleTexts(cardOf(r)).join('\n')).join('\n');
    const texts = replies.map((r) => shownText(cardOf(r))).join('\n');
    expect(texts).toContain('Forhåndsvisning av neste ukesammendrag (2 meldinger)');
    expect(texts).toContain('Nye prosjekter · 1–1 av 1');
    // The reporter's Markdown is shown as typed, never as formatting or a link.
    expect(raw).toContain('\\*\\*\\[klikk\\]\\(https://evil.example\\)\\*\\* Prosjekt');
    const sub = await db.collection('digest_subscriptions').findOne({ conversationKey: `teams:${c.conversationId}` });
    expect(sub?.['digests']).toBe(0);
  });

  it('posts a digest now to one subscription (button in the list), and shows it in the delivery log', async () => {
    const target = channel();
    await target.say('<at>Samhandlingsbot</at> abonner');
    await publish(db, 'enda-en', 1, projectAnswers({ name: 'Nytt byggesaksregister', areas: 'PLAN_MILJO' }), 'APEN', new Date());
    const cora = personal(CORA);
    const list = cardOf((await cora.say('abonnementer'))[0]);
    const sub = await db.collection('digest_subscriptions').findOne({ conversationKey: `teams:${target.conversationId}` });
    const button = actionsOf(list).find((a) => a.data['_sub'] === sub?.['_id']);
    expect(button?.title).toBe('Send nå');
    const queued = await cora.press('digest.sendNow', button!.data);
    expect(visibleTexts(queued.body.value).join('\n')).toMatch(/er lagt i kø med 2 meldinger/);
    await bot.digest.deliverAll();
    const posted = connector.received.filter((r) => r.conversationId === target.conversationId).slice(-2).flatMap((r) => visibleTexts(cardOf(r.activity)));
    expect(posted.join('\n')).toContain('Nytt byggesaksregister');
    expect(await ask(cora, 'utsendingslogg')).toMatch(/sendt · 2\/2 meldinger · 2 forsøk \(sendt manuelt\)/);
    // The same press again: nothing new since, so an empty-week digest (the chain moved on).
    await cora.press('digest.sendNow', button!.data);
    await bot.digest.deliverAll();
    const last = connector.received.filter((r) => r.conversationId === target.conversationId).at(-1);
    expect(visibleTexts(cardOf(last?.activity)).join('\n')).toContain('Ingen nye eller endrede prosjekter denne uken.');
  });

  it('records a failed delivery and tells the coordinators in their personal chat', async () => {
    const cora = personal(CORA);
    await cora.say('hjelp');
    const lost = channel();
    await lost.say('<at>Samhandlingsbot</at> abonner');
    await db.collection('conversations').updateOne({ _id: `teams:${lost.conversationId}` as never }, { $set: { 'reference.serviceUrl': forbiddenUrl } });
    const before = connector.received.filter((r) => r.conversationId === cora.conversationId).length;
    await cora.say(`send sammendrag nå ${String((await db.collection('digest_subscriptions').findOne({ conversationKey: `teams:${lost.conversationId}` }))?.['_id']).slice(0, 8)}`);
    await bot.digest.deliverAll();
    const entry = await db.collection('digest_outbox').findOne({ conversationKey: `teams:${lost.conversationId}` });
    expect(entry).toMatchObject({ status: 'failed', lastStatusCode: 403, attempts: 1 });
    const notices = await connector.waitFor(cora.conversationId, before + 2);
    const text = notices.slice(before).flatMap((n) => visibleTexts(cardOf(n.activity))).join('\n');
    expect(text).toContain('Ukesammendraget kunne ikke leveres');
    expect(text).toContain('feil 403');
    expect(await ask(cora, 'utsendingslogg')).toMatch(/feilet · 0\/\d meldinger · 1 forsøk \(sendt manuelt\) · feil 403/);
  });
});
