import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { CallbackOptions, InstallProvider } from '@slack/oauth';
import type { Server } from 'restify';
import type { Logger } from '../../logging/logger.js';
import { parseSlackBody, readRawBody, retryInfo, SlackRequestError, verifySignature } from './slack-request.js';
import { WorkQueue } from './work-queue.js';
import { isSlashCommand, makeWorkspaceAllowlist, requestKind, type WorkspaceAllowlist } from './workspace-allowlist.js';

export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';

/** A view submission must be answered within Slack's 3 s; past this the receiver answers for the handler. */
const VIEW_ACK_DEADLINE_MS = 2_800;
/** Work items (after the acknowledgement) running at once, and waiting before new requests wait for room. */
const WORK_CONCURRENCY = 4;
const WORK_MAX_QUEUED = 1_000;

export interface RestifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  installer?: InstallProvider;
  /** Hooks of the OAuth callback (the workspace allow-list refuses an installation there). */
  callbackOptions?: CallbackOptions;
  scopes?: string[];
  /** Workspaces whose requests are served (default: every workspace). */
  workspaces?: WorkspaceAllowlist;
  /** The answer to a slash command from a workspace not on the list (an ephemeral message). */
  workspaceRefusalText?: string;
  now?: () => number;
  /** Work queue bounds (defaults: 4 at once, 1,000 waiting). */
  workConcurrency?: number;
  workMaxQueued?: number;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === '') {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
  res.end(text);
}

/**
 * The first call answers the HTTP request; later calls do nothing (the receiver acknowledges
 * events, commands and button clicks itself, at once, before any work — the listener's own
 * `ack()` then finds the request answered).
 */
function makeAck(res: ServerResponse): { ack: ReceiverEvent['ack']; acked: () => boolean } {
  let done = false;
  return {
    acked: () => done,
    ack: async (response?: unknown) => {
      if (done) return;
      done = true;
      send(res, 200, response);
    },
  };
}

/** Only view submissions carry an answer in the acknowledgement (`response_action`); everything else is acknowledged on arrival. */
function answersInAck(body: Record<string, unknown>): boolean {
  return body['type'] === 'view_submission';
}

/**
 * Bolt's receiver on the bot's restify server: `POST /slack/events` for the Events API,
 * interactivity and slash commands, and the OAuth install routes. The body is read raw (restify's
 * body parser skips this path) because the signature covers the exact bytes.
 */
export class RestifyReceiver implements Receiver {
  private app: App | undefined;
  private readonly now: () => number;
  private readonly work: WorkQueue;
  private readonly workspaces: WorkspaceAllowlist;

  constructor(private readonly opts: RestifyReceiverOptions) {
    this.now = opts.now ?? Date.now;
    this.workspaces = opts.workspaces ?? makeWorkspaceAllowlist([]);
    this.work = new WorkQueue({ concurrency: opts.workConcurrency ?? WORK_CONCURRENCY, maxQueued: opts.workMaxQueued ?? WORK_MAX_QUEUED, logger: opts.logger });
  }

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves when the work of every acknowledged request has finished. */
  stop(): Promise<void> {
    return this.work.idle();
  }

  mount(server: Server): void {
    server.post(SLACK_EVENTS_PATH, async (req: IncomingMessage, res: ServerResponse) => {
      await this.handle(req, res);
    });
    const installer = this.opts.installer;
    if (!installer) return;
    server.get(SLACK_INSTALL_PATH, async (req: IncomingMessage, res: ServerResponse) => {
      await installer.handleInstallPath(req, res, undefined, { scopes: this.opts.scopes ?? [] }).catch((err: unknown) => this.failed(res, 'install page failed', err));
    });
    server.get(SLACK_REDIRECT_PATH, async (req: IncomingMessage, res: ServerResponse) => {
      await installer.handleCallback(req, res, this.opts.callbackOptions).catch((err: unknown) => this.failed(res, 'oauth callback failed', err));
    });
  }

  private failed(res: ServerResponse, msg: string, err: unknown): void {
    this.opts.logger.warn(msg, { err: (err as Error).message });
    send(res, 500, { error: 'internal error' });
  }

  private async readVerified(req: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readRawBody(req);
    verifySignature(req, raw, this.opts.signingSecret, this.now());
    return parseSlackBody(req, raw);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = await this.readVerified(req);
    } catch (err) {
      const status = err instanceof SlackRequestError ? err.status : 400;
      this.opts.logger.warn('slack request refused', { status, reason: (err as Error).message });
      send(res, status, { error: status === 401 ? 'unauthorized' : status === 413 ? 'payload too large' : 'bad request' });
      return;
    }
    if (body['type'] === 'url_verification') return send(res, 200, { challenge: String(body['challenge'] ?? '') });
    if (body['ssl_check'] !== undefined) return send(res, 200);
    if (this.refusedWorkspace(res, body)) return;
    await this.dispatch(req, res, body);
  }

  /**
   * A request from a workspace not on the allow-list is answered 200 (so Slack does not retry)
   * and goes no further: not acknowledged to Bolt, not queued, nothing stored or posted. A slash
   * command gets a short ephemeral answer, since its user waits for one.
   */
  private refusedWorkspace(res: ServerResponse, body: Record<string, unknown>): boolean {
    const refused = this.workspaces.refusal(body);
    if (!refused) return false;
    // Ids of workspaces and organisations and the request type only: no user ids, names or text.
    this.opts.logger.warn('slack request refused: workspace not on the allow-list', {
      reason: refused.reason,
      teamIds: refused.teamIds,
      enterpriseIds: refused.enterpriseIds,
      kind: requestKind(body),
    });
    const text = this.opts.workspaceRefusalText;
    send(res, 200, isSlashCommand(body) && text ? { response_type: 'ephemeral', text } : undefined);
    return true;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    if (answersInAck(body)) return this.process(req, res, body);
    // Acknowledged now; the work waits its turn in the queue, so later requests are acknowledged
    // without waiting behind it. Only a full queue (overload) holds the acknowledgement back.
    await this.work.room();
    const { ack } = makeAck(res);
    await ack();
    this.work.add(() => this.process(req, res, body, ack));
  }

  private async process(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, earlyAck?: ReceiverEvent['ack']): Promise<void> {
    const { ack, acked } = earlyAck ? { ack: earlyAck, acked: () => true } : makeAck(res);
    const timer = earlyAck ? undefined : setTimeout(() => void ack(), VIEW_ACK_DEADLINE_MS);
    try {
      if (!this.app) throw new Error('receiver not initialised by the Bolt app');
      await this.app.processEvent({ body, ack, ...retryInfo(req) });
    } catch (err) {
      this.opts.logger.error('slack event failed', { err: (err as Error).message });
    } finally {
      clearTimeout(timer);
      if (!acked()) await ack();
    }
  }
}
