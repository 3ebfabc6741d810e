import type { IncomingMessage } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';

/** Slack's own payloads are small; anything larger is refused before it is read further. */
export const MAX_SLACK_BODY_BYTES = 512 * 1024;
/** Requests signed more than five minutes ago (or ahead) are refused: a captured request cannot be replayed later. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export class SlackRequestError extends Error {
  override name = 'SlackRequestError';
  constructor(readonly status: 400 | 401 | 413, message: string) {
    super(message);
  }
}

/**
 * Reads the body as bytes, untouched: the signature is computed over exactly these. Past the limit
 * the request is refused at once and the rest of its body is read and dropped: tearing the request
 * stream down mid-body (as leaving a `for await` over it does) leaves the keep-alive connection
 * stuck, so the client's next request on it would hang until the server resets the socket.
 */
export function readRawBody(req: IncomingMessage, limit = MAX_SLACK_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).resume();
      chunks.length = 0;
      reject(new SlackRequestError(413, 'body too large'));
    };
    req.on('data', onData).on('end', onEnd).once('error', reject);
    // A client gone before the end of its body (after the end, the promise is settled already).
    req.once('close', () => reject(new SlackRequestError(400, 'request closed before the end of its body')));
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks `x-slack-signature` (HMAC-SHA256 over `v0:${timestamp}:${body}` with the signing secret)
 * and that the timestamp lies within five minutes of now, in either direction.
 */
export function verifySignature(req: IncomingMessage, rawBody: string, signingSecret: string, nowMs: number): void {
  const signature = header(req, 'x-slack-signature');
  const timestamp = header(req, 'x-slack-request-timestamp');
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) throw new SlackRequestError(401, 'missing or malformed signature headers');
  const ts = Number(timestamp);
  if (Math.abs(Math.floor(nowMs / 1000) - ts) > MAX_CLOCK_SKEW_SECONDS) throw new SlackRequestError(401, 'stale timestamp');
  try {
    verifySlackRequest({ signingSecret, body: rawBody, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, nowMilliseconds: nowMs });
  } catch (err) {
    throw new SlackRequestError(401, (err as Error).message);
  }
}

export interface RetryInfo {
  retryNum?: number;
  retryReason?: string;
}

export function retryInfo(req: IncomingMessage): RetryInfo {
  const num = header(req, 'x-slack-retry-num');
  const reason = header(req, 'x-slack-retry-reason');
  return { ...(num && /^\d{1,3}$/.test(num) ? { retryNum: Number(num) } : {}), ...(reason ? { retryReason: reason.slice(0, 64) } : {}) };
}

/**
 * Events arrive as JSON; interactivity as a form with one `payload` field holding JSON; slash
 * commands as a plain form. The result is always a plain object.
 */
export function parseSlackBody(req: IncomingMessage, rawBody: string): Record<string, unknown> {
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/json') return asObject(JSON.parse(rawBody));
    if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(rawBody);
      const payload = form.get('payload');
      return payload !== null ? asObject(JSON.parse(payload)) : Object.fromEntries(form.entries());
    }
  } catch (err) {
    if (err instanceof SlackRequestError) throw err;
    throw new SlackRequestError(400, 'body is not valid JSON');
  }
  throw new SlackRequestError(400, 'unsupported content type');
}

function asObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SlackRequestError(400, 'body is not an object');
  return value as Record<string, unknown>;
}
