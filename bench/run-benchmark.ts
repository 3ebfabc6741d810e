import { freePort, startBotProcess, type BotProcess } from '../test/support/bot-process.js';
import { startMongoBackend, type MongoBackend } from '../test/support/mongo-backend.js';
import { RecordingConnector } from '../test/support/recording-connector.js';
import { startEcho } from './echo-process.js';

/** What a benchmark runs against: the real bot process and the bare echo bot, both talking to one connector. */
export interface BenchmarkSetup {
  mongo: MongoBackend;
  connector: RecordingConnector;
  bot: BotProcess;
  echo: Awaited<ReturnType<typeof startEcho>>;
  /** The bot's database. */
  dbName: string;
}

/**
 * Starts MongoDB (MONGODB_URI if set, else the same backend selection as the tests), a recording
 * connector, the bot process on database `<dbPrefix>_<now>` and the echo bot; runs `body`; stops
 * them all and exits the process with 0, or 1 after printing the error.
 */
export function runBenchmark(opts: { dbPrefix: string; botEnv: Record<string, string> }, body: (setup: BenchmarkSetup) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const mongo = await startMongoBackend();
    process.env['MONGODB_URI'] = process.env['MONGODB_URI'] ?? mongo.uri;
    const dbName = `${opts.dbPrefix}_${Date.now()}`;
    const connector = await RecordingConnector.start();
    const bot = await startBotProcess({ port: await freePort(), dbName, env: opts.botEnv });
    const echo = await startEcho(await freePort());
    try {
      await body({ mongo, connector, bot, echo, dbName });
    } finally {
      echo.stop();
      await bot.kill('SIGTERM');
      await connector.stop();
      await mongo.stop();
    }
  };
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
