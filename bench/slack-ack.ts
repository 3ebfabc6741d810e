/**
 * Benchmark: how fast the bot acknowledges signed Slack requests under 50 concurrent senders, over
 * real HTTP against the real bot process (restify + Bolt + MongoDB), with a local stand-in for the
 * Slack Web API. Slack retries anything not acknowledged within 3 s.
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
 * Knobs: BENCH_SENDERS (50), BENCH_REQUESTS (per sender, 30), BENCH_BOT (dist|tsx, as bench:turn),
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
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { formatRow, summarise } from './stats.js';

const SENDERS = Number(process.env['BENCH_SENDERS'] ?? 50);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 30);
const PACED_RATE = Number(process.env['BENCH_SLACK_RATE'] ?? 300);

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
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; bot: ${bot.build}; MongoDB: ${MONGO_BACKEND_LABELS[mongo.kind]}${mongo.pid ? ' (own process)' : ''}`);
    const cpuNow = () => ({ bot: cpuMsOf(bot.pid), db: mongo.pid ? cpuMsOf(mongo.pid) : 0, client: ownCpuMs() });
    const warm = new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
    await Promise.all(users.map((u) => sender(bot.url, u, warm, 3)));
    const answers = () => api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
    const posted = answers();

    const samples = new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
    const cpu0 = cpuNow();
    const started = performance.now();
    await Promise.all(users.map((u) => sender(bot.url, u, samples, REQUESTS)));
    const wall = performance.now() - started;
    const all = [...samples.values()].flat();
    while (answers() < posted + all.length) {
      if (performance.now() - started > 120_000) throw new Error(`only ${answers() - posted} of ${all.length} answers were posted`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const workDone = performance.now() - started;
    const cpu1 = cpuNow();
    const per = (k: 'bot' | 'db' | 'client') => ((cpu1[k] - cpu0[k]) / all.length).toFixed(2);

    console.log(`\n${SENDERS} concurrent senders × ${REQUESTS} signed requests (acknowledged on arrival, work after the ack):`);
    for (const [kind, list] of samples) console.log(formatRow(`ack ${kind}`, summarise(list, wall)));
    console.log(formatRow('ack, all', summarise(all, wall)));
    console.log(`every answer posted (chat.postMessage / chat.update on the clicked message) to the Web API stand-in ${(workDone - wall).toFixed(0)} ms after the last ack (${all.length} messages in ${(workDone / 1000).toFixed(1)} s)`);
    console.log(`over 3 s: ${all.filter((ms) => ms >= 3_000).length}`);
    console.log(`CPU per request (ack and work): bot ${per('bot')} ms, MongoDB ${per('db')} ms, load generator and Web API stand-in ${per('client')} ms`);

    if (PACED_RATE > 0) {
      const paced = new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
      const before = answers();
      const start = performance.now() + 50;
      const gap = 1000 / PACED_RATE;
      await Promise.all(users.map((u, n) => sender(bot.url, u, paced, REQUESTS, { start, at: (i) => (i * SENDERS + n) * gap })));
      const pWall = performance.now() - start;
      const pAll = [...paced.values()].flat();
      while (answers() < before + pAll.length) {
        if (performance.now() - start > 120_000) throw new Error(`only ${answers() - before} of ${pAll.length} answers were posted`);
        await new Promise((r) => setTimeout(r, 20));
      }
      console.log(`\npaced: ${SENDERS} senders offering ${PACED_RATE} requests/s in all (latency from the scheduled moment):`);
      console.log(formatRow('ack, all (paced)', summarise(pAll, pWall)));
      console.log(`every answer posted ${(performance.now() - start - pWall).toFixed(0)} ms after the last ack`);
    }

    const views: number[] = [];
    const vStart = performance.now();
    await Promise.all(users.map((u) => viewRound(bot.url, api, u, views)));
    console.log(`\n${SENDERS} concurrent view submissions (the answer is in the ack: validate, save, next modal):`);
    console.log(formatRow('ack view_submission', summarise(views, performance.now() - vStart)));
  } finally {
    await bot.stop();
    await api.stop();
    await mongo.stop();
  }
}

runMain(main);
