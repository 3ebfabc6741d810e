import { describe, expect, it } from 'vitest';
import {
  charCount,
  escapeCardMarkdown,
  isLikelyEmail,
  parseHttpsUrl,
  sanitizeText,
} from '../../src/core/text/sanitize.js';

describe('sanitizeText: HTML is removed, never stored (§6)', () => {
  it.each([
    ['<b>Viktig</b> prosjekt', 'Viktig prosjekt'],
    ['Hei<script>alert("x")</script> der', 'Hei der'],
    ['<SCRIPT type="text/javascript">steal()</SCRIPT>Tekst', 'Tekst'],
    ['Tekst<script>never closed', 'Tekst'],
    ['<style>body{display:none}</style>Synlig', 'Synlig'],
    ['Før<!-- skjult -->etter', 'Føretter'],
    ['<img src=x onerror=alert(1)>Bilde', 'Bilde'],
    ['<img alt=">" onerror="alert(1)">Bilde', 'Bilde'],
    ['<a href="javascript:alert(1)">klikk</a>', 'klikk'],
    ['Linje 1<br>Linje 2', 'Linje 1\nLinje 2'],
    ['<p>Avsnitt 1</p><p>Avsnitt 2</p>', 'Avsnitt 1\nAvsnitt 2'],
    // Tag-splitting tricks: "<scr<b>" is itself read as a tag (as a browser would), and a
    // script block assembled by removing inner tags is removed in the next pass.
    ['<scr<b></b>ipt>alert(1)</script>', 'ipt>alert(1)'],
    ['<<b>script>alert(1)<</b>/script>', ''],
    ['<!DOCTYPE html><html><body>Hei</body></html>', 'Hei'],
    ['<iframe src="https://evil.example"></iframe>Tekst', 'Tekst'],
  ])('%j → %j', (raw, text) => {
    expect(sanitizeText(raw)).toEqual({ text, htmlRemoved: true, controlCharsRemoved: false });
  });

  it.each(['Kostnad < 10 MNOK og > 2 MNOK', '3 < 5', 'a <= b', '&lt;script&gt; er ikke en tagg', 'e-post: <ola@example.no'])(
    '%j is plain text and kept as is',
    (raw) => {
      expect(sanitizeText(raw)).toEqual({ text: raw, htmlRemoved: false, controlCharsRemoved: false });
    },
  );

  it('does not decode entities into tags', () => {
    expect(sanitizeText('&lt;b&gt;fet&lt;/b&gt;').text).toBe('&lt;b&gt;fet&lt;/b&gt;');
  });
});

describe('sanitizeText: characters and whitespace', () => {
  it('strips control characters but keeps newline and tab', () => {
    expect(sanitizeText('a\u0000b\u0007c\td\ne\u007F\u0085f')).toEqual({
      text: 'abc\td\nef',
      htmlRemoved: false,
      controlCharsRemoved: true,
    });
  });

  it('removes bidi override characters (spoofing)', () => {
    expect(sanitizeText('abc\u202Edcba\u202C')).toMatchObject({ text: 'abcdcba', controlCharsRemoved: true });
  });

  it('turns CRLF and CR into newlines without reporting removed characters', () => {
    expect(sanitizeText('a\r\nb\rc')).toEqual({ text: 'a\nb\nc', htmlRemoved: false, controlCharsRemoved: false });
  });

  it('NFC-normalises (decomposed å becomes one code point)', () => {
    const result = sanitizeText('Ba\u030Arum');
    expect(result.text).toBe('Bærum'.replace('æ', 'å'));
    expect(charCount(result.text)).toBe(5);
  });

  it('removes lone surrogates, which cannot be stored as UTF-8, and keeps valid pairs and U+FFFD', () => {
    expect(sanitizeText('a\uD800b\uDC00c 😀 \uFFFD')).toEqual({
      text: 'abc 😀 \uFFFD',
      htmlRemoved: false,
      controlCharsRemoved: true,
    });
  });

  it('trims and keeps at most one empty line in a row', () => {
    expect(sanitizeText('  \n\nFørste\n\n\n\n  \nAndre  \n\n ').text).toBe('Første\n\nAndre');
  });

  it('keeps emoji sequences joined by ZWJ intact', () => {
    const family = '👨\u200D👩\u200D👧';
    expect(sanitizeText(family).text).toBe(family);
  });
});

describe('escapeCardMarkdown', () => {
  it.each([
    ['*fet* og _kursiv_', '\\*fet\\* og \\_kursiv\\_'],
    ['[klikk](https://evil.example)', '\\[klikk\\]\\(https://evil.example\\)'],
    ['# Overskrift', '\\# Overskrift'],
    ['> sitat', '\\> sitat'],
    ['`kode`', '\\`kode\\`'],
    ['C:\\temp', 'C:\\\\temp'],
    ['- punkt\n+ punkt\n1. nummer', '\\- punkt\n\\+ punkt\n1\\. nummer'],
    ['Pris 1.200 - 1 500', 'Pris 1.200 - 1 500'],
    ['Helt vanlig tekst, æøå.', 'Helt vanlig tekst, æøå.'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeCardMarkdown(text)).toBe(escaped);
  });
});

describe('isLikelyEmail', () => {
  it.each(['ola.nordmann@kartverket.no', 'ola+bot@example.com', 'kari@bærum.kommune.no', 'a@b.co'])('accepts %s', (email) => {
    expect(isLikelyEmail(email)).toBe(true);
  });

  it.each([
    '',
    'ola',
    'ola@',
    '@kartverket.no',
    'ola@kartverket',
    'ola@@kartverket.no',
    'ola@kart@verket.no',
    'ola nordmann@kartverket.no',
    'ola@kartverket.no ',
    '.ola@kartverket.no',
    'ola..n@kartverket.no',
    'ola@-kartverket.no',
    `${'a'.repeat(65)}@example.no`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.no`, // 261 chars,
  ])('rejects %j', (text) => {
    expect(isLikelyEmail(text)).toBe(false);
  });
});

describe('parseHttpsUrl', () => {
  it('accepts an https URL and returns the domain to show', () => {
    expect(parseHttpsUrl(' https://www.Kartverket.no/prosjekter?id=1 ')).toEqual({
      ok: true,
      url: 'https://www.kartverket.no/prosjekter?id=1',
      domain: 'www.kartverket.no',
    });
  });

  it('shows internationalised domains in punycode', () => {
    expect(parseHttpsUrl('https://bærum.kommune.no/')).toMatchObject({ ok: true, domain: 'xn--brum-voa.kommune.no' });
  });

  it.each([
    ['http://kartverket.no', 'not_https'],
    ['javascript:alert(1)', 'not_https'],
    ['ftp://example.no/fil', 'not_https'],
    ['www.kartverket.no', 'invalid'],
    ['kartverket', 'invalid'],
    ['', 'invalid'],
    ['https://', 'invalid'],
    ['https://localhost/x', 'invalid'],
    ['https://bruker:passord@example.no', 'invalid'],
    ['https://example.no/med mellomrom', 'invalid'],
    [`https://example.no/${'a'.repeat(482)}`, 'too_long'], // 501 chars
  ])('%j → %s', (text, reason) => {
    expect(parseHttpsUrl(text)).toEqual({ ok: false, reason });
  });

  it('accepts exactly 500 characters', () => {
    const url = `https://example.no/${'a'.repeat(481)}`;
    expect(url).toHaveLength(500);
    expect(parseHttpsUrl(url)).toMatchObject({ ok: true });
  });
});

describe('charCount counts what a user sees as characters', () => {
  it.each([
    ['', 0],
    ['æøå', 3],
    ['😀', 1],
    ['a😀b', 3],
    ['Ba\u030Arum'.normalize('NFC'), 5],
  ])('%j → %d', (text, n) => {
    expect(charCount(text)).toBe(n);
  });
});
