import { format, type Locale } from '../core/i18n.js';
import { MAX_REPEATS, MONTHS_MAX, MONTHS_MIN, type QueryProblem } from '../core/overview/overview-query.js';
import { html } from './html.js';
import { langHref, OVERVIEW_PATHS, otherLocale, renderPage } from './page-layout.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';

/*
 * Error pages in the user's language. They quote only the parameter names and values that were
 * refused (escaped, shortened) and never a stack trace, an internal message or project data.
 */

/** One refused parameter in plain language. */
export function problemText(problem: QueryProblem, allowed: readonly string[], texts: OverviewTexts, locale: Locale): string {
  return format(texts[locale].problems[problem.kind], {
    param: problem.param,
    value: problem.value ?? '',
    allowed: allowed.join(', '),
    min: MONTHS_MIN,
    max: problem.kind === 'tooManyValues' ? MAX_REPEATS : MONTHS_MAX,
  });
}

function simplePage(texts: OverviewTexts, locale: Locale, titleKey: PageTextKey, textKey: PageTextKey, selfPath: string): string {
  const t = (key: PageTextKey) => pageText(texts, locale, key);
  const body = html`<h1>${t(titleKey)}</h1><p>${t(textKey)}</p><p><a href="${langHref(OVERVIEW_PATHS.list, locale)}">${t('detailBack')}</a></p>`;
  return renderPage({ locale, texts, title: t(titleKey), current: 'none', otherLanguageHref: langHref(selfPath, otherLocale(locale)), body, mainClass: 'error-page' });
}

export function renderBadQueryPage(problems: QueryProblem[], allowed: readonly string[], path: string, texts: OverviewTexts, locale: Locale): string {
  const t = (key: PageTextKey) => pageText(texts, locale, key);
  const items = problems.map((p) => html`<li>${problemText(p, allowed, texts, locale)}</li>`);
  const body = html`<h1>${t('errorBadQueryTitle')}</h1>
<p>${t('errorBadQueryIntro')}</p>
<ul class="problems">${items}</ul>
<p><a href="${langHref(OVERVIEW_PATHS.list, locale)}">${t('errorBadQueryLink')}</a></p>`;
  const otherHref = langHref(path, otherLocale(locale));
  return renderPage({ locale, texts, title: t('errorBadQueryTitle'), current: 'none', otherLanguageHref: otherHref, body, mainClass: 'error-page' });
}

export function renderNotFoundPage(path: string, texts: OverviewTexts, locale: Locale): string {
  return simplePage(texts, locale, 'errorNotFoundTitle', 'errorNotFoundText', path);
}

export function renderServerErrorPage(texts: OverviewTexts, locale: Locale): string {
  return simplePage(texts, locale, 'errorServerTitle', 'errorServerText', OVERVIEW_PATHS.list);
}
