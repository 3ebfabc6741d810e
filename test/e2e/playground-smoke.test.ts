/**
 * Smoke test of the headless Agents Playground driver against the bare echo bot:
 * a text round trip through the Playground's Bot Connector mock and an Action.Execute invoke.
 * No browser, no network beyond 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoBot, type EchoBot } from '../support/echo-bot.js';
import { Playground } from '../support/playground.js';

const START_TIMEOUT = 60_000;
const TEST_TIMEOUT = 30_000;

describe('Agents Playground smoke (echo bot)', () => {
  let bot: EchoBot | undefined;
  let playground: Playground | undefined;

  beforeAll(async () => {
    bot = await startEchoBot(0);
    // Port 0: any free port, so parallel runs and a developer's own Playground on 56150 don't collide.
    playground = await Playground.start({ botEndpoint: bot.url, port: 0 });
  }, START_TIMEOUT);

  afterAll(async () => {
    await playground?.stop();
    await bot?.stop();
  }, START_TIMEOUT);

  it('echoes a text message back through the Playground', async () => {
    const pg = playground!;
    await pg.sendText('hei');
    const [reply] = await pg.nextBotMessages(1, 15_000);
    expect(reply).toMatchObject({ kind: 'create', text: 'hei', conversationId: pg.conversationId });
    expect(pg.pendingBotMessages()).toHaveLength(0);
  }, TEST_TIMEOUT);

  it('returns the card from an Action.Execute invoke', async () => {
    const pg = playground!;
    const result = await pg.invokeAction({ rapport: 42, svar: 'ja' }, 'lagre');
    expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(result.value).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'got {"rapport":42,"svar":"ja"}', wrap: true }],
    });
  }, TEST_TIMEOUT);

  it('rejects an invoke for a message that is not in the conversation', async () => {
    await expect(playground!.invokeAction({}, 'x', { replyToId: 'no-such-message' })).rejects.toThrow(/400/);
  }, TEST_TIMEOUT);
});

describe('Agents Playground locale override', () => {
  let recorder: Server | undefined;
  let playground: Playground | undefined;
  const received: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // A "bot" that only records what it gets: enough to see the locale the bot would see.
    recorder = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST') received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => recorder!.listen(0, '127.0.0.1', () => resolve()));
    const port = (recorder.address() as AddressInfo).port;
    playground = await Playground.start({
      botEndpoint: `http://127.0.0.1:${port}/api/messages`,
      port: 0,
      locale: 'nb-NO',
      user: { name: 'Kari Nordmann', aadObjectId: '11111111-2222-3333-4444-555555555555' },
    });
  }, START_TIMEOUT);

  afterAll(async () => {
    await playground?.stop();
    recorder?.closeAllConnections();
    await new Promise<void>((resolve) => (recorder ? recorder.close(() => resolve()) : resolve()));
  }, START_TIMEOUT);

  it('delivers activities with the configured locale and user', async () => {
    await playground!.sendText('hallo');
    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received[0]).toMatchObject({
      type: 'message',
      text: 'hallo',
      locale: 'nb-NO',
      from: { id: 'user-id-0', name: 'Kari Nordmann', aadObjectId: '11111111-2222-3333-4444-555555555555' },
      conversation: { id: playground!.conversationId, conversationType: 'personal' },
      serviceUrl: playground!.serviceUrl,
    });
    expect(received[0]?.entities).toContainEqual(expect.objectContaining({ type: 'clientInfo', locale: 'nb-NO', country: 'NO' }));
  }, TEST_TIMEOUT);
});
