import { pick, type Locale } from '../core/i18n.js';
import type { Completeness, CompletenessMetric, Share } from '../core/overview/completeness.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import { formatPercent } from './display-format.js';
import { html, type SafeHtml } from './html.js';
import { langHref, OVERVIEW_PATHS, otherLocale, renderPage } from './page-layout.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';

interface CompletenessContext {
  completeness: Completeness;
  content: ReportingContent;
  texts: OverviewTexts;
  locale: Locale;
}

function countOf(ctx: CompletenessContext, share: Pick<Share, 'count' | 'of'>): string {
  return pageText(ctx.texts, ctx.locale, 'countOf', { count: share.count, of: share.of });
}

function baselineText(metric: CompletenessMetric, ctx: CompletenessContext): string {
  const b = metric.baseline;
  if (!b) return pageText(ctx.texts, ctx.locale, 'baselineNone');
  const about = b.approximate ? `${pageText(ctx.texts, ctx.locale, 'approximately')} ` : '';
  return `${about}${countOf(ctx, b)} (${formatPercent(b.percent, ctx.locale)})`;
}

function metricsTable(ctx: CompletenessContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const rows = ctx.completeness.metrics.map(
    (m) => html`<tr><th scope="row">${ctx.texts[ctx.locale].metrics[m.id]}</th>
<td class="num">${countOf(ctx, m.share)}</td><td class="num">${formatPercent(m.share.percent, ctx.locale)}</td><td>${baselineText(m, ctx)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table>
<caption>${t('completenessCaption')}</caption>
<thead><tr><th scope="col">${t('colMeasure')}</th><th scope="col" class="num">${t('colNowCount')}</th><th scope="col" class="num">${t('colNowShare')}</th><th scope="col">${t('colBaseline')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function flagsTable(ctx: CompletenessContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const rows = ctx.completeness.flags.map(
    ({ flag, share }) => html`<tr><th scope="row">${pick(ctx.content.messages.flags[flag], ctx.locale)}</th>
<td class="num">${share.count}</td><td class="num">${formatPercent(share.percent, ctx.locale)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table>
<caption>${t('flagsTableCaption')}</caption>
<thead><tr><th scope="col">${t('colFlag')}</th><th scope="col" class="num">${t('colProjects')}</th><th scope="col" class="num">${t('colShare')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

export function renderCompletenessPage(ctx: CompletenessContext): string {
  const t = (key: PageTextKey, params?: Record<string, string | number>) => pageText(ctx.texts, ctx.locale, key, params);
  const total = ctx.completeness.total;
  const tables = total === 0 ? html`<p class="notice">${t('completenessEmpty')}</p>` : html`${metricsTable(ctx)}${flagsTable(ctx)}`;
  const body = html`<h1>${t('completenessTitle')}</h1>
<p class="lead">${t('completenessIntro', { count: total })}</p>
${tables}`;
  const otherHref = langHref(OVERVIEW_PATHS.completeness, otherLocale(ctx.locale));
  return renderPage({ locale: ctx.locale, texts: ctx.texts, title: t('completenessTitle'), current: 'completeness', otherLanguageHref: otherHref, body });
}
