/**
 * Security boundaries of the Teams side (issue 7): Bot Framework authentication with app
 * credentials, the tenant allow-list, no internals in answers to users or HTTP callers, and the
 * per-user limit on expensive commands.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCardRenderer } from '../../src/channels/teams/card-renderer.js';
import { createTeamsAdapter, mountTeamsRoute } from '../../src/channels/teams/teams-adapter.js';
import { TeamsBot } from '../../src/channels/teams/teams-bot.js';
import { makeTenantAllowlist, tenantIdsOf } from '../../src/channels/teams/tenant-allowlist.js';
import type { BotCore } from '../../src/core/conversation/bot-core.js';
import { makeExpensiveEventTest, TokenBuckets } from '../../src/core/conversation/rate-limit.js';
import type { InboundEvent } from '../../src/core/events.js';
import type { ConversationRepository } from '../../src/core/ports.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { loadSettings } from '../../src/settings/env.js';
import { loadBotTexts, loadMergerTexts } from '../../src/settings/texts-schema.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts, type TeamsUser } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const texts = loadBotTexts('config');
const mergerTexts = loadMergerTexts('config');
const STACK_OR_INTERNALS = /at .*\.(ts|js):\d+|Error:|ECONN|Mongo|stack|SECRET/i;

const user = (name: string, locale = 'nb-NO'): TeamsUser => {
  const id = randomUUID();
  return { id: `29:${id}`, aadObjectId: id, name, locale };
};

/** A Teams message activity as the connector service sends it, with the tenant ids given. */
function activityFrom(connectorUrl: string, tenants: { conversation?: string; channelData?: string }, text = 'ny rapport'): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    text,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    locale: 'nb-NO',
    from: { id: '29:ola', aadObjectId: 'aad-ola-nordmann', name: 'Ola Nordmann' },
    recipient: { id: '28:samhandlingsbot', name: 'Samhandlingsbot' },
    conversation: { id: `a:${randomUUID()}`, conversationType: 'personal', ...(tenants.conversation ? { tenantId: tenants.conversation } : {}) },
    ...(tenants.channelData ? { channelData: { tenant: { id: tenants.channelData } } } : {}),
  };
}

async function post(url: string, body: string | Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

let connector: RecordingConnector;
let mongo: MongoClient;
beforeAll(async () => {
  connector = await RecordingConnector.start();
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
});
afterAll(async () => {
  await connector?.stop();
  await mongo?.close();
});

describe('with app credentials set', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { MicrosoftAppId: randomUUID(), MicrosoftAppPassword: 'test-secret-value' } });
  });
  afterAll(() => bot?.stop());

  it('rejects activities without a token, with a malformed token and with a forged one, and processes none of them', async () => {
    // A token signed by nobody Bot Framework trusts (header.payload.signature, base64url).
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const forged = `${b64({ alg: 'RS256', kid: 'x', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: 'someone-else', exp: Math.floor(Date.now() / 1000) + 600 })}.c2lnbmF0dXJl`;
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${forged}` }, { authorization: 'Basic dXNlcjpwdw==' }];
    for (const headers of attempts) {
      const res = await post(bot.url, activityFrom(connector.url, { conversation: 'tenant-test' }), headers);
      // A well-formed token makes the adapter fetch Bot Framework's signing keys: with the network 401,
      // on this offline machine 500; either way refused, with a fixed body.
      if (headers['authorization']?.startsWith('Bearer ey')) expect([401, 500]).toContain(res.status);
      else expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toEqual(res.status === 401 ? { error: 'unauthorized' } : { error: 'internal error' });
      expect(res.text).not.toMatch(STACK_OR_INTERNALS);
      expect(res.text).not.toContain('test-secret-value');
    }
    const db = mongo.db(bot.dbName);
    expect(await db.collection('reports').countDocuments({})).toBe(0);
    expect(await db.collection('processed_inbound').countDocuments({})).toBe(0);
  });
});

describe('tenant allow-list (TEAMS_ALLOWED_TENANTS)', () => {
  let bot: TestBot;
  const lines: string[] = [];
  beforeAll(async () => {
    bot = await startTestBot({
      env: { TEAMS_ALLOWED_TENANTS: ' Tenant-Test , 72f988bf-86f1-41af-91ab-2d7cd011db47' },
      logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
    });
  });
  afterAll(() => bot?.stop());

  it('serves users of an allowed tenant (ids compare case-insensitively)', async () => {
    const client = new TeamsTestClient(bot.url, connector, user('Kari Nordmann'));
    const replies = await client.say('hjelp');
    expect(replies).toHaveLength(1);
  });

  it('refuses other tenants, activities without a tenant and activities naming two tenants with 403; nothing is processed or stored', async () => {
    const db = mongo.db(bot.dbName);
    const reportsBefore = await db.collection('reports').countDocuments({});
    const seenBefore = await db.collection('processed_inbound').countDocuments({});
    const receivedBefore = connector.received.length;
    const logStart = lines.length;
    const cases = [
      { conversation: 'evil-tenant', channelData: 'evil-tenant' },
      { channelData: 'evil-tenant' },
      {},
      { conversation: 'tenant-test', channelData: 'evil-tenant' },
    ];
    for (const tenants of cases) {
      const res = await post(bot.url, activityFrom(connector.url, tenants));
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toEqual({ error: 'forbidden' });
    }
    // An invoke (card answer) is refused the same way.
    const invoke = { ...activityFrom(connector.url, { conversation: 'evil-tenant' }), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'nav.myReports', data: {} } } };
    expect((await post(bot.url, invoke)).status).toBe(403);

    expect(await db.collection('reports').countDocuments({})).toBe(reportsBefore);
    expect(await db.collection('processed_inbound').countDocuments({})).toBe(seenBefore);
    expect(await db.collection('conversations').countDocuments({ 'reference.user.aadObjectId': 'aad-ola-nordmann' })).toBe(0);
    expect(connector.received.length).toBe(receivedBefore);
    // Logged with the reason and the tenant, never the user's id, name or text.
    const logged = lines.slice(logStart).join('\n');
    expect(logged).toContain('tenant-not-allowed');
    expect(logged).toContain('no-tenant');
    expect(logged).toContain('tenants-disagree');
    expect(logged).not.toMatch(/Ola|aad-ola|29:ola|ny rapport/);
  });

  it('reads the tenant from conversation.tenantId and channelData.tenant.id, and allows all when the list is empty', () => {
    expect(tenantIdsOf({ conversation: { tenantId: 'A' }, channelData: { tenant: { id: 'a' } } })).toEqual(['a']);
    expect(tenantIdsOf({ conversation: { tenantId: 42 }, channelData: 'x' })).toEqual([]);
    expect(tenantIdsOf({ conversation: { tenantId: 'x'.repeat(500) } })).toEqual([]);
    expect(makeTenantAllowlist([]).refusal({})).toBeUndefined();
    expect(makeTenantAllowlist(['a']).refusal({ conversation: { tenantId: 'A' } })).toBeUndefined();
    expect(() => loadSettings({ MONGODB_URI: 'mongodb://h/x', TEAMS_ALLOWED_TENANTS: 'a b' })).toThrow(/TEAMS_ALLOWED_TENANTS/);
    expect(loadSettings({ MONGODB_URI: 'mongodb://h/x', TEAMS_ALLOWED_TENANTS: 'A, b,,' }).teamsAllowedTenants).toEqual(['a', 'b']);
  });
});

describe('no stack traces or error messages reach users or HTTP callers', () => {
  const SECRET = 'SECRET-internal-detail at /srv/app/src/core/x.ts:42 (mongodb://admin:pw@db)';
  let url: string;
  let close: () => Promise<void>;
  const lines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const settings = loadSettings({ MONGODB_URI: 'mongodb://127.0.0.1/x', NODE_ENV: 'test' });
    const failing: BotCore = {
      handle: async () => {
        throw new Error(SECRET);
      },
    } as BotCore;
    const conversations: ConversationRepository = {
      upsert: async () => {
        throw new Error(SECRET);
      },
      find: async () => null,
    };
    const bot = new TeamsBot({ core: failing, renderer: loadCardRenderer('cards'), dedupe: { firstSeen: async () => true }, conversations, texts, logger });
    const server = createHttpServer({ databaseReachable: async () => true }, logger);
    mountTeamsRoute(server, createTeamsAdapter(settings, logger), bot, logger);
    const port = await listen(server, 0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close?.());

  it('a failing card action answers with the localized "try again", not the error', async () => {
    for (const [locale, expected] of [['nb-NO', texts.messages.tryAgain.nb], ['en-US', texts.messages.tryAgain.en]] as const) {
      const client = new TeamsTestClient(url, connector, user('Kari', locale));
      const res = await client.press('report.next', { _report: 'r', _rev: 0, _step: 'identification', ...VALID_GROUP_INPUTS['identification'] });
      expect(res.body.type).toBe('application/vnd.microsoft.error');
      expect(res.body.value.message).toBe(expected);
      expect(JSON.stringify(res.body)).not.toMatch(STACK_OR_INTERNALS);
    }
  });

  it('a failing message turn replies "try again" to the user, and the HTTP answer carries nothing', async () => {
    const client = new TeamsTestClient(url, connector, user('Kari'));
    const replies = await client.say('ny rapport');
    expect(replies.map((r) => r['text'])).toEqual([texts.messages.tryAgain.nb]);
    const raw = await post(url, { ...activityFrom(connector.url, { conversation: 't' }), text: 'mine rapporter' });
    expect(raw.text).not.toMatch(STACK_OR_INTERNALS);
  });

  it('malformed requests get a fixed text per status, never a parser or adapter message', async () => {
    const cases: { body: string | Record<string, unknown>; path?: string }[] = [
      { body: '{"type": "message", "text": ' },
      { body: '[1,2,3]' },
      { body: {} },
      { body: { type: 'message', serviceUrl: 'not a url at all', channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'f' }, recipient: { id: 'r' } } },
      { body: { type: 'invoke', name: 'adaptiveCard/action', serviceUrl: connector.url, channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'f' }, recipient: { id: 'r' }, value: { action: { verb: 'x'.repeat(5000), data: [] } } } },
      { body: { type: { $gt: '' }, text: { toString: 'x' } } },
      { body: { type: 'invoke', name: 'adaptiveCard/action', serviceUrl: connector.url, channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'f' }, recipient: { id: 'r' }, value: {} } },
      { body: { type: 'invoke', name: 'adaptiveCard/action', serviceUrl: connector.url, channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'f' }, recipient: { id: 'r' }, value: { action: { type: 'Action.Submit' } } } },
    ];
    for (const c of cases) {
      const res = await post(url, c.body);
      expect(res.text, JSON.stringify(c.body).slice(0, 80)).not.toMatch(STACK_OR_INTERNALS);
      expect(res.text).not.toMatch(/Unexpected|JSON at position|ZodError|invalid_type|Expected/);
      // An error status carries a fixed text, or the handler's own localized error answer to a card action.
      if (res.status >= 400 && res.text) {
        const body = JSON.parse(res.text);
        if (body.type === 'application/vnd.microsoft.error') expect(body.value.message).toBe(texts.messages.unknownAction.nb);
        else expect(Object.keys(body)).toEqual(['error']);
      }
    }
    const notFound = await fetch(`${url}/api/nothing-here/<script>`);
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toBe(JSON.stringify({ error: 'not found' }));
    // Internals go to the log, for the operators.
    expect(lines.join('\n')).toContain('SECRET-internal-detail');
  });
});

describe('per-user limit on expensive commands', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { RATE_LIMIT_PER_MINUTE: '3', JOBS_ENABLED: 'false' } });
  });
  afterAll(() => bot?.stop());

  const noticeText = (activities: Record<string, any>[]) => visibleTexts(cardOf(activities[0])).join('\n');

  it('answers the fourth list query in a minute with a clear, localized message; other users and the reporting flow go on', async () => {
    const kari = new TeamsTestClient(bot.url, connector, user('Kari'));
    for (let i = 0; i < 3; i++) expect(noticeText(await kari.say('mine rapporter'))).not.toContain('Vent');
    const limited = noticeText(await kari.say('mine rapporter'));
    expect(limited).toMatch(/Du har spurt om mye på kort tid\. Vent \d+ sekunder og prøv igjen/);
    // Topic questions and "what next" count against the same bucket.
    expect(noticeText(await kari.say('hva skjer med arkivet?'))).toContain('Vent');
    expect(noticeText(await kari.say('hva gjør vi nå?'))).toContain('Vent');
    // The reporting flow is never limited.
    const form = cardOf((await kari.say('ny rapport'))[0]);
    const control = actionsOf(form).find((a) => a.verb === 'report.next')!.data;
    const answer = await kari.press('report.next', { ...control, ...VALID_GROUP_INPUTS['identification'] });
    expect(visibleTexts(answer.body.value).join('\n')).toContain('Steg 2 av 11');
    // The "my reports" button is an expensive command too, and is answered in place with the notice.
    const button = await kari.press('nav.myReports', {});
    expect(visibleTexts(button.body.value).join('\n')).toContain('Vent');

    const ola = new TeamsTestClient(bot.url, connector, user('Ola', 'en-US'));
    expect(noticeText(await ola.say('my reports'))).not.toContain('Wait');
    for (let i = 0; i < 2; i++) await ola.say('my reports');
    expect(noticeText(await ola.say('my reports'))).toMatch(/You have asked for a lot in a short time\. Wait \d+ seconds and try again/);
  });

  it('refills evenly over the minute and forgets idle users beyond its size', () => {
    let now = 0;
    const clock = { now: () => new Date(now) };
    const buckets = new TokenBuckets(20, clock, 100);
    for (let i = 0; i < 20; i++) expect(buckets.take('u').ok).toBe(true);
    const refused = buckets.take('u');
    expect(refused).toEqual({ ok: false, retryAfterMs: 3_000 });
    now += 3_000;
    expect(buckets.take('u').ok).toBe(true);
    expect(buckets.take('u').ok).toBe(false);
    now += 60_000;
    for (let i = 0; i < 20; i++) expect(buckets.take('u').ok).toBe(true);
    for (let i = 0; i < 1_000; i++) buckets.take(`other-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
  });

  it('counts list queries, searches and "what next"; never the reporting flow or help', () => {
    const expensive = makeExpensiveEventTest(texts, mergerTexts.commands);
    const base = { actor: { platform: 'teams' as const, userId: 'u', displayName: 'U' }, conversation: { platform: 'teams' as const, id: 'c', kind: 'personal' as const }, locale: 'nb' as const };
    const say = (text: string): InboundEvent => ({ ...base, kind: 'message', text });
    const press = (verb: string): InboundEvent => ({ ...base, kind: 'action', verb, data: {} });
    for (const text of ['mine rapporter', 'my reports', 'hva gjør vi nå?', 'fremdrift', 'Feide?', 'x'.repeat(5000)]) expect(expensive(say(text)), text).toBe(true);
    for (const text of ['ny rapport', 'fortsett', 'hjelp', 'ny sammenslåing']) expect(expensive(say(text)), text).toBe(false);
    for (const verb of ['nav.myReports', 'merger.next', 'merger.progress']) expect(expensive(press(verb)), verb).toBe(true);
    for (const verb of ['report.next', 'report.submit', 'report.back', 'nav.newReport', 'merger.task', 'merger.register']) expect(expensive(press(verb)), verb).toBe(false);
  });
});
