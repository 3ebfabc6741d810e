import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { RecordingConnector } from './recording-connector.js';
import { TeamsTestClient, type TeamsUser } from './teams-client.js';
import { startTestBot, type TestBot } from './test-bot.js';

/** The real bot over HTTP for one test file; the fields are set before the file's tests run. */
export interface BotOverHttp {
  bot: TestBot;
  /** Where the bot's replies and proactive messages land. */
  connector: RecordingConnector;
  /** The bot's own database, through a separate client. */
  db: Db;
  /** A Teams user talking to the bot, in a personal chat unless a conversation is given. */
  client(user: TeamsUser, conversationId?: string, conversationType?: 'personal' | 'groupChat' | 'channel'): TeamsTestClient;
}

/**
 * Starts a recording connector, the bot (on its own database) and a MongoDB client before all
 * tests of the calling file, and stops them after.
 */
export function useBotOverHttp(opts?: Parameters<typeof startTestBot>[0]): BotOverHttp {
  let mongo: MongoClient | undefined;
  const http = {
    client: (user, conversationId, conversationType) => new TeamsTestClient(http.bot.url, http.connector, user, conversationId, conversationType),
  } as BotOverHttp;
  beforeAll(async () => {
    http.connector = await RecordingConnector.start();
    http.bot = await startTestBot(opts);
    mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
    http.db = mongo.db(http.bot.dbName);
  });
  afterAll(async () => {
    await http.bot?.stop();
    await http.connector?.stop();
    await mongo?.close();
  });
  return http;
}
