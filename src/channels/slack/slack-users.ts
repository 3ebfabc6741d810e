import type { webApi } from '@slack/bolt';
import { toLocale, type Locale } from '../../core/i18n.js';
import type { Logger } from '../../logging/logger.js';

type WebClient = webApi.WebClient;

export interface SlackUserInfo {
  displayName: string;
  email?: string;
  locale: Locale;
}

const TTL_MS = 60 * 60_000;
const MAX_ENTRIES = 10_000;

interface UsersInfoResponse {
  user?: { real_name?: string; name?: string; locale?: string; profile?: { display_name?: string; real_name?: string; email?: string } };
}

/**
 * Who a Slack user is, as Slack says (users.info with the locale): display name, e-mail (for role
 * matchers) and language. Cached per user for an hour; a failed look-up falls back to the name in
 * the payload and Norwegian, and is not cached.
 */
export function makeSlackUserDirectory(logger: Logger, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; info: SlackUserInfo }>();

  async function lookUp(client: WebClient, userId: string, fallbackName: string): Promise<SlackUserInfo> {
    try {
      const res = (await client.users.info({ user: userId, include_locale: true })) as UsersInfoResponse;
      const u = res.user ?? {};
      const displayName = u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || fallbackName;
      const info: SlackUserInfo = { displayName: String(displayName).slice(0, 256), locale: toLocale(u.locale), ...(u.profile?.email ? { email: String(u.profile.email) } : {}) };
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(userId, { at: now(), info });
      return info;
    } catch (err) {
      logger.warn('slack users.info failed', { err: (err as Error).message });
      return { displayName: fallbackName, locale: 'nb' };
    }
  }

  return {
    async get(client: WebClient, userId: string, fallbackName = ''): Promise<SlackUserInfo> {
      const hit = cache.get(userId);
      if (hit && now() - hit.at < TTL_MS) return hit.info;
      return lookUp(client, userId, fallbackName || userId);
    },
  };
}

export type SlackUserDirectory = ReturnType<typeof makeSlackUserDirectory>;
