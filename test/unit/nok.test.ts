import { describe, expect, it } from 'vitest';
import { formatNok, parseNok } from '../../src/core/parsing/nok.js';

describe('parseNok: accepted forms (§5.3)', () => {
  it.each([
    ['12 000 000', 12_000_000],
    ['12.000.000', 12_000_000],
    ['12000000', 12_000_000],
    ['kr 12 000 000,-', 12_000_000],
    ['Kr. 12 000 000', 12_000_000],
    ['12 000 000 NOK', 12_000_000],
    ['12 000 000 kroner', 12_000_000],
    ['500 000 kr', 500_000],
    ['12\u00A0000\u00A0000', 12_000_000], // no-break spaces as thousands separators
    ['12\u202F000\u202F000', 12_000_000], // narrow no-break spaces
    ['12 mill.', 12_000_000],
    ['12 mill', 12_000_000],
    ['12 millioner', 12_000_000],
    ['12 millioner kroner', 12_000_000],
    ['12 MNOK', 12_000_000],
    ['12 mnok', 12_000_000],
    ['12MNOK', 12_000_000],
    ['MNOK 12', 12_000_000],
    ['2 MNOK', 2_000_000],
    ['12,5 mill', 12_500_000],
    ['0,5 mill', 500_000],
    ['1,2 mrd', 1_200_000_000],
    ['1,2 milliarder', 1_200_000_000],
    ['1,2 mrd. kr', 1_200_000_000],
    ['1.5 mill', 1_500_000],
    ['1.200.000,-', 1_200_000],
    ['1.200,00', 1_200],
    ['12,00', 12],
    ['NOK 1,200,000,000', 1_200_000_000],
    ['ca. 12 mill', 12_000_000],
    ['250 tusen', 250_000],
    ['0', 0],
  ])('%j → %d kr', (raw, amount) => {
    expect(parseNok(raw)).toEqual({ ok: true, amount, raw: raw.trim(), exVat: false });
  });

  it.each(['12 MNOK eks. mva', '12 MNOK ekskl. mva', '12 000 000 kr eks mva', '12 mill (eks. mva)', '12 mill excl. VAT'])(
    '%j: VAT note is recognised and the raw text kept',
    (raw) => {
      expect(parseNok(raw)).toEqual({ ok: true, amount: 12_000_000, raw, exVat: true });
    },
  );

  it('treats "inkl. mva" as not excluding VAT', () => {
    expect(parseNok('12 mill inkl. mva')).toEqual({ ok: true, amount: 12_000_000, raw: '12 mill inkl. mva', exVat: false });
  });

  it('keeps the raw text trimmed', () => {
    expect(parseNok('  1,2 mrd \n')).toMatchObject({ ok: true, raw: '1,2 mrd' });
  });
});

describe('parseNok: rejections', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['1.200', 'ambiguous'],
    ['1,200', 'ambiguous'],
    ['1.200 kr', 'ambiguous'],
    ['1,250 mill', 'ambiguous'],
    ['-5 mill', 'negative'],
    ['\u22125 mill', 'negative'],
    ['minus 5 millioner', 'negative'],
    ['10–15 mill', 'range'],
    ['10-15 MNOK', 'range'],
    ['10 - 15 mill', 'range'],
    ['10 til 15 mill', 'range'],
    ['mellom 10 og 15 mill', 'range'],
    ['USD 12 000', 'foreign_currency'],
    ['12 mill EUR', 'foreign_currency'],
    ['$12', 'foreign_currency'],
    ['€ 5 000', 'foreign_currency'],
    ['12 dollar', 'foreign_currency'],
    ['12,5', 'fraction_of_krone'],
    ['12,50 kr', 'fraction_of_krone'],
    ['1,2345678 mill', 'fraction_of_krone'],
    ['10000000000001', 'too_large'],
    ['99 999 999 999 999 999 999', 'too_large'],
    ['20 000 mrd', 'too_large'],
    ['tolv millioner', 'not_a_number'],
    ['ikke beregnet', 'not_a_number'],
    ['12 000 00', 'not_a_number'],
    ['12 mill mrd', 'not_a_number'],
    ['kr', 'not_a_number'],
  ])('%j → %s', (raw, reason) => {
    expect(parseNok(raw)).toEqual({ ok: false, reason });
  });

  it('accepts the upper limit of 10^13 kr exactly', () => {
    expect(parseNok('10 000 000 000 000')).toMatchObject({ ok: true, amount: 10_000_000_000_000 });
  });

  it('allows negative amounts only when asked (net present value)', () => {
    expect(parseNok('-5 mill', { allowNegative: true })).toMatchObject({ ok: true, amount: -5_000_000 });
    expect(parseNok('minus 1,2 mrd', { allowNegative: true })).toMatchObject({ ok: true, amount: -1_200_000_000 });
    expect(parseNok('-10–15 mill', { allowNegative: true })).toEqual({ ok: false, reason: 'range' });
  });
});

describe('formatNok', () => {
  it.each([
    [1_200_000_000, '1 200 000 000 kr', 'NOK 1,200,000,000'],
    [12_000_000, '12 000 000 kr', 'NOK 12,000,000'],
    [500, '500 kr', 'NOK 500'],
    [0, '0 kr', 'NOK 0'],
    [-5_000_000, '-5 000 000 kr', 'NOK -5,000,000'],
  ])('%d → %j / %j', (amount, nb, en) => {
    expect(formatNok(amount, 'nb')).toBe(nb);
    expect(formatNok(amount, 'en')).toBe(en);
  });

  it('uses a normal space (U+0020) as the Norwegian thousands separator', () => {
    expect(formatNok(1_000_000, 'nb')).toBe('1\u0020000\u0020000 kr');
  });

  it.each([1_200_000_000, 12_000_000, 1_234, 7, 10_000_000_000_000])('nb echo of %d parses back to the same amount', (amount) => {
    expect(parseNok(formatNok(amount, 'nb'))).toMatchObject({ ok: true, amount });
  });

  it('rejects non-finite amounts', () => {
    expect(() => formatNok(Number.NaN, 'nb')).toThrow(RangeError);
  });
});
