import type { Locale } from '../core/i18n.js';
import type { PublishedField, PublishedProject, PublishedSection } from '../core/overview/published-project.js';
import { findField } from '../core/reporting/template-lookup.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import { isLikelyEmail, parseHttpsUrl } from '../core/text/sanitize.js';
import { formatDay } from './display-format.js';
import { html, type SafeHtml } from './html.js';
import { langHref, OVERVIEW_PATHS, otherLocale, renderPage } from './page-layout.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';
import { tagList } from './tag-list.js';

interface DetailContext {
  project: PublishedProject;
  content: ReportingContent;
  texts: OverviewTexts;
  locale: Locale;
}

/** URLs and e-mail addresses become links only when they pass the same checks as at input. */
function answerValue(field: PublishedField, content: ReportingContent): SafeHtml {
  const type = findField(content, field.id)?.type;
  if (type === 'url') {
    const url = parseHttpsUrl(field.text);
    if (url.ok) return html`<a href="${url.url}" rel="noopener noreferrer nofollow">${field.text}</a>`;
  }
  if (type === 'email' && isLikelyEmail(field.text)) return html`<a href="mailto:${field.text}">${field.text}</a>`;
  return html`${field.text}`;
}

function factsList(ctx: DetailContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const p = ctx.project;
  const rows: [PageTextKey, string][] = [
    ['factAgency', p.agency.label],
    ['factMinistry', p.ministry.label],
    ['factPhase', p.phase?.label ?? ''],
    ['factAreas', p.serviceAreas.map((a) => a.label).join(', ')],
    ['factVersion', String(p.version)],
    ['factApproved', formatDay(p.approvedAt, ctx.locale)],
    ['factSharing', p.sharingLevel.label],
  ];
  return html`<dl class="facts">${rows.map(([key, value]) => html`<dt>${t(key)}</dt><dd>${value}</dd>`)}</dl>`;
}

function flagsBlock(ctx: DetailContext): SafeHtml {
  const flags = ctx.project.flags;
  const content = flags.length > 0 ? tagList(flags.map((f) => f.label)) : html`<p>${pageText(ctx.texts, ctx.locale, 'flagsNone')}</p>`;
  return html`<h2>${pageText(ctx.texts, ctx.locale, 'flagsHeading')}</h2>${content}`;
}

function deadlinesBlock(ctx: DetailContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const heading = html`<h2>${t('deadlinesHeading')}</h2>`;
  if (ctx.project.deadlines.length === 0) return html`${heading}<p>${t('deadlinesNone')}</p>`;
  const yesNo = (b: boolean) => ctx.content.messages.display[b ? 'yes' : 'no'][ctx.locale];
  const rows = ctx.project.deadlines.map((d) => html`<tr><td>${d.dateText}</td><td>${d.what}</td><td>${yesNo(d.mandatory)}</td></tr>`);
  return html`${heading}<div class="table-wrap"><table>
<caption>${t('deadlinesCaption')}</caption>
<thead><tr><th scope="col">${t('colDeadlineDate')}</th><th scope="col">${t('colDeadlineWhat')}</th><th scope="col">${t('colDeadlineBinding')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function sectionBlock(section: PublishedSection, ctx: DetailContext): SafeHtml {
  const items = section.fields.map((f) => html`<div><dt>${f.label}</dt><dd>${answerValue(f, ctx.content)}</dd></div>`);
  // A plain section (no accessible name), so the eleven groups do not each become a landmark.
  return html`<section class="panel"><h3>${section.title}</h3><dl class="answers">${items}</dl></section>`;
}

export function renderProjectDetailPage(ctx: DetailContext): string {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const p = ctx.project;
  const title = p.shortName ? `${p.name} (${p.shortName})` : p.name;
  const confidential = p.costFiguresConfidential ? html`<p class="notice warning">${t('confidentialNotice')}</p>` : '';
  const body = html`<a class="back" href="${langHref(OVERVIEW_PATHS.list, ctx.locale)}">← ${t('detailBack')}</a>
<h1>${title}</h1>
<h2>${t('detailFacts')}</h2>
${factsList(ctx)}
${confidential}
${flagsBlock(ctx)}
${deadlinesBlock(ctx)}
<h2>${t('detailAnswersHeading')}</h2>
${p.sections.map((s) => sectionBlock(s, ctx))}`;
  const otherHref = langHref(OVERVIEW_PATHS.project(p.projectId), otherLocale(ctx.locale));
  return renderPage({ locale: ctx.locale, texts: ctx.texts, title, current: 'none', otherLanguageHref: otherHref, body });
}
