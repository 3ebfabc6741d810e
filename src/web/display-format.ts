import type { Locale } from '../core/i18n.js';

const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' }),
};

/** "3. mars 2026" / "3 March 2026" for an ISO timestamp, in Norwegian time; '' when absent. */
export function formatDay(iso: string | undefined, locale: Locale): string {
  return iso ? DATE_FORMATS[locale].format(new Date(iso)) : '';
}

/** "52 %" / "52%"; "–" when there is nothing to count. */
export function formatPercent(percent: number | null, locale: Locale): string {
  if (percent === null) return '–';
  return locale === 'nb' ? `${percent} %` : `${percent}%`;
}
