import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPrecisionDate, parsePrecisionDate } from '../../src/core/parsing/date-precision.js';
import {
  demoProjectToAnswers,
  isDemoProjectRaw,
  type DemoProjectRaw,
} from '../../src/core/reporting/demo-projects.js';
import { mapAppendixPhase, normalisePhase, type Phase } from '../../src/core/reporting/phase-synonyms.js';

/** Appendix 1 of the 2016 memo, shared with the other work streams (outside the repo). */
const DATA_URL = new URL('../../../shared/data/state-projects-2016.json', import.meta.url);

function loadRecords(): DemoProjectRaw[] {
  const json: unknown = JSON.parse(readFileSync(DATA_URL, 'utf8'));
  if (!Array.isArray(json) || !json.every(isDemoProjectRaw)) throw new Error('unexpected demo data shape');
  return json;
}

const records = loadRecords();
const byName = (name: string): DemoProjectRaw => {
  const record = records.find((r) => r.name === name);
  if (!record) throw new Error(`no demo record named ${name}`);
  return record;
};

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('normalisePhase: free text only through the §4.1 synonym table', () => {
  it.each([
    ['Konsept', 'KONSEPT'],
    ['konseptfase', 'KONSEPT'],
    ['Konseptutredning', 'KONSEPT'],
    ['utredning', 'KONSEPT'],
    ['Planlegging', 'PLANLEGGING'],
    ['planleggingsfase', 'PLANLEGGING'],
    ['Under planlegging', 'PLANLEGGING'],
    ['planlegge', 'PLANLEGGING'],
    ['kravspesifisering', 'PLANLEGGING'],
    ['forberedelsesprosjekt', 'PLANLEGGING'],
    ['Gjennomføring', 'GJENNOMFORING'],
    ['gjennomføringsfase', 'GJENNOMFORING'],
    ['Gjennomføringsfasen', 'GJENNOMFORING'],
    ['GJENNOMFORING', 'GJENNOMFORING'],
    ['gjennomforing', 'GJENNOMFORING'],
    ['implementeringsfase', 'GJENNOMFORING'],
    ['Testfase', 'GJENNOMFORING'],
    ['Løpende iterativ utvikling', 'GJENNOMFORING'],
    ['innføring', 'GJENNOMFORING'],
    ['Løpende feilretting og videreutvikling', 'DRIFT_VIDEREUTVIKLING'],
    ['forvaltning', 'DRIFT_VIDEREUTVIKLING'],
    ['Drift og videreutvikling', 'DRIFT_VIDEREUTVIKLING'],
    ['Avsluttet', 'AVSLUTTET'],
    ['ferdig', 'AVSLUTTET'],
    ['  KONSEPTFASE. ', 'KONSEPT'],
    ['Planning', 'PLANLEGGING'],
  ] as const)('%j → %s', (raw, phase) => {
    expect(normalisePhase(raw)).toEqual({ ok: true, phase });
  });

  it('maps "Konsept- og testfase" to KONSEPT and keeps "test" as a note', () => {
    expect(normalisePhase('Konsept- og testfase')).toEqual({ ok: true, phase: 'KONSEPT', note: 'test' });
  });

  it.each([
    ['forprosjekt', ['KONSEPT', 'PLANLEGGING']],
    ['Forprosjektfasen', ['KONSEPT', 'PLANLEGGING']],
    ['pilot', ['PLANLEGGING', 'GJENNOMFORING']],
    ['Pilotfase', ['PLANLEGGING', 'GJENNOMFORING']],
  ])('%j is ambiguous: the bot asks between %j', (raw, candidates) => {
    expect(normalisePhase(raw)).toEqual({ ok: false, reason: 'ambiguous', candidates });
  });

  it.each(['', 'snart ferdig', 'fase 2', 'drift', 'Gjennomføring for del 1, konseptfase for del 2 og 3.'])(
    '%j is unknown (never guessed)',
    (raw) => {
      expect(normalisePhase(raw)).toEqual({ ok: false, reason: 'unknown' });
    },
  );
});

describe('appendix-1 demo data (§9)', () => {
  it('has 29 records with the expected keys', () => {
    expect(records).toHaveLength(29);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(['agency', 'agencyFull', 'description', 'name', 'phase', 'plannedEnd', 'start']);
    }
  });

  it('has the §9 count per agency (11 agencies)', () => {
    expect(countBy(records, (r) => r.agency)).toEqual({
      Kartverket: 7,
      eHelse: 5,
      IMDi: 4,
      NAV: 3,
      Brreg: 3,
      Hdir: 2,
      Arkivverket: 1,
      Bufdir: 1,
      Fhi: 1,
      Udir: 1,
      SKD: 1,
    });
  });
});

describe('mapAppendixPhase: the §4.1 mapping table', () => {
  it('maps all 29 phase strings and reproduces the totals', () => {
    const phases = records.map((r) => mapAppendixPhase(r.phase).phase);
    expect(countBy(phases, (p) => p)).toEqual({ KONSEPT: 5, PLANLEGGING: 7, GJENNOMFORING: 16, DRIFT_VIDEREUTVIKLING: 1 });
  });

  it.each([
    ['DigiSOS', 'KONSEPT', 'test'],
    ['Saksbehandlingssystem tilpasset eBR (BRsys)', 'PLANLEGGING', undefined],
    ['Kommunalt pasient- og brukerregister (KPR)', 'GJENNOMFORING', 'Gjennomføring for del 1, konseptfase for del 2 og 3.'],
    [
      'Sentral forvaltning for primærdata',
      'GJENNOMFORING',
      'Implementeringsfase - kortsiktig løsning. Utredning og kravspesifiseringsfase - langsiktig løsning.',
    ],
    ['Ny norsk geoportal', 'GJENNOMFORING', undefined],
    ['Kommunereformen', 'GJENNOMFORING', undefined],
    ['ImPact_NIR', 'DRIFT_VIDEREUTVIKLING', undefined],
    ['Migrering av Fastlegeløsningen fra NAV til Helsedirektoratet', 'GJENNOMFORING', undefined],
    ['Nasjonal detaljert digital høydemodell', 'PLANLEGGING', undefined],
    ['Geointegrasjon - videreføring', 'PLANLEGGING', undefined],
  ] as const)('%s → %s (phaseNote %j)', (name, phase, phaseNote) => {
    const mapped = mapAppendixPhase(byName(name).phase);
    expect(mapped.phase).toBe(phase);
    expect(mapped.phaseNote).toBe(phaseNote);
  });

  it('keeps the FKB multi-part status as phaseNote', () => {
    const fkb = byName('Felles Kartdatabase (FKB)');
    expect(mapAppendixPhase(fkb.phase)).toEqual({ phase: 'GJENNOMFORING', phaseNote: fkb.phase });
  });

  it.each(['forprosjekt', 'Noe helt annet'])('refuses to guess for %j', (raw) => {
    expect(() => mapAppendixPhase(raw)).toThrow(/not in the §4.1 mapping/);
  });
});

describe('start and planned-end values of the 29 records', () => {
  it('every start parses; two need extraction from a longer text', () => {
    const strictFailures = records.filter((r) => !parsePrecisionDate(r.start).ok).map((r) => [r.name, r.start]);
    expect(strictFailures).toEqual([
      ['Forenklet oppfølging', 'Forprosjekt ble startet januar 2015'],
      ['Migrering av Fastlegeløsningen fra NAV til Helsedirektoratet', 'Oppstart hovedprosjekt; 1. kvartal 2015.'],
    ]);
    const extractFailures = records.filter((r) => !extractPrecisionDate(r.start).ok).map((r) => r.name);
    expect(extractFailures).toEqual([]);
  });

  it('planned end: "TD" is not accepted, tokens only where allowed, two dates are embedded in text', () => {
    const summary = records.map((r) => {
      const result = extractPrecisionDate(r.plannedEnd, { allowTokens: true });
      if (!result.ok) return [r.name, result.reason];
      if ('token' in result) return [r.name, result.token];
      return [r.name, result.matched === result.value.raw ? 'date' : `extracted:${result.matched}`];
    });
    const notPlainDates = summary.filter(([, outcome]) => outcome !== 'date');
    expect(notPlainDates).toEqual([
      ['DigiSOS', 'IKKE_AVKLART'],
      ['MAVOD', 'IKKE_AVKLART'],
      ['EPJ-løftet - program for EPJ-utvikling', 'LOPENDE'],
      ['Kjernejournal (akuttmedisinsk kjede)', 'extracted:31.12.2017'],
      ['Migrering av Fastlegeløsningen fra NAV til Helsedirektoratet', 'extracted:1.okt 2016'],
      ['ImPact_NIR', 'unexplained_abbreviation'],
      ['Nytt nasjonalt tolkeregister', 'unexplained_abbreviation'],
    ]);
  });

  it('six projects start in autumn 2016 and BRsys in January 2017 (000 §2.1)', () => {
    const answers = records.map((r) => demoProjectToAnswers(r).answers);
    const autumn2016 = answers.filter((a) => a.startDate && a.startDate.start >= '2016-07-01' && a.startDate.start <= '2016-12-31');
    expect(autumn2016.map((a) => a.projectName).sort()).toEqual(
      [
        'DigiSOS',
        'Felles datakatalog',
        'Digital kontaktinformasjon og fullmakter for virksomheter',
        'Geointegrasjon - videreføring',
        'WS4',
        'Nytt nasjonalt tolkeregister',
      ].sort(),
    );
    const jan2017 = answers.filter((a) => a.startDate?.start.startsWith('2017-01'));
    expect(jan2017.map((a) => a.projectName)).toEqual(['Saksbehandlingssystem tilpasset eBR (BRsys)']);
  });
});

describe('demoProjectToAnswers', () => {
  const converted = records.map((r) => ({ record: r, ...demoProjectToAnswers(r) }));

  it('converts all 29 records with the same phase totals', () => {
    expect(countBy(converted, (c) => c.answers.phase)).toEqual({
      KONSEPT: 5,
      PLANLEGGING: 7,
      GJENNOMFORING: 16,
      DRIFT_VIDEREUTVIKLING: 1,
    });
  });

  it('never invents consequence fields (§9): only name, agency, description, dates and phase', () => {
    const allowed = new Set([
      'projectName', 'agency', 'description', 'startDate', 'startRaw', 'plannedEnd', 'plannedEndRaw', 'phase', 'phaseNote',
    ]);
    for (const { answers } of converted) {
      expect(Object.keys(answers).filter((k) => !allowed.has(k))).toEqual([]);
    }
  });

  it('uses the description as-is and keeps the raw date texts', () => {
    for (const { record, answers } of converted) {
      expect(answers.description).toBe(record.description);
      expect(answers.startRaw).toBe(record.start.trim());
      expect(answers.plannedEndRaw).toBe(record.plannedEnd.trim());
      expect(answers.projectName).toBe(record.name);
      expect(answers.agency).toBe(record.agency);
    }
  });

  it('every start date is set and no planned end lies before its start', () => {
    for (const { answers, warnings } of converted) {
      expect(answers.startDate).toBeDefined();
      expect(warnings).not.toContain('plannedEnd:before_start');
    }
  });

  it('keeps "TD" as raw text only, with a warning', () => {
    const nir = demoProjectToAnswers(byName('ImPact_NIR'));
    expect(nir.answers.plannedEnd).toBeUndefined();
    expect(nir.answers.plannedEndRaw).toBe('TD');
    expect(nir.warnings).toContain('plannedEnd:unexplained_abbreviation');
  });

  it('imports tokens and precision dates', () => {
    const digisos = demoProjectToAnswers(byName('DigiSOS')).answers;
    expect(digisos.startDate).toEqual({ start: '2016-09-01', end: '2016-11-30', precision: 'season', raw: 'Høst 2016' });
    expect(digisos.plannedEnd).toEqual({ token: 'IKKE_AVKLART', raw: 'Ikke avklart' });
    expect(digisos.phase).toBe<Phase>('KONSEPT');
    expect(digisos.phaseNote).toBe('test');
  });

  it('lists exactly these warnings over the 29 records', () => {
    const withWarnings = converted.filter((c) => c.warnings.length > 0).map((c) => [c.record.name, c.warnings]);
    expect(withWarnings).toEqual([
      ['Forenklet oppfølging', ['startDate:extracted_from_text']],
      ['Saksbehandlingssystem tilpasset eBR (BRsys)', ['phase:details_not_imported']],
      ['Kjernejournal (akuttmedisinsk kjede)', ['plannedEnd:extracted_from_text']],
      ['Nasjonalt velferdsteknologiprogram', ['startDate:two_digit_year']],
      [
        'Migrering av Fastlegeløsningen fra NAV til Helsedirektoratet',
        ['startDate:extracted_from_text', 'plannedEnd:extracted_from_text'],
      ],
      ['PAS2', ['plannedEnd:two_digit_year']],
      ['ImPact_NIR', ['plannedEnd:unexplained_abbreviation', 'phase:details_not_imported']],
      ['Nytt nasjonalt tolkeregister', ['plannedEnd:unexplained_abbreviation']],
    ]);
  });
});
