import type { Locale } from '../core/i18n.js';
import { html, type SafeHtml } from './html.js';
import { pageText, type OverviewTexts } from './overview-texts.js';

/** Paths of the overview, in one place. */
export const OVERVIEW_PATHS = {
  list: '/overview',
  project: (projectId: string) => `/overview/projects/${encodeURIComponent(projectId)}`,
  csv: '/overview/export.csv',
  json: '/overview/export.json',
  completeness: '/overview/completeness',
  stylesheet: '/overview/assets/overview.css',
} as const;

export type NavItem = 'overview' | 'completeness' | 'none';

export interface PageOptions {
  locale: Locale;
  texts: OverviewTexts;
  /** The page's own title (also its h1, written by the body). */
  title: string;
  current: NavItem;
  /** This page in the other language. */
  otherLanguageHref: string;
  body: SafeHtml;
  mainClass?: string;
}

export const otherLocale = (locale: Locale): Locale => (locale === 'nb' ? 'en' : 'nb');

/** `path?lang=xx`: every internal link names its language, so it does not depend on the browser's. */
export function langHref(path: string, locale: Locale): string {
  return `${path}?lang=${locale}`;
}

function navLink(href: string, label: string, active: boolean): SafeHtml {
  return html`<li><a href="${href}"${active ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

function header(o: PageOptions): SafeHtml {
  const t = (key: Parameters<typeof pageText>[2]) => pageText(o.texts, o.locale, key);
  const other = otherLocale(o.locale);
  return html`<header class="site-header"><div class="bar">
<a class="site-name" href="${langHref(OVERVIEW_PATHS.list, o.locale)}">${t('siteTitle')}</a>
<nav aria-label="${t('mainNavLabel')}"><ul>
${navLink(langHref(OVERVIEW_PATHS.list, o.locale), t('navOverview'), o.current === 'overview')}
${navLink(langHref(OVERVIEW_PATHS.completeness, o.locale), t('navCompleteness'), o.current === 'completeness')}
<li><a href="${o.otherLanguageHref}" lang="${other}" hreflang="${other}">${pageText(o.texts, o.locale, 'otherLanguageName')}</a></li>
</ul></nav>
</div></header>`;
}

/** A whole HTML document: language, title, skip link, header, main, footer. No scripts. */
export function renderPage(o: PageOptions): string {
  const site = pageText(o.texts, o.locale, 'siteTitle');
  return html`<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} – ${site}</title>
<link rel="stylesheet" href="${OVERVIEW_PATHS.stylesheet}">
</head>
<body>
<a class="skip-link" href="#main">${pageText(o.texts, o.locale, 'skipLink')}</a>
${header(o)}
<main id="main" tabindex="-1"${o.mainClass ? html` class="${o.mainClass}"` : ''}>
${o.body}
</main>
<footer class="site-footer"><p>${pageText(o.texts, o.locale, 'footerNote')}</p></footer>
</body>
</html>
`.value;
}
