/**
 * Benchmark: start-up time to ready, from spawning the bot process to the first 200 of /readyz
 * (polled every 10 ms): settings, content and card templates loaded and validated, MongoDB
 * connected, collections and indexes ensured, HTTP listening. Several runs, each on a fresh
 * database; the median counts. Both ways of running it: the built bot (`npm start`) and from
 * source through tsx (`npm run local`, the tests).
 *
 *   npm run bench:startup         # BENCH_STARTS=7
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, spawnBot, startBenchMongo, type BotBuild } from './processes.js';
import { runMain } from './run-benchmark.js';
import { summarise } from './stats.js';
import { cpus } from 'node:os';

const RUNS = Number(process.env['BENCH_STARTS'] ?? 7);

async function main(): Promise<void> {
  const mongo = await startBenchMongo();
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; mongodb: ${mongo.kind}${mongo.pid ? ' (own process)' : ''}; ${RUNS} runs each\n`);
    const builds: BotBuild[] = existsSync(resolve(ROOT, 'dist/src/main.js')) ? ['dist', 'tsx'] : ['tsx'];
    if (!builds.includes('dist')) console.log('(dist/src/main.js missing: run `npm run build` to measure the built bot)');
    for (const build of builds) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const bot = await spawnBot({ mongoUri: mongo.uri, dbName: `bench_start_${Date.now()}_${i}`, build, pollMs: 10, env: { JOBS_ENABLED: 'false' } });
        times.push(bot.readyMs);
        await bot.stop();
      }
      const s = summarise(times, 1);
      const label = build === 'dist' ? 'node dist/src/main.js (npm start)' : 'node --import tsx src/main.ts';
      console.log(`${label.padEnd(36)} spawn → /readyz 200: median ${s.median.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${s.max.toFixed(0)} ms  [${times.map((t) => t.toFixed(0)).join(', ')}]`);
    }
  } finally {
    await mongo.stop();
  }
}

runMain(main);
