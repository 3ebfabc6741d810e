/**
 * Bytes that are not UTF-8 (issue 7, bad input at scale), over real HTTP to one bot with Teams and
 * Slack: invalid sequences (0xC3 0x28, 0xFF, overlong and surrogate encodings, truncated multibyte
 * characters, a lone continuation byte), a UTF-16LE body, and lone surrogates as JSON escapes, sent
 * (a) to Teams `/api/messages` as a message's text and inside a card action's data, (b) to Slack
 * `/slack/events` as a signed slash command (raw and percent-encoded), a signed JSON event and a
 * signed view submission, each signature computed over the exact bytes sent. Every time: no crash
 * (the next valid request is answered), a 4xx or a clear answer, and where the bytes were decoded as
 * U+FFFD and processed, nothing stored with a lone surrogate or a hostile key. Also: a refused
 * oversized Slack body leaves the keep-alive connection usable.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { badKeys, isWellFormed, STACK_OR_INTERNALS } from '../support/hostile-input.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts, eventRequest, stateFor, TEST_SIGNING_SECRET } from '../support/slack-client.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts, type TeamsUser } from '../support/teams-client.js';

const texts = loadBotTexts('config');
const slack = useSlackBot({ env: { RATE_LIMIT_PER_MINUTE: '0', JOBS_ENABLED: 'false' } });
let connector: RecordingConnector;
beforeAll(async () => {
  connector = await RecordingConnector.start();
});
afterAll(() => connector?.stop());

/** Invalid UTF-8, each as it may arrive from a broken client. */
const INVALID: Record<string, number[]> = {
  'invalid 2-byte sequence (C3 28)': [0xc3, 0x28],
  'byte FF': [0xff],
  'overlong "/" (C0 AF)': [0xc0, 0xaf],
  'overlong 3-byte (E0 80 AF)': [0xe0, 0x80, 0xaf],
  'encoded surrogate U+D800 (ED A0 80)': [0xed, 0xa0, 0x80],
  'truncated 4-byte (F0 9F 99)': [0xf0, 0x9f, 0x99],
  'truncated 3-byte at the end (E2 82)': [0xe2, 0x82],
  'lone continuation byte (80)': [0x80],
  '5-byte form (F8 88 80 80 80)': [0xf8, 0x88, 0x80, 0x80, 0x80],
};
const CASES = Object.entries(INVALID);

/** `before` + the invalid bytes + `after`, the text parts as UTF-8. */
const bytes = (before: string, invalid: number[], after = ''): Buffer => Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(invalid), Buffer.from(after, 'utf8')]);

/** A JSON document whose strings hold raw invalid bytes wherever the placeholder stood. */
function jsonWithBytes(doc: unknown, placeholder: string, invalid: number[]): Buffer {
  const parts = JSON.stringify(doc).split(placeholder).map((p) => Buffer.from(p, 'utf8'));
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(invalid), p])));
}

/** Every string and key of every stored document: none with a lone surrogate, no hostile key. */
async function storedProblems(): Promise<string[]> {
  const problems: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (!isWellFormed(v)) problems.push(path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object' && !(v instanceof Date) && !ArrayBuffer.isView(v) && (v as { _bsontype?: unknown })._bsontype === undefined) {
      for (const [k, x] of Object.entries(v)) {
        if (!isWellFormed(k)) problems.push(`${path} key`);
        walk(x, `${path}.${k}`);
      }
    }
  };
  for (const c of await slack.db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await slack.db.collection(c.name).find({}).toArray()) {
      walk(doc, `${c.name}/${String(doc._id)}`);
      problems.push(...badKeys(doc).map((p) => `${c.name}/${String(doc._id)}${p}`));
    }
  }
  return problems;
}

async function post(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${slack.bot.url}${path}`, { method: 'POST', headers, body: new Uint8Array(body) });
  const text = await res.text();
  expect(text).not.toMatch(STACK_OR_INTERNALS);
  return { status: res.status, text };
}

// ---------------------------------------------------------------------------------------------
// Teams

const teamsUser = (): TeamsUser => {
  const id = randomUUID();
  return { id: `29:${id}`, aadObjectId: `aad-${id}`, name: 'Kari Nordmann', locale: 'nb-NO' };
};

function activity(user: TeamsUser, conversationId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-test' },
    recipient: { id: '28:samhandlingsbot', name: 'Samhandlingsbot' },
    locale: user.locale,
    channelData: { tenant: { id: 'tenant-test' } },
    ...extra,
  };
}

const teamsJson = { 'content-type': 'application/json' };

/** A fresh user's "hjelp" is answered with the help card: the server is still serving. */
async function teamsStillAnswers(): Promise<void> {
  const client = new TeamsTestClient(slack.bot.url, connector, teamsUser());
  const replies = await client.say('hjelp');
  expect(visibleTexts(cardOf(replies[0])).join('\n')).toContain('Dette kan jeg hjelpe med');
}

function expectClearTeamsReplies(replies: Record<string, any>[]): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    expect(JSON.stringify(reply)).not.toMatch(STACK_OR_INTERNALS);
    const card = cardOf(reply);
    const shown = card ? visibleTexts(card).join('\n') : String(reply['text'] ?? '');
    expect(shown.trim()).not.toBe('');
    expect(shown).not.toContain(texts.messages.tryAgain.nb);
  }
}

describe('Teams /api/messages with bytes that are not UTF-8', () => {
  it.each(CASES)('message text with %s: answered clearly (as U+FFFD) or refused with a 4xx; nothing broken stored', async (_name, invalid) => {
    for (const text of ['ny rapport', 'hjelp ', '', 'hva gjør vi nå? ']) {
      const user = teamsUser();
      const conversationId = `a:${randomUUID()}`;
      const body = jsonWithBytes(activity(user, conversationId, { type: 'message', text: `${text}@@BYTES@@` }), '@@BYTES@@', invalid);
      const res = await post('/api/messages', body, teamsJson);
      expect(res.status).not.toBeGreaterThanOrEqual(500);
      if (res.status < 300) expectClearTeamsReplies(connector.received.filter((r) => r.conversationId === conversationId).map((r) => r.activity));
      else expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(await storedProblems()).toEqual([]);
    await teamsStillAnswers();
  });

  it.each(CASES)('card action data with %s in an answer: the next card or the form with its errors; a stored draft of valid text only', async (_name, invalid) => {
    const client = new TeamsTestClient(slack.bot.url, connector, teamsUser());
    const form = cardOf((await client.say('ny rapport'))[0]);
    const control = actionsOf(form).find((a) => a.verb === 'report.next')!.data;
    const data = { ...control, ...VALID_GROUP_INPUTS['identification'], projectName: 'Prosjekt @@BYTES@@ nytt', shortName: '@@BYTES@@' };
    const invoke = activity(client.user, client.conversationId, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'report.next', data }, trigger: 'manual' } });
    const res = await post('/api/messages', jsonWithBytes(invoke, '@@BYTES@@', invalid), teamsJson);
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text);
    expect(answer.type, res.text.slice(0, 300)).toBe('application/vnd.microsoft.card.adaptive');
    const shown = visibleTexts(answer.value).join('\n');
    expect(shown).toMatch(/Steg [12] av 11/);
    const stored = await slack.db.collection('reports').findOne({ _id: control['_report'] as never });
    const name = stored?.['answers']?.['projectName'];
    if (name !== undefined) {
      expect(typeof name).toBe('string');
      expect(isWellFormed(name)).toBe(true);
      expect(name).toMatch(/^Prosjekt .* nytt$/);
    }
    expect(await storedProblems()).toEqual([]);
    await teamsStillAnswers();
  });

  it('lone surrogates as JSON escapes in a message and in card data: clear answers, nothing with a lone surrogate stored', async () => {
    const client = new TeamsTestClient(slack.bot.url, connector, teamsUser());
    expectClearTeamsReplies(await client.say('ny rapport \uD800'));
    expectClearTeamsReplies(await client.say('\uDC00\uD83D hva gjør vi nå?'));
    const form = cardOf((await client.say('ny rapport'))[0]);
    const control = actionsOf(form).find((a) => a.verb === 'report.next')!.data;
    const res = await client.press('report.next', { ...control, ...VALID_GROUP_INPUTS['identification'], projectName: 'Pro\uD800sjekt \uDFFF' });
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const stored = await slack.db.collection('reports').findOne({ _id: control['_report'] as never });
    expect(stored?.['answers']?.['projectName']).toBe('Prosjekt');
    expect(await storedProblems()).toEqual([]);
  });

  it('a UTF-16LE body, a body of invalid bytes only and a UTF-8 BOM: a 4xx or a clear answer, never a crash', async () => {
    const user = teamsUser();
    const conversationId = `a:${randomUUID()}`;
    const json = JSON.stringify(activity(user, conversationId, { type: 'message', text: 'hjelp' }));
    const bodies: [string, Buffer, Record<string, string>][] = [
      ['UTF-16LE', Buffer.from(json, 'utf16le'), teamsJson],
      ['UTF-16LE with BOM, declared', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]), { 'content-type': 'application/json; charset=utf-16le' }],
      ['invalid bytes only', Buffer.from([0xff, 0xfe, 0xfd, 0xc3, 0x28, 0x80]), teamsJson],
      ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]), teamsJson],
    ];
    for (const [name, body, headers] of bodies) {
      const before = connector.received.filter((r) => r.conversationId === conversationId).length;
      const res = await post('/api/messages', body, headers);
      expect(res.status, name).not.toBeGreaterThanOrEqual(500);
      if (res.status >= 400) expect(JSON.parse(res.text), name).toEqual({ error: expect.any(String) });
      else expectClearTeamsReplies(connector.received.filter((r) => r.conversationId === conversationId).slice(before).map((r) => r.activity));
      await teamsStillAnswers();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Slack

/** Slack's signature over the exact bytes of the body. */
function signBytes(body: Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', TEST_SIGNING_SECRET).update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), body])).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
let seq = 0;

function commandFields(userId: string, channel: string): Record<string, string> {
  return { command: '/samhandling', user_id: userId, user_name: 'Tove', team_id: 'T0TEST', channel_id: channel, channel_name: 'directmessage', trigger_id: `trig-${randomUUID()}`, response_url: 'http://127.0.0.1:9/respond' };
}

/** The bot's answer to a user: a message in the DM or a modal opened with the command's trigger. */
async function slackAnswer(channel: string, triggerId: string | undefined, from: number): Promise<any[]> {
  const mine = () => slack.api.calls.slice(from).filter((c) => (c.method === 'chat.postMessage' && c.args['channel'] === channel) || (c.method === 'views.open' && c.args['trigger_id'] === triggerId));
  await expect.poll(() => mine().length, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
  const answers = mine();
  for (const a of answers) {
    const shown = blockTexts(a.method === 'views.open' ? a.args['view'].blocks : (a.args['blocks'] ?? [])) + String(a.args['text'] ?? '');
    expect(shown.trim()).not.toBe('');
    expect(shown).not.toContain(texts.messages.tryAgain.nb);
    expect(JSON.stringify(a.args)).not.toMatch(STACK_OR_INTERNALS);
  }
  return answers;
}

/** A fresh user's DM "hjelp" is acknowledged and answered: the server is still serving. */
async function slackStillAnswers(): Promise<void> {
  const client = slack.client({ id: `UALIVE${++seq}`, name: 'Alive' });
  const from = slack.api.calls.length;
  expect((await client.dmText('hjelp')).status).toBe(200);
  await slackAnswer(client.dm, undefined, from);
}

describe('Slack /slack/events with bytes that are not UTF-8', () => {
  it.each(CASES)('slash command with %s, raw in the signed form body: refused with a 4xx, nothing done; the next request is answered', async (_name, invalid) => {
    const userId = `URAW${++seq}`;
    slack.api.addUser({ id: userId, name: 'Tove' });
    const fields = new URLSearchParams(commandFields(userId, `DRAW${seq}`)).toString();
    const body = bytes(`${fields}&text=ny+rapport+`, invalid);
    const from = slack.api.calls.length;
    const res = await post('/slack/events', body, { ...form, ...signBytes(body) });
    // The body is read as UTF-8 before the signature is checked: what Slack signed is no longer there.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.api.calls.slice(from).filter((c) => c.method !== 'users.info')).toEqual([]);
    await slackStillAnswers();
  });

  it.each(CASES)('slash command with %s percent-encoded: decoded as U+FFFD and answered clearly; nothing broken stored', async (_name, invalid) => {
    for (const text of ['ny rapport ', 'hjelp', '', 'abonner helse ']) {
      const userId = `UPCT${++seq}`;
      const channel = `DPCT${seq}`;
      slack.api.addUser({ id: userId, name: 'Tove' });
      const fields = commandFields(userId, channel);
      const encoded = Buffer.from(invalid).toString('hex').replace(/../g, '%$&').toUpperCase();
      const body = Buffer.from(`${new URLSearchParams(fields).toString()}&text=${encodeURIComponent(text)}${encoded}`, 'ascii');
      const from = slack.api.calls.length;
      const res = await post('/slack/events', body, { ...form, ...signBytes(body) });
      expect(res.status).toBe(200);
      await slackAnswer(channel, fields.trigger_id, from);
    }
    expect(await storedProblems()).toEqual([]);
  });

  it.each(CASES)('JSON event with %s raw in the text, signed over the bytes: a 4xx, nothing done; the next request is answered', async (_name, invalid) => {
    const userId = `UEVT${++seq}`;
    const channel = `DEVT${seq}`;
    slack.api.addUser({ id: userId, name: 'Tove' });
    const req = eventRequest({ type: 'message', channel_type: 'im', channel, user: userId, text: 'hjelp @@BYTES@@', ts: `${Date.now() / 1000}` });
    const body = jsonWithBytes(JSON.parse(req.body), '@@BYTES@@', invalid);
    const from = slack.api.calls.length;
    const res = await post('/slack/events', body, { 'content-type': 'application/json', ...signBytes(body) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args['channel'] === channel)).toEqual([]);
    await slackStillAnswers();
  });

  it('JSON events with lone surrogates as escapes, and a UTF-16LE event: answered clearly or refused with a 4xx', async () => {
    for (const text of ['ny rapport \\ud800', '\\udc00 hva gjør vi nå?', 'abonner \\ud83d helse']) {
      const userId = `UESC${++seq}`;
      const channel = `DESC${seq}`;
      slack.api.addUser({ id: userId, name: 'Tove' });
      const req = eventRequest({ type: 'message', channel_type: 'im', channel, user: userId, text: '@@TEXT@@', ts: `${Date.now() / 1000}` });
      // JSON.stringify would escape a lone surrogate the same way; written out to be sure of the bytes.
      const body = Buffer.from(req.body.replace('@@TEXT@@', text), 'utf8');
      const from = slack.api.calls.length;
      const res = await post('/slack/events', body, { 'content-type': 'application/json', ...signBytes(body) });
      expect(res.status).toBe(200);
      await slackAnswer(channel, undefined, from);
    }
    const utf16 = Buffer.from(eventRequest({ type: 'message', channel_type: 'im', channel: 'DUTF16', user: 'UUTF16', text: 'hjelp' }).body, 'utf16le');
    const res = await post('/slack/events', utf16, { 'content-type': 'application/json; charset=utf-16le', ...signBytes(utf16) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await storedProblems()).toEqual([]);
    await slackStillAnswers();
  });

  it.each(CASES)('view submission with %s percent-encoded in a typed value: a clear acknowledgement; a draft of valid text only', async (_name, invalid) => {
    const userId = `UVIEW${++seq}`;
    const client = slack.client({ id: userId, name: 'Vera View' });
    const before = slack.api.callsOf('views.open').length;
    await client.command('ny rapport');
    const view = (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
    const state = stateFor(view, { ...(VALID_GROUP_INPUTS['identification'] as Record<string, string>), projectName: 'Prosjekt @@BYTES@@ nytt' });
    const payload = encodeURIComponent(JSON.stringify(client.viewSubmissionPayload(view, state)));
    const encoded = Buffer.from(invalid).toString('hex').replace(/../g, '%$&').toUpperCase();
    const body = Buffer.from(`payload=${payload.replace(encodeURIComponent('@@BYTES@@'), encoded)}`, 'ascii');
    const res = await post('/slack/events', body, { ...form, ...signBytes(body) });
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.text);
    expect(['update', 'errors']).toContain(ack.response_action);
    if (ack.response_action === 'update') expect(blockTexts(ack.view.blocks)).toContain('Steg 2 av 11');
    else for (const message of Object.values(ack.errors)) expect(String(message).trim()).not.toBe('');
    const stored = await slack.db.collection('reports').findOne({ 'reporter.userId': userId });
    const name = stored?.['answers']?.['projectName'];
    if (name !== undefined) expect(name).toMatch(/^Prosjekt .* nytt$/);
    expect(await storedProblems()).toEqual([]);
  });
});

describe('a refused oversized Slack body', () => {
  it('answers 413 and leaves the keep-alive connection usable: the next requests on it are answered at once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: Buffer, headers: Record<string, string>) =>
      new Promise<{ status: number; ms: number }>((resolve, reject) => {
        const started = Date.now();
        const req = request(`${slack.bot.url}/slack/events`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = Buffer.from(JSON.stringify({ type: 'event_callback', text: 'x'.repeat(1_000_000) }));
      expect((await send(big, { 'content-type': 'application/json', ...signBytes(big) })).status).toBe(413);
      for (let i = 0; i < 3; i++) {
        const req = eventRequest({ type: 'message', channel_type: 'im', channel: `DKA${i}`, user: `UKA${i}`, text: 'hjelp' });
        const res = await send(Buffer.from(req.body), { 'content-type': req.contentType, ...req.headers });
        expect(res.status).toBe(200);
        expect(res.ms).toBeLessThan(3_000);
      }
    } finally {
      agent.destroy();
    }
  });
});

