import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SlackApiCall {
  method: string;
  token?: string;
  args: Record<string, any>;
  result: Record<string, any>;
}

export interface StubUser {
  id: string;
  name: string;
  locale?: string;
  email?: string;
}

/** Where slash commands' response_urls point: `${api.url}response/<id>`; a POST there is recorded as method `response/<id>`. */
const RESPONSE_PREFIX = 'response/';

/**
 * A local stand-in for the Slack Web API (`slackApiUrl`): answers what the bot calls with plausible
 * payloads and records every call (method, token, arguments with JSON fields parsed). It also takes
 * the POSTs to the response_urls it hands out (`responseUrl`), and can refuse chat.postMessage into
 * given channels as Slack does (`refuseChannel`).
 */
export class SlackApiStub {
  readonly calls: SlackApiCall[] = [];
  readonly users = new Map<string, StubUser>();
  /** Channel id → the Web API error chat.postMessage answers with there (e.g. `not_in_channel`). */
  readonly refusedChannels = new Map<string, string>();
  /** Response_url ids that answer 404 `expired_url`, as Slack does after 30 minutes or 5 uses. */
  readonly expiredResponseUrls = new Set<string>();
  private counter = 0;
  private waiters: (() => void)[] = [];

  private constructor(private readonly server: Server, readonly url: string, readonly team: { id: string; botUserId: string }) {}

  static async start(team = { id: 'T0TEST', botUserId: 'UBOT' }): Promise<SlackApiStub> {
    let self: SlackApiStub | undefined;
    const server = createServer((req, res) => {
      void readArgs(req).then((args) => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args['token'] as string | undefined);
        const body = self ? self.answer(method, args) : { ok: false };
        if (self && method !== 'auth.test') {
          self.calls.push({ method, ...(token ? { token } : {}), args, result: body });
          self.waiters.splice(0).forEach((w) => w());
        }
        if (method.startsWith(RESPONSE_PREFIX) && body['ok'] === false) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end(String(body['error']));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    self = new SlackApiStub(server, `http://127.0.0.1:${port}/api/`, team);
    return self;
  }

  addUser(user: StubUser): void {
    this.users.set(user.id, user);
  }

  /** chat.postMessage into `channel` fails from now on with `error`, as for a channel the app is not a member of. */
  refuseChannel(channel: string, error = 'not_in_channel'): void {
    this.refusedChannels.set(channel, error);
  }

  /** A response_url for a slash command that leads here; what is POSTed to it is recorded as `response/<id>` (see `responsesTo`). */
  responseUrl(id: string): string {
    return `${this.url}${RESPONSE_PREFIX}${id}`;
  }

  /** The messages POSTed to the response_url with this id. */
  responsesTo(id: string): SlackApiCall[] {
    return this.callsOf(`${RESPONSE_PREFIX}${id}`);
  }

  private answer(method: string, args: Record<string, any>): Record<string, unknown> {
    if (method.startsWith(RESPONSE_PREFIX)) return this.expiredResponseUrls.has(method.slice(RESPONSE_PREFIX.length)) ? { ok: false, error: 'expired_url' } : { ok: true };
    const n = ++this.counter;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: this.team.botUserId, bot_id: 'BBOT', team_id: this.team.id, team: 'Test' };
      case 'users.info': {
        const u = this.users.get(String(args['user']));
        if (!u) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: u.id, name: u.name.toLowerCase(), real_name: u.name, locale: u.locale ?? 'nb-NO', profile: { real_name: u.name, display_name: u.name, ...(u.email ? { email: u.email } : {}) } } };
      }
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        const id = method === 'views.update' ? String(args['view_id']) : `V${String(n).padStart(8, '0')}`;
        return { ok: true, view: { ...(args['view'] as object), id, hash: `h${n}` } };
      }
      case 'chat.postMessage':
        if (this.refusedChannels.has(String(args['channel']))) return { ok: false, error: this.refusedChannels.get(String(args['channel'])) };
        return { ok: true, channel: args['channel'], ts: `17000000${String(n).padStart(2, '0')}.000${n}`, message: { text: args['text'] } };
      case 'chat.update':
        return { ok: true, channel: args['channel'], ts: args['ts'] };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args['users']).slice(1)}` } };
      case 'oauth.v2.access':
        return {
          ok: true,
          access_token: `xoxb-installed-${args['code']}`,
          token_type: 'bot',
          scope: 'chat:write,commands',
          bot_user_id: 'UBOT2',
          app_id: 'A0TEST',
          team: { id: 'T0OTHER', name: 'Other' },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER' },
        };
      default:
        return { ok: true };
    }
  }

  callsOf(method: string): SlackApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `count` calls of `method` (optionally matching) were recorded. */
  async waitFor(method: string, count: number, match: (c: SlackApiCall) => boolean = () => true, timeoutMs = 5_000): Promise<SlackApiCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.filter((c) => c.method === method && match(c));
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} ${method} calls, got ${found.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readArgs(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  return out;
}
