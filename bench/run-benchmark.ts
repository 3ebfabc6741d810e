import { cpus, totalmem } from 'node:os';
import { RecordingConnector } from '../test/support/recording-connector.js';
import { startEcho } from './echo-process.js';
import { freePort } from '../test/support/bot-process.js';
import { spawnBot, startBenchMongo, type BenchBot, type BenchMongo } from './processes.js';

/** What a benchmark runs against: the real bot process and the bare echo bot, both talking to one connector. */
export interface BenchmarkSetup {
  mongo: BenchMongo;
  connector: RecordingConnector;
  bot: BenchBot;
  echo: Awaited<ReturnType<typeof startEcho>>;
  /** The bot's database. */
  dbName: string;
}

/** One line naming the machine, Node, the bot build and the MongoDB backend. */
export function describeMachine(setup: { mongo: BenchMongo; bot: BenchBot }): string {
  const cpu = cpus();
  return (
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ` +
    `bot: ${setup.bot.build === 'dist' ? 'node dist/src/main.js (built)' : 'node --import tsx src/main.ts'}; mongodb: ${setup.mongo.kind}` +
    (setup.mongo.pid ? ' (own process)' : '')
  );
}

/**
 * Starts MongoDB (MONGODB_URI if set, else in its own process with the tests' backend selection),
 * a recording connector, the bot process on database `<dbPrefix>_<now>` and the echo bot; runs
 * `body`; stops them all and exits the process with 0, or 1 after printing the error.
 */
export function runBenchmark(opts: { dbPrefix: string; botEnv: Record<string, string> }, body: (setup: BenchmarkSetup) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const mongo = await startBenchMongo();
    const dbName = `${opts.dbPrefix}_${Date.now()}`;
    const connector = await RecordingConnector.start();
    const bot = await spawnBot({ mongoUri: mongo.uri, dbName, env: opts.botEnv });
    const echo = await startEcho(await freePort());
    try {
      await body({ mongo, connector, bot, echo, dbName });
    } finally {
      echo.stop();
      await bot.stop();
      await connector.stop();
      await mongo.stop();
    }
  };
  runMain(run);
}

/** Runs a benchmark's `main` and exits the process with 0, or 1 after printing the error. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
