import { describe, expect, it } from 'vitest';
import {
  compareEndToStart,
  extractPrecisionDate,
  formatPrecisionDate,
  isWithinRange,
  parsePrecisionDate,
  type DatePrecision,
  type PrecisionDate,
  type SeasonConfig,
} from '../../src/core/parsing/date-precision.js';

function date(raw: string): PrecisionDate {
  const result = parsePrecisionDate(raw);
  if (!result.ok || !('value' in result)) throw new Error(`expected a date for ${raw}: ${JSON.stringify(result)}`);
  return result.value;
}

describe('parsePrecisionDate: accepted forms (§5.2)', () => {
  const cases: [string, string, string, DatePrecision][] = [
    ['28.2.2018', '2018-02-28', '2018-02-28', 'day'],
    ['01.06.2018', '2018-06-01', '2018-06-01', 'day'],
    ['2018-03-01', '2018-03-01', '2018-03-01', 'day'],
    ['29.02.2016', '2016-02-29', '2016-02-29', 'day'],
    ['1. mars 2018', '2018-03-01', '2018-03-01', 'day'],
    ['28 Feb 2018', '2018-02-28', '2018-02-28', 'day'],
    ['Januar 2015', '2015-01-01', '2015-01-31', 'month'],
    ['jan. 2015', '2015-01-01', '2015-01-31', 'month'],
    ['Jan 2015', '2015-01-01', '2015-01-31', 'month'],
    ['august 2013', '2013-08-01', '2013-08-31', 'month'],
    ['January 2015', '2015-01-01', '2015-01-31', 'month'],
    ['Februar 2016', '2016-02-01', '2016-02-29', 'month'],
    ['MAI 2013', '2013-05-01', '2013-05-31', 'month'],
    ['Desember 2016', '2016-12-01', '2016-12-31', 'month'],
    ['okt. 2016', '2016-10-01', '2016-10-31', 'month'],
    ['sept 2016', '2016-09-01', '2016-09-30', 'month'],
    ['1. kvartal 2015', '2015-01-01', '2015-03-31', 'quarter'],
    ['1. kv. 2015', '2015-01-01', '2015-03-31', 'quarter'],
    ['Q1 2015', '2015-01-01', '2015-03-31', 'quarter'],
    ['q4 2015', '2015-10-01', '2015-12-31', 'quarter'],
    ['tredje kvartal 2015', '2015-07-01', '2015-09-30', 'quarter'],
    ['1. halvår 2017', '2017-01-01', '2017-06-30', 'half'],
    ['2. halvår 2017', '2017-07-01', '2017-12-31', 'half'],
    ['H1 2017', '2017-01-01', '2017-06-30', 'half'],
    ['H2 2017', '2017-07-01', '2017-12-31', 'half'],
    ['Vår 2016', '2016-03-01', '2016-05-31', 'season'],
    ['Sommer 2016', '2016-06-01', '2016-08-31', 'season'],
    ['Høst 2016', '2016-09-01', '2016-11-30', 'season'],
    ['Høsten 2016', '2016-09-01', '2016-11-30', 'season'],
    ['HØST 2016', '2016-09-01', '2016-11-30', 'season'],
    ['spring 2016', '2016-03-01', '2016-05-31', 'season'],
    ['autumn 2016', '2016-09-01', '2016-11-30', 'season'],
    ['fall 2016', '2016-09-01', '2016-11-30', 'season'],
    ['2014', '2014-01-01', '2014-12-31', 'year'],
  ];

  it.each(cases)('%s → %s … %s (%s)', (raw, start, end, precision) => {
    expect(parsePrecisionDate(raw)).toEqual({ ok: true, value: { start, end, precision, raw }, twoDigitYear: false });
  });

  it('keeps the raw text trimmed and tolerates extra inner spaces', () => {
    const result = parsePrecisionDate('  Høst   2016 \n');
    expect(result).toMatchObject({ ok: true, value: { start: '2016-09-01', raw: 'Høst   2016' } });
  });

  it('NFC-normalises decomposed Norwegian letters ("va\\u030Ar" = "vår")', () => {
    const decomposed = 'Va\u030Ar 2016';
    expect(parsePrecisionDate(decomposed)).toMatchObject({
      ok: true,
      value: { start: '2016-03-01', precision: 'season', raw: 'Vår 2016' },
    });
  });
});

describe('parsePrecisionDate: two-digit years are read as 20xx and flagged for echo-back', () => {
  it.each([
    ['Jan.17', '2017-01-01', 'month'],
    ['Aug.13', '2013-08-01', 'month'],
    ['1.6.18', '2018-06-01', 'day'],
    ['Q3 16', '2016-07-01', 'quarter'],
  ] as const)('%s → %s', (raw, start, precision) => {
    expect(parsePrecisionDate(raw)).toMatchObject({ ok: true, value: { start, precision }, twoDigitYear: true });
  });

  it('does not accept a two-digit year on its own', () => {
    expect(parsePrecisionDate('16')).toEqual({ ok: false, reason: 'unrecognised' });
  });
});

describe('parsePrecisionDate: rejections with a reason the bot can ask about', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['TD', 'unexplained_abbreviation'],
    ['td', 'unexplained_abbreviation'],
    ['vinter 2016', 'ambiguous_season'],
    ['Vinteren 2017', 'ambiguous_season'],
    ['winter 2016', 'ambiguous_season'],
    ['vinter', 'ambiguous_season'],
    ['31.02.2018', 'invalid_date'],
    ['29.02.2017', 'invalid_date'],
    ['2018-13-01', 'invalid_date'],
    ['32.1.2018', 'invalid_date'],
    ['5. kvartal 2015', 'invalid_date'],
    ['H3 2017', 'invalid_date'],
    ['Forprosjekt ble startet januar 2015', 'unrecognised'],
    ['Oppstart hovedprosjekt; 1. kvartal 2015.', 'unrecognised'],
    ['snart', 'unrecognised'],
    ['januar', 'unrecognised'],
    ['Ikke avklart', 'token_not_allowed'],
    ['Løpende', 'token_not_allowed'],
  ])('%j → %s', (raw, reason) => {
    expect(parsePrecisionDate(raw)).toEqual({ ok: false, reason });
  });
});

describe('parsePrecisionDate: end tokens', () => {
  it.each([
    ['Ikke avklart', 'IKKE_AVKLART'],
    ['  ikke AVKLART ', 'IKKE_AVKLART'],
    ['Løpende', 'LOPENDE'],
    ['LØPENDE', 'LOPENDE'],
  ])('%j is accepted as %s only with allowTokens', (raw, token) => {
    expect(parsePrecisionDate(raw, { allowTokens: true })).toEqual({ ok: true, token, raw: raw.trim() });
  });

  it('is strict: extra words are not a token', () => {
    expect(parsePrecisionDate('Ikke avklart ennå', { allowTokens: true })).toEqual({ ok: false, reason: 'unrecognised' });
  });
});

describe('configurable seasons', () => {
  it('uses the configured month range for a season', () => {
    const seasons: SeasonConfig = {
      spring: { startMonth: 4, endMonth: 6 },
      summer: { startMonth: 7, endMonth: 8 },
      autumn: { startMonth: 8, endMonth: 12 },
    };
    expect(parsePrecisionDate('Høst 2016', { seasons })).toMatchObject({
      ok: true,
      value: { start: '2016-08-01', end: '2016-12-31', precision: 'season' },
    });
    expect(formatPrecisionDate(date('1. halvår 2017'), 'nb', seasons)).toBe('1. halvår 2017');
  });

  it('rejects an impossible configuration as a programming error', () => {
    const seasons: SeasonConfig = {
      spring: { startMonth: 5, endMonth: 3 },
      summer: { startMonth: 6, endMonth: 8 },
      autumn: { startMonth: 9, endMonth: 11 },
    };
    expect(() => parsePrecisionDate('Vår 2016', { seasons })).toThrow(RangeError);
  });
});

describe('compareEndToStart: end-of-period vs start-of-period (§5.1 rule 1)', () => {
  it.each([
    ['Høst 2016', 'Desember 2016', true],
    ['Høst 2016', 'Høst 2016', true],
    ['Høst 2016', 'November 2016', true],
    ['Høst 2016', '15.09.2016', true],
    ['Høst 2016', 'August 2016', false],
    ['2018-03-01', '2017-12-01', false],
    ['2018-03-01', '2018-03-01', true],
    ['1. kvartal 2015', '2015', true],
    ['2016', 'Jan.17', true],
  ])('start %j, end %j → %s', (start, end, valid) => {
    expect(compareEndToStart(date(end), date(start))).toBe(valid);
  });
});

describe('isWithinRange: the period overlaps [min, max]', () => {
  it.each([
    ['2014', true],
    ['2000', true],
    ['1999', false],
    ['Desember 1999', false],
    ['2036', true],
    ['2037', false],
    ['10.03.2036', true],
    ['11.03.2036', false],
  ])('%s within 2000-01-01 … 2036-03-10 → %s', (raw, expected) => {
    expect(isWithinRange(date(raw), '2000-01-01', '2036-03-10')).toBe(expected);
  });
});

describe('formatPrecisionDate', () => {
  it.each([
    ['Høst 2016', 'høst 2016', 'autumn 2016'],
    ['Vår 2016', 'vår 2016', 'spring 2016'],
    ['Q1 2015', '1. kvartal 2015', 'Q1 2015'],
    ['2. halvår 2017', '2. halvår 2017', 'H2 2017'],
    ['28.2.2018', '28.02.2018', '28 Feb 2018'],
    ['Januar 2015', 'januar 2015', 'January 2015'],
    ['Jan.17', 'januar 2017', 'January 2017'],
    ['2014', '2014', '2014'],
  ])('%s → nb %j, en %j', (raw, nb, en) => {
    const d = date(raw);
    expect(formatPrecisionDate(d, 'nb')).toBe(nb);
    expect(formatPrecisionDate(d, 'en')).toBe(en);
  });

  it.each(['Høst 2016', 'Q1 2015', 'H2 2017', '28.2.2018', 'Januar 2015', '2014', 'Sommer 2020', '1.1.2020'])(
    'echoed text for %s parses back to the same period in both languages',
    (raw) => {
      const d = date(raw);
      for (const locale of ['nb', 'en'] as const) {
        const again = date(formatPrecisionDate(d, locale));
        expect({ start: again.start, end: again.end, precision: again.precision }).toEqual({
          start: d.start,
          end: d.end,
          precision: d.precision,
        });
      }
    },
  );
});

describe('extractPrecisionDate (demo-data import only)', () => {
  it.each([
    ['Forprosjekt ble startet januar 2015', 'januar 2015', '2015-01-01', 'month'],
    ['Oppstart hovedprosjekt; 1. kvartal 2015.', '1. kvartal 2015', '2015-01-01', 'quarter'],
    [
      '31.12.2017 for innbygger, sykehus, legevakt, legekontor. Innføring i KAD (PLO) er estimert ferdig innen 2019',
      '31.12.2017',
      '2017-12-31',
      'day',
    ],
    ['1.okt 2016 (Fase 1 produksjonssettes 1.-6.juni, med overleveringsaktiviteter)', '1.okt 2016', '2016-10-01', 'day'],
    ['Høsten 2016', 'Høsten 2016', '2016-09-01', 'season'],
  ])('%j → %j', (raw, matched, start, precision) => {
    expect(extractPrecisionDate(raw)).toMatchObject({ ok: true, matched, value: { start, precision, raw } });
  });

  it('passes tokens and explicit rejections through', () => {
    expect(extractPrecisionDate('Løpende', { allowTokens: true })).toEqual({
      ok: true,
      token: 'LOPENDE',
      raw: 'Løpende',
      matched: 'Løpende',
    });
    expect(extractPrecisionDate('TD')).toEqual({ ok: false, reason: 'unexplained_abbreviation' });
    expect(extractPrecisionDate('uten dato')).toEqual({ ok: false, reason: 'unrecognised' });
  });

  it('does not read season or month names inside other words', () => {
    expect(extractPrecisionDate('Etter sommerferien 2016')).toMatchObject({
      ok: true,
      matched: '2016',
      value: { precision: 'year' },
    });
  });
});
