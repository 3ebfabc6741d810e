import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { runBenchmark } from './run-benchmark.js';
import { VALID_GROUP_INPUTS } from '../test/support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient } from '../test/support/teams-client.js';
const GROUPS = Object.keys(VALID_GROUP_INPUTS);
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
runBenchmark({ dbPrefix: 'x', botEnv: { LOG_LEVEL: 'warn', ...(process.env['BOT_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BOT_NODE_OPTIONS'] } : {}) } }, async ({ connector, bot, echo }) => {
  const one = async () => {
    const id = randomUUID();
    const c = new TeamsTestClient(bot.url, connector, { id: `29:${id}`, aadObjectId: id, name: 'B', locale: 'nb-NO' });
    let card = cardOf((await c.say('ny rapport'))[0]);
    for (const g of GROUPS) { const a = actionsOf(card).find((x) => x.verb === 'report.next')!; card = (await c.press('report.next', { ...a.data, ...VALID_GROUP_INPUTS[g] })).body.value; }
  };
  const oneEcho = async () => {
    const c = new TeamsTestClient(echo.url, connector, { id: `29:e`, aadObjectId: 'e', name: 'B', locale: 'nb-NO' });
    await c.say('ny rapport');
    for (const g of GROUPS) await c.press('report.next', { _report: 'x', _rev: 1, _step: g, ...VALID_GROUP_INPUTS[g] });
  };
  const echoPid = Number((await import('node:child_process')).execSync(`pgrep -f echo-bot-server.ts | head -1`).toString().trim());
  for (let i = 0; i < 10; i++) { await one(); await oneEcho(); }
  for (const conc of [1, 10]) for (const [name, fn, pid] of [['bot', one, bot.pid], ['echo', oneEcho, echoPid]] as const) {
    const b0 = ticks(pid); const s0 = process.cpuUsage(); const t0 = performance.now();
    const N = 100; let started = 0;
    await Promise.all(Array.from({ length: conc }, async () => { while (started++ < N) await fn(); }));
    const turns = N * 12; const wall = performance.now() - t0; const s = process.cpuUsage(s0);
    console.log(`${name} c=${conc} ${(turns / wall * 1000).toFixed(0)}/s; server cpu/turn ${((ticks(pid) - b0) / turns).toFixed(2)} ms; bench cpu/turn ${((s.user + s.system) / 1000 / turns).toFixed(2)} ms; wall/turn ${(wall/turns*conc).toFixed(2)}`);
  }
});
