/**
 * Name similarity for the duplicate warning of reporting-template.md row A1 ("Warn on a possible
 * duplicate (same agency + similar name)"). Pure functions, no I/O: which records are compared is
 * decided in duplicate-check.ts.
 *
 * Normalisation (applied to both names alike):
 * - lower case;
 * - the Norwegian letters are folded to ASCII consistently: æ → ae, ø → o, å → a (so "kartløsning",
 *   "kartlosning" and "KARTLØSNING" are one word, and "Gård" equals "Gard"); other letters lose
 *   their diacritics through Unicode NFKD (é → e, ö → o, ä → a), which also folds compatibility
 *   forms (full-width letters, ligatures);
 * - everything that is not a letter or a digit is a word break (punctuation, dashes, brackets);
 * - whitespace collapsed, ends trimmed.
 *
 * Two names are similar when, after normalisation:
 * 1. they are equal; or
 * 2. one contains the other (as characters, so that Norwegian compounds count: "Kommunereform" is in
 *    "Kommunereformen") and the shorter one has at least 2 words or 8 characters, so that a short
 *    generic name ("Kart", "App") does not match everything; or
 * 3. the Jaccard similarity of their word sets (words of at least 2 characters) is at least 0.6; or
 * 4. both short names (A2) are non-empty and equal after the same normalisation.
 *
 * There is no stemming: "Digital byggesak" and "Digital byggesøknad for kommuner" share one word of
 * five and are not similar, while "Digital byggesøknad" and "Digital byggesøknad for kommuner" are
 * (rule 2).
 */

export interface NamedProject {
  name: string | undefined;
  shortName?: string | undefined;
}

/** Rule strengths, used to list the closest matches first. 0 means "not similar". */
export const SIMILARITY = { none: 0, tokens: 1, contains: 2, shortName: 3, equal: 4 } as const;
export type SimilarityScore = (typeof SIMILARITY)[keyof typeof SIMILARITY];

const MIN_CONTAINED_CHARS = 8;
const MIN_CONTAINED_WORDS = 2;
const MIN_TOKEN_CHARS = 2;
const MIN_JACCARD = 0.6;

const NORWEGIAN_FOLDS: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a' };

export function normaliseName(raw: string | undefined): string {
  if (typeof raw !== 'string') return '';
  return raw
    .toLowerCase()
    .replace(/[æøå]/g, (c) => NORWEGIAN_FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The distinct words of a normalised name that are at least 2 characters long. */
export function nameTokens(normalised: string): Set<string> {
  return new Set(normalised.split(' ').filter((w) => [...w].length >= MIN_TOKEN_CHARS));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function containsLongEnough(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (!longer.includes(shorter)) return false;
  return [...shorter].length >= MIN_CONTAINED_CHARS || shorter.split(' ').length >= MIN_CONTAINED_WORDS;
}

/** How similar two already normalised names are (rules 1–3). */
function nameScore(a: string, b: string): SimilarityScore {
  if (a === '' || b === '') return SIMILARITY.none;
  if (a === b) return SIMILARITY.equal;
  if (containsLongEnough(a, b)) return SIMILARITY.contains;
  return jaccard(nameTokens(a), nameTokens(b)) >= MIN_JACCARD ? SIMILARITY.tokens : SIMILARITY.none;
}

/** The strongest rule by which `a` and `b` are similar, or SIMILARITY.none. */
export function projectSimilarity(a: NamedProject, b: NamedProject): SimilarityScore {
  const byName = nameScore(normaliseName(a.name), normaliseName(b.name));
  if (byName === SIMILARITY.equal) return byName;
  const shortA = normaliseName(a.shortName);
  const byShortName = shortA !== '' && shortA === normaliseName(b.shortName) ? SIMILARITY.shortName : SIMILARITY.none;
  return Math.max(byName, byShortName) as SimilarityScore;
}

export function isSimilarProject(a: NamedProject, b: NamedProject): boolean {
  return projectSimilarity(a, b) !== SIMILARITY.none;
}

/** Length of the pieces of long words kept as search keys (rule 2 for single long words). */
const KEY_PIECE_CHARS = MIN_CONTAINED_CHARS;

/**
 * The keys under which a project is found when its name may be similar to another (stored with
 * each report as `nameKeys`, indexed, so the database returns only candidates). Two names that are
 * similar by rules 1–4 share a key: rules 1 and 3 share a word; rule 2 shares a word when the
 * shorter name has two or more whole words, and an 8-letter piece when it is one long word
 * ("kommunereform" in "kommunereformen"); rule 4 shares the short-name key. Containment that cuts
 * the shorter name's words in the middle ("al bygge" in "digital byggesoknad") is not found.
 */
export function nameSearchKeys(name: string | undefined, shortName?: string | undefined): string[] {
  const keys = new Set<string>();
  for (const word of nameTokens(normaliseName(name))) {
    keys.add(`w:${word}`);
    const chars = [...word];
    for (let i = 0; i + KEY_PIECE_CHARS <= chars.length; i++) keys.add(`p:${chars.slice(i, i + KEY_PIECE_CHARS).join('')}`);
  }
  const short = normaliseName(shortName);
  if (short !== '') keys.add(`s:${short}`);
  return [...keys];
}
