/**
 * The overview's building blocks without I/O: query checking, the public projection of a report,
 * completeness, CSV cells, dates, language negotiation, HTML escaping and the texts file check.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCompleteness } from '../../src/core/overview/completeness.js';
import { addMonths, deadlineWindow } from '../../src/core/overview/deadline-window.js';
import { overviewQueryParams, parseLanguageQuery, parseOverviewQuery } from '../../src/core/overview/overview-query.js';
import { toPublishedProject } from '../../src/core/overview/published-project.js';
import type { Answers } from '../../src/core/reporting/answer-types.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';
import { csvCell, toCsv } from '../../src/web/csv.js';
import { escapeHtml, html } from '../../src/web/html.js';
import { loadOverviewTexts } from '../../src/web/overview-texts.js';
import { pageLocale } from '../../src/web/request-locale.js';

const content = loadReportingContent('config');

describe('parseOverviewQuery', () => {
  it('accepts every allowed parameter, repeats where a list makes sense, and ignores empty form values', () => {
    const r = parseOverviewQuery(
      { area: ['HELSE_OMSORG', 'VELFERD', 'HELSE_OMSORG'], ministry: 'HOD', agency: '', phase: ['KONSEPT'], months: '012', sort: 'deadline', lang: 'en' },
      content,
    );
    expect(r).toEqual({
      ok: true,
      query: { areas: ['HELSE_OMSORG', 'VELFERD'], ministries: ['HOD'], agencies: [], phases: ['KONSEPT'], months: 12, sort: 'deadline', lang: 'en' },
    });
    expect(parseOverviewQuery(undefined, content)).toEqual({ ok: true, query: { areas: [], ministries: [], agencies: [], phases: [], sort: 'name' } });
  });

  it('refuses operators, nested objects, repeats of scalars, unknown names and values, listing every problem', () => {
    const r = parseOverviewQuery(
      { ministry: { $ne: 'x' }, sort: ['name', 'deadline'], foo: '1', agency: 'NOPE', months: '1.5', phase: [{ $gt: '' }], lang: 'en' },
      content,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.lang).toBe('en');
    expect(r.problems).toEqual([
      { param: 'ministry', kind: 'notPlainValue' },
      { param: 'sort', kind: 'notRepeatable' },
      { param: 'foo', kind: 'unknownParam' },
      { param: 'agency', kind: 'unknownValue', value: 'NOPE' },
      { param: 'months', kind: 'notAWholeNumber', value: '1.5' },
      { param: 'phase', kind: 'notPlainValue' },
    ]);
  });

  it.each([
    ['0', 'outOfRange'],
    ['61', 'outOfRange'],
    ['-3', 'notAWholeNumber'],
    ['abc', 'notAWholeNumber'],
    ['1e2', 'notAWholeNumber'],
  ])('months=%s → %s', (months, kind) => {
    const r = parseOverviewQuery({ months }, content);
    expect(r.ok ? [] : r.problems.map((p) => p.kind)).toEqual([kind]);
  });

  it('refuses more than 20 values, values that look like operators, and shortens what it quotes', () => {
    const many = parseOverviewQuery({ area: Array.from({ length: 21 }, () => 'KULTUR') }, content);
    expect(many.ok ? [] : many.problems).toEqual([{ param: 'area', kind: 'tooManyValues' }]);
    const op = parseOverviewQuery({ ministry: '$where' }, content);
    expect(op.ok ? [] : op.problems).toEqual([{ param: 'ministry', kind: 'unknownValue', value: '$where' }]);
    const long = parseOverviewQuery({ ['x'.repeat(200)]: '1' }, content);
    expect(long.ok ? 0 : long.problems[0]?.param.length).toBe(61);
  });

  it('builds links from validated values only', () => {
    const r = parseOverviewQuery({ area: ['KULTUR', 'VELFERD'], months: '6', sort: 'name' }, content);
    if (!r.ok) throw new Error('expected ok');
    expect(overviewQueryParams(r.query, { lang: 'nb' }).toString()).toBe('area=KULTUR&area=VELFERD&months=6&lang=nb');
  });

  it('allows only lang on the detail and completeness pages', () => {
    expect(parseLanguageQuery({ lang: 'en' })).toEqual({ ok: true, query: { lang: 'en' } });
    const r = parseLanguageQuery({ lang: 'en', area: 'KULTUR' });
    expect(r.ok ? [] : r.problems).toEqual([{ param: 'area', kind: 'unknownParam' }]);
  });
});

function report(answers: Answers): ReportRecord {
  const at = new Date('2026-02-01T10:00:00Z');
  return {
    _id: 'r1', projectId: 'p1', reportVersion: 2, rev: 1, state: 'GODKJENT', demo: false, flags: [], step: 'submitted', returnToSummary: false,
    reporter: { platform: 'teams', userId: 'u', displayName: 'U' }, answers, createdAt: at, updatedAt: at, approvedAt: at,
    decision: { outcome: 'GODKJENT', sharingLevel: 'KS_OG_STAT', by: { platform: 'teams', userId: 'r', displayName: 'R' }, at },
  };
}

const money = (amount: number) => ({ amount, raw: String(amount), exVat: false });
const base: Answers = {
  projectName: 'Prosjekt',
  agency: 'SKD',
  owningMinistry: 'FIN',
  phase: 'PLANLEGGING',
  serviceAreas: ['KULTUR'],
  investmentCost: money(4_000_000),
  totalCostState: money(5_000_000),
  socioEconomicAnalysis: 'NEI',
  ksDiscussed: 'NEI',
  adoptionType: 'FRIVILLIG',
  systemChanges: 'NEI',
  sharingLevel: 'APEN',
};

describe('toPublishedProject', () => {
  it('keeps the state economics when they are not confidential, with the flags they give', () => {
    const p = toPublishedProject(report({ ...base, costFiguresConfidential: false }), content, 'nb');
    const ids = p.sections.flatMap((s) => s.fields.map((f) => f.id));
    expect(ids).toEqual(expect.arrayContaining(['investmentCost', 'totalCostState', 'socioEconomicAnalysis']));
    expect(p.flags.map((f) => f.id)).toContain('UNDER_10_MNOK');
    expect(p.sharingLevel).toEqual({ id: 'KS_OG_STAT', label: 'KS og staten, ikke offentlig' });
    expect(p.ministry).toEqual({ id: 'FIN', short: 'FIN', label: 'Finansdepartementet' });
  });

  it('drops every E-field and every flag derived from them when the cost figures are confidential', () => {
    const large = { ...base, investmentCost: money(45_000_000) };
    const open = toPublishedProject(report({ ...large, costFiguresConfidential: false }), content, 'en');
    expect(open.flags.map((f) => f.id)).toContain('KS_IKKE_DROFTET');
    const p = toPublishedProject(report({ ...large, costFiguresConfidential: true }), content, 'en');
    const ids = p.sections.flatMap((s) => s.fields.map((f) => f.id));
    expect(ids.filter((id) => /^E\d/.test(content.template.fields.find((f) => f.id === id)?.code ?? ''))).toEqual([]);
    expect(ids).not.toContain('sharingLevel');
    expect(p.costFiguresConfidential).toBe(true);
    // Above the threshold KS_IKKE_DROFTET would apply; it must not betray the hidden investment cost.
    expect(p.flags.map((f) => f.id)).not.toContain('KS_IKKE_DROFTET');
    expect(p.flags.map((f) => f.id)).not.toContain('UNDER_10_MNOK');
    expect(JSON.stringify(p)).not.toMatch(/45000000|45 000 000|45,000,000/);
  });
});

describe('computeCompleteness', () => {
  it('counts nothing without reports and keeps the 2016 baseline', () => {
    const c = computeCompleteness([], content);
    expect(c.total).toBe(0);
    expect(c.metrics.map((m) => m.share.percent)).toEqual([null, null, null, null, null, null]);
    expect(c.metrics.map((m) => m.baseline && `${m.baseline.count}/${m.baseline.of}`)).toEqual(['15/29', '0/29', '2/3', '2/3', '3/29', null]);
  });

  it('treats a missing answer as not assessed', () => {
    const c = computeCompleteness([report({ systemChanges: 'JA' })], content);
    const byId = Object.fromEntries(c.metrics.map((m) => [m.id, m.share.count]));
    expect(byId).toMatchObject({ systemChangesAssessed: 1, routineChangesAssessed: 0, municipalCostsAssessed: 0 });
  });
});

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+47 22 00 00 00', "'+47 22 00 00 00"],
    ['-5 000 kr', "'-5 000 kr"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['  =cmd', "'  =cmd"],
    ['\t=x', "'\t=x"],
    ['a,b', '"a,b"'],
    ['sa "hei"', '"sa ""hei"""'],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['linje 1\nlinje 2', '"linje 1\nlinje 2"'],
    ['Ålesund', 'Ålesund'],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a BOM and CRLF line ends', () => {
    expect(toCsv([['a', 'b'], ['1', '2']])).toBe('\uFEFFa,b\r\n1,2\r\n');
  });
});

describe('dates, language, escaping', () => {
  it('adds calendar months and clamps to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(deadlineWindow('2026-03-02', 60)).toEqual({ from: '2026-03-02', to: '2031-03-02' });
  });

  it('picks the page language from lang, then Accept-Language, else Norwegian', () => {
    expect(pageLocale('en', 'nb-NO')).toBe('en');
    expect(pageLocale(undefined, 'de-DE,en;q=0.8,nb;q=0.9')).toBe('nb');
    expect(pageLocale(undefined, 'de-DE,en-GB;q=0.8')).toBe('en');
    expect(pageLocale(undefined, 'nn-NO')).toBe('nb');
    expect(pageLocale(undefined, 'fr;q=1, en;q=0')).toBe('nb');
    expect(pageLocale(undefined, undefined)).toBe('nb');
  });

  it('escapes interpolated values but keeps nested templates', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['<', html`<br>`]}</p>`.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;<br></p>');
  });

  it('refuses an overview texts file with a missing text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overview-texts-'));
    const texts = JSON.parse(readFileSync('config/overview-texts.json', 'utf8'));
    delete texts.en.pages.listTitle;
    writeFileSync(join(dir, 'overview-texts.json'), JSON.stringify(texts));
    expect(() => loadOverviewTexts(dir)).toThrow(/overview-texts\.json: en\.pages/);
    expect(loadOverviewTexts('config').nb.pages.listTitle).toBe('Digitaliseringsprosjekter som berører kommunene');
  });
});
