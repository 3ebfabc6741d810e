import { z } from 'zod';
import type { Locale } from '../i18n.js';
import { findField, choicesFor } from '../reporting/template-lookup.js';
import type { ReportingContent } from '../reporting/template-types.js';

/*
 * The query string of the overview pages and exports, checked before anything reaches the
 * database: an allowlist of parameters, scalars only (restify's queryParser turns
 * `?ministry[$ne]=x` into an object), repeats only where a list makes sense, and every value
 * checked against the configured choices. Anything else is refused as a whole, with every problem
 * listed; nothing is dropped silently.
 */

export const OVERVIEW_SORTS = ['name', 'deadline', 'updated', 'ministry'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];
export const DEFAULT_SORT: OverviewSort = 'name';

export const OVERVIEW_LOCALES = ['nb', 'en'] as const satisfies readonly Locale[];

export const MONTHS_MIN = 1;
export const MONTHS_MAX = 60;
/** Most values of one repeatable parameter (restify's parser turns more than 20 into an object anyway). */
export const MAX_REPEATS = 20;
/** Offending values are quoted back only this far. */
const QUOTE_MAX = 60;

export interface OverviewQuery {
  areas: string[];
  ministries: string[];
  agencies: string[];
  phases: string[];
  /** Deadlines within the next N months. */
  months?: number;
  sort: OverviewSort;
  lang?: Locale;
}

export type QueryProblemKind =
  | 'unknownParam'
  | 'notPlainValue'
  | 'notRepeatable'
  | 'tooManyValues'
  | 'unknownValue'
  | 'notAWholeNumber'
  | 'outOfRange';

/** One thing wrong with the query; `param` and `value` are user input, shortened, to be escaped on output. */
export interface QueryProblem {
  param: string;
  kind: QueryProblemKind;
  value?: string;
}

export type QueryResult<Q> = { ok: true; query: Q } | { ok: false; problems: QueryProblem[]; lang?: Locale };

interface ParamSpec {
  repeatable: boolean;
  value: z.ZodType<string | number>;
}

type ParamSpecs = Record<string, ParamSpec>;

/** The parameters of the overview list and exports, in the order error messages list them. */
export const OVERVIEW_PARAMS = ['area', 'ministry', 'agency', 'phase', 'months', 'sort', 'lang'] as const;
export type OverviewParam = (typeof OVERVIEW_PARAMS)[number];
/** The only parameter of the detail and completeness pages. */
export const LANGUAGE_PARAMS = ['lang'] as const;

// ---------------------------------------------------------------------------------------------
// Specs

function choiceValues(content: ReportingContent, fieldId: string): string[] {
  const field = findField(content, fieldId);
  if (!field) throw new Error(`reporting template has no field ${fieldId}`);
  return choicesFor(field, content).map((c) => c.value);
}

const oneOf = (values: readonly string[]) => z.enum(values as [string, ...string[]]);

const monthsSchema = z
  .string()
  .regex(/^[0-9]{1,4}$/)
  .transform(Number)
  .pipe(z.int().min(MONTHS_MIN).max(MONTHS_MAX));

const langSpec: ParamSpec = { repeatable: false, value: oneOf(OVERVIEW_LOCALES) };

function overviewSpecs(content: ReportingContent): Record<OverviewParam, ParamSpec> {
  return {
    area: { repeatable: true, value: oneOf(choiceValues(content, 'serviceAreas')) },
    ministry: { repeatable: true, value: oneOf(content.organisations.ministries.map((m) => m.id)) },
    agency: { repeatable: true, value: oneOf(content.organisations.agencies.map((a) => a.id)) },
    phase: { repeatable: true, value: oneOf(choiceValues(content, 'phase')) },
    months: { repeatable: false, value: monthsSchema },
    sort: { repeatable: false, value: oneOf(OVERVIEW_SORTS) },
    lang: langSpec,
  };
}

// ---------------------------------------------------------------------------------------------
// Checking

function quote(text: string): string {
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
}

function isStringList(raw: unknown): raw is string[] {
  return Array.isArray(raw) && raw.every((v) => typeof v === 'string');
}

/** The raw strings of one parameter, or the shape problem that refuses it. */
function readShape(param: string, raw: unknown, spec: ParamSpec): { values: string[] } | { problem: QueryProblem } {
  if (typeof raw === 'string') return { values: [raw] };
  if (!isStringList(raw)) return { problem: { param: quote(param), kind: 'notPlainValue' } };
  if (!spec.repeatable) return { problem: { param: quote(param), kind: 'notRepeatable' } };
  if (raw.length > MAX_REPEATS) return { problem: { param: quote(param), kind: 'tooManyValues' } };
  return { values: raw };
}

function kindOf(issue: z.core.$ZodIssue): QueryProblemKind {
  if (issue.code === 'invalid_format') return 'notAWholeNumber';
  if (issue.code === 'too_small' || issue.code === 'too_big') return 'outOfRange';
  return 'unknownValue';
}

interface ParamOutcome {
  values: (string | number)[];
  problems: QueryProblem[];
}

/** Empty values (a form's "all" option) mean "no filter"; duplicates count once. */
function checkValues(param: string, values: string[], spec: ParamSpec): ParamOutcome {
  const out: ParamOutcome = { values: [], problems: [] };
  for (const value of new Set(values.filter((v) => v !== ''))) {
    const parsed = spec.value.safeParse(value);
    if (parsed.success) out.values.push(parsed.data);
    else out.problems.push({ param, kind: kindOf(parsed.error.issues[0] as z.core.$ZodIssue), value: quote(value) });
  }
  return out;
}

function checkParam(param: string, raw: unknown, specs: ParamSpecs): ParamOutcome {
  const spec = Object.hasOwn(specs, param) ? specs[param] : undefined;
  if (!spec) return { values: [], problems: [{ param: quote(param), kind: 'unknownParam' }] };
  const shape = readShape(param, raw, spec);
  return 'problem' in shape ? { values: [], problems: [shape.problem] } : checkValues(param, shape.values, spec);
}

/** Every parameter checked; the valid values by parameter, and every problem found. */
function checkQuery(query: Record<string, unknown> | undefined, specs: ParamSpecs): { values: Map<string, (string | number)[]>; problems: QueryProblem[] } {
  const values = new Map<string, (string | number)[]>();
  const problems: QueryProblem[] = [];
  for (const [param, raw] of Object.entries(query ?? {})) {
    const outcome = checkParam(param, raw, specs);
    values.set(param, outcome.values);
    problems.push(...outcome.problems);
  }
  return { values, problems };
}

const strings = (values: Map<string, (string | number)[]>, param: string): string[] => (values.get(param) ?? []).map(String);

function langOf(values: Map<string, (string | number)[]>): Locale | undefined {
  const lang = values.get('lang')?.[0];
  return lang === 'nb' || lang === 'en' ? lang : undefined;
}

function toOverviewQuery(values: Map<string, (string | number)[]>): OverviewQuery {
  const months = values.get('months')?.[0];
  const sort = values.get('sort')?.[0];
  const lang = langOf(values);
  return {
    areas: strings(values, 'area'),
    ministries: strings(values, 'ministry'),
    agencies: strings(values, 'agency'),
    phases: strings(values, 'phase'),
    ...(typeof months === 'number' ? { months } : {}),
    sort: OVERVIEW_SORTS.find((s) => s === sort) ?? DEFAULT_SORT,
    ...(lang ? { lang } : {}),
  };
}

/** The overview list and exports: filters, sort and language. */
export function parseOverviewQuery(query: Record<string, unknown> | undefined, content: ReportingContent): QueryResult<OverviewQuery> {
  const { values, problems } = checkQuery(query, overviewSpecs(content));
  if (problems.length > 0) return { ok: false, problems, ...withLang(langOf(values)) };
  return { ok: true, query: toOverviewQuery(values) };
}

/** Pages that take only a language (project detail, completeness). */
export function parseLanguageQuery(query: Record<string, unknown> | undefined): QueryResult<{ lang?: Locale }> {
  const { values, problems } = checkQuery(query, { lang: langSpec });
  const lang = langOf(values);
  if (problems.length > 0) return { ok: false, problems, ...withLang(lang) };
  return { ok: true, query: withLang(lang) };
}

function withLang(lang: Locale | undefined): { lang?: Locale } {
  return lang ? { lang } : {};
}

/** The query as URL parameters (from validated values only), for links that keep the filters. */
export function overviewQueryParams(query: OverviewQuery, overrides: { lang?: Locale; sort?: OverviewSort } = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const area of query.areas) params.append('area', area);
  for (const ministry of query.ministries) params.append('ministry', ministry);
  for (const agency of query.agencies) params.append('agency', agency);
  for (const phase of query.phases) params.append('phase', phase);
  if (query.months !== undefined) params.set('months', String(query.months));
  const sort = overrides.sort ?? query.sort;
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  const lang = overrides.lang ?? query.lang;
  if (lang) params.set('lang', lang);
  return params;
}
