import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/overview/deadline-window.js';
import type { RejectedOverviewQuery } from '../../src/core/overview/rejected-query.js';
import { systemClock } from '../../src/core/ports.js';
import type { ReportRecord, ReportState, SharingLevel } from '../../src/core/reporting/report.js';
import type { Answers } from '../../src/core/reporting/answer-types.js';
import { labelOf } from '../../src/core/reporting/template-lookup.js';
import { initReportCollection, makeMongoReportRepository, REPORTS } from '../../src/data/report-repository.js';
import { escapeHtml } from '../../src/web/html.js';
import { freshTestDb } from '../support/mongo-backend.js';
import { answersFrom, content, norwegianDate, startOverviewServer, today } from '../support/overview-seed.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/*
 * The published overview over real HTTP against MongoDB. Reports are seeded straight into the
 * database with states and ministry decisions; answers are cast by the real card validation from
 * the inputs a reporter would type, then adjusted where a test needs something no card accepts.
 */

const label = (fieldId: string) => labelOf(content, fieldId, 'nb');

// ---------------------------------------------------------------------------------------------
// Seed data

interface SeedVersion {
  version?: number;
  state: ReportState;
  level?: SharingLevel;
  approvedAt?: string;
  demo?: boolean;
  answers: Answers;
}

function record(projectId: string, s: SeedVersion): ReportRecord {
  const at = new Date(s.approvedAt ?? '2026-01-15T10:00:00Z');
  const decided = s.level !== undefined;
  return {
    _id: randomUUID(),
    projectId,
    reportVersion: s.version ?? 1,
    rev: 3,
    state: s.state,
    reporter: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari Intern-Reporter' },
    answers: s.answers,
    step: 'submitted',
    returnToSummary: false,
    demo: s.demo ?? false,
    flags: [],
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    ministry: String(s.answers['owningMinistry']),
    ...(decided
      ? {
          decision: { outcome: 'GODKJENT', sharingLevel: s.level, comment: 'Intern merknad fra departementet', by: { platform: 'teams', userId: 'aad-reviewer', displayName: 'Rita Reviewer' }, at },
          approvedAt: at,
        }
      : {}),
  } as ReportRecord;
}

const ids = {
  open: randomUUID(),
  ks: randomUUID(),
  conf: randomUUID(),
  kunStat: randomUUID(),
  versions: randomUUID(),
  script: randomUUID(),
  demo: randomUUID(),
  draft: randomUUID(),
  withdrawn: randomUUID(),
  downgraded: randomUUID(),
};

const NAMES = {
  open: 'Digital byggesøknad',
  ks: 'Barnevern i skyen',
  conf: 'Økonomiportalen',
  kunStat: 'Hemmelig skatteprosjekt',
  versionsV1: 'Helsekort for gravide',
  versionsV2: 'Helsekort versjon to under behandling',
  script: '<script>alert(1)</script> Skriptprosjekt',
  demo: 'Demoprosjekt fra 2016',
  draft: 'Utkast som ingen har godkjent',
  withdrawn: 'Trukket geodataprosjekt',
  downgraded: 'Nedgradert sakssystem',
};

/** The confidential project's state cost figures: they must never appear in any response. */
const SECRET_AMOUNTS = ['7654321', '7 654 321', '7,654,321', '9876543', '9 876 543', '9,876,543'];
const CSV_INJECTION = '=HYPERLINK("https://evil.example","klikk her") og mer tekst';

const deadline = (months: number, what: string) => ({
  'municipalDeadlines__1__date': norwegianDate(addMonths(today, months)),
  'municipalDeadlines__1__what': what,
  'municipalDeadlines__1__mandatory': 'true',
});

const mandatory = (months: number, what: string) => ({
  adoptionType: 'OBLIGATORISK',
  obligationBasis: 'Forskrift om digital byggesaksbehandling pålegger kommunene å ta løsningen i bruk.',
  ...deadline(months, what),
});

const identification = (name: string, agency: string, ministry: string, shortName = '') => ({ projectName: name, shortName, agency, owningMinistry: ministry });

function seedRecords(): ReportRecord[] {
  const open = answersFrom({
    identification: identification(NAMES.open, 'KARTVERKET', 'DFD', 'DiBy'),
    'obligations-and-deadlines': mandatory(3, 'Koble saksbehandlingssystemet til tjenesten'),
  });
  const ks = answersFrom({
    identification: identification(NAMES.ks, 'BUFDIR', 'BFD'),
    description: { serviceAreas: 'OPPVEKST_LAERING,VELFERD' },
    'status-and-timeline': { phase: 'KONSEPT' },
    'obligations-and-deadlines': mandatory(20, 'Ta i bruk ny meldingsløsning for barnevernet'),
    'municipal-costs': { municipalCostAssessed: 'NEI', municipalCostOneOff: '', costBasis: '' },
    'systems-and-routines': { systemChanges: 'IKKE_VURDERT', affectedSystems: '' },
    involvement: { ksDiscussed: 'NEI', ksFirstContactPhase: '' },
  });
  const conf = answersFrom({
    identification: identification(NAMES.conf, 'SKD', 'FIN', 'ØKO'),
    description: { serviceAreas: 'ADMINISTRASJON_FELLESLOSNINGER' },
    'status-and-timeline': { phase: 'GJENNOMFORING' },
    'state-economics': { investmentCost: '7654321', totalCostState: '9876543', costFiguresConfidential: 'true', projectModel: '' },
    'municipal-costs': { municipalCostAssessed: 'BEREGNET', municipalCostBySize__liten: '100 000', municipalCostBySize__stor: '400 000' },
    'municipal-benefits': { benefitsAssessed: 'KVANTIFISERT', economicBenefitNok: '2 mill' },
  });
  const kunStat = answersFrom({
    identification: identification(NAMES.kunStat, 'SKD', 'FIN'),
    description: { serviceAreas: 'HELSE_OMSORG' },
    'systems-and-routines': { processChanges: 'IKKE_VURDERT' },
    involvement: { ksFirstContactPhase: 'GJENNOMFORING' },
  });
  const versions = (name: string) =>
    answersFrom({
      identification: identification(name, 'HDIR', 'HOD'),
      description: { serviceAreas: 'HELSE_OMSORG' },
      'status-and-timeline': { phase: 'GJENNOMFORING' },
    });
  const script = answersFrom({
    identification: identification('Skriptprosjekt', 'NAV', 'AID'),
    description: { serviceAreas: 'KULTUR' },
  });
  script['projectName'] = NAMES.script; // no card accepts markup; the database might still hold it
  script['description'] = CSV_INJECTION;
  const plain = (name: string) => answersFrom({ identification: identification(name, 'KARTVERKET', 'DFD') });

  return [
    record(ids.open, { state: 'GODKJENT', level: 'APEN', approvedAt: '2026-02-01T10:00:00Z', answers: open }),
    record(ids.ks, { state: 'DELT_MED_KS', level: 'KS_OG_STAT', approvedAt: '2026-03-01T10:00:00Z', answers: ks }),
    record(ids.conf, { state: 'GODKJENT', level: 'APEN', approvedAt: '2026-01-10T10:00:00Z', answers: conf }),
    record(ids.kunStat, { state: 'GODKJENT', level: 'KUN_STAT', answers: kunStat }),
    record(ids.versions, { state: 'GODKJENT', level: 'APEN', approvedAt: '2026-04-01T10:00:00Z', answers: versions(NAMES.versionsV1) }),
    record(ids.versions, { version: 2, state: 'INNSENDT', answers: versions(NAMES.versionsV2) }),
    record(ids.script, { state: 'GODKJENT', level: 'APEN', approvedAt: '2026-01-05T10:00:00Z', answers: script }),
    record(ids.demo, { state: 'GODKJENT', level: 'APEN', demo: true, answers: plain(NAMES.demo) }),
    record(ids.draft, { state: 'UTKAST', answers: plain(NAMES.draft) }),
    record(ids.withdrawn, { state: 'GODKJENT', level: 'APEN', answers: plain(NAMES.withdrawn) }),
    record(ids.withdrawn, { version: 2, state: 'TRUKKET', answers: plain(NAMES.withdrawn) }),
    record(ids.downgraded, { state: 'GODKJENT', level: 'APEN', answers: plain(NAMES.downgraded) }),
    record(ids.downgraded, { version: 2, state: 'GODKJENT', level: 'KUN_STAT', answers: plain(NAMES.downgraded) }),
  ];
}

const PUBLISHED = [NAMES.open, NAMES.ks, NAMES.conf, NAMES.versionsV1, NAMES.script];
const NEVER = [NAMES.kunStat, NAMES.versionsV2, NAMES.demo, NAMES.draft, NAMES.withdrawn, NAMES.downgraded];

// ---------------------------------------------------------------------------------------------
// Servers

let bot: TestBot | undefined;
let mongo: MongoClient;
let db: Db;
let own: { server: Server; url: string };
/** The bot's own server once main.ts mounts the overview; until then a server of our own on the bot's database. */
let base: string;
const rejected: RejectedOverviewQuery[] = [];

/** The real bot; if it cannot start (an unrelated start-up problem), the overview is still tested on its own server. */
async function startBotOrExplain(): Promise<TestBot | undefined> {
  try {
    return await startTestBot();
  } catch (err) {
    process.stdout.write(`[overview] the bot did not start (${(err as Error).message.split('\n')[0]}); testing on a server of the test\n`);
    return undefined;
  }
}

async function isWired(url: string | undefined): Promise<boolean> {
  return url !== undefined && (await fetch(`${url}/overview`)).status === 200;
}

beforeAll(async () => {
  bot = await startBotOrExplain();
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  db = bot ? mongo.db(bot.dbName) : await freshTestDb(mongo, 'overview');
  if (!bot) await initReportCollection(db);
  await db.collection<ReportRecord>(REPORTS).insertMany(seedRecords());
  own = await startOverviewServer(makeMongoReportRepository(db, systemClock), (d) => rejected.push(d));
  base = (await isWired(bot?.url)) && bot ? bot.url : own.url;
  process.stdout.write(`[overview] testing against ${base === own.url ? 'a server of the test (main.ts does not mount the overview yet)' : "the bot's own server"}\n`);
});

afterAll(async () => {
  await new Promise<void>((resolve) => (own ? own.server.close(() => resolve()) : resolve()));
  await bot?.stop();
  if (!bot) await db?.dropDatabase();
  await mongo?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const json = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as { count: number; totalPublished: number; projects: { projectId: string; name: string; version: number; sections: { id: string; fields: { id: string }[] }[] }[] };
};
const namesIn = (body: string, names: string[]) => names.filter((n) => body.includes(escapeHtml(n)));
const order = (body: string, names: string[]) => [...names].sort((a, b) => body.indexOf(escapeHtml(a)) - body.indexOf(escapeHtml(b)));

/** A minimal RFC 4180 reader for the checks (quoted fields, doubled quotes, CRLF). */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && body[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

/** Texts of the cells following the row header `label` in a table. */
function rowCells(body: string, label: string): string[] {
  const start = body.indexOf(`<th scope="row">${escapeHtml(label)}</th>`);
  if (start < 0) throw new Error(`no row ${label}`);
  const row = body.slice(start, body.indexOf('</tr>', start));
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1] ?? '');
}

// ---------------------------------------------------------------------------------------------

describe('published set', () => {
  it('lists exactly the latest approved, shareable, non-demo version of each project', async () => {
    const body = await text('/overview');
    expect(namesIn(body, PUBLISHED)).toEqual(PUBLISHED);
    expect(namesIn(body, NEVER)).toEqual([]);
    expect(body).toContain('Viser 5 av 5 publiserte prosjekter.');
    const data = await json('/overview/export.json');
    expect(data.projects.map((p) => p.name).sort()).toEqual([...PUBLISHED].sort());
    const versions = data.projects.find((p) => p.projectId === ids.versions);
    expect(versions?.version).toBe(1);
  });

  it('never shows internal data: reporter, reviewer, the ministry comment, the proposed sharing level', async () => {
    for (const body of [await text('/overview'), await text(`/overview/projects/${ids.open}`), JSON.stringify(await json('/overview/export.json')), await text('/overview/export.csv')]) {
      expect(body).not.toContain('Kari Intern-Reporter');
      expect(body).not.toContain('aad-');
      expect(body).not.toContain('Rita Reviewer');
      expect(body).not.toContain('Intern merknad fra departementet');
    }
    const data = await json('/overview/export.json');
    const fieldIds = data.projects.flatMap((p) => p.sections.flatMap((s) => s.fields.map((f) => f.id)));
    expect(fieldIds).not.toContain('sharingLevel');
    expect(fieldIds).toContain('contactEmail');
  });

  it('shows a detail page per published project and 404 for everything else', async () => {
    const body = await text(`/overview/projects/${ids.versions}`);
    expect(body).toContain(NAMES.versionsV1);
    expect(body).not.toContain(NAMES.versionsV2);
    expect(body).toMatch(/<dt>Versjon<\/dt><dd>1<\/dd>/);
    for (const id of [ids.kunStat, ids.demo, ids.draft, ids.withdrawn, ids.downgraded, randomUUID(), '..%2F..%2Fetc']) {
      const res = await get(`/overview/projects/${id}`);
      expect(res.status, id).toBe(404);
      const page = await res.text();
      expect(page).toContain('Fant ikke prosjektet');
      expect(namesIn(page, [...PUBLISHED, ...NEVER])).toEqual([]);
    }
  });

  it('renders the detail page in plain language, in English too', async () => {
    const nb = await text(`/overview/projects/${ids.open}`);
    expect(nb).toContain('<html lang="nb">');
    expect(nb).toContain('Kartverket');
    expect(nb).toContain('Koble saksbehandlingssystemet til tjenesten');
    expect(nb).toContain('Planlegging');
    expect(nb).toContain('kari.nordmann@kartverket.no');
    expect(nb).toContain('<caption>Hva kommunene må gjøre, og når</caption>');
    const en = await text(`/overview/projects/${ids.open}?lang=en`);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Norwegian Mapping Authority');
    expect(en).toContain('Planning');
    expect(en).toContain('Deadlines for municipalities');
  });
});

describe('confidential cost figures and escaping', () => {
  it('never sends the state cost figures of a budget-sensitive project, in any format', async () => {
    const paths = ['/overview', '/overview?lang=en', `/overview/projects/${ids.conf}`, `/overview/projects/${ids.conf}?lang=en`, '/overview/export.csv', '/overview/export.json', '/overview/export.csv?lang=en', '/overview/completeness'];
    for (const path of paths) {
      const body = (await text(path)).replace(/\u00a0/g, ' ');
      for (const amount of SECRET_AMOUNTS) expect(body, `${path} contains ${amount}`).not.toContain(amount);
    }
    const detail = await text(`/overview/projects/${ids.conf}`);
    expect(detail).toContain('budsjettsensitive');
    // A flag would betray the size of the investment: not shown for a confidential project.
    expect(detail).not.toContain('Under 10 mill. kr');
    expect(detail).not.toContain(label('investmentCost'));
    expect(detail).not.toContain(label('totalCostState'));
    // Municipal costs are not state figures: they stay.
    expect(detail).toContain('400 000 kr');
  });

  it('escapes markup in user text', async () => {
    for (const path of ['/overview', `/overview/projects/${ids.script}`]) {
      const body = await text(path);
      expect(body).not.toContain('<script>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Skriptprosjekt');
    }
    const raw = await (await get('/overview/export.json')).text();
    expect(raw).not.toContain('<script>');
    expect(raw).toContain('\\u003cscript>');
  });

  it('sends security headers and no script', async () => {
    const res = await get('/overview');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).not.toMatch(/<script|\son\w+=/i);
    const css = await get('/overview/assets/overview.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});

describe('filters and sorting', () => {
  const cases: [string, string[]][] = [
    ['?area=HELSE_OMSORG', [NAMES.versionsV1]],
    ['?area=PLAN_MILJO&area=OPPVEKST_LAERING', [NAMES.open, NAMES.ks]],
    ['?ministry=DFD', [NAMES.open]],
    ['?agency=SKD', [NAMES.conf]],
    ['?phase=KONSEPT', [NAMES.ks]],
    ['?phase=GJENNOMFORING&ministry=HOD', [NAMES.versionsV1]],
    ['?months=6', [NAMES.open]],
    ['?months=24', [NAMES.open, NAMES.ks]],
    ['?ministry=&agency=&phase=&months=', PUBLISHED],
  ];
  it.each(cases)('%s', async (query, expected) => {
    const body = await text(`/overview${query}`);
    expect(namesIn(body, PUBLISHED).sort()).toEqual([...expected].sort());
    const data = await json(`/overview/export.json${query}`);
    expect(data.projects.map((p) => p.name).sort()).toEqual([...expected].sort());
    expect(data.totalPublished).toBe(5);
  });

  it('keeps the filters in the form, the export links and the language switch', async () => {
    const body = await text('/overview?ministry=DFD&months=6&sort=deadline');
    expect(body).toContain('<option value="DFD" selected>');
    expect(body).toContain('value="6"');
    expect(body).toContain('href="/overview/export.csv?ministry=DFD&amp;months=6&amp;sort=deadline&amp;lang=nb"');
    expect(body).toContain('href="/overview?ministry=DFD&amp;months=6&amp;sort=deadline&amp;lang=en"');
  });

  it('sorts by name (Norwegian order), deadline, latest approval and ministry', async () => {
    const normal = [NAMES.open, NAMES.ks, NAMES.conf, NAMES.versionsV1];
    expect(order(await text('/overview?sort=name'), normal)).toEqual([NAMES.ks, NAMES.open, NAMES.versionsV1, NAMES.conf]);
    const byDeadline = order(await text('/overview?sort=deadline'), normal);
    expect(byDeadline.slice(0, 2)).toEqual([NAMES.open, NAMES.ks]);
    expect(order(await text('/overview?sort=updated'), normal)).toEqual([NAMES.versionsV1, NAMES.ks, NAMES.open, NAMES.conf]);
    const all = [...normal, NAMES.script];
    expect(order(await text('/overview?sort=ministry'), all)).toEqual([NAMES.script, NAMES.ks, NAMES.open, NAMES.conf, NAMES.versionsV1]);
    const data = await json('/overview/export.json?sort=ministry');
    expect(data.projects.map((p) => p.name)).toEqual([NAMES.script, NAMES.ks, NAMES.open, NAMES.conf, NAMES.versionsV1]);
  });
});

describe('refused queries', () => {
  const bad: [string, string][] = [
    ['?ministry[$ne]=x', '«ministry» må ha en enkel verdi'],
    ['?ministry=UNKNOWN', '«UNKNOWN» er ikke en gyldig verdi for «ministry»'],
    ['?foo=1', '«foo» er ikke noe oversikten kan filtrere på'],
    ['?months=abc', '«months» må være et helt tall, ikke «abc»'],
    ['?months=61', '«months» må være mellom 1 og 60'],
    ['?sort=name&sort=deadline', '«sort» kan bare oppgis én gang'],
    ['?area[]=KULTUR&area[$gt]=', '«area» må ha en enkel verdi'],
    ['?%24where=1', '«$where» er ikke noe oversikten kan filtrere på'],
    ['?constructor=1', '«constructor» er ikke noe oversikten kan filtrere på'],
    ['?__proto__[ministry]=DFD', '«__proto__» er ikke noe oversikten kan filtrere på'],
  ];
  it.each(bad)('%s → 400 with a clear message and no data', async (query, message) => {
    for (const path of ['/overview', '/overview/export.csv']) {
      const res = await get(`${path}${query}`);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain('Vi forstod ikke søket');
      expect(body).toContain(escapeHtml(message));
      expect(namesIn(body, [...PUBLISHED, ...NEVER])).toEqual([]);
      expect(body).not.toMatch(/at \S+ \(|node_modules|Error:/);
    }
  });

  it('lists every problem, in the language asked for, and as JSON for the JSON export', async () => {
    const res = await get('/overview?lang=en&foo=1&months=abc&ministry[$ne]=x');
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('“foo” is not something the overview can filter on');
    expect(body).toContain('“months” must be a whole number, not “abc”');
    expect(body).toContain('“ministry” must have a plain value');
    const viaBrowser = await get('/overview?foo=1', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(await viaBrowser.text()).toContain('<html lang="en">');
    const api = await get('/overview/export.json?ministry[$ne]=x&agency=NOPE');
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toContain('application/json');
    const payload = (await api.json()) as { problems: { param: string; kind: string }[] };
    expect(payload.problems.map((p) => [p.param, p.kind])).toEqual([
      ['ministry', 'notPlainValue'],
      ['agency', 'unknownValue'],
    ]);
  });

  it('refuses extra parameters on the detail and completeness pages', async () => {
    expect((await get(`/overview/projects/${ids.open}?x=1`)).status).toBe(400);
    expect((await get('/overview/completeness?lang=de')).status).toBe(400);
  });

  it('reports every refused query to the audit hook', async () => {
    rejected.length = 0;
    const res = await fetch(`${own.url}/overview?ministry[$ne]=x`, { headers: { 'user-agent': 'probe' } });
    expect(res.status).toBe(400);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ path: '/overview', problems: [{ param: 'ministry', kind: 'notPlainValue' }], userAgent: 'probe' });
  });

  it('answers a failing database with a plain 500 page, no internals', async () => {
    const failing = await startOverviewServer({
      listPublished: async () => {
        throw new Error('boom: connection string mongodb://secret@db');
      },
      listLatestSubmitted: async () => [],
    });
    const res = await fetch(`${failing.url}/overview?lang=en`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('Something went wrong');
    expect(body).not.toMatch(/boom|mongodb|secret|at \S+ \(/);
    await new Promise<void>((resolve) => failing.server.close(() => resolve()));
  });
});

describe('CSV export', () => {
  it('has a BOM, a header row, RFC 4180 quoting and neutralised formulas', async () => {
    const res = await get('/overview/export.csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="prosjektoversikt-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const rows = parseCsv(body);
    expect(rows).toHaveLength(1 + PUBLISHED.length);
    const [header = [], ...data] = rows;
    expect(header.slice(0, 3)).toEqual(['Prosjekt-ID', 'Versjon', 'Godkjent']);
    expect(data.every((r) => r.length === header.length)).toBe(true);
    const nameCol = header.indexOf(label('projectName'));
    expect(data.map((r) => r[nameCol]).sort()).toEqual([...PUBLISHED].sort());
    const description = header.indexOf(label('description'));
    const scriptRow = data.find((r) => r[nameCol] === NAMES.script);
    expect(scriptRow?.[description]).toBe(`'${CSV_INJECTION}`);
    expect(body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const conf = data.find((r) => r[nameCol] === NAMES.conf);
    const investment = header.indexOf(label('investmentCost'));
    expect(investment).toBeGreaterThan(0);
    expect(conf?.[investment]).toBe('Skjult (budsjettsensitivt)');
  });

  it('uses English headers with lang=en and the same filters as the page', async () => {
    const res = await get('/overview/export.csv?lang=en&area=HELSE_OMSORG');
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]?.[0]).toBe('Project ID');
    expect(rows).toHaveLength(2);
  });
});

describe('completeness view', () => {
  // Latest submitted-or-approved, non-demo, non-withdrawn: open, ks, conf, kunStat, versions v2, script, downgraded v2 = 7.
  it('recomputes the memo findings from the stored reports, next to the 2016 baseline', async () => {
    const body = await text('/overview/completeness');
    expect(body).toContain('beregnet nå fra 7 innsendte eller godkjente rapporter');
    expect(rowCells(body, 'Kostnader for kommunene (beregnet eller anslått)')).toEqual(['6 av 7', '86 %', '15 av 29 (52 %)']);
    expect(rowCells(body, 'Kostnader fordelt på kommunestørrelse')).toEqual(['1 av 7', '14 %', '0 av 29 (0 %)']);
    expect(rowCells(body, 'Endringer i kommunenes IT-systemer')).toEqual(['6 av 7', '86 %', 'ca. 2 av 3 (67 %)']);
    expect(rowCells(body, 'Endringer i kommunenes rutiner')).toEqual(['6 av 7', '86 %', 'ca. 2 av 3 (67 %)']);
    expect(rowCells(body, 'Gevinster for kommunene i tall')).toEqual(['1 av 7', '14 %', '3 av 29 (10 %)']);
    expect(rowCells(body, 'Drøftet med KS i konsept- eller planleggingsfasen')).toEqual(['5 av 7', '71 %', 'Ikke tallfestet («sjelden»)']);
    expect(rowCells(body, 'Kostnader for kommunene ikke vurdert')).toEqual(['1', '14 %']);
    expect(rowCells(body, 'KS involvert sent')).toEqual(['1', '14 %']);
    expect(rowCells(body, 'Ikke drøftet med KS')).toEqual(['1', '14 %']);
    expect(rowCells(body, 'Kostnader ikke fordelt på kommunestørrelse')).toEqual(['5', '71 %']);
    // The confidential project is below 10 MNOK, but its cost figures are not counted.
    expect(rowCells(body, 'Under 10 mill. kr')).toEqual(['0', '0 %']);
    expect(namesIn(body, [...PUBLISHED, ...NEVER])).toEqual([]);
  });
});
