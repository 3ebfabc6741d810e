import { sanitizeText } from '../text/sanitize.js';
import { isObject } from './answer-types.js';
import { listInputText } from './template-lookup.js';
import type { FieldDef, ReportingContent } from './template-types.js';
import { errorText, quote, type FieldError, type ValidationContext } from './validation-messages.js';

/*
 * The shape of a raw card submission: only the card's input ids as keys, scalar values read as
 * strings. Nothing is cast here; see answer-casting.ts.
 */

export interface Structure {
  errors: FieldError[];
  /** Input id → string value; fields whose value had the wrong shape are in `wrongType`. */
  strings: Map<string, string>;
  wrongType: Set<string>;
}

function isForbiddenKey(key: string): boolean {
  return key.startsWith('$') || key.includes('.');
}

/** Adaptive Card values are strings; numbers and booleans are accepted and cast to strings. */
function toInputString(value: unknown, field: FieldDef): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const listType = field.type === 'multiselect' || field.type === 'textList';
  if (listType && Array.isArray(value) && value.every((v) => typeof v === 'string')) return listInputText(field, value);
  return undefined;
}

function keyErrors(raw: Record<string, unknown>, allowed: Map<string, FieldDef>, content: ReportingContent, ctx: ValidationContext): FieldError[] {
  return Object.keys(raw).flatMap((key) => {
    if (isForbiddenKey(key)) return [{ field: quote(key), message: errorText(content, ctx, 'forbiddenKey', { key: quote(key) }) }];
    if (!allowed.has(key)) return [{ field: quote(key), message: errorText(content, ctx, 'unknownKey', { key: quote(key) }) }];
    return [];
  });
}

/** A JSON object: no arrays, class instances or other exotic objects. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Checks the keys of `raw` against `allowed` (input id → field) and reads the allowed values as strings. */
export function readStructure(raw: unknown, allowed: Map<string, FieldDef>, content: ReportingContent, ctx: ValidationContext): Structure {
  const result: Structure = { errors: [], strings: new Map(), wrongType: new Set() };
  if (!isPlainObject(raw)) {
    result.errors.push({ field: '', message: errorText(content, ctx, 'invalidSubmission') });
    return result;
  }
  result.errors.push(...keyErrors(raw, allowed, content, ctx));
  for (const [inputId, field] of allowed) {
    if (!Object.prototype.hasOwnProperty.call(raw, inputId)) continue;
    const value = toInputString(raw[inputId], field);
    if (value === undefined) result.wrongType.add(field.id);
    else result.strings.set(inputId, value);
  }
  return result;
}

/**
 * Longest echo of one input, in code points: five times the template's longest maxLength (2,000),
 * so a user who pasted far too much still gets all of it back next to the "too long" message
 * (nothing they typed is cut), while a submission of megabytes cannot make the re-shown card
 * exceed what Teams accepts (~80 KB).
 */
export const MAX_ECHO_LENGTH = 12_000;

function clip(value: string): string {
  if (value.length <= MAX_ECHO_LENGTH) return value;
  return Array.from(value).slice(0, MAX_ECHO_LENGTH).join('');
}

/** The submitted strings, clipped and sanitised, to refill the card when it is shown again. */
export function echoOf(strings: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...strings].map(([id, value]) => [id, sanitizeText(clip(value)).text]));
}
