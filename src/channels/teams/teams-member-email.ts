import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Clock } from '../../core/ports.js';
import { isLikelyEmail } from '../../core/text/sanitize.js';
import type { Logger } from '../../logging/logger.js';

/**
 * The e-mail of the user behind a Teams turn, from their member profile (Teams activities carry
 * none), so that `{ "email": … }` matchers in config/roles.json work for Teams users too.
 * Never throws: a failed lookup means "no e-mail" for this turn.
 */
export type MemberEmailLookup = (context: TurnContext) => Promise<string | undefined>;

/** What the member profile offers (TeamsChannelAccount). */
export interface MemberProfile {
  email?: string;
  userPrincipalName?: string;
}

export interface MemberEmailOptions {
  logger: Logger;
  clock: Clock;
  /** The member profile of the turn's sender; TeamsInfo.getMember by default. */
  fetchMember?: (context: TurnContext) => Promise<MemberProfile>;
  /** How long a found e-mail is trusted. */
  ttlMs?: number;
  /** How long "the profile has no e-mail" is remembered. */
  negativeTtlMs?: number;
  /** How long a failed lookup (404, 403, network) is remembered before the next try. */
  failureTtlMs?: number;
  maxEntries?: number;
  /** How long a turn waits for the lookup; a late answer still fills the cache. */
  timeoutMs?: number;
}

interface Entry {
  email: string | undefined;
  expiresAt: number;
}

const HOUR = 60 * 60 * 1000;

/** The profile's e-mail, else its UPN when that looks like an address. */
export function emailOfProfile(profile: MemberProfile | undefined): string | undefined {
  for (const candidate of [profile?.email, profile?.userPrincipalName]) {
    const value = typeof candidate === 'string' ? candidate.trim() : '';
    if (value && isLikelyEmail(value)) return value;
  }
  return undefined;
}

/** What may be logged about a failed lookup: status and code, never the user or the answer. */
function failureFields(err: unknown): Record<string, unknown> {
  const e = err as { statusCode?: unknown; code?: unknown; name?: unknown } | undefined;
  return {
    ...(typeof e?.statusCode === 'number' ? { status: e.statusCode } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code.slice(0, 64) } : {}),
    ...(typeof e?.name === 'string' ? { error: e.name.slice(0, 64) } : {}),
  };
}

/**
 * Looks the e-mail up once per (tenant, AAD object id) and keeps it in memory: found e-mails for an
 * hour, "none" for 5 minutes, failures for a minute; at most `maxEntries` users, least recently used
 * out. Concurrent turns of one user share one request.
 */
export function makeMemberEmailLookup(opts: MemberEmailOptions): MemberEmailLookup {
  const ttlMs = opts.ttlMs ?? HOUR;
  const negativeTtlMs = opts.negativeTtlMs ?? 5 * 60 * 1000;
  const failureTtlMs = opts.failureTtlMs ?? 60 * 1000;
  const maxEntries = opts.maxEntries ?? 5_000;
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const fetchMember = opts.fetchMember ?? ((context: TurnContext) => TeamsInfo.getMember(context, String(context.activity.from?.id)));
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<string | undefined>>();

  const store = (key: string, email: string | undefined, ttl: number): void => {
    cache.delete(key);
    cache.set(key, { email, expiresAt: opts.clock.now().getTime() + ttl });
    while (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  };

  const fetchAndStore = (key: string, context: TurnContext): Promise<string | undefined> =>
    Promise.resolve()
      .then(() => fetchMember(context))
      .then(
        (profile) => {
          const email = emailOfProfile(profile);
          store(key, email, email ? ttlMs : negativeTtlMs);
          return email;
        },
        (err: unknown) => {
          opts.logger.warn('teams member lookup failed; going on without e-mail', failureFields(err));
          store(key, undefined, failureTtlMs);
          return undefined;
        },
      );

  return async (context) => {
    const a = context.activity;
    // Only Teams has the member API; other channels (the Emulator) go on without e-mail.
    if (a.channelId !== 'msteams' || !a.from?.id) return undefined;
    const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';
    const key = `${tenantId}|${a.from.aadObjectId || a.from.id}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt > opts.clock.now().getTime()) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.email;
    }
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetchAndStore(key, context).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        opts.logger.warn('teams member lookup is slow; going on without e-mail', { timeoutMs });
        resolve(undefined);
      }, timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
