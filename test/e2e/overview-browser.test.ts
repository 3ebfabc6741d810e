/**
 * The published overview in a real browser: Debian's headless Chromium, driven by playwright-core,
 * with JavaScript switched off (the pages must work without it). Screenshots are saved to
 * test-artifacts/ for a person to look at.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { MongoClient, type Db } from 'mongodb';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/overview/deadline-window.js';
import { systemClock } from '../../src/core/ports.js';
import type { Answers } from '../../src/core/reporting/answer-types.js';
import type { ReportRecord, SharingLevel } from '../../src/core/reporting/report.js';
import { initReportCollection, makeMongoReportRepository, REPORTS } from '../../src/data/report-repository.js';
import { freshTestDb } from '../support/mongo-backend.js';
import { answersFrom, norwegianDate, startOverviewServer, submittedReport, today } from '../support/overview-seed.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = 'test-artifacts';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) process.stdout.write(`[overview-browser] skipped: ${CHROMIUM} is missing (apt-get install chromium)\n`);

function approved(answers: Answers, level: SharingLevel, approvedAt: string): ReportRecord {
  const at = new Date(approvedAt);
  return {
    ...submittedReport(randomUUID(), 1, answers, at, 'Kari Nordmann'),
    state: 'GODKJENT',
    decision: { outcome: 'GODKJENT', sharingLevel: level, by: { platform: 'teams', userId: 'aad-rita', displayName: 'Rita' }, at },
    approvedAt: at,
  };
}

const MAIN = 'Digital byggesøknad';

function seed(): ReportRecord[] {
  return [
    approved(
      answersFrom({
        'obligations-and-deadlines': {
          adoptionType: 'OBLIGATORISK',
          obligationBasis: 'Forskrift om byggesak pålegger kommunene å ta imot digitale søknader.',
          municipalDeadlines__1__date: norwegianDate(addMonths(today, 4)),
          municipalDeadlines__1__what: 'Koble saksbehandlingssystemet til den nye tjenesten',
          municipalDeadlines__1__mandatory: 'true',
        },
      }),
      'APEN',
      '2026-02-01T10:00:00Z',
    ),
    approved(
      answersFrom({
        identification: { projectName: 'Kjernejournal for kommunene', shortName: 'KJ', agency: 'HDIR', owningMinistry: 'HOD' },
        description: { serviceAreas: 'HELSE_OMSORG' },
        'status-and-timeline': { phase: 'GJENNOMFORING' },
        'systems-and-routines': { processChanges: 'IKKE_VURDERT' },
        involvement: { ksDiscussed: 'NEI', ksFirstContactPhase: '' },
      }),
      'KS_OG_STAT',
      '2026-03-12T10:00:00Z',
    ),
    approved(
      answersFrom({
        identification: { projectName: 'Økonomiportalen', shortName: '', agency: 'SKD', owningMinistry: 'FIN' },
        description: { serviceAreas: 'ADMINISTRASJON_FELLESLOSNINGER' },
        'state-economics': { investmentCost: '8 mill', costFiguresConfidential: 'true', projectModel: '' },
      }),
      'APEN',
      '2026-01-20T10:00:00Z',
    ),
  ];
}

describe.skipIf(!hasChromium)('published overview in headless Chromium', () => {
  let mongo: MongoClient;
  let db: Db;
  let server: Server;
  let url: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
    db = await freshTestDb(mongo, 'overview_browser');
    await initReportCollection(db);
    await db.collection<ReportRecord>(REPORTS).insertMany(seed());
    ({ server, url } = await startOverviewServer(makeMongoReportRepository(db, systemClock)));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db?.dropDatabase();
    await mongo?.close();
  });

  it('shows the overview with its title, projects and labelled filters', async () => {
    await page.goto(`${url}/overview`);
    expect(await page.title()).toBe('Digitaliseringsprosjekter som berører kommunene – Statlige digitaliseringsprosjekter');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Digitaliseringsprosjekter som berører kommunene' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: MAIN }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Kjernejournal for kommunene' }).isVisible()).toBe(true);
    for (const label of ['Departement', 'Ansvarlig virksomhet', 'Fase', 'Frister innen (måneder)', 'Sorter etter', 'Helse og omsorg']) {
      expect(await page.getByLabel(label, { exact: true }).isVisible(), label).toBe(true);
    }
    expect(await page.getByRole('table', { name: /Publiserte prosjekter/ }).isVisible()).toBe(true);
    expect(await page.getByText('Viser 3 av 3 publiserte prosjekter.').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/overview.png`, fullPage: true });
  });

  it('offers a skip link as the first stop for the keyboard', async () => {
    await page.goto(`${url}/overview`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Hopp til hovedinnholdet' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
  });

  it('filters with the plain GET form, without JavaScript', async () => {
    await page.goto(`${url}/overview`);
    await page.getByLabel('Departement', { exact: true }).selectOption('HOD');
    await page.getByRole('button', { name: 'Vis prosjekter' }).click();
    await page.waitForURL(/ministry=HOD/);
    expect(await page.getByText('Viser 1 av 3 publiserte prosjekter.').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: MAIN }).count()).toBe(0);
    expect(await page.getByLabel('Departement', { exact: true }).inputValue()).toBe('HOD');
  });

  it('shows a project detail page in plain language', async () => {
    await page.goto(`${url}/overview`);
    await page.getByRole('link', { name: MAIN }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: `${MAIN} (DiBy)` }).isVisible()).toBe(true);
    for (const text of ['Nøkkelopplysninger', 'Frister for kommunene', 'Koble saksbehandlingssystemet til den nye tjenesten', 'Kartverket']) {
      expect(await page.getByText(text, { exact: true }).first().isVisible(), text).toBe(true);
    }
    await page.screenshot({ path: `${ARTIFACTS}/project-detail.png`, fullPage: true });
  });

  it('shows the completeness view and a refused query as pages a person can read', async () => {
    await page.goto(`${url}/overview/completeness`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Hvor komplette er rapportene?' }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: /Andel prosjekter/ }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/overview-completeness.png`, fullPage: true });
    const res = await page.goto(`${url}/overview?ministry[$ne]=x&months=abc`);
    expect(res?.status()).toBe(400);
    expect(await page.getByRole('heading', { level: 1, name: 'Vi forstod ikke søket' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/overview-refused-query.png`, fullPage: true });
  });

  it('switches the language from the header', async () => {
    await page.goto(`${url}/overview`);
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Digitalisation projects affecting municipalities' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByLabel('Ministry', { exact: true }).isVisible()).toBe(true);
  });
});
