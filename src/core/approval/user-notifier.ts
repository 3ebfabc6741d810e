import type { Locale } from '../i18n.js';
import type { OutboundIntent } from '../outbound.js';
import type { ProactiveSender } from '../ports.js';
import type { UserConversation, UserConversationIndex } from './approval-ports.js';
import type { UserMatcher } from './roles.js';

/** A user to notify: a configured matcher (roles.json) or a known identity (`platform:userId`). */
export type Recipient = UserMatcher | { userKey: string };

export interface NotifierLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface UserNotifier {
  /**
   * Posts to each recipient's personal chat with the bot, in that chat's language. A user who never
   * talked to the bot has no conversation and is skipped (the report waits in "til godkjenning").
   * Runs in the background so the acting user's card is not held up; failures are logged.
   */
  notify(recipients: Recipient[], build: (locale: Locale) => OutboundIntent[]): void;
  /** Resolves when every notification started so far has finished (tests, shutdown). */
  settled(): Promise<void>;
}

function keyOf(r: Recipient): string | undefined {
  if ('userKey' in r) return r.userKey;
  if ('teams' in r) return `teams:${r.teams}`;
  if ('slack' in r) return `slack:${r.slack}`;
  return undefined;
}

export function makeUserNotifier(index: UserConversationIndex, sender: ProactiveSender, log: NotifierLog): UserNotifier {
  const running = new Set<Promise<void>>();

  const lookup = (r: Recipient): Promise<UserConversation | null> => {
    const key = keyOf(r);
    if (key) return index.findByUser(key);
    return 'email' in r ? index.findByEmail(r.email) : Promise.resolve(null);
  };

  async function deliver(recipients: Recipient[], build: (locale: Locale) => OutboundIntent[]): Promise<void> {
    const found = await Promise.all(recipients.map(lookup));
    const targets = new Map(found.filter((c): c is UserConversation => c !== null).map((c) => [c.conversationKey, c]));
    for (const target of targets.values()) {
      const sent = await sender.send(target.conversationKey, build(target.locale)).catch((err: unknown) => {
        log.warn('notification failed', { conversation: target.conversationKey, err: (err as Error).message });
        return true;
      });
      if (!sent) log.warn('notification skipped: conversation reference missing', { conversation: target.conversationKey });
    }
  }

  return {
    notify(recipients, build) {
      const job = deliver(recipients, build).catch((err: unknown) => log.warn('notification lookup failed', { err: (err as Error).message }));
      running.add(job);
      void job.finally(() => running.delete(job));
    },
    async settled() {
      await Promise.all([...running]);
    },
  };
}
