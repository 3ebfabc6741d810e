/**
 * Headless driver for the Microsoft 365 Agents Playground (npm `@microsoft/teams-app-test-tool`,
 * CLI `teamsapptester`). It starts the Playground as a child process, talks to its HTTP API as the
 * mocked Teams user and reads what the bot sends from its conversation WebSocket.
 *
 * Facts this relies on (read from the package's bundled source, v0.2.28) are in docs/playground-notes.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
  userPrincipalName: string;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Playground port, default 56150. 0 = any free port. If the port is taken the CLI itself falls back to a random one. */
  port?: number;
  /**
   * Locale put on every activity the bot receives (`activity.locale` and the `clientInfo` entity).
   * The Playground always sends "en-US"; when this is set, a small local proxy between the
   * Playground and the bot rewrites it. Omit it to get the Playground's own "en-US".
   */
  locale?: string;
  /** Id of the personal chat (1:1) conversation. Default: a random UUID per start. */
  conversationId?: string;
  /** The mocked current user (the one who "types"). Unset fields keep the Playground defaults (Alex Wilber, user-id-0). */
  user?: Partial<PlaygroundUser>;
  /** How long start() waits for the CLI to answer, default 30 s. */
  startTimeoutMs?: number;
}

export interface BotAttachment {
  contentType: string;
  content: unknown;
}

/** A message the bot created or updated, as the Playground pushes it on its conversation WebSocket. */
export interface BotActivity {
  /** `create` for a new message (sendActivity / proactive), `update` for updateActivity or streaming updates. */
  kind: 'create' | 'update';
  /** Playground message id (what the bot got back from sendActivity; usable as replyToId for invokes). */
  id: string;
  /** Conversation the message is in (a channel reply has `<channelId>;messageid=<id>`). */
  conversationId: string;
  text?: string;
  textFormat?: string;
  attachments: BotAttachment[];
  timestamp: number;
  /** The WebSocket frame as received. */
  raw: Record<string, unknown>;
}

/** What the Playground answers to an `adaptiveCard/action` invoke: `type` and `value` of the bot's invoke response body. */
export interface InvokeResult {
  type: string;
  value: unknown;
}

export interface SentMessage {
  messageId: string;
  /** Set for channel messages: the thread (post) conversation the message opened. */
  postConversationId?: string;
}

export interface SendOptions {
  /** `personal` (default): the 1:1 chat; `groupChat`: the group chat; `channel`: a new thread in the team's General channel. */
  where?: 'personal' | 'groupChat' | 'channel';
  /**
   * Add an @mention of the bot. Default: true for groupChat and channel (the Playground only forwards
   * messages there when they mention the bot), false for personal.
   */
  mentionBot?: boolean;
}

export interface InvokeOptions {
  /**
   * Id of the message that "holds" the card. The Playground rejects the invoke (400
   * ActivityNotFoundInConversation) unless it is a message of the conversation. Default: the
   * latest bot message in the personal chat with an Adaptive Card, else the latest message there.
   */
  replyToId?: string;
}

interface WsLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  readonly readyState: number;
  close(): void;
}
type WsConstructor = new (url: string) => WsLike;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'node_modules', '.bin', 'teamsapptester');
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MAX_LINES = 400;

/**
 * Node 20 has no global WebSocket without `--experimental-websocket`; fall back to the `ws`
 * package that botbuilder already brings in (botframework-streaming → ws@7).
 */
function webSocketConstructor(): WsConstructor {
  const native = (globalThis as { WebSocket?: WsConstructor }).WebSocket;
  if (native) return native;
  const require = createRequire(import.meta.url);
  return require('ws') as WsConstructor;
}

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return String(data);
}

const DEFAULT_USER: PlaygroundUser = {
  id: 'user-id-0',
  name: 'Alex Wilber',
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  givenName: 'Alex',
  surname: 'Wilber',
  email: 'alexw@example.com',
  userPrincipalName: 'alexw@example.com',
};

/** The Playground's config file (`.m365agentsplayground.yml`, schema 0.1.1); JSON is valid YAML. */
function configFile(conversationId: string, user: PlaygroundUser): Record<string, unknown> {
  const other = (n: number, given: string, surname: string) => ({
    id: `user-id-${n}`,
    name: `${given} ${surname}`,
    userPrincipleName: `${given.toLowerCase()}@example.com`,
    aadObjectId: `00000000-0000-0000-0000-00000000002${n}`,
    givenName: given,
    surname,
    email: `${given.toLowerCase()}@example.com`,
  });
  return {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
    currentUser: {
      id: user.id,
      name: user.name,
      userPrincipleName: user.userPrincipalName, // sic: the Playground's schema spells it this way
      aadObjectId: user.aadObjectId,
      givenName: user.givenName,
      surname: user.surname,
      email: user.email,
    },
    // The schema wants exactly five other users.
    users: [
      other(1, 'Megan', 'Bowen'),
      other(2, 'Adele', 'Vance'),
      other(3, 'Isaiah', 'Langer'),
      other(4, 'Patti', 'Fernandez'),
      other(5, 'Lynne', 'Robbins'),
    ],
    personalChat: { id: conversationId },
    groupChat: { id: `group-${conversationId}`, name: 'Group Chat' },
    team: {
      id: 'team-id',
      name: 'My Team',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: 'channel-announcements-id', name: 'Announcements' }],
    },
  };
}

/** Rewrites `locale` (and the clientInfo entity) on activities going from the Playground to the bot. */
class LocaleProxy {
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly target: string,
    public locale: string,
  ) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.forward(this.target, req, res).catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`locale proxy: ${String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
    return this;
  }

  private async forward(target: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: string | undefined = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
    if (body && req.method === 'POST') body = this.rewrite(body);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'x-ms-agents-playground']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await fetch(target, { method: req.method, headers, body });
    const out = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    res.writeHead(response.status, contentType ? { 'content-type': contentType } : {});
    res.end(out);
  }

  private rewrite(body: string): string {
    let activity: Record<string, unknown>;
    try {
      activity = JSON.parse(body) as Record<string, unknown>;
    } catch (error) {
      // Not JSON: pass it through untouched, the bot will answer as it would anyway.
      console.warn('[playground] locale proxy: non-JSON body passed through:', String(error));
      return body;
    }
    activity.locale = this.locale;
    const country = this.locale.split('-')[1]?.toUpperCase();
    if (Array.isArray(activity.entities)) {
      for (const entity of activity.entities as Record<string, unknown>[]) {
        if (entity.type === 'clientInfo') {
          entity.locale = this.locale;
          if (country) entity.country = country;
        }
      }
    }
    return JSON.stringify(activity);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}

export class Playground {
  /** Base URL of the Playground, e.g. `http://127.0.0.1:56150`. */
  readonly url: string;
  /** The bot receives `serviceUrl` = this; replies, updates and proactive messages go there. */
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly user: PlaygroundUser;
  readonly botId = '00000000-0000-0000-0000-00000000000011';
  readonly botName = 'Test Bot';
  readonly tenantId = '00000000-0000-0000-0000-0000000000001';
  /** Conversation id of the team's General channel (= the team id). */
  readonly channelId = 'team-id';
  /** Conversation id of the group chat (the user, the bot and five mock users). */
  readonly groupChatId: string;

  private readonly queue: BotActivity[] = [];
  private readonly history: BotActivity[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly lastUserMessage = new Map<string, string>();
  private typingCount = 0;
  private stopped = false;
  private readonly exitHook: () => void;

  private constructor(
    private readonly child: ChildProcess,
    private readonly output: string[],
    private readonly dir: string,
    private readonly ws: WsLike,
    private readonly proxy: LocaleProxy | undefined,
    port: number,
    conversationId: string,
    user: PlaygroundUser,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.serviceUrl = `http://localhost:${port}/_connector`;
    this.conversationId = conversationId;
    this.groupChatId = `group-${conversationId}`;
    this.user = user;
    ws.onmessage = (ev) => this.onFrame(frameText(ev.data));
    // Never leave an orphaned CLI behind if the test process exits without stop().
    this.exitHook = () => {
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    };
    process.once('exit', this.exitHook);
  }

  static async start(opts: PlaygroundOptions): Promise<Playground> {
    const port = opts.port ?? 56150;
    const timeoutMs = opts.startTimeoutMs ?? 30_000;
    const conversationId = opts.conversationId ?? randomUUID();
    const user: PlaygroundUser = { ...DEFAULT_USER, ...opts.user };
    const dir = await mkdtemp(join(tmpdir(), 'playground-'));
    const configPath = join(dir, '.m365agentsplayground.yml');
    await writeFile(configPath, JSON.stringify(configFile(conversationId, user), null, 2));

    const proxy = opts.locale ? await new LocaleProxy(opts.botEndpoint, opts.locale).start() : undefined;
    const noProxy = ['127.0.0.1', 'localhost', process.env.NO_PROXY ?? process.env.no_proxy]
      .filter(Boolean)
      .join(',');
    const child = spawn(
      process.execPath,
      [CLI, 'start', '-e', proxy?.url ?? opts.botEndpoint, '-c', 'msteams', '--dt', '--port', String(port)],
      {
        cwd: dir,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
          M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, 'playground.log'),
          NO_PROXY: noProxy,
          no_proxy: noProxy,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    const collect = (stream: string) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) output.push(`[${stream}] ${line}`);
      }
      if (output.length > MAX_LINES) output.splice(0, output.length - MAX_LINES);
    };
    child.stdout?.on('data', collect('stdout'));
    child.stderr?.on('data', collect('stderr'));

    const fail = async (reason: string): Promise<never> => {
      if (child.exitCode === null) child.kill('SIGKILL');
      const log = await readFile(join(dir, 'playground.log'), 'utf8').catch((e: unknown) => `(no log: ${String(e)})`);
      await proxy?.stop();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`Playground did not start: ${reason}\n${output.join('\n')}\n--- playground.log ---\n${log.slice(-4000)}`);
    };

    const deadline = Date.now() + timeoutMs;
    let actualPort: number | undefined;
    while (actualPort === undefined) {
      // The CLI writes "Listening on <port>" to stdout when stdout is not a TTY (console.* goes to the log file only).
      const m = output.map((l) => /Listening on (\d+)/.exec(l)).find(Boolean);
      if (m?.[1]) actualPort = Number(m[1]);
      else if (child.exitCode !== null) return fail(`CLI exited with code ${child.exitCode}`);
      else if (Date.now() > deadline) return fail(`no "Listening on" within ${timeoutMs} ms`);
      else await sleep(50);
    }
    const base = `http://127.0.0.1:${actualPort}`;
    for (;;) {
      const ok = await fetch(`${base}/_debug/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) return fail(`CLI exited with code ${child.exitCode}`);
      if (Date.now() > deadline) return fail(`/_debug/ping did not answer within ${timeoutMs} ms`);
      await sleep(100);
    }

    const WebSocketImpl = webSocketConstructor();
    const ws = new WebSocketImpl(`ws://127.0.0.1:${actualPort}/_ws_conversation/v1/conversations/stream`);
    const opened = await new Promise<string | true>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), Math.max(1000, deadline - Date.now()));
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(true);
      };
      ws.onerror = (ev) => {
        clearTimeout(timer);
        resolve(`error ${String((ev as { message?: string }).message ?? ev)}`);
      };
    });
    if (opened !== true) return fail(`conversation WebSocket: ${opened}`);
    ws.onerror = (ev) => output.push(`[ws] error ${String((ev as { message?: string }).message ?? ev)}`);
    ws.onclose = () => output.push('[ws] closed');

    return new Playground(child, output, dir, ws, proxy, actualPort, conversationId, user);
  }

  /** Changes the locale the bot sees from now on (only if started with `locale`). */
  setLocale(locale: string): void {
    if (!this.proxy) throw new Error('Playground was started without `locale`; the Playground itself always sends en-US');
    this.proxy.locale = locale;
  }

  /**
   * Sends a text message as the user. Returns once the Playground accepted it; the bot gets it
   * right after (fire-and-forget inside the Playground), so await nextBotMessages() for the answer.
   */
  async sendText(text: string, options: SendOptions = {}): Promise<SentMessage> {
    const where = options.where ?? 'personal';
    const conversationId =
      where === 'channel' ? this.channelId : where === 'groupChat' ? this.groupChatId : this.conversationId;
    const mention = options.mentionBot ?? where !== 'personal';
    const atBot = `<at>${this.botName}</at>`;
    const body: Record<string, unknown> = {
      from: { id: this.user.id },
      text: mention ? `${atBot} ${text}` : text,
      textFormat: 'plain',
    };
    if (mention) body.mentions = [{ mentioned: { id: this.botId }, text: atBot }];
    const result = (await this.post(`/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, body)) as {
      messageId: string;
      postConversationId?: string;
    };
    this.lastUserMessage.set(result.postConversationId ?? conversationId, result.messageId);
    return { messageId: result.messageId, postConversationId: result.postConversationId };
  }

  /**
   * Clicks an `Action.Execute` in the personal chat: an `adaptiveCard/action` invoke with
   * value `{ action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }`.
   * Resolves with `{ type, value }` of the bot's invoke response (for a card: the card that replaces the old one).
   */
  async invokeAction(data: Record<string, unknown>, verb?: string, options: InvokeOptions = {}): Promise<InvokeResult> {
    const replyToId = options.replyToId ?? this.defaultReplyToId(this.conversationId);
    if (!replyToId) {
      throw new Error('invokeAction needs a message to attach to: send something first or pass options.replyToId');
    }
    const action: Record<string, unknown> = { type: 'Action.Execute', data };
    if (verb !== undefined) action.verb = verb;
    return (await this.post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      from: { id: this.user.id },
      conversation: { id: this.conversationId },
      replyToId,
      value: { action, trigger: 'manual' },
    })) as InvokeResult;
  }

  /**
   * Waits for the next `count` messages the bot created or updated (in arrival order) and removes
   * them from the queue. Typing indicators are not included.
   */
  async nextBotMessages(count = 1, timeoutMs = 10_000): Promise<BotActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length < count) {
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) {
        const got = this.queue.map((a) => `${a.kind} ${JSON.stringify(a.text ?? a.attachments.map((x) => x.contentType))}`);
        throw new Error(
          `Expected ${count} bot message(s) within ${timeoutMs} ms, got ${this.queue.length}: [${got.join(', ')}]\n` +
            (await this.diagnostics()),
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return this.queue.splice(0, count);
  }

  /** Messages received but not yet taken by nextBotMessages(). */
  pendingBotMessages(): readonly BotActivity[] {
    return [...this.queue];
  }

  /** Drops unread bot messages (e.g. between test cases). */
  clearBotMessages(): void {
    this.queue.length = 0;
  }

  /** Number of typing indicators the bot sent so far. */
  get typingIndicators(): number {
    return this.typingCount;
  }

  /** CLI stdout/stderr plus the tail of the Playground's own log (request/response bodies included). */
  async diagnostics(): Promise<string> {
    const log = await readFile(join(this.dir, 'playground.log'), 'utf8').catch((e: unknown) => `(no log: ${String(e)})`);
    return `--- playground output ---\n${this.output.join('\n')}\n--- playground.log (tail) ---\n${log.slice(-6000)}`;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const wake of [...this.waiters]) wake();
    process.removeListener('exit', this.exitHook);
    this.ws.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await this.proxy?.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private defaultReplyToId(conversationId: string): string | undefined {
    const inConversation = this.history.filter((a) => a.conversationId === conversationId);
    const withCard = inConversation.filter((a) => a.attachments.some((x) => x.contentType === ADAPTIVE_CARD));
    return withCard.at(-1)?.id ?? inConversation.at(-1)?.id ?? this.lastUserMessage.get(conversationId);
  }

  private onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      this.output.push(`[ws] unparsable frame (${String(error)}): ${text.slice(0, 200)}`);
      return;
    }
    if (frame.action === 'typing') {
      this.typingCount++;
      return;
    }
    if (frame.action !== 'createMessage' && frame.action !== 'updateMessage') {
      this.output.push(`[ws] unknown frame: ${text.slice(0, 200)}`);
      return;
    }
    const message = (frame.message ?? {}) as Record<string, unknown>;
    const activity: BotActivity = {
      kind: frame.action === 'createMessage' ? 'create' : 'update',
      id: String(message.messageId),
      // For a new channel thread the Playground reports the channel; the message itself lives in the post conversation.
      conversationId: String(message.postConversationId ?? frame.actionConversationId),
      text: typeof message.text === 'string' ? message.text : undefined,
      textFormat: typeof message.textFormat === 'string' ? message.textFormat : undefined,
      attachments: Array.isArray(message.attachments) ? (message.attachments as BotAttachment[]) : [],
      timestamp: Number(message.timestamp),
      raw: frame,
    };
    this.history.push(activity);
    this.queue.push(activity);
    for (const wake of [...this.waiters]) wake();
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(this.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`Playground POST ${path} → ${response.status}: ${text}`);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
