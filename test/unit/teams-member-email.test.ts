import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { emailOfProfile, makeMemberEmailLookup, type MemberProfile } from '../../src/channels/teams/teams-member-email.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';

const context = (aad: string, tenant = 't1', channelId = 'msteams'): TurnContext =>
  ({ activity: { channelId, from: { id: `29:${aad}`, aadObjectId: aad, name: 'Secret Name' }, conversation: { id: 'a:1', tenantId: tenant } } }) as unknown as TurnContext;

function setup(profiles: Record<string, MemberProfile | Error>, opts: { maxEntries?: number; timeoutMs?: number; logger?: Logger; delayMs?: number } = {}) {
  let now = 0;
  const calls: string[] = [];
  const lookup = makeMemberEmailLookup({
    logger: opts.logger ?? silentLogger,
    clock: { now: () => new Date(now) },
    ...(opts.maxEntries ? { maxEntries: opts.maxEntries } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    fetchMember: async (c) => {
      const id = String(c.activity.from.aadObjectId);
      calls.push(`${c.activity.conversation.tenantId}|${id}`);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const p = profiles[id];
      if (p instanceof Error) throw p;
      return p ?? {};
    },
  });
  return { lookup, calls, advance: (ms: number) => (now += ms) };
}

describe('Teams member e-mail lookup', () => {
  it('prefers the e-mail, else a UPN that looks like an address', () => {
    expect(emailOfProfile({ email: 'a@b.no', userPrincipalName: 'x@y.no' })).toBe('a@b.no');
    expect(emailOfProfile({ userPrincipalName: ' X@y.no ' })).toBe('X@y.no');
    expect(emailOfProfile({ email: '', userPrincipalName: 'not an address' })).toBeUndefined();
    expect(emailOfProfile(undefined)).toBeUndefined();
  });

  it('caches found e-mails for an hour and "none" for five minutes, per tenant and user', async () => {
    const { lookup, calls, advance } = setup({ kari: { email: 'kari@dfd.no' }, lars: {} });
    expect(await lookup(context('kari'))).toBe('kari@dfd.no');
    expect(await lookup(context('lars'))).toBeUndefined();
    expect(await lookup(context('kari', 't2'))).toBe('kari@dfd.no');
    advance(4 * 60_000);
    await lookup(context('kari'));
    await lookup(context('lars'));
    expect(calls).toEqual(['t1|kari', 't1|lars', 't2|kari']);
    advance(2 * 60_000);
    await lookup(context('kari'));
    await lookup(context('lars'));
    expect(calls).toEqual(['t1|kari', 't1|lars', 't2|kari', 't1|lars']);
    advance(60 * 60_000);
    await lookup(context('kari'));
    expect(calls.at(-1)).toBe('t1|kari');
  });

  it('keeps at most maxEntries users, least recently used out', async () => {
    const { lookup, calls } = setup({ a: { email: 'a@x.no' }, b: { email: 'b@x.no' }, c: { email: 'c@x.no' } }, { maxEntries: 2 });
    await lookup(context('a'));
    await lookup(context('b'));
    await lookup(context('a'));
    await lookup(context('c'));
    await lookup(context('a'));
    await lookup(context('b'));
    expect(calls).toEqual(['t1|a', 't1|b', 't1|c', 't1|b']);
  });

  it('a failed lookup gives no e-mail and a warning without personal data; other channels are not asked', async () => {
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (msg: string, fields?: unknown) => warnings.push({ msg, fields }) };
    const err = Object.assign(new Error('member kari@dfd.no not found'), { statusCode: 404, code: 'MemberNotFoundInConversation' });
    const { lookup, calls } = setup({ kari: err }, { logger });
    expect(await lookup(context('kari'))).toBeUndefined();
    expect(warnings).toEqual([{ msg: 'teams member lookup failed; going on without e-mail', fields: { status: 404, code: 'MemberNotFoundInConversation', error: 'Error' } }]);
    expect(JSON.stringify(warnings)).not.toMatch(/kari|Secret/);
    expect(await lookup(context('kari', 't1', 'emulator'))).toBeUndefined();
    expect(calls).toEqual(['t1|kari']);
  });

  it('a slow lookup does not hold the turn; its late answer fills the cache', async () => {
    const { lookup, calls } = setup({ kari: { email: 'kari@dfd.no' } }, { timeoutMs: 10, delayMs: 50 });
    expect(await lookup(context('kari'))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 80));
    expect(await lookup(context('kari'))).toBe('kari@dfd.no');
    expect(calls).toHaveLength(1);
  });
});
