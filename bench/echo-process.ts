import { spawn } from 'node:child_process';

/** Starts the bare echo bot (bench/echo-bot-server.ts) as its own process: the baseline of every benchmark. */
export function startEcho(port: number): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/echo-bot-server.ts'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\S+)/.exec(d.toString());
      if (m) resolve({ url: (m[1] as string).replace(/\/api\/messages$/, ''), pid: child.pid ?? -1, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`echo bot exited ${code}`)));
  });
}
