import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../../src/main.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/core/ports.js';

export interface TestBot extends RunningBot {
  url: string;
  dbName: string;
}

/** Starts the real bot (restify + botbuilder + MongoDB) in this process on a free port and its own database. */
export async function startTestBot(opts: { dbName?: string; env?: Record<string, string>; logger?: Logger; clock?: Clock } = {}): Promise<TestBot> {
  const uri = process.env['MONGODB_URI'];
  if (!uri) throw new Error('MONGODB_URI is not set: the vitest global setup starts a MongoDB backend');
  const dbName = opts.dbName ?? `it_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const bot = await startBot({
    env: { NODE_ENV: 'test', MONGODB_URI: uri, MONGODB_DB: dbName, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...opts.env },
    logger: opts.logger ?? silentLogger,
    clock: opts.clock,
  });
  return { ...bot, url: `http://127.0.0.1:${bot.port}`, dbName };
}
