import cron from 'node-cron';
import type { Logger } from '../logging/logger.js';

/*
 * Triggers of the weekly digest; they hold no logic. The cron expression fires `tick` at each
 * slot; a timer fires it shortly after start (the catch-up of a slot missed while every instance
 * was down) and then every `pollMs` (so that a slot whose composing instance died is taken over
 * once its lease runs out). The delivery worker runs beside it. Every instance runs all of this:
 * the slot claim and the outbox leases make each unit of work happen once.
 */

export interface DigestJobOptions {
  cron: string;
  timezone: string;
  startupDelayMs: number;
  pollMs: number;
  tick(reason: 'start' | 'cron' | 'poll'): Promise<unknown>;
  startDelivery(): void;
  stopDelivery(): Promise<void>;
  logger: Logger;
}

export interface DigestJob {
  stop(): Promise<void>;
}

export function startDigestJob(o: DigestJobOptions): DigestJob {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (reason: 'start' | 'cron' | 'poll') => {
    if (stopped) return;
    // One tick at a time per instance; a tick that finds nothing due returns at once.
    running = running.then(() =>
      stopped
        ? undefined
        : o.tick(reason).then(
            (result) => result !== undefined && o.logger.info('digest tick', { reason, result }),
            (err: unknown) => o.logger.error('digest tick failed', { reason, err }),
          ),
    );
  };
  const task = cron.schedule(o.cron, () => run('cron'), { timezone: o.timezone, name: 'weekly-digest' });
  let poll: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    run('start');
    poll = setInterval(() => run('poll'), o.pollMs);
  }, o.startupDelayMs);
  o.startDelivery();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      if (poll) clearInterval(poll);
      await task.stop();
      await task.destroy();
      await o.stopDelivery();
      await running;
    },
  };
}
