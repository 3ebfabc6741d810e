import { SHARING_LEVELS, type SharingLevel } from '../reporting/report.js';
import { charCount, sanitizeText } from '../text/sanitize.js';
import type { RefusalReason } from './approval-ports.js';
import { COMMENT_MAX } from './review-model.js';

/**
 * Card payloads of the workflow, checked against an allowlist before anything is loaded: a card
 * may carry which report (and its `rev`) and the reviewer's inputs, nothing else. Keys such as
 * `role`, `reviewerFor` or `ministry` are refused; identity and roles come from the activity.
 */
const PAYLOAD_KEYS = {
  decide: ['_report', '_rev', 'sharingLevel', 'comment'],
  withdraw: ['_report', '_rev'],
  open: ['_report'],
} as const;
export type PayloadKind = keyof typeof PAYLOAD_KEYS;

const MAX_ID_LENGTH = 64;
/** Raw comment text accepted for counting; far longer input is refused without further work. */
const MAX_RAW_COMMENT = 20_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: RefusalReason; reportId?: string };

export interface ReportRef {
  reportId: string;
  /** Absent only for `open`. */
  rev?: number;
}

function reportIdOf(data: Record<string, unknown>): string | undefined {
  const id = data['_report'];
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : undefined;
}

function revOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export function parseReportRef(data: Record<string, unknown>, kind: PayloadKind): Parsed<ReportRef> {
  const allowed: readonly string[] = PAYLOAD_KEYS[kind];
  const reportId = reportIdOf(data);
  if (Object.keys(data).some((k) => !allowed.includes(k))) return { ok: false, reason: 'unexpected-data', reportId };
  if (!reportId) return { ok: false, reason: 'invalid-payload' };
  if (kind === 'open') return { ok: true, value: { reportId } };
  const rev = revOf(data['_rev']);
  return rev === undefined ? { ok: false, reason: 'invalid-payload', reportId } : { ok: true, value: { reportId, rev } };
}

export interface DecisionInput {
  sharingLevel?: SharingLevel;
  comment: string;
  /** Comment length in characters after cleaning (for the "too long" message). */
  commentLength: number;
}

/** The reviewer's inputs. An empty sharing level falls back to the reporter's proposal (the card's default). */
export function parseDecisionInput(data: Record<string, unknown>, requireComment: boolean): Parsed<DecisionInput> {
  const rawLevel = data['sharingLevel'];
  const rawComment = data['comment'] ?? '';
  if ((rawLevel !== undefined && typeof rawLevel !== 'string') || typeof rawComment !== 'string') return { ok: false, reason: 'invalid-payload' };
  const sharingLevel = SHARING_LEVELS.find((s) => s === rawLevel);
  if (rawLevel !== undefined && rawLevel !== '' && !sharingLevel) return { ok: false, reason: 'invalid-sharing-level' };
  if (rawComment.length > MAX_RAW_COMMENT) return { ok: false, reason: 'comment-too-long' };
  const comment = sanitizeText(rawComment).text;
  const commentLength = charCount(comment);
  if (commentLength > COMMENT_MAX) return { ok: false, reason: 'comment-too-long' };
  if (requireComment && commentLength === 0) return { ok: false, reason: 'comment-required' };
  return { ok: true, value: { sharingLevel, comment, commentLength } };
}

/** Length of the comment as the user will see it counted, for the refusal message. */
export function typedCommentLength(data: Record<string, unknown>): number {
  const raw = data['comment'];
  return typeof raw === 'string' ? charCount(sanitizeText(raw.slice(0, MAX_RAW_COMMENT)).text) : 0;
}
