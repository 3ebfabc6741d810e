/** Languages the bot speaks: Norwegian bokmål first, English second. */
export type Locale = 'nb' | 'en';

/** A user-facing text in every supported language. */
export interface Localized {
  nb: string;
  en: string;
}

/** Maps a platform locale ("nb-NO", "en-US", "no", "nn-NO") to the bot's language; Norwegian is the default. */
export function toLocale(platformLocale: string | undefined | null): Locale {
  if (!platformLocale) return 'nb';
  const lang = platformLocale.toLowerCase().split(/[-_]/)[0];
  return lang === 'en' ? 'en' : 'nb';
}

/** Fills `{name}` placeholders in a localized text. Unknown placeholders are left as they are. */
export function format(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole,
  );
}

export function pick(text: Localized, locale: Locale, params?: Record<string, string | number>): string {
  return format(text[locale], params);
}
