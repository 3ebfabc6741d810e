/**
 * Generic input handling for free text (reporting template §6): plain text only,
 * NFC, no control characters, no HTML, plus output escaping for Adaptive Cards and
 * small validators for e-mail addresses and https URLs.
 */

export interface SanitizedText {
  text: string;
  /** True when tags, comments or script/style blocks were removed (the bot tells the user). */
  htmlRemoved: boolean;
  /** True when control characters, bidi overrides or lone surrogates were removed. */
  controlCharsRemoved: boolean;
}

// ---------------------------------------------------------------------------
// Characters

/** Unpaired UTF-16 surrogates cannot be encoded as UTF-8 (BSON strings must be valid UTF-8). */
export const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates
 * (text-spoofing risk) and the BOM / zero-width no-break space.
 */
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

function removeInvalidChars(s: string): { text: string; removed: boolean } {
  const noSurrogates = s.replace(LONE_SURROGATE_RE, '');
  const lines = noSurrogates.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n');
  const text = lines.replace(CONTROL_RE, '');
  return { text, removed: noSurrogates !== s || text !== lines };
}

// ---------------------------------------------------------------------------
// HTML

/** Elements whose content is never user-visible text. */
const BLOCKS_WITH_CONTENT_RE =
  /<(script|style|iframe|object|embed|noscript|template|svg|math)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
/** Doctype, CDATA, processing instructions. */
const DECLARATION_RE = /<[!?][^>]*>/g;
/** Line-breaking tags become newlines so pasted paragraphs stay readable. */
const BREAK_TAG_RE = /<(?:br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/gi;
/** Any tag; quoted attribute values may contain ">". */
const TAG_RE = /<\/?[a-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/gi;

function stripHtmlOnce(s: string): string {
  return s
    .replace(COMMENT_RE, '')
    .replace(BLOCKS_WITH_CONTENT_RE, '')
    .replace(DECLARATION_RE, '')
    .replace(BREAK_TAG_RE, '\n')
    .replace(TAG_RE, '');
}

const MAX_HTML_PASSES = 10;

/**
 * Strips repeatedly, so removing one tag cannot assemble another
 * ("<scr<b></b>ipt>" → "<script>" → ""). Entities are never decoded, so "&lt;b&gt;" stays text.
 */
function stripHtml(s: string): { text: string; removed: boolean } {
  let current = s;
  for (let pass = 0; pass < MAX_HTML_PASSES; pass++) {
    const next = stripHtmlOnce(current);
    if (next === current) return { text: current, removed: current !== s };
    current = next;
  }
  // Pathological nesting: drop every remaining angle bracket rather than risk a tag.
  return { text: current.replace(/[<>]/g, ''), removed: true };
}

function tidyWhitespace(s: string): string {
  return s
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Plain text for storage (§6): NFC; lone surrogates and control characters removed
 * (newline and tab kept; CR/CRLF become newline); HTML tags, comments and
 * script/style content removed; trimmed; at most one empty line in a row.
 */
/** Something a reader can see: not only white space and zero-width (format) characters. */
const VISIBLE_RE = /[^\s\u200B-\u200D\u2060\u180E]/u;

export function sanitizeText(raw: string): SanitizedText {
  const chars = removeInvalidChars(raw);
  const html = stripHtml(chars.text);
  const tidy = tidyWhitespace(html.text);
  // An answer made only of invisible characters is no answer (a "name" nobody can read).
  const text = VISIBLE_RE.test(tidy) ? tidy : '';
  return { text, htmlRemoved: html.removed, controlCharsRemoved: chars.removed };
}

// ---------------------------------------------------------------------------
// Output escaping

const MARKDOWN_CHARS_RE = /[\\*_[\]()#>`~]/g;

/**
 * Escapes user text for an Adaptive Card TextBlock (Markdown subset): backslash-escapes
 * \ * _ [ ] ( ) # > ` ~ and leading list markers ("- ", "+ ", "1. ") so user text can
 * neither format itself nor create links or lists.
 */
export function escapeCardMarkdown(text: string): string {
  return text
    .replace(MARKDOWN_CHARS_RE, '\\$&')
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2\\.');
}

// ---------------------------------------------------------------------------
// Validators

const EMAIL_LOCAL_RE = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const EMAIL_DOMAIN_RE = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/** Pragmatic check: ≤ 254 characters, exactly one @, no spaces, a domain with a dot. */
export function isLikelyEmail(text: string): boolean {
  if (text.length > 254 || /\s/u.test(text)) return false;
  const parts = text.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  return local.length <= 64 && EMAIL_LOCAL_RE.test(local) && EMAIL_DOMAIN_RE.test(domain);
}

export const MAX_URL_LENGTH = 500;

export type HttpsUrlResult =
  | { ok: true; url: string; domain: string }
  | { ok: false; reason: 'not_https' | 'invalid' | 'too_long' };

/**
 * Accepts an absolute https URL of at most 500 characters (after trimming). `url` is the
 * normalised href; `domain` is the host name (IDN hosts in punycode, which also exposes
 * look-alike domains). URLs with user credentials or a host without a dot are invalid.
 */
export function parseHttpsUrl(text: string): HttpsUrlResult {
  const trimmed = text.trim();
  if (trimmed.length > MAX_URL_LENGTH) return { ok: false, reason: 'too_long' };
  if (trimmed === '' || /\s/u.test(trimmed) || !URL.canParse(trimmed)) return { ok: false, reason: 'invalid' };
  const url = new URL(trimmed);
  if (url.protocol !== 'https:') return { ok: false, reason: 'not_https' };
  if (url.username !== '' || url.password !== '' || !url.hostname.includes('.')) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, url: url.href, domain: url.hostname };
}

/** Length as a user would count it: Unicode code points, so "æøå" is 3 and a simple emoji is 1 (not 2 UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}
