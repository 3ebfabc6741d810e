/**
 * Benchmark: time of one reporting turn (an Action.Execute card answer: validate, store with
 * optimistic concurrency in MongoDB, render the next card) measured over HTTP against the real bot
 * process, side by side with a bare botbuilder echo bot on the same restify stack.
 *
 *   npm run bench:turn                 # defaults: 40 reports per concurrency level, levels 1 and 10
 *   BENCH_REPORTS=100 BENCH_LEVELS=1,10,50 npm run bench:turn
 *
 * MongoDB: MONGODB_URI if set, else the same backend selection as the tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { RecordingConnector } from '../test/support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient } from '../test/support/teams-client.js';
import { runBenchmark } from './run-benchmark.js';
import { formatRow, summarise } from './stats.js';

const REPORTS = Number(process.env['BENCH_REPORTS'] ?? 40);
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,10').split(',').map(Number);
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

function controlOf(card: any): Record<string, unknown> {
  const a = actionsOf(card).find((x) => x.verb === 'report.next' || x.verb === 'report.submit');
  if (!a) throw new Error('card without next/submit');
  return a.data;
}

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  samples.push(performance.now() - t0);
  return out;
}

/** One user writes a whole report: 11 card answers and the submit are the measured turns. */
async function oneReport(botUrl: string, connector: RecordingConnector, samples: number[]): Promise<void> {
  const id = randomUUID();
  const client = new TeamsTestClient(botUrl, connector, { id: `29:${id}`, aadObjectId: id, name: 'Bench User', locale: 'nb-NO' });
  let card = cardOf((await client.say('ny rapport'))[0]);
  for (const group of GROUPS) {
    const res = await timed(samples, () => client.press('report.next', { ...controlOf(card), ...VALID_GROUP_INPUTS[group] }));
    if (res.status !== 200) throw new Error(`turn failed with ${res.status}`);
    card = res.body.value;
  }
  const done = await timed(samples, () => client.press('report.submit', controlOf(card)));
  if (done.status !== 200) throw new Error('submit failed');
}

/** The same invoke payload against the echo bot: HTTP + botbuilder + restify, no logic, no database. */
async function oneEchoSeries(echoUrl: string, connector: RecordingConnector, samples: number[]): Promise<void> {
  const client = new TeamsTestClient(echoUrl, connector, { id: '29:echo', aadObjectId: 'echo', name: 'Echo', locale: 'nb-NO' });
  for (const group of [...GROUPS, 'submit']) {
    const res = await timed(samples, () => client.press('report.next', { _report: 'x', _rev: 0, _step: group, ...VALID_GROUP_INPUTS[group] }));
    if (res.status !== 200) throw new Error(`echo failed with ${res.status}`);
  }
}

async function runLevel(concurrency: number, total: number, job: (samples: number[]) => Promise<void>) {
  const samples: number[] = [];
  let started = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (started < total) {
      started += 1;
      await job(samples);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise(samples, performance.now() - t0);
}

function rssOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return `${(kb / 1024).toFixed(0)} MB`;
}

runBenchmark({ dbPrefix: 'bench', botEnv: { LOG_LEVEL: 'warn' } }, async ({ mongo, connector, bot, echo }) => {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`mongodb: ${mongo.kind}; ${REPORTS} reports (${GROUPS.length + 1} measured turns each) per level\n`);
  // Warm-up: JIT, connection pools, indexes.
  await runLevel(2, 4, (s) => oneReport(bot.url, connector, s));
  await runLevel(2, 4, (s) => oneEchoSeries(echo.url, connector, s));
  for (const level of LEVELS) {
    const echoStats = await runLevel(level, REPORTS, (s) => oneEchoSeries(echo.url, connector, s));
    const botStats = await runLevel(level, REPORTS, (s) => oneReport(bot.url, connector, s));
    console.log(formatRow(`echo bot (baseline), ${level} users`, echoStats));
    console.log(formatRow(`reporting turn, ${level} users`, botStats));
    console.log(`${''.padEnd(34)} median ratio reporting/echo = ${(botStats.median / echoStats.median).toFixed(2)}×\n`);
  }
  console.log(`bot process RSS after the run: ${rssOf(bot.pid)}`);
});
