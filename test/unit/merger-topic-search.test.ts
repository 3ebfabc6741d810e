import { describe, expect, it } from 'vitest';
import type { MergerGuide } from '../../src/core/merger/guide-types.js';
import {
  MAX_QUERY_LENGTH,
  searchTopics,
  stem,
  suggestTopics,
  tokenize,
  type TopicHits,
} from '../../src/core/merger/topic-search.js';
import { loadMergerTexts } from '../../src/settings/texts-schema.js';
import { fixtureGuide } from './merger-fixture.js';

/** The engine's texts as the bot loads them from config/merger-texts.json. */
const texts = loadMergerTexts('config').engine;

function hits(query: string, locale: 'nb' | 'en' = 'nb', guide: MergerGuide = fixtureGuide): TopicHits {
  const result = searchTopics(guide, query, locale, texts);
  if (result.tooLong) throw new Error('unexpected tooLong');
  return result;
}

const areaIds = (r: TopicHits) => r.areas.map((a) => a.area.id);
const taskIds = (r: TopicHits) => r.tasks.map((t) => t.task.id);
const solutionIds = (r: TopicHits) => r.solutions.map((s) => s.solution.id);

describe('tokens', () => {
  it('folds case and diacritics, drops stop words, stems', () => {
    expect(tokenize('Hva skjer med arkivet?')).toEqual(['arkiv']);
    expect(tokenize('Which systems must work from day one?')).toEqual(['system', 'work', 'day', 'one']);
    expect(tokenize('Økonomi og ÅRSOPPGJØR')).toEqual(['okonomi', 'arsoppgjor']);
    expect(tokenize('Aalesund')).toEqual(['alesund']);
  });

  it.each([
    ['tjenestene', 'tjenest'],
    ['tjenester', 'tjenest'],
    ['tjeneste', 'tjenest'],
    ['legevakten', 'legevakt'],
    ['arkiver', 'arkiv'],
    ['systems', 'system'],
    ['services', 'servic'],
    ['service', 'servic'],
    ['planlegging', 'planlegg'],
    ['kommunene', 'kommun'],
    ['one', 'one'],
    ['prosess', 'prosess'],
    ['prosessen', 'prosess'],
    ['access', 'access'],
    ['2028', '2028'],
  ])('stem(%s) = %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('searchTopics: the questions of the issue', () => {
  it('"Feide?" → the Feide solution, the Feide tasks and the childhood areas', () => {
    const r = hits('Feide?');
    expect(solutionIds(r)).toEqual(['feide']);
    expect(taskIds(r).slice(0, 2).sort()).toEqual(['barnehage-01', 'skole-01']);
    expect(areaIds(r)).toContain('grunnskole');
    expect(areaIds(r)).toContain('barnehage');
    expect(areaIds(r)).not.toContain('ikt-drift');
  });

  it('"hva skjer med arkivet?" → the archive area first', () => {
    const r = hits('hva skjer med arkivet?');
    expect(areaIds(r)[0]).toBe('arkiv');
    expect(r.areas).toHaveLength(1);
    expect(r.tasks.slice(0, 4).map((t) => t.area.id)).toEqual(['arkiv', 'arkiv', 'arkiv', 'arkiv']);
  });

  it('"which systems must work from day one?" → red areas, in the priority order', () => {
    const r = hits('which systems must work from day one?', 'en');
    expect(r.colourIntent).toBe('red');
    expect(areaIds(r).slice(0, 4)).toEqual(['ikt-drift', 'arkiv', 'okonomi', 'legevakt']);
    // Red tasks first; legevakt-01 is due from day one.
    const colours = r.tasks.map((t) => t.area.colour);
    expect(colours.indexOf('yellow') === -1 || colours.lastIndexOf('red') < colours.indexOf('yellow')).toBe(true);
    expect(taskIds(r)).toContain('legevakt-01');
    expect(taskIds(r)).toContain('infra-01');
  });

  it('the day-one question in Norwegian and with the colour word', () => {
    expect(hits('hva må virke fra dag én?').colourIntent).toBe('red');
    expect(hits('røde områder').colourIntent).toBe('red');
    expect(hits('road works', 'en').colourIntent).toBeUndefined();
    expect(areaIds(hits('hva må virke fra dag 1')).slice(0, 4).sort()).toEqual(['arkiv', 'ikt-drift', 'legevakt', 'okonomi']);
  });

  it('"legevakt" → the legevakt area and its tasks', () => {
    const r = hits('legevakt');
    expect(areaIds(r)[0]).toBe('legevakt');
    expect(taskIds(r).slice(0, 2).sort()).toEqual(['legevakt-01', 'legevakt-02']);
  });
});

describe('searchTopics: language, synonyms, typos', () => {
  it('English words find Norwegian areas through the synonyms', () => {
    expect(areaIds(hits('What happens to the archive?', 'en'))[0]).toBe('arkiv');
    expect(areaIds(hits('emergency ward', 'en'))[0]).toBe('legevakt');
    expect(areaIds(hits('accounting', 'en'))[0]).toBe('okonomi');
  });

  it('folds diacritics in queries: "okonomi" finds "Økonomi"', () => {
    expect(areaIds(hits('okonomi'))[0]).toBe('okonomi');
  });

  it('tolerates typos', () => {
    expect(areaIds(hits('legevkat'))[0]).toBe('legevakt'); // transposition
    expect(areaIds(hits('arkviet'))[0]).toBe('arkiv');
    expect(areaIds(hits('infrastruktrur'))[0]).toBe('ikt-drift'); // 2 edits in a long word
  });

  it('short words must match exactly', () => {
    expect(solutionIds(hits('fide'))).toEqual(['feide']); // 4 letters: one edit allowed
    expect(areaIds(hits('ark'))).toEqual([]); // 3 letters: no typo tolerance, too short for compounds
  });

  it('matches compounds that start with the word', () => {
    expect(taskIds(hits('bibliotek'))).toContain('bibliotek-01'); // "bibliotekssystemene"
  });

  it('a section number finds its area', () => {
    expect(areaIds(hits('5.4.4'))[0]).toBe('arkiv');
  });

  it('national solutions by name', () => {
    const r = hits('SvarUt');
    expect(solutionIds(r)[0]).toBe('svarut');
    expect(taskIds(r)[0]).toBe('arkiv-04');
  });
});

describe('searchTopics: nothing invented', () => {
  it.each(['xyzzy qwerty', 'hva skjer?', 'the what which', '', '???', 'banan'])('%j matches nothing', (query) => {
    const r = hits(query);
    expect([r.areas, r.tasks, r.solutions]).toEqual([[], [], []]);
  });

  it('bad input: a 5,000-character question is refused with its length', () => {
    const result = searchTopics(fixtureGuide, 'arkiv '.repeat(834).slice(0, 5000), 'nb', texts);
    expect(result).toMatchObject({ tooLong: true, length: 5000, max: MAX_QUERY_LENGTH });
    if (!result.tooLong) return;
    expect(result.message.nb).toContain('5000 tegn');
    expect(result.message.en).toContain('at most 500');
  });

  it('500 characters are still searched', () => {
    const query = `arkiv ${'x'.repeat(494)}`;
    expect(query).toHaveLength(500);
    expect(searchTopics(fixtureGuide, query, 'nb', texts).tooLong).toBe(false);
  });
});

describe('suggestTopics', () => {
  it('offers the priority areas, then national solutions, in the user language', () => {
    expect(suggestTopics(fixtureGuide, 'nb')).toEqual([
      'IKT-drift og infrastruktur',
      'Arkiv og dokumenthåndtering',
      'Økonomi og regnskap',
      'Legevakt',
      'Grunnskole',
      'Digitale tjenester',
    ]);
    expect(suggestTopics(fixtureGuide, 'en', 8).slice(-2)).toEqual(['KS SvarUt', 'Feide']);
  });

  it('every suggestion finds something', () => {
    for (const topic of suggestTopics(fixtureGuide, 'nb', 10)) {
      const r = hits(topic);
      expect(r.areas.length + r.solutions.length, topic).toBeGreaterThan(0);
    }
  });
});
