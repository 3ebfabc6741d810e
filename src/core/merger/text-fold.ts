/**
 * Text folding and edit distance shared by the municipality lookup and the topic search.
 * Folding makes "Finnøy", "finnoy" and "FINNØY" the same key, and "Ålesund" the same as "Aalesund".
 */

/** Letters that Unicode does not decompose into a base letter plus marks. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ß: 'ss',
  ŋ: 'n',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ŧ: 't',
};

const COMBINING_MARKS_RE = /\p{M}+/gu;
const SPECIAL_RE = /[æøœßŋđðþłŧ]/gu;

/**
 * Lower-case, diacritics removed (á → a, å → a, ö → o), æ → ae, ø → o, and the old spelling
 * "aa" → "a" (Aalesund ~ Ålesund). Whitespace and punctuation are kept as they are.
 */
export function foldText(raw: string): string {
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .normalize('NFD')
    .replace(COMBINING_MARKS_RE, '')
    .replace(/aa/g, 'a');
}

/** A folded key for names: folded, every run of non-letters/digits becomes one space, trimmed. */
export function nameKey(raw: string): string {
  return foldText(raw)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions
 * and transpositions of adjacent characters, each costing 1), on UTF-16 units. When `max` is
 * given, returns `max + 1` as soon as the distance is known to exceed it.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  let prevPrev = new Int32Array(m + 1);
  let prev = new Int32Array(m + 1);
  let row = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[m] ?? 0;
}

/** Number of user-perceived code points (not UTF-16 units), used for length limits. */
export function codePointLength(s: string): number {
  return [...s].length;
}
