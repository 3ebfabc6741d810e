import type { Request, Response, Server } from 'restify';
import type { Locale } from '../core/i18n.js';
import {
  LANGUAGE_PARAMS,
  OVERVIEW_PARAMS,
  parseLanguageQuery,
  parseOverviewQuery,
  type OverviewQuery,
  type QueryProblem,
  type QueryResult,
} from '../core/overview/overview-query.js';
import { makeOverviewService, type OverviewService } from '../core/overview/overview-service.js';
import type { PublishableSharingLevel } from '../core/overview/published-filter.js';
import type { RejectedOverviewQuery } from '../core/overview/rejected-query.js';
import type { Clock, PublishedReportQueries } from '../core/ports.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import type { Logger } from '../logging/logger.js';
import { renderCompletenessPage } from './completeness-page.js';
import { problemText, renderBadQueryPage, renderNotFoundPage, renderServerErrorPage } from './error-pages.js';
import { sendBody } from './http-responses.js';
import { overviewCsv, overviewJson } from './overview-export.js';
import { renderOverviewListPage } from './overview-list-page.js';
import { OVERVIEW_CSS } from './overview-styles.js';
import type { OverviewTexts } from './overview-texts.js';
import { OVERVIEW_PATHS } from './page-layout.js';
import { renderProjectDetailPage } from './project-detail-page.js';
import { pageLocale } from './request-locale.js';
import { requestQuery } from './request-query.js';

export interface OverviewRouteDeps {
  /** The Mongo report repository (makeMongoReportRepository) provides these queries. */
  reports: PublishedReportQueries;
  content: ReportingContent;
  /** loadOverviewTexts(configDir) */
  texts: OverviewTexts;
  clock: Clock;
  logger: Logger;
  /** Called for every refused query (operators, unknown parameters or values); the place for an audit entry. */
  onRejectedQuery?: (details: RejectedOverviewQuery) => void | Promise<void>;
  /** Narrows what is published, e.g. ['APEN'] where the pages are open to the public. Default: APEN and KS_OG_STAT. */
  sharingLevels?: readonly PublishableSharingLevel[];
}

type Format = 'html' | 'json';

interface Ctx {
  deps: OverviewRouteDeps;
  service: OverviewService;
}

const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function localeOf(req: Request, lang: Locale | undefined): Locale {
  return pageLocale(lang, headerOf(req, 'accept-language'));
}

/** Best effort for error pages: an explicit, valid `lang` wins, else the browser's preference. */
function fallbackLocale(req: Request): Locale {
  const lang = requestQuery(req)['lang'];
  return localeOf(req, lang === 'nb' || lang === 'en' ? lang : undefined);
}

async function reportRejected(ctx: Ctx, req: Request, problems: QueryProblem[]): Promise<void> {
  ctx.deps.logger.warn('overview query refused', { path: req.path(), params: problems.map((p) => `${p.param}:${p.kind}`) });
  const details: RejectedOverviewQuery = { at: ctx.deps.clock.now(), path: req.path(), problems };
  const remoteAddress = req.socket?.remoteAddress;
  const userAgent = headerOf(req, 'user-agent');
  if (remoteAddress) details.remoteAddress = remoteAddress;
  if (userAgent) details.userAgent = userAgent.slice(0, 200);
  try {
    await ctx.deps.onRejectedQuery?.(details);
  } catch (err) {
    ctx.deps.logger.error('onRejectedQuery failed', { err: (err as Error).message });
  }
}

async function refuse(ctx: Ctx, req: Request, res: Response, format: Format, failed: { problems: QueryProblem[]; lang?: Locale }, allowed: readonly string[]): Promise<void> {
  await reportRejected(ctx, req, failed.problems);
  const locale = localeOf(req, failed.lang);
  if (format === 'json') {
    const problems = failed.problems.map((p) => ({ ...p, message: problemText(p, allowed, ctx.deps.texts, locale) }));
    sendBody(res, 400, 'json', JSON.stringify({ error: 'invalid query', problems }).replace(/</g, '\\u003c'));
    return;
  }
  sendBody(res, 400, 'html', renderBadQueryPage(failed.problems, allowed, req.path(), ctx.deps.texts, locale), { 'Content-Language': locale });
}

/** Runs a route; anything unexpected becomes a logged 500 page without internals. */
function route(ctx: Ctx, run: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await run(req, res);
    } catch (err) {
      ctx.deps.logger.error('overview request failed', { path: req.path(), err: (err as Error).message });
      if (!res.headersSent) sendBody(res, 500, 'html', renderServerErrorPage(ctx.deps.texts, fallbackLocale(req)));
    }
  };
}

type Checked<Q> = { query: Q; locale: Locale } | undefined;

/** Parses the query; on failure answers 400 (and reports it) and returns undefined. */
async function checked<Q extends { lang?: Locale }>(
  ctx: Ctx,
  req: Request,
  res: Response,
  format: Format,
  result: QueryResult<Q>,
  allowed: readonly string[],
): Promise<Checked<Q>> {
  if (result.ok) return { query: result.query, locale: localeOf(req, result.query.lang) };
  await refuse(ctx, req, res, format, result, allowed);
  return undefined;
}

function overviewQuery(ctx: Ctx, req: Request, res: Response, format: Format): Promise<Checked<OverviewQuery>> {
  return checked(ctx, req, res, format, parseOverviewQuery(requestQuery(req), ctx.deps.content), OVERVIEW_PARAMS);
}

function languageQuery(ctx: Ctx, req: Request, res: Response): Promise<Checked<{ lang?: Locale }>> {
  return checked(ctx, req, res, 'html', parseLanguageQuery(requestQuery(req)), LANGUAGE_PARAMS);
}

function exportName(ctx: Ctx, ext: string): string {
  return `prosjektoversikt-${ctx.deps.clock.now().toISOString().slice(0, 10)}.${ext}`;
}

function mountList(server: Server, ctx: Ctx): void {
  const { content, texts } = ctx.deps;
  server.get(OVERVIEW_PATHS.list, route(ctx, async (req, res) => {
    const c = await overviewQuery(ctx, req, res, 'html');
    if (!c) return;
    const list = await ctx.service.list(c.query, c.locale);
    sendBody(res, 200, 'html', renderOverviewListPage({ list, query: c.query, content, texts, locale: c.locale }), { 'Content-Language': c.locale });
  }));
}

function mountExports(server: Server, ctx: Ctx): void {
  const { content, texts } = ctx.deps;
  server.get(OVERVIEW_PATHS.csv, route(ctx, async (req, res) => {
    const c = await overviewQuery(ctx, req, res, 'html');
    if (!c) return;
    const list = await ctx.service.list(c.query, c.locale);
    const body = overviewCsv({ list, query: c.query, content, texts, locale: c.locale });
    sendBody(res, 200, 'csv', body, { 'Content-Disposition': `attachment; filename="${exportName(ctx, 'csv')}"` });
  }));
  server.get(OVERVIEW_PATHS.json, route(ctx, async (req, res) => {
    const c = await overviewQuery(ctx, req, res, 'json');
    if (!c) return;
    const list = await ctx.service.list(c.query, c.locale);
    sendBody(res, 200, 'json', overviewJson({ list, query: c.query, content, texts, locale: c.locale }, ctx.deps.clock.now()));
  }));
}

function mountDetail(server: Server, ctx: Ctx): void {
  const { content, texts } = ctx.deps;
  server.get('/overview/projects/:projectId', route(ctx, async (req, res) => {
    const c = await languageQuery(ctx, req, res);
    if (!c) return;
    const id = String(req.params?.['projectId'] ?? '');
    const project = PROJECT_ID.test(id) ? await ctx.service.project(id, c.locale) : undefined;
    if (!project) {
      sendBody(res, 404, 'html', renderNotFoundPage(OVERVIEW_PATHS.list, texts, c.locale), { 'Content-Language': c.locale });
      return;
    }
    sendBody(res, 200, 'html', renderProjectDetailPage({ project, content, texts, locale: c.locale }), { 'Content-Language': c.locale });
  }));
}

function mountCompleteness(server: Server, ctx: Ctx): void {
  const { content, texts } = ctx.deps;
  server.get(OVERVIEW_PATHS.completeness, route(ctx, async (req, res) => {
    const c = await languageQuery(ctx, req, res);
    if (!c) return;
    const completeness = await ctx.service.completeness();
    sendBody(res, 200, 'html', renderCompletenessPage({ completeness, content, texts, locale: c.locale }), { 'Content-Language': c.locale });
  }));
}

function mountStylesheet(server: Server, ctx: Ctx): void {
  server.get(OVERVIEW_PATHS.stylesheet, route(ctx, async (_req, res) => {
    sendBody(res, 200, 'css', OVERVIEW_CSS, { 'Cache-Control': 'public, max-age=3600' });
  }));
}

/**
 * The published overview on the bot's restify server (issue 4 items 3–4): GET /overview,
 * /overview/projects/:projectId, /overview/export.csv, /overview/export.json,
 * /overview/completeness and the stylesheet. Server-rendered, no JavaScript.
 */
export function mountOverviewRoutes(server: Server, deps: OverviewRouteDeps): void {
  const service = makeOverviewService({
    reports: deps.reports,
    content: deps.content,
    clock: deps.clock,
    ...(deps.sharingLevels ? { sharingLevels: deps.sharingLevels } : {}),
  });
  const ctx: Ctx = { deps, service };
  mountStylesheet(server, ctx);
  mountList(server, ctx);
  mountExports(server, ctx);
  mountDetail(server, ctx);
  mountCompleteness(server, ctx);
}
