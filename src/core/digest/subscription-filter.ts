import type { ReportingContent } from '../reporting/template-types.js';
import { choicesFor, findField } from '../reporting/template-lookup.js';
import type { DigestSettings } from './digest-settings.js';
import type { SubscriptionFilters } from './digest-types.js';

/*
 * Subscription filters as words ("abonner helse velferd", "abonner HOD") and the same words in
 * follow-up questions. Words come from config (digest-settings.json areaWords and areaGroups), the
 * service area labels of the template and the ministries of organisations.json. Unknown words are
 * reported back, never guessed.
 */

/** Lower case, letters and digits only, single spaces. */
export function normaliseWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

interface Phrase {
  words: string[];
  areas: string[];
  ministries: string[];
}

export interface FilterVocabulary {
  /** Longest phrases first. */
  phrases: Phrase[];
  stopWords: ReadonlySet<string>;
  /** Known words for the reply to an unknown one. */
  examples: string[];
}

function areaPhrases(settings: DigestSettings, content: ReportingContent): Phrase[] {
  const field = findField(content, 'serviceAreas');
  const choices = field ? choicesFor(field, content) : [];
  const fromLabels = choices.flatMap((c) => [c.label.nb, c.label.en, c.value].map((text) => ({ words: normaliseWords(text), areas: [c.value], ministries: [] })));
  const fromWords = Object.entries(settings.areaWords).flatMap(([area, words]) => words.map((w) => ({ words: normaliseWords(w), areas: [area], ministries: [] })));
  const fromGroups = settings.areaGroups.flatMap((g) => g.words.map((w) => ({ words: normaliseWords(w), areas: g.areas, ministries: [] })));
  return [...fromGroups, ...fromLabels, ...fromWords];
}

function ministryPhrases(content: ReportingContent): Phrase[] {
  return content.organisations.ministries.flatMap((m) =>
    [m.id, m.short, m.name.nb, m.name.en].map((text) => ({ words: normaliseWords(text), areas: [], ministries: [m.id] })),
  );
}

export function buildFilterVocabulary(settings: DigestSettings, content: ReportingContent): FilterVocabulary {
  const phrases = [...areaPhrases(settings, content), ...ministryPhrases(content)]
    .filter((p) => p.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
  const examples = [...Object.values(settings.areaWords).map((w) => w[0] ?? ''), ...content.organisations.ministries.map((m) => m.short)].filter((w) => w !== '');
  return { phrases, stopWords: new Set(settings.texts.stopWords.flatMap(normaliseWords)), examples };
}

function phraseAt(words: string[], at: number, vocabulary: FilterVocabulary): Phrase | undefined {
  return vocabulary.phrases.find((p) => p.words.every((w, i) => words[at + i] === w));
}

interface Scan {
  areas: Set<string>;
  ministries: Set<string>;
  unknown: string[];
}

function scan(words: string[], vocabulary: FilterVocabulary): Scan {
  const out: Scan = { areas: new Set(), ministries: new Set(), unknown: [] };
  for (let i = 0; i < words.length; ) {
    const phrase = phraseAt(words, i, vocabulary);
    if (phrase) {
      phrase.areas.forEach((a) => out.areas.add(a));
      phrase.ministries.forEach((m) => out.ministries.add(m));
      i += phrase.words.length;
      continue;
    }
    const word = words[i] ?? '';
    if (!vocabulary.stopWords.has(word)) out.unknown.push(word);
    i += 1;
  }
  return out;
}

/** Filters from the words after "abonner"; every word must be known (or a stop word). */
export function parseFilterWords(words: string[], vocabulary: FilterVocabulary): { filters: SubscriptionFilters; unknown: string[] } {
  const found = scan(words, vocabulary);
  return { filters: { serviceAreas: [...found.areas].sort(), ministries: [...found.ministries].sort() }, unknown: found.unknown };
}

/** Service areas named anywhere in a question; other words are ignored. */
export function areasNamedIn(text: string, vocabulary: FilterVocabulary): string[] {
  return [...scan(normaliseWords(text), vocabulary).areas].sort();
}

/** What a filter looks at in a project. */
export interface FilterFacts {
  serviceAreas: readonly string[];
  ministry?: string;
}

/** Lists combine with OR inside and AND across; an empty list does not filter. */
export function matchesFilters(filters: SubscriptionFilters, facts: FilterFacts): boolean {
  const areaOk = filters.serviceAreas.length === 0 || filters.serviceAreas.some((a) => facts.serviceAreas.includes(a));
  const ministryOk = filters.ministries.length === 0 || (facts.ministry !== undefined && filters.ministries.includes(facts.ministry));
  return areaOk && ministryOk;
}

export function filterKey(filters: SubscriptionFilters): string {
  return `${[...filters.serviceAreas].sort().join(',')}|${[...filters.ministries].sort().join(',')}`;
}
