import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/test-bot.js';

let bot: TestBot;
let mongo: MongoClient;

beforeAll(async () => {
  bot = await startTestBot({ env: { JOBS_ENABLED: 'false' } });
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
});

afterAll(async () => {
  await bot?.stop();
  await mongo?.close();
});

describe('published overview on the bot server', () => {
  it('is served by the bot and refuses operator parameters with a clear page and an audit entry', async () => {
    expect((await fetch(`${bot.url}/overview`)).status).toBe(200);
    const res = await fetch(`${bot.url}/overview?ministry[$ne]=x&foo=1`);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toMatch(/ministry/);
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
    const entries = await mongo.db(bot.dbName).collection('audit_log').find({ action: 'overview-query' }).toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'refused', reason: 'invalid-query', actor: { platform: 'web' } });
    expect((entries[0]?.['details'] as string[]).join(' ')).toMatch(/ministry/);
  });
});
