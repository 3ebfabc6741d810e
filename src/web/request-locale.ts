import type { Locale } from '../core/i18n.js';

interface WeightedTag {
  tag: string;
  q: number;
}

function parseAcceptLanguage(header: string): WeightedTag[] {
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((t) => t.tag !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q);
}

function localeOfTag(tag: string): Locale | undefined {
  const primary = tag.split('-')[0];
  if (primary === 'en') return 'en';
  if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb';
  return undefined;
}

/** The page language: an explicit `lang`, else the browser's first Norwegian or English preference, else Norwegian. */
export function pageLocale(lang: Locale | undefined, acceptLanguage: string | undefined): Locale {
  if (lang) return lang;
  for (const { tag } of parseAcceptLanguage(acceptLanguage ?? '')) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return 'nb';
}
