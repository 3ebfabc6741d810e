/**
 * Benchmark: how fast the bot acknowledges signed Slack requests from 1, 10 and 50 concurrent
 * senders, over real HTTP against the real bot process (restify + Bolt + MongoDB), with a local
 * stand-in for the Slack Web API, side by side with a bare Bolt app that only acknowledges (the
 * baseline, bench/bolt-baseline-server.ts). Slack retries anything not acknowledged within 3 s.
 *
 *   npm run bench:slack
 *
 * Each sender is one Slack user in a closed loop (next request when the previous one was
 * answered): a DM event ("hjelp"), a slash command ("hjelp"), a button click (help), in turn.
 * These are acknowledged on arrival and the work continues after the answer; the benchmark also
 * waits until every answer was posted to the Web API stand-in. A second round measures view
 * submissions, whose acknowledgement carries the answer (`response_action`): each sender opens a
 * report and submits its first modal.
 *
 * Knobs: BENCH_SENDERS (50), BENCH_SLACK_LEVELS (1,10,50), BENCH_REQUESTS (per sender, 30),
 * BENCH_SLACK_RATE (paced round, 300 requests/s; 0 skips it), BENCH_BOT (dist|tsx, as bench:turn),
 * MONGODB_URI (else a MongoDB backend as in the tests, in its own process as in bench:turn, so the
 * load generator's event loop, which times the answers, does not also run the database).
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { SlackApiStub } from '../test/support/slack-api-stub.js';
import { commandRequest, eventRequest, interactionRequest, sendSigned, stateFor, TEST_SIGNING_SECRET, type SignedRequest } from '../test/support/slack-client.js';
import { MONGO_BACKEND_LABELS } from '../test/support/mongo-backend.js';
import { cpuMsOf, ownCpuMs, spawnBot, startBenchMongo } from './processes.js';
import { runMain } from './run-benchmark.js';
import { startBoltBaseline } from './echo-process.js';
import { freePort } from '../test/support/bot-process.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { formatRow, summarise } from './stats.js';

const SENDERS = Number(process.env['BENCH_SENDERS'] ?? 50);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 30);
const PACED_RATE = Number(process.env['BENCH_SLACK_RATE'] ?? 300);
const LEVELS = (process.env['BENCH_SLACK_LEVELS'] ?? '1,10,50').split(',').map(Number).filter((n) => n >= 1 && n <= SENDERS);

type Kind = 'event' | 'command' | 'action';

function requestFor(kind: Kind, userId: string, n: number): SignedRequest {
  const dm = `D${userId.slice(1)}`;
  if (kind === 'event') return eventRequest({ type: 'message', channel_type: 'im', channel: dm, user: userId, text: 'hjelp', ts: `${Date.now() / 1000}` }, { eventId: `Ev${randomUUID()}` });
  if (kind === 'command') return commandRequest({ command: '/samhandling', text: 'hjelp', user_id: userId, user_name: 'bench', team_id: 'T0TEST', channel_id: dm, channel_name: 'directmessage', trigger_id: `trig-${randomUUID()}` });
  const action = { type: 'button', action_id: 'nav.help', block_id: 'b', value: '{}', action_ts: `${Date.now() / 1000}.${n}` };
  return interactionRequest({ type: 'block_actions', user: { id: userId, name: 'bench', team_id: 'T0TEST' }, team: { id: 'T0TEST' }, trigger_id: `trig-${randomUUID()}`, actions: [action], container: { type: 'message', channel_id: dm, message_ts: '1.1' }, channel: { id: dm }, message: { ts: '1.1' } });
}

/**
 * `pace`, when given, is this sender's schedule (ms from the start, one entry per request): the
 * request waits for its moment and its latency counts from that moment, so a late answer is not
 * hidden by the sender starting its next request late (no coordinated omission).
 */
async function sender(url: string, userId: string, samples: Map<Kind, number[]>, requests: number, pace?: { start: number; at: (i: number) => number }): Promise<void> {
  const kinds: Kind[] = ['event', 'command', 'action'];
  for (let i = 0; i < requests; i++) {
    const kind = kinds[i % kinds.length] as Kind;
    const due = pace ? pace.start + pace.at(i) : performance.now();
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const res = await sendSigned(url, requestFor(kind, userId, i));
    if (res.status !== 200) throw new Error(`${kind} answered ${res.status}`);
    samples.get(kind)!.push(pace ? performance.now() - due : res.ms);
  }
}

async function viewRound(url: string, api: SlackApiStub, userId: string, samples: number[]): Promise<void> {
  const trigger = `trig-${randomUUID()}`;
  await sendSigned(url, commandRequest({ command: '/samhandling', text: 'ny rapport', user_id: userId, user_name: 'bench', team_id: 'T0TEST', channel_id: `D${userId.slice(1)}`, channel_name: 'directmessage', trigger_id: trigger }));
  const [open] = await api.waitFor('views.open', 1, (c) => c.args['trigger_id'] === trigger, 30_000);
  const view = open!.result['view'];
  const payload = { type: 'view_submission', user: { id: userId, name: 'bench', team_id: 'T0TEST' }, team: { id: 'T0TEST' }, view: { ...view, state: stateFor(view, VALID_GROUP_INPUTS['identification'] as Record<string, string>) } };
  const res = await sendSigned(url, interactionRequest(payload));
  if (res.body?.response_action !== 'update') throw new Error(`view submission answered ${JSON.stringify(res.body).slice(0, 200)}`);
  samples.push(res.ms);
}

/** The baseline's view submission: the same kind of request, acknowledged without any work. */
async function baselineViewRound(url: string, userId: string, samples: number[]): Promise<void> {
  const view = { id: `V${randomUUID().slice(0, 8)}`, type: 'modal', callback_id: 'report.group', private_metadata: '{}', state: { values: {} } };
  const res = await sendSigned(url, interactionRequest({ type: 'view_submission', user: { id: userId, name: 'bench', team_id: 'T0TEST' }, team: { id: 'T0TEST' }, view }));
  if (res.status !== 200) throw new Error(`baseline view submission answered ${res.status}`);
  samples.push(res.ms);
}

const newSamples = () => new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
const ratio = (bot: number[], base: number[]) => `${(summarise(bot, 1).median / summarise(base, 1).median).toFixed(2)}×`;

async function main(): Promise<void> {
  const mongo = await startBenchMongo();
  const api = await SlackApiStub.start();
  const users = Array.from({ length: SENDERS }, (_, i) => `UB${String(i).padStart(4, '0')}`);
  users.forEach((id) => api.addUser({ id, name: `Bench ${id}` }));
  const bot = await spawnBot({
    mongoUri: mongo.uri,
    dbName: `bench_slack_${randomUUID().slice(0, 8)}`,
    env: { LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: api.url },
  });
  const base = await startBoltBaseline(await freePort(), TEST_SIGNING_SECRET, api.url);
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; bot: ${bot.build}; MongoDB: ${MONGO_BACKEND_LABELS[mongo.kind]}${mongo.pid ? ' (own process)' : ''}`);
    console.log('baseline: a bare @slack/bolt app on its own HTTP receiver that only acknowledges, its own process');
    const cpuNow = () => ({ bot: cpuMsOf(bot.pid), db: mongo.pid ? cpuMsOf(mongo.pid) : 0, client: ownCpuMs() });
    await Promise.all(users.map((u) => sender(bot.url, u, newSamples(), 3)));
    await Promise.all(users.map((u) => sender(base.url, u, newSamples(), 3)));
    const answers = () => api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
    const waitForAnswers = async (count: number, since: number) => {
      while (answers() < count) {
        if (performance.now() - since > 120_000) throw new Error(`only ${answers()} of ${count} answers were posted`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    for (const level of LEVELS) {
      const senders = users.slice(0, level);
      const baseline = newSamples();
      const b0 = performance.now();
      await Promise.all(senders.map((u) => sender(base.url, u, baseline, REQUESTS)));
      const baseAll = [...baseline.values()].flat();
      const samples = newSamples();
      const posted = answers();
      const cpu0 = cpuNow();
      const started = performance.now();
      await Promise.all(senders.map((u) => sender(bot.url, u, samples, REQUESTS)));
      const wall = performance.now() - started;
      const all = [...samples.values()].flat();
      await waitForAnswers(posted + all.length, started);
      const workDone = performance.now() - started;
      const cpu1 = cpuNow();
      const per = (k: 'bot' | 'db' | 'client') => ((cpu1[k] - cpu0[k]) / all.length).toFixed(2);
      console.log(`\n${level} sender(s) × ${REQUESTS} signed requests, closed loop (acknowledged on arrival, work after the ack):`);
      console.log(formatRow('baseline (bare Bolt), ack', summarise(baseAll, started - b0)));
      for (const [kind, list] of samples) console.log(formatRow(`ack ${kind}`, summarise(list, wall)));
      console.log(formatRow('ack, all', summarise(all, wall)));
      console.log(`ratio bot/baseline: median ${ratio(all, baseAll)}; every answer posted to the Web API stand-in ${(workDone - wall).toFixed(0)} ms after the last ack (${all.length} in ${(workDone / 1000).toFixed(1)} s); over 3 s: ${all.filter((ms) => ms >= 3_000).length}`);
      console.log(`CPU per request (ack and work): bot ${per('bot')} ms, MongoDB ${per('db')} ms, load generator and Web API stand-in ${per('client')} ms`);
    }

    if (PACED_RATE > 0) {
      const gap = 1000 / PACED_RATE;
      const pacedRun = async (url: string) => {
        const paced = newSamples();
        const start = performance.now() + 50;
        await Promise.all(users.map((u, n) => sender(url, u, paced, REQUESTS, { start, at: (i) => (i * SENDERS + n) * gap })));
        return { all: [...paced.values()].flat(), wall: performance.now() - start, start };
      };
      const b = await pacedRun(base.url);
      const before = answers();
      const p = await pacedRun(bot.url);
      await waitForAnswers(before + p.all.length, p.start);
      console.log(`\npaced: ${SENDERS} senders offering ${PACED_RATE} requests/s in all (latency from the scheduled moment):`);
      console.log(formatRow('baseline (bare Bolt), paced', summarise(b.all, b.wall)));
      console.log(formatRow('ack, all (paced)', summarise(p.all, p.wall)));
      console.log(`ratio bot/baseline: median ${ratio(p.all, b.all)}; every answer posted ${(performance.now() - p.start - p.wall).toFixed(0)} ms after the last ack`);
    }

    const baseViews: number[] = [];
    const bvStart = performance.now();
    await Promise.all(users.map((u) => baselineViewRound(base.url, u, baseViews)));
    const bvWall = performance.now() - bvStart;
    const views: number[] = [];
    const vStart = performance.now();
    await Promise.all(users.map((u) => viewRound(bot.url, api, u, views)));
    console.log(`\n${SENDERS} view submissions at the same instant (the answer is in the ack: validate, save, next modal):`);
    console.log(formatRow('baseline (bare Bolt), ack only', summarise(baseViews, bvWall)));
    console.log(formatRow('ack view_submission', summarise(views, performance.now() - vStart)));
  } finally {
    base.stop();
    await bot.stop();
    await api.stop();
    await mongo.stop();
  }
}

runMain(main);
