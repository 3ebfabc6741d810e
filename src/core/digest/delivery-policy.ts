import { ConversationUnknown } from './digest-ports.js';

/*
 * What to do when posting a digest message fails. botbuilder's connector client throws a
 * RestError with `statusCode` and `response.headers.get('retry-after')` after its own HTTP
 * pipeline has retried 429 and 5xx a few times; the outbox retries on top of that, later, with
 * exponential backoff and jitter, never sooner than the platform's Retry-After.
 */

export interface DeliveryErrorInfo {
  retryable: boolean;
  statusCode?: number;
  retryAfterMs?: number;
  message: string;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ENOTFOUND', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const MAX_MESSAGE = 300;

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

type HeaderBag = { get?: (name: string) => unknown } & Record<string, unknown>;

function headerOf(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const bag = headers as HeaderBag;
  if (typeof bag.get === 'function') return bag.get(name);
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : bag[key];
}

function statusOf(e: Record<string, any>): number | undefined {
  const status = e['statusCode'] ?? e['status'] ?? e['response']?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterOf(e: Record<string, any>, nowMs: number): number | undefined {
  const value = headerOf(e['response']?.headers, 'retry-after') ?? headerOf(e['headers'], 'retry-after');
  return parseRetryAfter(value, nowMs);
}

function retryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Throttling, server errors and network failures are retried; other client errors are final. */
export function classifyDeliveryError(err: unknown, nowMs: number): DeliveryErrorInfo {
  if (err instanceof ConversationUnknown) return { retryable: false, message: err.message };
  const e = (err && typeof err === 'object' ? err : {}) as Record<string, any>;
  const message = String(e['message'] ?? err).slice(0, MAX_MESSAGE);
  const statusCode = statusOf(e);
  const retryAfterMs = retryAfterOf(e, nowMs);
  const base = { message, ...(statusCode === undefined ? {} : { statusCode }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (statusCode !== undefined) return { ...base, retryable: retryableStatus(statusCode) };
  const code = typeof e['code'] === 'string' ? e['code'] : '';
  // No status: the request may not have reached the platform (network) or failed in an unknown way.
  return { ...base, retryable: NETWORK_CODES.has(code) || code === '' };
}

/**
 * Exponential backoff with jitter: base·2^(n−1), capped, scaled by a random factor in [0.5, 1],
 * and never shorter than Retry-After.
 */
export function retryDelayMs(failures: number, opts: { baseMs: number; maxMs: number; retryAfterMs?: number }, random: () => number = Math.random): number {
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  return Math.max(jittered, opts.retryAfterMs ?? 0);
}
