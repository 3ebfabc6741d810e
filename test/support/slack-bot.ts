import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { createLogger, type LogLevel } from '../../src/logging/logger.js';
import { SlackApiStub } from './slack-api-stub.js';
import { SlackTestClient, TEST_SIGNING_SECRET, type SlackUser } from './slack-client.js';
import { startTestBot, type TestBot } from './test-bot.js';

export const SLACK_TEST_ENV = (apiUrl: string): Record<string, string> => ({
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_API_URL: apiUrl,
});

export interface SlackBot {
  bot: TestBot;
  api: SlackApiStub;
  db: Db;
  /** What the bot logged, parsed (only with `opts.logLevel`; otherwise it logs nothing). */
  logs: Record<string, any>[];
  client(user: SlackUser & { locale?: string; email?: string }, dm?: string): SlackTestClient;
}

/** The real bot with Slack enabled against a Web API stand-in, for the tests of one file. */
export function useSlackBot(opts: { env?: Record<string, string>; logLevel?: LogLevel } = {}): SlackBot {
  let mongo: MongoClient | undefined;
  const harness = {
    logs: [] as Record<string, any>[],
    client(user, dm) {
      harness.api.addUser({ id: user.id, name: user.name, locale: user.locale ?? 'nb-NO', ...(user.email ? { email: user.email } : {}) });
      return new SlackTestClient(harness.bot.url, harness.api, user, dm);
    },
  } as SlackBot;
  beforeAll(async () => {
    harness.api = await SlackApiStub.start();
    const logger = opts.logLevel ? createLogger({ level: opts.logLevel, write: (line) => harness.logs.push(JSON.parse(line) as Record<string, any>) }) : undefined;
    harness.bot = await startTestBot({ env: { ...SLACK_TEST_ENV(harness.api.url), ...opts.env }, ...(logger ? { logger } : {}) });
    mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
    harness.db = mongo.db(harness.bot.dbName);
  });
  afterAll(async () => {
    await harness.bot?.stop();
    await harness.api?.stop();
    await mongo?.close();
  });
  return harness;
}
