import type { Response } from 'restify';

/*
 * Every overview response carries these headers: no script may run (there is none), styles only
 * from this server, no framing, no MIME sniffing, no referrer to other sites.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
} as const;

export function sendBody(res: Response, status: number, type: keyof typeof CONTENT_TYPES, body: string, headers: Record<string, string> = {}): void {
  res.sendRaw(status, body, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[type],
    'Cache-Control': 'no-cache',
    ...headers,
  });
}
