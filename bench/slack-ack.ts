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
 * Knobs: BENCH_SENDERS (50), BENCH_REQUESTS (per sender, 30), MONGODB_URI (else a MongoDB backend
 * as in the tests: mongod if available, else the in-process server, which then shares this process).
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { SlackApiStub } from '../test/support/slack-api-stub.js';
import { commandRequest, eventRequest, interactionRequest, sendSigned, stateFor, TEST_SIGNING_SECRET, type SignedRequest } from '../test/support/slack-client.js';
import { freePort, startBotProcess } from '../test/support/bot-process.js';
import { startMongoBackend, MONGO_BACKEND_LABELS } from '../test/support/mongo-backend.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { formatRow, summarise } from './stats.js';

const SENDERS = Number(process.env['BENCH_SENDERS'] ?? 50);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 30);

type Kind = 'event' | 'command' | 'action';

function requestFor(kind: Kind, userId: string, n: number): SignedRequest {
  const dm = `D${userId.slice(1)}`;
  if (kind === 'event') return eventRequest({ type: 'message', channel_type: 'im', channel: dm, user: userId, text: 'hjelp', ts: `${Date.now() / 1000}` }, { eventId: `Ev${randomUUID()}` });
  if (kind === 'command') return commandRequest({ command: '/samhandling', text: 'hjelp', user_id: userId, user_name: 'bench', team_id: 'T0TEST', channel_id: dm, channel_name: 'directmessage', trigger_id: `trig-${randomUUID()}` });
  const action = { type: 'button', action_id: 'nav.help', block_id: 'b', value: '{}', action_ts: `${Date.now() / 1000}.${n}` };
  return interactionRequest({ type: 'block_actions', user: { id: userId, name: 'bench', team_id: 'T0TEST' }, team: { id: 'T0TEST' }, trigger_id: `trig-${randomUUID()}`, actions: [action], container: { type: 'message', channel_id: dm, message_ts: '1.1' }, channel: { id: dm }, message: { ts: '1.1' } });
}

async function sender(url: string, userId: string, samples: Map<Kind, number[]>, requests: number): Promise<void> {
  const kinds: Kind[] = ['event', 'command', 'action'];
  for (let i = 0; i < requests; i++) {
    const kind = kinds[i % kinds.length] as Kind;
    const res = await sendSigned(url, requestFor(kind, userId, i));
    if (res.status !== 200) throw new Error(`${kind} answered ${res.status}`);
    samples.get(kind)!.push(res.ms);
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
  const mongo = await startMongoBackend();
  const api = await SlackApiStub.start();
  const users = Array.from({ length: SENDERS }, (_, i) => `UB${String(i).padStart(4, '0')}`);
  users.forEach((id) => api.addUser({ id, name: `Bench ${id}` }));
  const bot = await startBotProcess({
    port: await freePort(),
    dbName: `bench_slack_${randomUUID().slice(0, 8)}`,
    env: { MONGODB_URI: mongo.uri, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: api.url },
  });
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; MongoDB: ${MONGO_BACKEND_LABELS[mongo.kind]}`);
    const warm = new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
    await Promise.all(users.map((u) => sender(bot.url, u, warm, 3)));
    const answers = () => api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
    const posted = answers();

    const samples = new Map<Kind, number[]>([['event', []], ['command', []], ['action', []]]);
    const started = performance.now();
    await Promise.all(users.map((u) => sender(bot.url, u, samples, REQUESTS)));
    const wall = performance.now() - started;
    const all = [...samples.values()].flat();
    while (answers() < posted + all.length) {
      if (performance.now() - started > 120_000) throw new Error(`only ${answers() - posted} of ${all.length} answers were posted`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const workDone = performance.now() - started;

    console.log(`\n${SENDERS} concurrent senders × ${REQUESTS} signed requests (acknowledged on arrival, work after the ack):`);
    for (const [kind, list] of samples) console.log(formatRow(`ack ${kind}`, summarise(list, wall)));
    console.log(formatRow('ack, all', summarise(all, wall)));
    console.log(`every answer posted (chat.postMessage / chat.update on the clicked message) to the Web API stand-in ${(workDone - wall).toFixed(0)} ms after the last ack (${all.length} messages in ${(workDone / 1000).toFixed(1)} s)`);
    console.log(`over 3 s: ${all.filter((ms) => ms >= 3_000).length}`);

    const views: number[] = [];
    const vStart = performance.now();
    await Promise.all(users.map((u) => viewRound(bot.url, api, u, views)));
    console.log(`\n${SENDERS} concurrent view submissions (the answer is in the ack: validate, save, next modal):`);
    console.log(formatRow('ack view_submission', summarise(views, performance.now() - vStart)));
  } finally {
    await bot.kill('SIGTERM');
    await api.stop();
    await mongo.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
