/**
 * Processes of a benchmark run and what /proc tells about them: the bot (built or from source),
 * MongoDB in its own process, CPU time and resident memory per process.
 */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForReady } from '../test/support/bot-process.js';
import type { MongoBackendKind } from '../test/support/mongo-backend.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU time of this process, in milliseconds. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Resident set size now (VmRSS) and its peak (VmHWM) of a process, in MiB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export interface BenchMongo {
  uri: string;
  kind: MongoBackendKind;
  /** The database server's process, when this run started it. */
  pid?: number;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, output: string[]): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const onData = (d: Buffer) => {
      buffered += d.toString();
      output.push(d.toString());
      const m = pattern.exec(buffered);
      if (m) {
        child.stdout?.off('data', onData);
        resolvePromise(m);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output.join('')}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  };
}

/** MONGODB_URI if set (external), else MongoDB in its own process (bench/mongo-server.ts). */
export async function startBenchMongo(): Promise<BenchMongo> {
  const external = process.env['MONGODB_URI'];
  if (external) return { uri: external, kind: 'external', stop: () => Promise.resolve() };
  // BENCH_MONGO_CPU_PROF=<dir>: a CPU profile of the MongoDB stand-in's process (as BENCH_CPU_PROF for the bot).
  const profDir = process.env['BENCH_MONGO_CPU_PROF'];
  const profArgs = profDir ? ['--import', fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url))] : [];
  const env = profDir ? { ...process.env, BENCH_CPU_PROF: resolve(profDir) } : process.env;
  const child = spawn(process.execPath, [...profArgs, '--import', 'tsx', 'bench/mongo-server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const output: string[] = [];
  const m = await waitForLine(child, /mongo-ready (\S+) (\S+)/, 'MongoDB process', output);
  child.stdout?.resume();
  return { uri: m[2] as string, kind: m[1] as MongoBackendKind, pid: child.pid, stop: stopper(child) };
}

/** How the bot is run: `dist` = `node dist/src/main.js` as `npm start` does (after `npm run build`); `tsx` = from source. */
export type BotBuild = 'dist' | 'tsx';

const DIST_MAIN = resolve(ROOT, 'dist/src/main.js');

/** BENCH_BOT=dist|tsx; by default the built bot when dist/ exists (`npm run bench` builds first). */
export function chosenBuild(): BotBuild {
  const wanted = process.env['BENCH_BOT'];
  if (wanted === 'dist' || wanted === 'tsx') return wanted;
  return existsSync(DIST_MAIN) ? 'dist' : 'tsx';
}

export function botArgs(build: BotBuild): string[] {
  if (build === 'dist' && !existsSync(DIST_MAIN)) throw new Error('dist/src/main.js is missing: run `npm run build` first');
  return build === 'dist' ? [DIST_MAIN] : ['--import', 'tsx', 'src/main.ts'];
}

export interface BenchBot {
  url: string;
  pid: number;
  build: BotBuild;
  /** Milliseconds from spawn to the first 200 of /readyz. */
  readyMs: number;
  output: string[];
  stop(): Promise<void>;
}

/**
 * Spawns the bot and polls /readyz every `pollMs` until it answers 200. `env` is added to this
 * process's environment; BENCH_CPU_PROF=<dir> makes the bot write a CPU profile there when it stops.
 */
export async function spawnBot(opts: { mongoUri: string; dbName: string; env?: Record<string, string>; build?: BotBuild; pollMs?: number }): Promise<BenchBot> {
  const build = opts.build ?? chosenBuild();
  const port = await freePort();
  const profDir = process.env['BENCH_CPU_PROF'];
  // `--cpu-prof` is refused in NODE_OPTIONS on Node 20; a preload that uses the inspector is not.
  const profEnv: Record<string, string> = profDir
    ? { NODE_OPTIONS: `--import=${fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url))}`, BENCH_CPU_PROF: resolve(profDir) }
    : {};
  const output: string[] = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, botArgs(build), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: opts.mongoUri, MONGODB_DB: opts.dbName, LOG_LEVEL: 'warn', ...opts.env, ...profEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the last lines only: a long run must not grow this process.
  const keep = (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(child, url, output, { timeoutMs: 60_000, pollMs: opts.pollMs ?? 25 });
  return { url, pid: child.pid ?? -1, build, readyMs: performance.now() - t0, output, stop: stopper(child) };
}
