import { pick, type Locale } from '../i18n.js';
import { sanitizeText } from '../text/sanitize.js';
import type {
  DisplayTextKey,
  ErrorMessageKey,
  FieldDef,
  NoticeMessageKey,
  ReportingContent,
  WarningMessageKey,
} from './template-types.js';

/*
 * What validation reports (field errors, in the user's language and as of a given day) and the
 * template's message texts it words them with.
 */

/** `field` is always a field id of the template, or the offending key for a rejected submission. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ValidationContext {
  locale: Locale;
  /** YYYY-MM-DD */
  today: string;
}

export type MessageParams = Record<string, string | number>;

export function errorText(content: ReportingContent, ctx: ValidationContext, key: ErrorMessageKey, params: MessageParams = {}): string {
  return pick(content.messages.errors[key], ctx.locale, params);
}

export function noticeText(content: ReportingContent, ctx: ValidationContext, key: NoticeMessageKey, params: MessageParams = {}): string {
  return pick(content.messages.notices[key], ctx.locale, params);
}

export function warningText(content: ReportingContent, ctx: ValidationContext, key: WarningMessageKey, params: MessageParams = {}): string {
  return pick(content.messages.warnings[key], ctx.locale, params);
}

export function displayText(content: ReportingContent, locale: Locale, key: DisplayTextKey, params: MessageParams = {}): string {
  return pick(content.messages.display[key], locale, params);
}

/** The "«label» is required" error for an always-required field left unanswered. */
export function requiredError(field: FieldDef, content: ReportingContent, ctx: ValidationContext): FieldError {
  return { field: field.id, message: errorText(content, ctx, 'required', { label: pick(field.label, ctx.locale) }) };
}

/** Shortens user text quoted inside a message; the stored value is never shortened. */
export function quote(text: string, max = 40): string {
  const chars = Array.from(sanitizeText(text).text.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
