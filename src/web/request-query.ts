import type { Request } from 'restify';

/*
 * The query of a request as parseOverviewQuery expects it. restify's queryParser (qs) turns
 * `a[$ne]=x` into nested objects, which the parser refuses, but it silently drops names that clash
 * with Object.prototype (`constructor`, `__proto__`). Those are put back from the raw query string
 * so that they are refused as unknown parameters too. The result has no prototype.
 */

function parsedQuery(req: Request): Record<string, unknown> {
  const parsed: unknown = req.query;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function appendRaw(out: Record<string, unknown>, key: string, value: string): void {
  const seen = out[key];
  if (seen === undefined) out[key] = value;
  else out[key] = [...(Array.isArray(seen) ? seen : [seen]), value];
}

export function requestQuery(req: Request): Record<string, unknown> {
  const out: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, parsedQuery(req));
  // Without the parser plugin restify's req.query is a method, not an object.
  const parserRan = req.query !== null && typeof req.query === 'object';
  for (const [key, value] of new URLSearchParams(req.getQuery())) {
    const name = key.split('[')[0] ?? key;
    if (!parserRan) appendRaw(out, key, value);
    else if (!Object.hasOwn(out, name)) out[name] = value;
  }
  return out;
}
