/**
 * Benchmark: "hva gjør vi nå?" for a merger that has every task of the guide, a third of them
 * with a stored status. Measures the full turn over HTTP against the real bot process and
 * MongoDB (message in → card reply posted), and the ranking alone in-process, side by side with
 * the bare echo bot.
 *
 *   npm run bench:merger            # BENCH_TURNS=300 by default
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { allTasks } from '../src/core/merger/guide-lookup.js';
import { whatNext } from '../src/core/merger/next-tasks.js';
import type { Merger, TaskState } from '../src/core/merger/merger-types.js';
import { loadContent } from '../src/settings/content.js';
import { TeamsTestClient, actionsOf } from '../test/support/teams-client.js';
import { describeMachine, runBenchmark } from './run-benchmark.js';
import { formatRow, summarise } from './stats.js';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 300);

async function timedLoop(n: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return summarise(samples, performance.now() - t0);
}

// The same user asks hundreds of times a minute: the per-user rate limit is off for this run.
runBenchmark({ dbPrefix: 'bench_merger', botEnv: { LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '0' } }, async ({ mongo, connector, bot, echo, dbName }) => {
  const content = loadContent('config');
  const guide = content.mergerGuide;
  const tasks = allTasks(guide);
  console.log(describeMachine({ mongo, bot }));
  console.log(`guide: ${guide.areas.length} areas, ${tasks.length} tasks; ${TURNS} turns per row\n`);
  const channel = `19:${randomUUID()}@thread.tacv2`;
  const client = new TeamsTestClient(bot.url, connector, { id: '29:b', aadObjectId: 'aad-bench', name: 'Bench', locale: 'nb-NO' }, channel, 'channel');
  await client.say('ny sammenslåing');
  const confirm = (await client.press('merger.register', { name: 'Bench', municipalities: 'Asker, Bærum', mergerDate: '01.01.2028', cond__usesFeide: 'true', cond__runsLegevakt: 'true', cond__onSvarUt: '' })).body.value;
  const action = actionsOf(confirm).find((a) => a.verb === 'merger.confirm')!;
  await client.press('merger.confirm', { ...action.data, phase: 'gjennomforing' });

  const db = new MongoClient(mongo.uri);
  const merger = (await db.db(dbName).collection<Merger>('mergers').findOne({ conversationKey: `teams:${channel}` }))!;
  const states: TaskState[] = tasks
    .filter((_, i) => i % 3 === 0)
    .map(({ task }) => ({ mergerId: merger._id, taskId: task.id, status: 'done', history: [{ status: 'done', by: { userId: 'u', displayName: 'U' }, at: new Date() }] }));
  await db.db(dbName).collection('merger_task_states').insertMany(states.map((s) => ({ _id: `${s.mergerId}:${s.taskId}`, ...s })) as never[]);
  await db.close();

  for (let i = 0; i < 20; i++) await client.say('hva gjør vi nå?');
  const echoClient = new TeamsTestClient(echo.url, connector, { id: '29:e', aadObjectId: 'e', name: 'E', locale: 'nb-NO' });
  const echoStats = await timedLoop(TURNS, () => echoClient.say('hva gjør vi nå?'));
  const botStats = await timedLoop(TURNS, () => client.say('hva gjør vi nå?'));
  const stateMap = new Map(states.map((s) => [s.taskId, s]));
  const rankStats = await timedLoop(TURNS, async () => whatNext(guide, merger, stateMap, '2027-03-01', 5));
  console.log(formatRow('echo bot message (baseline)', echoStats));
  console.log(formatRow('"hva gjør vi nå?" full turn', botStats));
  console.log(formatRow('whatNext ranking only', rankStats));
});
