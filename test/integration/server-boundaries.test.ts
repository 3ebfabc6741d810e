import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { EnvError, loadSettings } from '../../src/settings/env.js';
import { freePort, startBotProcess } from '../support/bot-process.js';
import { InProcessMongoServer } from '../support/mongo/index.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts } from '../support/teams-client.js';
import { startTestBot } from '../support/test-bot.js';

const baseEnv = { MONGODB_URI: 'mongodb://127.0.0.1:1/x' };

describe('environment validation', () => {
  it('refuses to start in production without Microsoft app credentials', () => {
    expect(() => loadSettings({ ...baseEnv, NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => loadSettings({ ...baseEnv, NODE_ENV: 'production' })).toThrow(/MicrosoftAppId/);
    expect(loadSettings({ ...baseEnv, NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' }).microsoftApp.authenticated).toBe(true);
  });

  it('accepts local unauthenticated traffic outside production, on port 3978 by default', () => {
    const s = loadSettings(baseEnv);
    expect(s.microsoftApp.authenticated).toBe(false);
    expect(s.port).toBe(3978);
  });

  it('names the broken variable without echoing its value', () => {
    const secret = 'not-a-uri-but-a-secret-Passw0rd';
    try {
      loadSettings({ MONGODB_URI: secret, PORT: 'abc' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/MONGODB_URI/);
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it('keeps secrets out of the logs', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.info('start', { MicrosoftAppPassword: 'hunter2', mongo: { uri: 'mongodb://admin:s3cret@db:27017/x' } });
    expect(lines.join('')).not.toContain('hunter2');
    expect(lines.join('')).not.toContain('s3cret');
  });
});

describe('with app credentials', () => {
  it('rejects /api/messages requests without a Bot Framework token', async () => {
    const bot = await startTestBot({ env: { MicrosoftAppId: randomUUID(), MicrosoftAppPassword: 'test-secret' } });
    try {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'ny rapport', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1', from: { id: 'x' }, conversation: { id: 'c' }, recipient: { id: 'b' } }),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(/at .*\.js:\d+/);
    } finally {
      await bot.stop();
    }
  });
});

describe('process lifecycle', () => {
  it('shuts down gracefully on SIGTERM', async () => {
    const bot = await startBotProcess({ port: await freePort(), dbName: `life_${randomUUID().slice(0, 8)}` });
    expect(await bot.kill('SIGTERM')).toBe(0);
    expect(bot.output.join('')).toContain('"msg":"stopped"');
  });
});

describe('a MongoDB outage', () => {
  let mongo: InProcessMongoServer;
  let connector: RecordingConnector;

  beforeAll(async () => {
    mongo = await InProcessMongoServer.start();
    connector = await RecordingConnector.start();
  });
  afterAll(async () => {
    await connector.stop();
    await mongo.stop();
  });

  it('tells the user to try again, reports not ready, keeps what was acknowledged and recovers without a restart', async () => {
    const bot = await startTestBot({ env: { MONGODB_URI: mongo.uri } });
    try {
      const client = new TeamsTestClient(bot.url, connector, { id: '29:kari', aadObjectId: 'aad-kari', name: 'Kari Nordmann', locale: 'nb-NO' });
      const first = cardOf((await client.say('ny rapport'))[0]);
      const control = actionsOf(first).find((a) => a.verb === 'report.next')!.data;
      const second = (await client.press('report.next', { ...control, ...VALID_GROUP_INPUTS['identification'] })).body.value;
      const control2 = actionsOf(second).find((a) => a.verb === 'report.next')!.data;

      await mongo.pause();
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
      const during = await client.press('report.next', { ...control2, ...VALID_GROUP_INPUTS['description'] });
      expect(during.body.type).toBe('application/vnd.microsoft.error');
      expect(during.body.value.message).toContain('prøv igjen');
      expect(JSON.stringify(during.body)).not.toMatch(/Mongo|ECONNREFUSED|stack/i);

      await mongo.resume();
      await expect.poll(async () => (await fetch(`${bot.url}/readyz`)).status, { timeout: 15_000, interval: 250 }).toBe(200);
      // The same card, pressed again, now goes through; the first group's answers were kept.
      const after = await client.press('report.next', { ...control2, ...VALID_GROUP_INPUTS['description'] });
      expect(visibleTexts(after.body.value).join('\n')).toContain('Steg 3 av 11');
    } finally {
      await bot.stop();
    }
  }, 60_000);
});
