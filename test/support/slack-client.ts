import { createHmac, randomUUID } from 'node:crypto';
import type { SlackApiStub } from './slack-api-stub.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';

export function signSlack(body: string, secret = TEST_SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SlackResponse {
  status: number;
  body: any;
  ms: number;
}

export interface SignedRequest {
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

/** Sends a request to the bot's Slack endpoint as Slack does (raw body, signature headers). */
export async function sendSigned(baseUrl: string, req: SignedRequest): Promise<SlackResponse> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': req.contentType, ...req.headers }, body: req.body });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: any = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: res.status, body, ms };
}

export function eventRequest(event: Record<string, unknown>, opts: { teamId?: string; eventId?: string; headers?: Record<string, string> } = {}): SignedRequest {
  const body = JSON.stringify({ type: 'event_callback', team_id: opts.teamId ?? 'T0TEST', api_app_id: 'A0TEST', event_id: opts.eventId ?? `Ev${randomUUID().slice(0, 8)}`, event_time: Math.floor(Date.now() / 1000), event });
  return { body, contentType: 'application/json', headers: { ...signSlack(body), ...opts.headers } };
}

export function interactionRequest(payload: Record<string, unknown>): SignedRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, contentType: 'application/x-www-form-urlencoded', headers: signSlack(body) };
}

export function commandRequest(fields: Record<string, string>): SignedRequest {
  const body = new URLSearchParams(fields).toString();
  return { body, contentType: 'application/x-www-form-urlencoded', headers: signSlack(body) };
}

/** The Block Kit values state Slack sends for the inputs of a view. */
export function stateFor(view: any, values: Record<string, string>): Record<string, any> {
  const state: Record<string, any> = {};
  for (const block of view.blocks as any[]) {
    if (block.type !== 'input' || !(block.block_id in values)) continue;
    const v = values[block.block_id] as string;
    const el = block.element;
    if (el.type === 'plain_text_input') state[block.block_id] = { value: { type: el.type, value: v } };
    else if (el.type === 'static_select') {
      const opt = (el.options as any[]).find((o) => o.value === v);
      state[block.block_id] = { value: { type: el.type, selected_option: opt ?? null } };
    } else if (el.type === 'multi_static_select') {
      const wanted = v.split(',').filter(Boolean);
      state[block.block_id] = { value: { type: el.type, selected_options: (el.options as any[]).filter((o) => wanted.includes(o.value)) } };
    }
  }
  return { values: state };
}

export interface SlackUser {
  id: string;
  name: string;
  teamId?: string;
}

/**
 * A Slack user talking to the bot over real HTTP: messages, slash commands, button clicks and modal
 * submissions, each signed; the bot's answers are read from the Web API stand-in.
 */
export class SlackTestClient {
  private seq = 0;

  constructor(readonly baseUrl: string, readonly api: SlackApiStub, readonly user: SlackUser, readonly dm = `D${user.id.slice(1)}`) {}

  private get team() {
    return { id: this.user.teamId ?? 'T0TEST', domain: 'test' };
  }

  async dmText(text: string, eventId?: string): Promise<SlackResponse> {
    return sendSigned(this.baseUrl, eventRequest({ type: 'message', channel_type: 'im', channel: this.dm, user: this.user.id, text, ts: `${Date.now() / 1000}` }, { teamId: this.team.id, ...(eventId ? { eventId } : {}) }));
  }

  async mention(channel: string, text: string, eventId?: string): Promise<SlackResponse> {
    return sendSigned(this.baseUrl, eventRequest({ type: 'app_mention', channel, user: this.user.id, text: `<@UBOT> ${text}`, ts: `${Date.now() / 1000}` }, { teamId: this.team.id, ...(eventId ? { eventId } : {}) }));
  }

  /** A slash command; `opts.responseUrl` (e.g. the stand-in's `responseUrl(id)`) and `opts.channelName` as Slack would send them. */
  async command(text: string, channel = this.dm, opts: { responseUrl?: string; channelName?: string } = {}): Promise<SlackResponse> {
    return sendSigned(this.baseUrl, commandRequest({
      command: '/samhandling', text, user_id: this.user.id, user_name: this.user.name, team_id: this.team.id, channel_id: channel,
      channel_name: opts.channelName ?? (channel.startsWith('D') ? 'directmessage' : 'general'), trigger_id: `trig-${randomUUID()}`, response_url: opts.responseUrl ?? 'http://127.0.0.1:9/respond',
    }));
  }

  /** Clicks a button (by action id prefix) in a message or view. */
  async click(container: { kind: 'message'; channel: string; ts: string; blocks: any[]; ephemeral?: boolean } | { kind: 'view'; view: any; values?: Record<string, string> }, actionIdPrefix: string, pick: (b: any) => boolean = () => true): Promise<SlackResponse> {
    const blocks = container.kind === 'message' ? container.blocks : container.view.blocks;
    const button = findButton(blocks, actionIdPrefix, pick);
    if (!button) throw new Error(`no button ${actionIdPrefix} in ${JSON.stringify(blocks).slice(0, 400)}`);
    return this.clickRaw(container, button.element, button.blockId);
  }

  /** A click; on a message with `ephemeral` (a response_url answer), the container says `is_ephemeral` as Slack's does. */
  async clickRaw(container: { kind: 'message'; channel: string; ts: string; ephemeral?: boolean } | { kind: 'view'; view: any; values?: Record<string, string> }, element: any, blockId = 'b', actionTs = `${Date.now() / 1000}${++this.seq}`): Promise<SlackResponse> {
    const action = { type: 'button', action_id: element.action_id, block_id: blockId, value: element.value, action_ts: actionTs };
    const base = { type: 'block_actions', user: { id: this.user.id, name: this.user.name, team_id: this.team.id }, team: this.team, api_app_id: 'A0TEST', trigger_id: `trig-${randomUUID()}`, actions: [action] };
    const payload = container.kind === 'message'
      ? { ...base, container: { type: 'message', channel_id: container.channel, message_ts: container.ts, ...(container.ephemeral ? { is_ephemeral: true } : {}) }, channel: { id: container.channel }, message: { ts: container.ts } }
      : { ...base, container: { type: 'view', view_id: container.view.id }, view: { ...container.view, state: stateFor(container.view, container.values ?? {}) } };
    return sendSigned(this.baseUrl, interactionRequest(payload));
  }

  viewSubmissionPayload(view: any, state: Record<string, any>): Record<string, unknown> {
    return { type: 'view_submission', user: { id: this.user.id, name: this.user.name, team_id: this.team.id }, team: this.team, api_app_id: 'A0TEST', trigger_id: `trig-${randomUUID()}`, view: { ...view, state } };
  }

  async submit(view: any, values: Record<string, string>): Promise<SlackResponse> {
    return sendSigned(this.baseUrl, interactionRequest(this.viewSubmissionPayload(view, stateFor(view, values))));
  }
}

export function findButton(blocks: any[], actionIdPrefix: string, pick: (b: any) => boolean = () => true): { element: any; blockId: string } | undefined {
  for (const block of blocks) {
    const elements = block.type === 'actions' ? block.elements : block.accessory ? [block.accessory] : [];
    for (const el of elements as any[]) {
      if (el.type === 'button' && String(el.action_id).split('~')[0] === actionIdPrefix && pick(el)) return { element: el, blockId: block.block_id ?? 'b' };
    }
  }
  return undefined;
}

/** All visible text of blocks, for assertions. */
export function blockTexts(blocks: any[]): string {
  const out: string[] = [];
  const walk = (v: any) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    if ((v.type === 'mrkdwn' || v.type === 'plain_text') && typeof v.text === 'string') out.push(v.text);
    Object.values(v).forEach(walk);
  };
  walk(blocks);
  return out.join('\n');
}
