import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

const fields = (msgs: unknown[]) => ({ detail: msgs.slice(1).map((m) => (m instanceof Error ? m.message : String(m))).join(' ').slice(0, 500) });
const first = (msgs: unknown[]) => String(msgs[0] instanceof Error ? msgs[0].message : msgs[0] ?? '').slice(0, 300);

/** Bolt's and the OAuth library's log lines into the bot's JSON logger (which redacts secrets). */
export function toSlackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => logger.debug(`slack: ${first(m)}`, fields(m)),
    info: (...m: unknown[]) => logger.info(`slack: ${first(m)}`, fields(m)),
    warn: (...m: unknown[]) => logger.warn(`slack: ${first(m)}`, fields(m)),
    error: (...m: unknown[]) => logger.error(`slack: ${first(m)}`, fields(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
