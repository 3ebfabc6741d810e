import cron from 'node-cron';
import type { Logger } from '../logging/logger.js';

export interface ScheduledJob {
  stop(): void;
}

/**
 * A node-cron trigger that calls a domain service; it holds no logic of its own. Every instance
 * schedules it: the work it triggers claims each unit once (see sendMergerReminders).
 */
export function scheduleJob(name: string, expression: string, timezone: string, run: () => Promise<unknown>, logger: Logger): ScheduledJob {
  if (!cron.validate(expression)) throw new Error(`${name}: invalid cron expression "${expression}"`);
  const task = cron.schedule(
    expression,
    async () => {
      const started = Date.now();
      try {
        const result = await run();
        logger.info('job finished', { job: name, ms: Date.now() - started, result });
      } catch (err) {
        logger.error('job failed', { job: name, err });
      }
    },
    { timezone, name },
  );
  return { stop: () => void task.stop() };
}
