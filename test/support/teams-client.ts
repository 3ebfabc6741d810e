import { randomUUID } from 'node:crypto';
import type { RecordingConnector } from './recording-connector.js';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  locale: string;
}

export interface InvokeResult {
  status: number;
  body: { statusCode: number; type: string; value: any };
}

/**
 * Speaks to the bot's /api/messages exactly as Teams does (activities over HTTP, serviceUrl
 * pointing at a connector), for integration tests and benchmarks.
 */
export class TeamsTestClient {
  readonly conversationId: string;

  constructor(
    private readonly botUrl: string,
    private readonly connector: RecordingConnector,
    readonly user: TeamsUser,
    conversationId?: string,
    private readonly conversationType: 'personal' | 'groupChat' | 'channel' = 'personal',
  ) {
    this.conversationId = conversationId ?? `a:${randomUUID()}`;
  }

  private base(): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.url,
      channelId: 'msteams',
      from: { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId },
      conversation: { id: this.conversationId, conversationType: this.conversationType, isGroup: this.conversationType !== 'personal', tenantId: 'tenant-test' },
      recipient: { id: '28:samhandlingsbot', name: 'Samhandlingsbot' },
      locale: this.user.locale,
      channelData: { tenant: { id: 'tenant-test' } },
    };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Sends a message and returns the activities the bot sent in reply during that turn. */
  async say(text: string, activityId?: string): Promise<Record<string, any>[]> {
    const before = this.connector.received.filter((r) => r.conversationId === this.conversationId).length;
    const res = await this.post({ ...this.base(), ...(activityId ? { id: activityId } : {}), type: 'message', text });
    if (res.status >= 300) throw new Error(`bot answered ${res.status}`);
    const all = this.connector.received.filter((r) => r.conversationId === this.conversationId);
    return all.slice(before).map((r) => r.activity);
  }

  /** Presses an Action.Execute button: returns the invoke response (the card shown in place). */
  async press(verb: string, data: Record<string, unknown>): Promise<InvokeResult> {
    const res = await this.post({
      ...this.base(),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    return { status: res.status, body: res.body };
  }
}

/** The Adaptive Card in a message activity's first attachment. */
export function cardOf(activity: Record<string, any> | undefined): any {
  return activity?.attachments?.[0]?.content;
}

/** Every TextBlock text and FactSet title/value of a card, flattened, for assertions on what a user reads. */
export function visibleTexts(card: any): string[] {
  const out: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${f.title}: ${f.value}`);
    if (typeof node.label === 'string' && String(node.type).startsWith('Input.')) out.push(node.label);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}

/** Input elements of a card by id. */
export function inputsOf(card: any): Map<string, any> {
  const out = new Map<string, any>();
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (String(node.type).startsWith('Input.') && typeof node.id === 'string') out.set(node.id, node);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}

/** Action.Execute buttons of a card. */
export function actionsOf(card: any): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') out.push({ title: node.title, verb: node.verb, data: node.data ?? {} });
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}
