/**
 * Questions on a topic ("Feide?", "hva skjer med arkivet?", "which systems must work from day
 * one?", "legevakt"): a ranked search over the guide's areas, tasks and national solutions.
 *
 * - Tokens fold case and diacritics (æ → ae, ø → o, å/aa → a), stop words (nb + en) are dropped and
 *   a light stemmer strips common Norwegian and English endings.
 * - Synonym groups from guide.synonyms expand a term to its nb/en equivalents (multi-word entries
 *   match as phrases).
 * - Typo tolerance: edit distance ≤ 1 for tokens of 4–7 characters, ≤ 2 for 8 or more; a term also
 *   matches compounds that start with it ("arkiv" → "arkivsystem").
 * - Field weights: area name/keywords > task title and linked solutions/conditions > group,
 *   overview, detail.
 * - Colour intent: a query that names "day one" / red (or yellow, green) boosts areas of that
 *   colour (listed first, in the guide's priority order) and, for red, their tasks due by the
 *   merger date.
 * - A minimum score keeps nonsense from matching anything; the search never invents an answer.
 */
import { format, type Locale, type Localized } from '../i18n.js';
import type { AreaColour, GuideTask, MergerGuide, NationalSolution, ServiceArea, TaskCategory } from './guide-types.js';
import type { MergerEngineTexts } from './merger-texts.js';
import { codePointLength, editDistance, foldText } from './text-fold.js';

export const MAX_QUERY_LENGTH = 500;
/** Results scoring below this are dropped. */
export const MIN_SCORE = 1.5;
/** Results scoring below this share of the best result of their kind are dropped. */
export const RELATIVE_CUTOFF = 0.2;
/** Share of an area's best task score that the area gets (a Feide task makes its area a Feide match). */
export const AREA_FROM_TASK = 0.6;
/** Share of its area's own score that a task gets. */
export const TASK_FROM_AREA = 0.3;
/** Added to areas of the colour a query asks for ("day one" → red). */
export const COLOUR_BOOST = 4;

// ---------------------------------------------------------------------------
// Tokens

const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // nb (folded: å → a, ø → o, æ → ae)
    'hva', 'hvem', 'hvor', 'hvordan', 'hvorfor', 'hvilke', 'hvilken', 'hvilket', 'nar', 'skjer', 'skje', 'med',
    'og', 'eller', 'i', 'pa', 'til', 'av', 'for', 'fra', 'om', 'en', 'et', 'ei', 'den', 'det', 'de', 'der',
    'dette', 'disse', 'som', 'er', 'var', 'vare', 'vi', 'jeg', 'du', 'dere', 'oss', 'meg', 'ma', 'skal', 'kan',
    'bor', 'vil', 'har', 'ha', 'gjor', 'gjore', 'ved', 'etter', 'at', 'sa', 'ogsa', 'ikke', 'noe', 'noen',
    'alle', 'hos', 'mot', 'sin', 'sitt', 'sine', 'vaere', 'blir', 'bli', 'mitt', 'min', 'mine', 'vel', 'da',
    'nå', 'na', 'her', 'seg', 'hvis', 'fortell', 'vis',
    // en
    'the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'from', 'with', 'by', 'and', 'or', 'is', 'are', 'was',
    'be', 'been', 'what', 'which', 'who', 'how', 'when', 'where', 'why', 'do', 'does', 'did', 'we', 'you',
    'our', 'us', 'my', 'me', 'must', 'should', 'can', 'will', 'need', 'needs', 'about', 'happens', 'happen',
    'going', 'there', 'this', 'that', 'these', 'those', 'it', 'its', 'has', 'have', 'tell', 'show', 'please',
  ].map(foldText),
);

/** Longest first; a token keeps at least 3 characters. */
const SUFFIXES = ['ings', 'erne', 'ene', 'ane', 'ing', 'en', 'et', 'er', 'e', 's'] as const;
const MIN_STEM = 3;

function stripSuffix(token: string): string {
  for (const suffix of SUFFIXES) {
    if (!token.endsWith(suffix) || token.length - suffix.length < MIN_STEM) continue;
    // "prosess", "access": a double s is part of the word, not a plural.
    if (suffix === 's' && token.endsWith('ss')) continue;
    return token.slice(0, -suffix.length);
  }
  return token;
}

/** Light stemming: up to two common endings ("tjenestene" → "tjenest", "services" → "servic"). */
export function stem(token: string): string {
  if (/^\d+$/.test(token)) return token;
  return stripSuffix(stripSuffix(token));
}

/** Folded word tokens in order, stop words included. */
export function foldTokens(text: string): string[] {
  return foldText(text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/** Search tokens: folded, stop words and single characters removed, stemmed. */
export function tokenize(text: string): string[] {
  return foldTokens(text)
    .filter((t) => t.length > 1 && !STOP_WORDS.has(t))
    .map(stem);
}

/** How many edits a token of this length tolerates. */
export function typoTolerance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** Quality of a vocabulary token for a query token: 1 exact, less for typos and compounds, 0 none. */
export function tokenMatch(query: string, candidate: string): number {
  if (query === candidate) return 1;
  const tolerance = typoTolerance(Math.max(query.length, candidate.length));
  if (tolerance > 0 && editDistance(query, candidate, tolerance) <= tolerance) return 0.7;
  if (query.length >= 4 && candidate.startsWith(query)) return 0.6;
  if (query.length >= 5 && candidate.endsWith(query)) return 0.5;
  return 0;
}

// ---------------------------------------------------------------------------
// Index

interface Field {
  tokens: ReadonlySet<string>;
  weight: number;
  /** undefined: language-neutral (names, keywords, ids). */
  locale?: Locale;
}

interface Doc {
  fields: Field[];
}

interface AreaDoc extends Doc {
  area: ServiceArea;
  section: string;
}

interface TaskDoc extends Doc {
  task: GuideTask;
  area: ServiceArea;
  section: string;
  dueByMergerDate: boolean;
}

interface SolutionDoc extends Doc {
  solution: NationalSolution;
  section: string;
}

interface SearchIndex {
  areas: AreaDoc[];
  tasks: TaskDoc[];
  solutions: SolutionDoc[];
  vocabulary: string[];
  /** Synonym groups: per entry, the stemmed token sequence with stop words (to find it in a query). */
  synonyms: string[][][];
  /** The same groups as search tokens (stop words removed), to look for in the content. */
  synonymTokens: string[][][];
}

const WEIGHTS = {
  areaName: 5,
  areaKeywords: 5,
  areaGroup: 2,
  areaOverview: 1.5,
  taskTitle: 3,
  taskLinks: 2.5,
  taskCategory: 1.5,
  taskDetail: 1.5,
  solutionName: 5,
  solutionKeywords: 5,
  solutionWhat: 1.5,
  solutionMustDo: 1,
} as const;

const CATEGORY_WORDS: Readonly<Record<TaskCategory, string>> = {
  organisational: 'organisational organisering',
  system: 'system',
  data: 'data',
  archive: 'archive arkiv',
  infrastructure: 'infrastructure infrastruktur',
  'shared-solution': 'shared solution fellesløsning',
  governance: 'governance styring',
  'digital-service': 'digital service digitale tjenester',
};

const field = (texts: readonly string[], weight: number, locale?: Locale): Field => ({
  tokens: new Set(texts.flatMap(tokenize)),
  weight,
  ...(locale ? { locale } : {}),
});

const localizedFields = (text: { nb: string; en: string } | undefined, weight: number): Field[] =>
  text ? [field([text.nb], weight, 'nb'), field([text.en], weight, 'en')] : [];

function areaDoc(area: ServiceArea): AreaDoc {
  return {
    area,
    section: area.section,
    fields: [
      ...localizedFields(area.name, WEIGHTS.areaName),
      field([area.id, ...area.keywords], WEIGHTS.areaKeywords),
      ...localizedFields(area.group, WEIGHTS.areaGroup),
      ...localizedFields(area.overview, WEIGHTS.areaOverview),
    ],
  };
}

function isDueByMergerDate(task: GuideTask, guide: MergerGuide): boolean {
  const deadline = task.deadline;
  if (!deadline) return false;
  if (deadline.kind === 'offset') return deadline.months <= 0;
  if (deadline.kind === 'date') return true;
  const event = guide.deadlineEvents.find((e) => e.id === deadline.event);
  return event !== undefined && event.offsetMonths <= 0;
}

function taskDoc(task: GuideTask, area: ServiceArea, guide: MergerGuide): TaskDoc {
  const solutions = guide.nationalSolutions.filter((s) => task.nationalSolutions.includes(s.id));
  const condition = task.condition ? guide.conditions.find((c) => c.id === task.condition?.id) : undefined;
  const linkTexts = [
    ...solutions.flatMap((s) => [s.id, s.name, ...s.keywords]),
    ...(task.condition && task.condition.equals ? [task.condition.id] : []),
  ];
  return {
    task,
    area,
    section: task.section,
    dueByMergerDate: isDueByMergerDate(task, guide),
    fields: [
      ...localizedFields(task.title, WEIGHTS.taskTitle),
      field(linkTexts, WEIGHTS.taskLinks),
      ...(task.condition?.equals ? localizedFields(condition?.question, WEIGHTS.taskLinks) : []),
      field([CATEGORY_WORDS[task.category]], WEIGHTS.taskCategory),
      ...localizedFields(task.detail, WEIGHTS.taskDetail),
      ...(task.minimum ? localizedFields(task.minimum, WEIGHTS.taskDetail) : []),
    ],
  };
}

function solutionDoc(solution: NationalSolution): SolutionDoc {
  return {
    solution,
    section: solution.section,
    fields: [
      field([solution.name, solution.id], WEIGHTS.solutionName),
      field(solution.keywords, WEIGHTS.solutionKeywords),
      ...localizedFields(solution.what, WEIGHTS.solutionWhat),
      field(
        solution.mustDo.map((m) => m.nb),
        WEIGHTS.solutionMustDo,
        'nb',
      ),
      field(
        solution.mustDo.map((m) => m.en),
        WEIGHTS.solutionMustDo,
        'en',
      ),
    ],
  };
}

const phraseTokens = (entry: string): string[] => foldTokens(entry).map(stem);

function buildIndex(guide: MergerGuide): SearchIndex {
  const areas = guide.areas.map(areaDoc);
  const tasks = guide.areas.flatMap((area) => area.tasks.map((task) => taskDoc(task, area, guide)));
  const solutions = guide.nationalSolutions.map(solutionDoc);
  const vocabulary = new Set<string>();
  for (const doc of [...areas, ...tasks, ...solutions]) {
    for (const f of doc.fields) for (const t of f.tokens) vocabulary.add(t);
  }
  const groups = guide.synonyms.map((group) => group.filter((entry) => phraseTokens(entry).length > 0));
  const synonyms = groups.map((group) => group.map(phraseTokens));
  const synonymTokens = groups.map((group) => group.map(tokenize));
  return { areas, tasks, solutions, vocabulary: [...vocabulary], synonyms, synonymTokens };
}

const INDEX_CACHE = new WeakMap<MergerGuide, SearchIndex>();

/** The search index of a guide, built once per guide object (the guide is read-only after start). */
function indexOf(guide: MergerGuide): SearchIndex {
  const cached = INDEX_CACHE.get(guide);
  if (cached) return cached;
  const built = buildIndex(guide);
  INDEX_CACHE.set(guide, built);
  return built;
}

// ---------------------------------------------------------------------------
// Query analysis

/** Phrases that ask for a colour ("must work from day one" = red), folded. */
const COLOUR_MARKERS: Readonly<Record<AreaColour, readonly string[]>> = {
  red: ['dag en', 'dag 1', 'forste dag', 'fra dag en', 'fra forste dag', 'day one', 'day 1', 'first day', 'day zero', 'rod', 'rodt', 'rode', 'red'],
  yellow: ['gul', 'gult', 'gule', 'yellow'],
  green: ['gronn', 'gront', 'gronne', 'green'],
};

const COLOURS: readonly AreaColour[] = ['red', 'yellow', 'green'];

const COLOUR_MARKER_SEQS: Readonly<Record<AreaColour, string[][]>> = {
  red: COLOUR_MARKERS.red.map(phraseTokens),
  yellow: COLOUR_MARKERS.yellow.map(phraseTokens),
  green: COLOUR_MARKERS.green.map(phraseTokens),
};

function markerColour(entryTokens: readonly string[]): AreaColour | undefined {
  const key = entryTokens.join(' ');
  return COLOURS.find((c) => COLOUR_MARKER_SEQS[c].some((m) => m.join(' ') === key));
}

/**
 * Positions where `phrase` occurs in `seq`. A one-word phrase tolerates typos unless `exact`;
 * longer phrases match word for word.
 */
function phraseAt(seq: readonly string[], phrase: readonly string[], exact = false): number[] {
  const hits: number[] = [];
  for (let i = 0; i + phrase.length <= seq.length; i++) {
    const matches = phrase.every((p, k) => {
      const q = seq[i + k] ?? '';
      return phrase.length === 1 && !exact ? tokenMatch(q, p) >= 0.7 : q === p;
    });
    if (matches) hits.push(i);
  }
  return hits;
}

interface Phrase {
  tokens: string[];
  weight: number;
}

/** One thing the user asked about, with its alternatives (1 for the user's own words, less for synonyms). */
interface Term {
  /** Single tokens, matched with typo and compound tolerance. */
  singles: Map<string, number>;
  /** Multi-word alternatives, matched when every token occurs in the same field. */
  phrases: Phrase[];
}

function addAlternative(term: Term, tokens: readonly string[], weight: number): void {
  const [only] = tokens;
  if (tokens.length === 1 && only !== undefined) {
    term.singles.set(only, Math.max(weight, term.singles.get(only) ?? 0));
  } else if (tokens.length > 1) {
    term.phrases.push({ tokens: [...tokens], weight });
  }
}

interface QueryAnalysis {
  terms: Term[];
  colour?: AreaColour;
  sections: string[];
}

const SYNONYM_WEIGHT = 0.8;
/** A question is about a few things: further words are ignored (bounds the work on long pastes). */
const MAX_TERMS = 24;
const SECTION_RE = /\b\d{1,2}(?:\.\d{1,2}){1,3}\b/g;

function colourGroups(index: SearchIndex): { colour: AreaColour; entries: string[][] }[] {
  const fromGuide = index.synonyms.flatMap((group) => {
    const colour = group.map(markerColour).find((c) => c !== undefined);
    return colour ? [{ colour, entries: group }] : [];
  });
  const builtIn = COLOURS.map((colour) => ({ colour, entries: COLOUR_MARKER_SEQS[colour] }));
  return [...fromGuide, ...builtIn];
}

/** Marks the positions of the query taken by a colour phrase; returns the colour asked for, if any. */
function findColour(seq: readonly string[], index: SearchIndex, taken: boolean[]): AreaColour | undefined {
  let found: AreaColour | undefined;
  for (const { colour, entries } of colourGroups(index)) {
    for (const entry of [...entries].sort((a, b) => b.length - a.length)) {
      // Exact: colour words are short, and "road" is not "rød".
      for (const at of phraseAt(seq, entry, true)) {
        if (entry.some((_, k) => taken[at + k])) continue;
        entry.forEach((_, k) => (taken[at + k] = true));
        found ??= colour;
      }
    }
  }
  return found;
}

function synonymTerms(folded: readonly string[], seq: readonly string[], index: SearchIndex, taken: boolean[]): Term[] {
  const terms: Term[] = [];
  index.synonyms.forEach((group, g) => {
    if (group.some((entry) => markerColour(entry))) return;
    for (const entry of [...group].sort((a, b) => b.length - a.length)) {
      for (const at of phraseAt(seq, entry)) {
        if (entry.some((_, k) => taken[at + k])) continue;
        entry.forEach((_, k) => (taken[at + k] = true));
        const term: Term = { singles: new Map(), phrases: [] };
        for (const tokens of index.synonymTokens[g] ?? []) addAlternative(term, tokens, SYNONYM_WEIGHT);
        const own = entry.flatMap((_, k) => {
          const raw = folded[at + k];
          const token = seq[at + k];
          return raw !== undefined && token !== undefined && !STOP_WORDS.has(raw) ? [token] : [];
        });
        addAlternative(term, own, 1);
        terms.push(term);
      }
    }
  });
  return terms;
}

function analyse(query: string, index: SearchIndex): QueryAnalysis {
  const folded = foldTokens(query);
  const seq = folded.map(stem);
  const taken: boolean[] = folded.map(() => false);
  const colour = findColour(seq, index, taken);
  const terms = synonymTerms(folded, seq, index, taken);
  const seen = new Set<string>();
  folded.forEach((raw, i) => {
    const token = seq[i];
    if (taken[i] || token === undefined || raw.length < 2 || STOP_WORDS.has(raw) || /^\d{1,2}$/.test(raw)) return;
    if (seen.has(token)) return; // a repeated word counts once
    seen.add(token);
    terms.push({ singles: new Map([[token, 1]]), phrases: [] });
  });
  const sections = [...query.matchAll(SECTION_RE)].map((m) => m[0]);
  return { terms: terms.slice(0, MAX_TERMS), ...(colour ? { colour } : {}), sections };
}

// ---------------------------------------------------------------------------
// Scoring

interface TermMatcher {
  /** Vocabulary token → match quality (already weighted by the alternative). */
  matches: Map<string, number>;
  phrases: Phrase[];
}

function termMatchers(terms: readonly Term[], vocabulary: readonly string[]): TermMatcher[] {
  return terms.map((term) => {
    const matches = new Map<string, number>();
    for (const [alt, weight] of term.singles) {
      for (const v of vocabulary) {
        const q = tokenMatch(alt, v) * weight;
        if (q > (matches.get(v) ?? 0)) matches.set(v, q);
      }
    }
    return { matches, phrases: term.phrases };
  });
}

const OTHER_LANGUAGE_FACTOR = 0.9;

/** Best match quality of the term in the field: 1 exact, less for synonyms, typos and compounds. */
function fieldQuality(f: Field, matcher: TermMatcher): number {
  let best = 0;
  for (const t of f.tokens) best = Math.max(best, matcher.matches.get(t) ?? 0);
  for (const phrase of matcher.phrases) {
    if (phrase.tokens.every((t) => f.tokens.has(t))) best = Math.max(best, phrase.weight);
  }
  return best;
}

function fieldScore(f: Field, matcher: TermMatcher, locale: Locale): number {
  const factor = f.locale && f.locale !== locale ? OTHER_LANGUAGE_FACTOR : 1;
  return fieldQuality(f, matcher) * f.weight * factor;
}

/** A match of the user's word or a synonym, not only a typo or prefix match. */
const STRONG_MATCH = 0.8;

/**
 * Sum over the query's terms of the best field match for each. A question of several words with
 * only weak (typo or prefix) hits, and not on every word, is not answered from this document:
 * "hvordan baker man surdeigsbrød" must not find "bank" and "many" in the finance area.
 */
function textScore(doc: Doc, perTerm: readonly TermMatcher[], locale: Locale): number {
  let total = 0;
  let matched = 0;
  let strong = 0;
  for (const matcher of perTerm) {
    let best = 0;
    let quality = 0;
    for (const f of doc.fields) {
      best = Math.max(best, fieldScore(f, matcher, locale));
      quality = Math.max(quality, fieldQuality(f, matcher));
    }
    total += best;
    if (quality > 0) matched += 1;
    if (quality >= STRONG_MATCH) strong += 1;
  }
  if (perTerm.length >= 2 && strong === 0 && matched < perTerm.length) return 0;
  return total;
}

const SECTION_SCORE = 6;

function sectionScore(section: string, sections: readonly string[]): number {
  const own = section.split(/[;,]\s*/).map((s) => s.trim());
  return sections.some((q) => own.some((s) => s === q || s.startsWith(`${q}.`))) ? SECTION_SCORE : 0;
}

const COLOUR_RANK: Readonly<Record<AreaColour, number>> = { red: 0, yellow: 1, green: 2 };

function keep<T extends { score: number }>(hits: T[]): T[] {
  const best = Math.max(0, ...hits.map((h) => h.score));
  return hits.filter((h) => h.score >= MIN_SCORE && h.score >= best * RELATIVE_CUTOFF);
}

const round = (n: number): number => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------
// API

export interface TopicHits {
  tooLong: false;
  areas: { area: ServiceArea; score: number }[];
  tasks: { task: GuideTask; area: ServiceArea; score: number }[];
  solutions: { solution: NationalSolution; score: number }[];
  /** Set when the query asked for a colour ("day one" → red). */
  colourIntent?: AreaColour;
}

export interface TopicQueryTooLong {
  tooLong: true;
  length: number;
  max: number;
  message: Localized;
}

export type TopicSearchResult = TopicHits | TopicQueryTooLong;

/** Areas, tasks and national solutions that match the query, best first; empty lists when nothing does. */
export function searchTopics(guide: MergerGuide, query: string, locale: Locale, texts: MergerEngineTexts): TopicSearchResult {
  const length = codePointLength(query.trim());
  if (length > MAX_QUERY_LENGTH) {
    const params = { length, max: MAX_QUERY_LENGTH };
    return { tooLong: true, length, max: MAX_QUERY_LENGTH, message: { nb: format(texts.topicQueryTooLong.nb, params), en: format(texts.topicQueryTooLong.en, params) } };
  }
  const index = indexOf(guide);
  const analysis = analyse(query, index);
  const perTerm = termMatchers(analysis.terms, index.vocabulary);
  const colour = analysis.colour;

  const taskOwn = new Map(index.tasks.map((d) => [d.task.id, textScore(d, perTerm, locale) + sectionScore(d.section, analysis.sections)]));
  const areaOwn = new Map(index.areas.map((d) => [d.area.id, textScore(d, perTerm, locale) + sectionScore(d.section, analysis.sections)]));
  const bestTaskIn = (area: ServiceArea) => Math.max(0, ...area.tasks.map((t) => taskOwn.get(t.id) ?? 0));

  const areas = index.areas.map(({ area }) => ({
    area,
    score: round((areaOwn.get(area.id) ?? 0) + AREA_FROM_TASK * bestTaskIn(area) + (colour === area.colour ? COLOUR_BOOST : 0)),
  }));
  const tasks = index.tasks.map(({ task, area, dueByMergerDate }) => {
    const own = taskOwn.get(task.id) ?? 0;
    // A task shares in its area's match: naming an area by name or keyword brings its tasks along.
    const inherited = TASK_FROM_AREA * (areaOwn.get(area.id) ?? 0);
    const colourBoost = colour === area.colour && (colour !== 'red' || dueByMergerDate) ? COLOUR_BOOST / 2 : 0;
    return { task, area, score: round(own + inherited + colourBoost) };
  });
  const solutions = index.solutions.map((d) => ({
    solution: d.solution,
    score: round(textScore(d, perTerm, locale) + sectionScore(d.section, analysis.sections)),
  }));

  const byArea = (a: ServiceArea, b: ServiceArea) =>
    COLOUR_RANK[a.colour] - COLOUR_RANK[b.colour] || a.priorityRank - b.priorityRank;
  // With a colour intent, that colour comes first: its areas in the guide's priority order.
  const asked = (a: ServiceArea) => (colour !== undefined && a.colour === colour ? 0 : 1);
  return {
    tooLong: false,
    areas: keep(areas).sort(
      (a, b) =>
        asked(a.area) - asked(b.area) ||
        (asked(a.area) === 0 ? a.area.priorityRank - b.area.priorityRank : 0) ||
        b.score - a.score ||
        byArea(a.area, b.area) ||
        a.area.id.localeCompare(b.area.id),
    ),
    tasks: keep(tasks).sort(
      (a, b) => asked(a.area) - asked(b.area) || b.score - a.score || byArea(a.area, b.area) || a.task.id.localeCompare(b.task.id),
    ),
    solutions: keep(solutions).sort((a, b) => b.score - a.score || a.solution.id.localeCompare(b.solution.id)),
    ...(colour ? { colourIntent: colour } : {}),
  };
}

/**
 * Topics to offer when nothing matched: the first area of each step of the guide's priority
 * order, then national solutions, as names in the user's language (at most `n`, no repeats).
 */
export function suggestTopics(guide: MergerGuide, locale: Locale, n = 6): string[] {
  const areaNames = [...guide.priorityOrder]
    .sort((a, b) => a.rank - b.rank)
    .flatMap((step) => {
      const area = step.areaIds.map((id) => guide.areas.find((a) => a.id === id)).find((a) => a !== undefined);
      return area ? [area.name[locale]] : [];
    });
  const solutionNames = guide.nationalSolutions.map((s) => s.name);
  return [...new Set([...areaNames, ...solutionNames])].slice(0, Math.max(0, n));
}
