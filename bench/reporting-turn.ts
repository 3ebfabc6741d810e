/**
 * Benchmark: the full reporting conversation ("ny rapport", eleven card answers, submit: 13 turns
 * per report) over HTTP against the real bot process and MongoDB, side by side with a bare
 * botbuilder echo bot on the same restify stack that gets the same requests. The ratio of the
 * medians is the cost our logic adds; the CPU lines say where the machine's time went.
 *
 *   npm run bench:turn        # levels 1, 10, 50 closed-loop users, then 50 users paced at 300 turns/s
 *
 * Closed loop: each simulated user sends its next turn as soon as the previous answer arrived
 * (no think time), so a level measures the latency at that many requests in flight and the most
 * turns per second the machine gives. Paced: BENCH_PACED_USERS users share an offered load of
 * BENCH_PACED_RATE turns/s on a fixed schedule; a late answer does not postpone the next turn and
 * latency is counted from the scheduled moment (no coordinated omission).
 *
 * Knobs: BENCH_REPORTS (per closed-loop level, default 40, at least 2 per user), BENCH_LEVELS
 * (default 1,10,50), BENCH_PACED_RATE (300; 0 = skip), BENCH_PACED_USERS (50), BENCH_PACED_REPORTS
 * (100), BENCH_BOT (dist|tsx), MONGODB_URI (else MongoDB runs in its own process),
 * BENCH_CPU_PROF=<dir> (CPU profile of the bot process).
 */
import { randomUUID } from 'node:crypto';
import type { RecordingConnector } from '../test/support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient } from '../test/support/teams-client.js';
import { cpuMsOf, memoryOf, ownCpuMs } from './processes.js';
import { describeMachine, runBenchmark } from './run-benchmark.js';
import { formatRow, summarise, type LatencySummary } from './stats.js';

const REPORTS = Number(process.env['BENCH_REPORTS'] ?? 40);
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,10,50').split(',').map(Number);
const PACED_RATE = Number(process.env['BENCH_PACED_RATE'] ?? 300);
const PACED_USERS = Number(process.env['BENCH_PACED_USERS'] ?? 50);
const PACED_REPORTS = Number(process.env['BENCH_PACED_REPORTS'] ?? 100);
const GROUPS = Object.keys(VALID_GROUP_INPUTS);
const TURNS_PER_REPORT = GROUPS.length + 2;

/** Called before each turn; returns the moment latency is counted from (the schedule, when paced). */
type Pacer = () => Promise<number>;
const unpaced: Pacer = () => Promise.resolve(performance.now());

function controlOf(card: any): Record<string, unknown> {
  const a = actionsOf(card).find((x) => x.verb === 'report.next' || x.verb === 'report.submit');
  if (!a) throw new Error('card without next/submit');
  return a.data;
}

/** Latencies of one measurement, all turns and by kind of turn. */
class Samples {
  readonly all: number[] = [];
  readonly byKind = new Map<string, number[]>();
  add(kind: TurnKind, ms: number): void {
    this.all.push(ms);
    const list = this.byKind.get(kind) ?? [];
    list.push(ms);
    this.byKind.set(kind, list);
  }
}

type TurnKind = 'message' | 'card answer' | 'submit';

async function timed<T>(samples: Samples, kind: TurnKind, pace: Pacer, fn: () => Promise<T>): Promise<T> {
  const from = await pace();
  const out = await fn();
  samples.add(kind, performance.now() - from);
  return out;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'be', 'da', 'fi', 'gu', 'ho', 'je', 'pa', 'se', 'to', 've'];
const pseudoWord = () => Array.from({ length: 4 }, () => SYLLABLES[Math.floor(Math.random() * SYLLABLES.length)]).join('');

/**
 * Every simulated report is a different project, as in real use: a made-up two-word name and short
 * name. (Were they all "Digital byggesøknad" of one agency, the duplicate warning of the first card
 * would find every earlier report as a candidate — a case the benchmark does not aim at.)
 */
function inputsFor(group: string): Record<string, string> {
  const inputs = VALID_GROUP_INPUTS[group] as Record<string, string>;
  if (group !== 'identification') return inputs;
  const name = `${pseudoWord()} ${pseudoWord()}`;
  return { ...inputs, projectName: name[0]!.toUpperCase() + name.slice(1), shortName: pseudoWord().toUpperCase() };
}

/** One user writes a whole report: "ny rapport", 11 card answers and the submit. */
async function oneReport(botUrl: string, connector: RecordingConnector, samples: Samples, pace: Pacer): Promise<void> {
  const id = randomUUID();
  const client = new TeamsTestClient(botUrl, connector, { id: `29:${id}`, aadObjectId: id, name: 'Bench User', locale: 'nb-NO' });
  let card = cardOf((await timed(samples, 'message', pace, () => client.say('ny rapport')))[0]);
  for (const group of GROUPS) {
    const inputs = inputsFor(group);
    const res = await timed(samples, 'card answer', pace, () => client.press('report.next', { ...controlOf(card), ...inputs }));
    if (res.status !== 200 || res.body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`turn failed with ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    card = res.body.value;
  }
  const done = await timed(samples, 'submit', pace, () => client.press('report.submit', controlOf(card)));
  if (done.status !== 200) throw new Error('submit failed');
}

/** The same requests against the echo bot: HTTP + botbuilder + restify, no logic, no database. */
async function oneEchoSeries(echoUrl: string, connector: RecordingConnector, samples: Samples, pace: Pacer): Promise<void> {
  const id = randomUUID();
  const client = new TeamsTestClient(echoUrl, connector, { id: `29:${id}`, aadObjectId: id, name: 'Echo', locale: 'nb-NO' });
  await timed(samples, 'message', pace, () => client.say('ny rapport'));
  for (const group of [...GROUPS, 'submit']) {
    const res = await timed(samples, group === 'submit' ? 'submit' : 'card answer', pace, () => client.press('report.next', { _report: 'x', _rev: 0, _step: group, ...VALID_GROUP_INPUTS[group] }));
    if (res.status !== 200) throw new Error(`echo failed with ${res.status}`);
  }
}

type Job = (samples: Samples, pace: Pacer) => Promise<void>;

interface Measured {
  stats: LatencySummary;
  byKind: Map<string, LatencySummary>;
  /** CPU milliseconds per turn: the server under test, MongoDB, this load generator. */
  cpu: { server: number; db: number; client: number };
}

interface CpuProbe {
  serverPid: number;
  dbPid?: number;
}

async function measure(probe: CpuProbe, turnsPerJob: number, run: (samples: Samples) => Promise<void>): Promise<Measured> {
  const samples = new Samples();
  const before = { server: cpuMsOf(probe.serverPid), db: probe.dbPid ? cpuMsOf(probe.dbPid) : 0, client: ownCpuMs() };
  const t0 = performance.now();
  await run(samples);
  const wall = performance.now() - t0;
  const n = samples.all.length;
  if (n % turnsPerJob !== 0) throw new Error(`incomplete series: ${n} samples`);
  return {
    stats: summarise(samples.all, wall),
    byKind: new Map([...samples.byKind].map(([kind, list]) => [kind, summarise(list, wall)])),
    cpu: {
      server: (cpuMsOf(probe.serverPid) - before.server) / n,
      db: probe.dbPid ? (cpuMsOf(probe.dbPid) - before.db) / n : NaN,
      client: (ownCpuMs() - before.client) / n,
    },
  };
}

/** `users` closed-loop users share `total` jobs. */
function closedLoop(users: number, total: number, job: Job) {
  return async (samples: Samples) => {
    let started = 0;
    const worker = async () => {
      while (started < total) {
        started += 1;
        await job(samples, unpaced);
      }
    };
    await Promise.all(Array.from({ length: users }, worker));
  };
}

/** `users` users on a fixed schedule that offers `rate` turns/s in all, until `total` jobs are done. */
function paced(users: number, rate: number, total: number, job: Job) {
  return async (samples: Samples) => {
    const interval = (1000 * users) / rate;
    const t0 = performance.now() + 20;
    let started = 0;
    const worker = async (i: number) => {
      let slot = t0 + (i * interval) / users;
      const pace: Pacer = async () => {
        const at = slot;
        slot += interval;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        return at;
      };
      while (started < total) {
        started += 1;
        await job(samples, pace);
      }
    };
    await Promise.all(Array.from({ length: users }, (_, i) => worker(i)));
  };
}

const fmt = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(2));
const pad = ''.padEnd(34);
const cpuLine = (m: Measured, server: string) =>
  `${pad} CPU per turn: ${server} ${fmt(m.cpu.server)} ms, MongoDB ${fmt(m.cpu.db)} ms, load generator ${fmt(m.cpu.client)} ms`;
const kindsLine = (m: Measured) =>
  `${pad} by turn: ${[...m.byKind].map(([kind, s]) => `${kind} median ${fmt(s.median)} / p99 ${fmt(s.p99)} ms`).join('; ')}`;

runBenchmark({ dbPrefix: 'bench', botEnv: { LOG_LEVEL: 'warn' } }, async ({ mongo, connector, bot, echo }) => {
  console.log(describeMachine({ mongo, bot }));
  console.log(`${TURNS_PER_REPORT} turns per report ("ny rapport", ${GROUPS.length} card answers, submit); closed-loop levels ${LEVELS.join(', ')} with ${REPORTS} reports each (at least 2 per user)\n`);
  const botProbe = { serverPid: bot.pid, dbPid: mongo.pid };
  const echoProbe = { serverPid: echo.pid, dbPid: mongo.pid };
  const report: Job = (s, p) => oneReport(bot.url, connector, s, p);
  const echoSeries: Job = (s, p) => oneEchoSeries(echo.url, connector, s, p);
  // Warm-up: JIT, connection pools, indexes.
  await measure(botProbe, TURNS_PER_REPORT, closedLoop(4, 12, report));
  await measure(echoProbe, TURNS_PER_REPORT, closedLoop(4, 12, echoSeries));

  const table: string[] = [];
  const tableRow = (label: string, m: Measured) =>
    table.push(`| ${label} | ${m.stats.median.toFixed(2)} ms | ${m.stats.p95.toFixed(2)} ms | ${m.stats.p99.toFixed(2)} ms | ${m.stats.throughput.toFixed(0)} turns/s | ${fmt(m.cpu.server)} ms |`);
  for (const level of LEVELS) {
    const total = Math.max(REPORTS, 2 * level);
    const e = await measure(echoProbe, TURNS_PER_REPORT, closedLoop(level, total, echoSeries));
    const r = await measure(botProbe, TURNS_PER_REPORT, closedLoop(level, total, report));
    console.log(formatRow(`echo bot (baseline), ${level} users`, e.stats));
    console.log(cpuLine(e, 'echo bot'));
    console.log(formatRow(`reporting turn, ${level} users`, r.stats));
    console.log(kindsLine(r));
    console.log(cpuLine(r, 'bot'));
    console.log(`${pad} ratio reporting/echo: median ${(r.stats.median / e.stats.median).toFixed(2)}×, CPU per turn ${(r.cpu.server / e.cpu.server).toFixed(2)}×\n`);
    tableRow(`echo bot, ${level} users`, e);
    tableRow(`reporting, ${level} users`, r);
  }
  if (PACED_RATE > 0) {
    const e = await measure(echoProbe, TURNS_PER_REPORT, paced(PACED_USERS, PACED_RATE, PACED_REPORTS, echoSeries));
    const r = await measure(botProbe, TURNS_PER_REPORT, paced(PACED_USERS, PACED_RATE, PACED_REPORTS, report));
    const label = `${PACED_USERS} users at ${PACED_RATE}/s`;
    console.log(`paced: ${PACED_USERS} users offering ${PACED_RATE} turns/s in all, ${PACED_REPORTS} reports`);
    console.log(formatRow(`echo bot, ${label}`, e.stats));
    console.log(cpuLine(e, 'echo bot'));
    console.log(formatRow(`reporting, ${label}`, r.stats));
    console.log(kindsLine(r));
    console.log(cpuLine(r, 'bot'));
    console.log(`${pad} ratio reporting/echo: median ${(r.stats.median / e.stats.median).toFixed(2)}×\n`);
    tableRow(`echo bot, ${label} (paced)`, e);
    tableRow(`reporting, ${label} (paced)`, r);
  }
  const mem = memoryOf(bot.pid);
  console.log(`bot process after the run: RSS ${mem.rssMb.toFixed(0)} MB, peak RSS ${mem.peakMb.toFixed(0)} MB\n`);
  console.log('| | median | p95 | p99 | throughput | server CPU per turn |\n|---|---|---|---|---|---|');
  console.log(table.join('\n'));
});
