import type { Locale } from '../core/i18n.js';
import { nextDeadline } from '../core/overview/deadline-window.js';
import { overviewQueryParams, type OverviewQuery, type OverviewSort } from '../core/overview/overview-query.js';
import type { OverviewList } from '../core/overview/overview-service.js';
import type { PublishedProject } from '../core/overview/published-project.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import { formatDay } from './display-format.js';
import { renderFilterForm } from './filter-form.js';
import { html, withQuery, type SafeHtml } from './html.js';
import { langHref, OVERVIEW_PATHS, otherLocale, renderPage } from './page-layout.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';
import { tagList } from './tag-list.js';

interface ListContext {
  list: OverviewList;
  query: OverviewQuery;
  content: ReportingContent;
  texts: OverviewTexts;
  locale: Locale;
}

function projectCell(p: PublishedProject, ctx: ListContext): SafeHtml {
  const href = langHref(OVERVIEW_PATHS.project(p.projectId), ctx.locale);
  const short = p.shortName ? html`<span class="sub">${p.shortName}</span>` : '';
  const level = p.sharingLevel.id === 'KS_OG_STAT' ? tagList([p.sharingLevel.label], 'tag level') : '';
  return html`<th scope="row"><a href="${href}">${p.name}</a>${short}${level}</th>`;
}

function deadlineCell(p: PublishedProject, ctx: ListContext): SafeHtml {
  const next = nextDeadline(p, ctx.list.today);
  if (!next) return html`<td class="muted">${pageText(ctx.texts, ctx.locale, 'noDeadline')}</td>`;
  const binding = next.mandatory ? html` (${pageText(ctx.texts, ctx.locale, 'binding')})` : '';
  return html`<td><strong>${next.dateText}</strong>${binding}<span class="sub">${next.what}</span></td>`;
}

function flagsCell(p: PublishedProject, ctx: ListContext): SafeHtml {
  if (p.flags.length === 0) return html`<td class="muted">${pageText(ctx.texts, ctx.locale, 'noFlags')}</td>`;
  return html`<td>${tagList(p.flags.map((f) => f.label))}</td>`;
}

function projectRow(p: PublishedProject, ctx: ListContext): SafeHtml {
  return html`<tr>
${projectCell(p, ctx)}
<td>${p.agency.label}<span class="sub">${p.ministry.label}</span></td>
<td>${p.serviceAreas.map((a) => a.label).join(', ')}</td>
<td>${p.phase?.label ?? ''}</td>
${deadlineCell(p, ctx)}
${flagsCell(p, ctx)}
<td class="date">${formatDay(p.approvedAt, ctx.locale)}</td>
</tr>`;
}

/** Which column a sort orders, and in which direction (for aria-sort). */
const SORTED_COLUMN: Record<OverviewSort, { column: PageTextKey; direction: 'ascending' | 'descending' }> = {
  name: { column: 'colProject', direction: 'ascending' },
  deadline: { column: 'colNextDeadline', direction: 'ascending' },
  updated: { column: 'colApproved', direction: 'descending' },
  ministry: { column: 'colOrganisation', direction: 'ascending' },
};

const COLUMNS: PageTextKey[] = ['colProject', 'colOrganisation', 'colAreas', 'colPhase', 'colNextDeadline', 'colFlags', 'colApproved'];

function projectTable(ctx: ListContext): SafeHtml {
  const t = (key: PageTextKey, params?: Record<string, string | number>) => pageText(ctx.texts, ctx.locale, key, params);
  if (ctx.list.projects.length === 0) return html`<p class="notice">${t('noProjects')}</p>`;
  const sorted = SORTED_COLUMN[ctx.query.sort];
  const heads = COLUMNS.map((key) => html`<th scope="col"${key === sorted.column ? html` aria-sort="${sorted.direction}"` : ''}>${t(key)}</th>`);
  return html`<div class="table-wrap"><table>
<caption>${t('tableCaption', { sort: ctx.texts[ctx.locale].sorts[ctx.query.sort] })}</caption>
<thead><tr>${heads}</tr></thead>
<tbody>${ctx.list.projects.map((p) => projectRow(p, ctx))}</tbody>
</table></div>`;
}

function resultsBar(ctx: ListContext): SafeHtml {
  const t = (key: PageTextKey, params?: Record<string, string | number>) => pageText(ctx.texts, ctx.locale, key, params);
  const params = overviewQueryParams(ctx.query, { lang: ctx.locale });
  return html`<div class="results-bar">
<p id="result-count">${t('resultCount', { shown: ctx.list.projects.length, total: ctx.list.totalPublished })}</p>
<div class="downloads"><h2 id="downloads-heading">${t('exportHeading')}:</h2><ul aria-labelledby="downloads-heading">
<li><a href="${withQuery(OVERVIEW_PATHS.csv, params)}">${t('exportCsv')}</a></li>
<li><a href="${withQuery(OVERVIEW_PATHS.json, params)}">${t('exportJson')}</a></li>
</ul></div>
</div>`;
}

export function renderOverviewListPage(ctx: ListContext): string {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const body = html`<h1>${t('listTitle')}</h1>
<p class="lead">${t('listIntro')}</p>
${renderFilterForm(ctx)}
<section class="results" aria-labelledby="result-count">
${resultsBar(ctx)}
${projectTable(ctx)}
</section>`;
  const otherHref = withQuery(OVERVIEW_PATHS.list, overviewQueryParams(ctx.query, { lang: otherLocale(ctx.locale) }));
  return renderPage({ locale: ctx.locale, texts: ctx.texts, title: t('listTitle'), current: 'overview', otherLanguageHref: otherHref, body });
}
