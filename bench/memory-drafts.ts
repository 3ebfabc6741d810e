/**
 * Benchmark: resident memory (VmRSS from /proc) of the bot process with 1,000 active drafts.
 * 1,000 simulated Teams users each write "ny rapport" and answer the first two cards over HTTP
 * (10 at a time); then the bot gets a few seconds without traffic and a full garbage collection
 * (SIGUSR2 through the bench/gc-on-signal.mjs preload), and its RSS is read again.
 *
 *   npm run bench:memory          # BENCH_DRAFTS=1000, BENCH_BOT=dist|tsx
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { RecordingConnector } from '../test/support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient } from '../test/support/teams-client.js';
import { memoryOf, spawnBot, startBenchMongo } from './processes.js';
import { describeMachine, runMain } from './run-benchmark.js';

const DRAFTS = Number(process.env['BENCH_DRAFTS'] ?? 1000);
const CONCURRENCY = 10;
const TARGET_MB = 300;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oneDraft(botUrl: string, connector: RecordingConnector): Promise<void> {
  const id = randomUUID();
  const client = new TeamsTestClient(botUrl, connector, { id: `29:${id}`, aadObjectId: id, name: 'Memory Bench', locale: 'nb-NO' });
  let card = cardOf((await client.say('ny rapport'))[0]);
  for (const group of ['identification', 'description']) {
    const control = actionsOf(card).find((a) => a.verb === 'report.next')?.data;
    const res = await client.press('report.next', { ...control, ...VALID_GROUP_INPUTS[group] });
    if (res.status !== 200 || res.body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`answer failed: ${res.status}`);
    card = res.body.value;
  }
}

async function forcedSettle(pid: number, output: string[]): Promise<void> {
  await settle(3_000);
  const before = output.join('').split('gc-done').length;
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 50 && output.join('').split('gc-done').length === before; i++) await settle(100);
  await settle(1_000);
}

async function main(): Promise<void> {
  const mongo = await startBenchMongo();
  const connector = await RecordingConnector.start();
  const dbName = `bench_memory_${Date.now()}`;
  const preload = fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url));
  const bot = await spawnBot({ mongoUri: mongo.uri, dbName, env: { NODE_OPTIONS: `--import=${preload}` } });
  const db = new MongoClient(mongo.uri);
  try {
    console.log(describeMachine({ mongo, bot }));
    await forcedSettle(bot.pid, bot.output);
    const idle = memoryOf(bot.pid);
    console.log(`idle after start:            RSS ${idle.rssMb.toFixed(0)} MB`);

    const t0 = performance.now();
    let started = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < DRAFTS) {
          started += 1;
          await oneDraft(bot.url, connector);
        }
      }),
    );
    const loaded = memoryOf(bot.pid);
    const drafts = await db.db(dbName).collection('reports').countDocuments({ state: 'UTKAST' });
    console.log(`${drafts} drafts created over HTTP in ${((performance.now() - t0) / 1000).toFixed(1)} s (3 turns each, ${CONCURRENCY} users at a time)`);
    console.log(`right after the load:        RSS ${loaded.rssMb.toFixed(0)} MB (peak so far ${loaded.peakMb.toFixed(0)} MB)`);
    await forcedSettle(bot.pid, bot.output);
    const settled = memoryOf(bot.pid);
    console.log(`after a forced settle:       RSS ${settled.rssMb.toFixed(0)} MB (peak ${settled.peakMb.toFixed(0)} MB)`);
    console.log(`target < ${TARGET_MB} MB RSS with ${DRAFTS} drafts, after the settle: ${settled.rssMb < TARGET_MB ? 'met' : 'missed'} (${settled.rssMb.toFixed(0)} MB); peak during the load: ${settled.peakMb < TARGET_MB ? 'under' : 'over'} (${settled.peakMb.toFixed(0)} MB)`);
  } finally {
    await db.close();
    await bot.stop();
    await connector.stop();
    await mongo.stop();
  }
}

runMain(main);
