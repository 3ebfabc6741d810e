import { charCount, type SanitizedText } from '../text/sanitize.js';
import type { AnswerValue } from './answer-types.js';
import type { FieldDef, ReportingContent } from './template-types.js';
import { errorText, noticeText, type ValidationContext } from './validation-messages.js';

/*
 * The common ground of the casts from raw card inputs to answers: what a cast gets, what it
 * returns, and the notices and length errors every text-based cast shares.
 */

/** What one field's inputs produced: a value, "not answered" (value undefined), or errors. */
export interface CastResult {
  value?: AnswerValue;
  errors: string[];
  notices: string[];
}

export interface CastEnv {
  content: ReportingContent;
  ctx: ValidationContext;
  field: FieldDef;
  /** Field label in the user's language, possibly with a part suffix ("… (frist 2)"). */
  label: string;
}

/** Reads one input of a field by its input id ('' when it was not submitted). */
export type InputReader = (inputId: string) => string;

export const EMPTY: CastResult = { errors: [], notices: [] };

export const ok = (value: AnswerValue, notices: string[] = []): CastResult => ({ value, errors: [], notices });

export const fail = (...errors: string[]): CastResult => ({ errors, notices: [] });

/** The env for one part of a composite field: its label gets the part in brackets. */
export function partEnv(env: CastEnv, suffix: string): CastEnv {
  return { ...env, label: `${env.label} (${suffix})` };
}

export function sanitizeNotices(env: CastEnv, s: Pick<SanitizedText, 'htmlRemoved' | 'controlCharsRemoved'>): string[] {
  const notices: string[] = [];
  if (s.htmlRemoved) notices.push(noticeText(env.content, env.ctx, 'htmlRemoved', { label: env.label }));
  if (s.controlCharsRemoved) notices.push(noticeText(env.content, env.ctx, 'controlCharsRemoved', { label: env.label }));
  return notices;
}

export function lengthErrors(env: CastEnv, text: string, min: number | undefined, max: number | undefined): string[] {
  const count = charCount(text);
  if (max !== undefined && count > max) return [errorText(env.content, env.ctx, 'tooLong', { label: env.label, count, max })];
  if (min !== undefined && count < min) return [errorText(env.content, env.ctx, 'tooShort', { label: env.label, count, min })];
  return [];
}

/** The most items a list field (multiselect, textList) may hold. */
export function maxItemsOf(env: CastEnv): number {
  return env.field.maxItems ?? env.content.template.limits.maxListItems;
}

/** The "too many items" error when `count` exceeds the field's item limit; undefined otherwise. */
export function tooManyItems(env: CastEnv, count: number): string | undefined {
  const max = maxItemsOf(env);
  return count > max ? errorText(env.content, env.ctx, 'tooManyItems', { label: env.label, count, max }) : undefined;
}
