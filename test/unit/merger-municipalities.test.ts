import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildMunicipalityIndex,
  findMunicipalities,
  findMunicipality,
  orList,
  resolveMunicipality,
  suggestMunicipalities,
  type KommunerData,
} from '../../src/core/merger/municipalities.js';
import { editDistance, foldText } from '../../src/core/merger/text-fold.js';
import { loadMergerTexts } from '../../src/settings/texts-schema.js';

/** The engine's texts as the bot loads them from config/merger-texts.json. */
const texts = loadMergerTexts('config').engine;

/** A few rows in the shape of shared/data/kommuner.json. */
const sample: KommunerData = {
  current: {
    municipalities: [
      { number: '1103', name: 'Stavanger', county: 'Rogaland' },
      { number: '1108', name: 'Sandnes', county: 'Rogaland' },
      { number: '1111', name: 'Sokndal', county: 'Rogaland' },
      { number: '1112', name: 'Lund', county: 'Rogaland' },
      { number: '1515', name: 'Herøy', nameSsb: 'Herøy (Møre og Romsdal)', county: 'Møre og Romsdal' },
      { number: '1818', name: 'Herøy', nameSsb: 'Herøy (Nordland)', county: 'Nordland' },
      { number: '1508', name: 'Ålesund', county: 'Møre og Romsdal' },
      { number: '5610', name: 'Kárášjohka - Karasjok', nameNo: 'Karasjok', county: 'Finnmark', number2020to2023: '5437', numberBefore2020: '2021' },
      { number: '5001', name: 'Trondheim - Tråante', nameNo: 'Trondheim', county: 'Trøndelag' },
    ],
  },
  mergers2020: [
    {
      newNumber: '1103',
      newName: 'Stavanger',
      date: '2020-01-01',
      from: [
        { number: '1103', name: 'Stavanger', county: 'Rogaland' },
        { number: '1141', name: 'Finnøy', county: 'Rogaland' },
        { number: '1142', name: 'Rennesøy', county: 'Rogaland' },
      ],
      currentNumbers: [{ number: '1103', name: 'Stavanger' }],
    },
    {
      newNumber: '1108',
      newName: 'Sandnes',
      date: '2020-01-01',
      from: [
        { number: '1102', name: 'Sandnes', county: 'Rogaland' },
        { number: '1129', name: 'Forsand', county: 'Rogaland' },
      ],
      currentNumbers: [{ number: '1108', name: 'Sandnes' }],
    },
  ],
};

const index = buildMunicipalityIndex(sample);

describe('text folding and distance', () => {
  it('folds case, diacritics and Norwegian letters', () => {
    expect(foldText('Ærøy ØST Åsen Kárášjohka Aalesund')).toBe('aeroy ost asen karasjohka alesund');
  });

  it('counts a transposition as one edit (Damerau)', () => {
    expect(editDistance('finnoy', 'finony')).toBe(1);
    expect(editDistance('stavanger', 'stavangre')).toBe(1);
    expect(editDistance('lund', 'sund')).toBe(1);
    expect(editDistance('abc', 'xyzabc')).toBe(3);
    expect(editDistance('abc', 'xyzabc', 1)).toBe(2); // stops early above max
  });
});

describe('findMunicipality', () => {
  it.each([
    ['Stavanger', '1103'],
    ['stavanger', '1103'],
    ['  STAVANGER ', '1103'],
    ['Alesund', '1508'],
    ['Aalesund', '1508'],
    ['Karasjok', '5610'],
    ['Kárášjohka', '5610'],
    ['karasjohka - karasjok', '5610'],
    ['Trondheim', '5001'],
    ['Herøy (Nordland)', '1818'],
    ['heroy nordland', '1818'],
    ['1103', '1103'],
    ['5437', '5610'], // the 2020–2023 number
  ])('%j → %s', (name, number) => {
    expect(findMunicipality(index, name)?.number).toBe(number);
  });

  it('knows municipalities that merged away in 2020', () => {
    expect(findMunicipality(index, 'Finnøy')).toEqual({
      number: '1141',
      name: 'Finnøy',
      label: 'Finnøy (Rogaland)',
      county: 'Rogaland',
      status: 'former',
      mergedInto: [{ number: '1103', name: 'Stavanger', date: '2020-01-01', currentNumbers: [{ number: '1103', name: 'Stavanger' }] }],
    });
    expect(findMunicipality(index, 'finnoy')?.status).toBe('former');
  });

  it('prefers the current municipality over an old one with the same name', () => {
    expect(findMunicipality(index, 'Sandnes')).toMatchObject({ number: '1108', status: 'current' });
  });

  it('two municipalities with one name: no single answer, both candidates', () => {
    expect(findMunicipality(index, 'Herøy')).toBeUndefined();
    expect(findMunicipalities(index, 'Heroy').map((m) => m.label)).toEqual(['Herøy (Møre og Romsdal)', 'Herøy (Nordland)']);
  });

  it('unknown and empty names find nothing', () => {
    expect(findMunicipality(index, 'Atlantis')).toBeUndefined();
    expect(findMunicipality(index, '')).toBeUndefined();
    expect(findMunicipality(index, ' - ')).toBeUndefined();
  });
});

describe('suggestMunicipalities ("did you mean")', () => {
  it('ranks by edit distance on folded names', () => {
    expect(suggestMunicipalities(index, 'Stavangre').map((m) => m.name)).toEqual(['Stavanger']);
    expect(suggestMunicipalities(index, 'Finøy').map((m) => m.name)).toEqual(['Finnøy']);
    expect(suggestMunicipalities(index, 'Sokndaal').map((m) => m.name)[0]).toBe('Sokndal');
  });

  it('a name that starts with what was typed is close', () => {
    expect(suggestMunicipalities(index, 'Sand').map((m) => m.name)[0]).toBe('Sandnes');
  });

  it('returns at most n, nearest first, current before former', () => {
    const hits = suggestMunicipalities(index, 'Lnd', 3);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]?.name).toBe('Lund');
  });

  it('suggests nothing for a name far from every municipality', () => {
    expect(suggestMunicipalities(index, 'Xyzzyqwerty')).toEqual([]);
  });
});

describe('resolveMunicipality (bad input: empty or unknown municipality)', () => {
  it('empty', () => {
    expect(resolveMunicipality(index, '   ', texts)).toEqual({
      ok: false,
      reason: 'empty',
      message: { nb: 'Skriv navnet på kommunen.', en: "Enter the municipality's name." },
    });
  });

  it('unknown with suggestions', () => {
    const result = resolveMunicipality(index, 'Stavangr', texts);
    expect(result).toMatchObject({
      ok: false,
      reason: 'unknown',
      message: {
        nb: 'Jeg kjenner ikke kommunen «Stavangr». Mente du Stavanger?',
        en: 'I do not know the municipality "Stavangr". Did you mean Stavanger?',
      },
    });
  });

  it('unknown without suggestions', () => {
    expect(resolveMunicipality(index, 'Xyzzyqwerty', texts)).toMatchObject({
      ok: false,
      reason: 'unknown',
      suggestions: [],
      message: { nb: 'Jeg kjenner ikke kommunen «Xyzzyqwerty». Sjekk skrivemåten.' },
    });
  });

  it('ambiguous names ask for the county', () => {
    expect(resolveMunicipality(index, 'Herøy', texts)).toMatchObject({
      ok: false,
      reason: 'ambiguous',
      message: {
        nb: 'Flere kommuner heter «Herøy»: Herøy (Møre og Romsdal) eller Herøy (Nordland). Skriv navnet med fylket, for eksempel «Herøy (Møre og Romsdal)».',
      },
    });
  });

  it('a long paste is cut in the message', () => {
    const result = resolveMunicipality(index, 'x'.repeat(5000), texts);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.nb.length).toBeLessThan(200);
  });

  it('known', () => {
    expect(resolveMunicipality(index, 'sokndal', texts)).toMatchObject({ ok: true, municipality: { number: '1111', name: 'Sokndal' } });
  });

  it('orList joins with "eller"/"or"', () => {
    expect(orList(['A', 'B', 'C'], texts)).toEqual({ nb: 'A, B eller C', en: 'A, B or C' });
    expect(orList(['A'], texts)).toEqual({ nb: 'A', en: 'A' });
  });
});

const KOMMUNER = '/work/shared/data/kommuner.json';

describe.runIf(existsSync(KOMMUNER))('with the real kommuner.json', () => {
  const real = buildMunicipalityIndex(JSON.parse(readFileSync(KOMMUNER, 'utf8')) as KommunerData);

  it('knows all 357 municipalities of 2024', () => {
    expect(real.entries.filter((e) => e.municipality.status === 'current')).toHaveLength(357);
  });

  it('knows Finnøy, Rennesøy, Sandefjord\'s Andebu and Tysfjord as former municipalities', () => {
    expect(findMunicipality(real, 'Finnøy')).toMatchObject({ status: 'former', mergedInto: [{ name: 'Stavanger' }] });
    expect(findMunicipality(real, 'Rennesoy')).toMatchObject({ status: 'former' });
    expect(findMunicipality(real, 'Andebu')).toMatchObject({ status: 'former', mergedInto: [{ name: 'Sandefjord', date: '2017-01-01' }] });
    // Divided between Narvik and Hamarøy: both are listed.
    expect(findMunicipality(real, 'Tysfjord')?.mergedInto?.map((m) => m.name).sort()).toEqual(['Hábmer - Hamarøy', 'Narvik']);
  });

  it('current names win (Haram merged into Ålesund in 2020 and was split out again in 2024)', () => {
    expect(findMunicipality(real, 'Haram')).toMatchObject({ number: '1580', status: 'current' });
  });

  it('suggests close names for typos', () => {
    expect(suggestMunicipalities(real, 'Kristiansnd').map((m) => m.name)).toContain('Kristiansand');
    expect(suggestMunicipalities(real, 'Trondhjem').map((m) => m.name)).toContain('Trondheim - Tråante');
    expect(resolveMunicipality(real, 'Bærums', texts)).toMatchObject({ ok: false, reason: 'unknown', suggestions: [{ name: 'Bærum' }] });
  });

  it('Herøy and Våler are ambiguous', () => {
    expect(findMunicipalities(real, 'Herøy')).toHaveLength(2);
    expect(findMunicipalities(real, 'Våler')).toHaveLength(2);
  });
});
