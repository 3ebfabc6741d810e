import { spawn } from 'node:child_process';

export interface BaselineProcess {
  url: string;
  pid: number;
  stop: () => void;
}

/** Starts a baseline server script as its own process; it prints `listening <url>` when ready. */
function startBaseline(script: string, env: Record<string, string>, suffix: RegExp): Promise<BaselineProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\S+)/.exec(d.toString());
      if (m) resolve({ url: (m[1] as string).replace(suffix, ''), pid: child.pid ?? -1, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

/** The bare echo bot (bench/echo-bot-server.ts): the baseline of the Teams benchmarks. */
export function startEcho(port: number): Promise<BaselineProcess> {
  return startBaseline('bench/echo-bot-server.ts', { PORT: String(port) }, /\/api\/messages$/);
}

/** The bare Bolt app (bench/bolt-baseline-server.ts): the baseline of the Slack benchmark. */
export function startBoltBaseline(port: number, signingSecret: string, apiUrl: string): Promise<BaselineProcess> {
  return startBaseline('bench/bolt-baseline-server.ts', { PORT: String(port), SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl }, /\/slack\/events$/);
}
