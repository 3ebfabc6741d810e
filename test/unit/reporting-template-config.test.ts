import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadReportingContent } from '../../src/settings/reporting-template-schema.js';

const CONFIG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../config');
const FILES = ['reporting-template.json', 'organisations.json', 'validation-messages.json'] as const;
type ConfigFile = (typeof FILES)[number];

/** Minimum viable conversation of reporting-template.md §3: always required. */
const MINIMUM_VIABLE: Record<string, string> = {
  A1: 'projectName', A3: 'agency', A4: 'owningMinistry', A5: 'contactName', A6: 'contactEmail',
  B1: 'description', B2: 'municipalImpactSummary', B3: 'serviceAreas',
  C1: 'decisionStatus', C2: 'phase', C4: 'startDate', C5: 'plannedEnd',
  D1: 'adoptionType', E1: 'investmentCost', E4: 'socioEconomicAnalysis', E10: 'costFiguresConfidential',
  F1: 'consequenceAssessment', F2: 'municipalCostAssessed', F7: 'sizeDifferences', F8: 'systemChanges',
  F11: 'processChanges', F13: 'affectedMunicipalities', F20: 'municipalStructureReady',
  G1: 'benefitsAssessed', G6: 'benefitsAssessedBy', H1: 'ksDiscussed', H4: 'municipalitiesInvolved',
  H8: 'municipalitiesInCostBenefit', I1: 'sharingLevel',
};

/** Every reporter-facing field of §3 (A8, E2 and I2–I4 are system or derived fields). */
const ALL_REPORTER_FIELDS = [
  'projectName', 'shortName', 'agency', 'owningMinistry', 'contactName', 'contactEmail', 'projectUrl',
  'description', 'municipalImpactSummary', 'serviceAreas', 'policyAlignment', 'mandateSource',
  'decisionStatus', 'phase', 'phaseNote', 'startDate', 'plannedEnd', 'municipalRollout',
  'adoptionType', 'obligationBasis', 'municipalDeadlines', 'voluntaryBenefits', 'legalChangeNeeded',
  'investmentCost', 'totalCostState', 'socioEconomicAnalysis', 'socioEconomicValue', 'benefitRealisationPlan',
  'fundingStatus', 'externalQA', 'projectModel', 'costFiguresConfidential',
  'consequenceAssessment', 'municipalCostAssessed', 'municipalCostOneOff', 'municipalCostAnnual', 'municipalCostBySize',
  'costBasis', 'sizeDifferences', 'systemChanges', 'affectedSystems', 'vendorChanges', 'processChanges',
  'competenceNeeds', 'affectedMunicipalities', 'affectsCounties', 'nationalComponents', 'dataProcessingAgreement',
  'municipalPriceModel', 'testEnvironment', 'municipalSupport', 'municipalStructureReady',
  'benefitsAssessed', 'economicBenefitNok', 'fteBenefit', 'qualitativeBenefits', 'benefitTiming', 'benefitsAssessedBy', 'benefitAreas',
  'ksDiscussed', 'ksFirstContactPhase', 'ksFirstContactDate', 'municipalitiesInvolved', 'involvementForms',
  'municipalitiesFirstPhase', 'involvedMunicipalityNames', 'municipalitiesInCostBenefit', 'hearing', 'checklistUsed',
  'involvementChallenges', 'sharingLevel',
];

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The config JSON is edited freely in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function brokenCopy(file: ConfigFile, mutate: (json: Json) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'reporting-config-'));
  tempDirs.push(dir);
  FILES.forEach((f) => copyFileSync(join(CONFIG_DIR, f), join(dir, f)));
  const path = join(dir, file);
  const json: Json = JSON.parse(readFileSync(path, 'utf8'));
  mutate(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return dir;
}

function loadError(dir: string): string {
  try {
    loadReportingContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const field = (json: Json, id: string): Json => json.fields.find((f: Json) => f.id === id);
const group = (json: Json, id: string): Json => json.groups.find((g: Json) => g.id === id);

describe('the real reporting config', () => {
  const content = loadReportingContent(CONFIG_DIR);
  const byId = new Map(content.template.fields.map((f) => [f.id, f]));

  it('loads all three files', () => {
    expect(content.template.fields.length).toBeGreaterThan(70);
    expect(content.organisations.agencies).toHaveLength(11);
    expect(content.organisations.ministries.length).toBeGreaterThanOrEqual(15);
    expect(content.messages.errors.tooLong.nb).toContain('{count}');
  });

  it('has every minimum-viable field, always required, with the doc code', () => {
    for (const [code, id] of Object.entries(MINIMUM_VIABLE)) {
      const f = byId.get(id);
      expect(f, id).toBeDefined();
      expect(f?.required, id).toBe('always');
      expect(f?.code, id).toBe(code);
    }
    const alwaysRequired = content.template.fields.filter((f) => f.required === 'always').map((f) => f.id);
    expect(alwaysRequired.sort()).toEqual(Object.values(MINIMUM_VIABLE).sort());
  });

  it('has every reporter field of §3 and none of the system fields', () => {
    for (const id of ALL_REPORTER_FIELDS) expect(byId.has(id), id).toBe(true);
    for (const id of ['reportedBy', 'aboveThreshold', 'ministryDecision', 'workflowState', 'version']) expect(byId.has(id), id).toBe(false);
  });

  it('has the 11 groups in order, F split in three', () => {
    expect(content.template.groups.map((g) => g.id)).toEqual([
      'identification', 'description', 'status-and-timeline', 'obligations-and-deadlines', 'state-economics',
      'municipal-costs', 'systems-and-routines', 'reach-and-solutions', 'municipal-benefits', 'involvement', 'sharing',
    ]);
  });

  it('keeps the limits and size bands of the doc', () => {
    expect(content.template.limits).toEqual({ maxListItems: 30, threshold: 10_000_000, startDateMin: '2000-01-01', startDateMaxYearsAhead: 10 });
    expect(content.template.sizeBands.map((b) => b.id)).toEqual(['liten', 'mellomstor', 'stor']);
  });

  it('says that externalQA is not KS the municipal organisation', () => {
    const qa = byId.get('externalQA');
    expect(qa?.label.nb).toMatch(/ikke KS/i);
    expect(qa?.label.en).toMatch(/not KS/i);
  });

  it('maps every agency to an existing ministry', () => {
    const ministries = new Set(content.organisations.ministries.map((m) => m.id));
    for (const a of content.organisations.agencies) expect(ministries.has(a.ministry), a.id).toBe(true);
    const agency = byId.get('agency');
    expect(agency?.choicesFrom).toBe('agencies');
    expect(agency?.choices?.map((c) => c.value)).toEqual(['ANNEN']);
  });
});

describe('a broken config copy fails with a precise message', () => {
  it('names a missing en label', () => {
    const dir = brokenCopy('reporting-template.json', (j) => delete field(j, 'projectName').label.en);
    expect(loadError(dir)).toContain('reporting-template.json: fields.projectName.label.en: Required');
  });

  it('names an empty nb help text', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (field(j, 'description').help.nb = '  '));
    expect(loadError(dir)).toContain('reporting-template.json: fields.description.help.nb: Must not be empty');
  });

  it('names an unknown key', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (field(j, 'projectName').colour = 'red'));
    expect(loadError(dir)).toContain('reporting-template.json: fields.projectName: Unknown key "colour"');
  });

  it('names a group that references a missing field', () => {
    const dir = brokenCopy('reporting-template.json', (j) => group(j, 'identification').fields.push('ghostField'));
    expect(loadError(dir)).toContain('reporting-template.json: groups.identification.fields.8: Field "ghostField" does not exist');
  });

  it('names a field that is in no group, and one that is in two', () => {
    const dir = brokenCopy('reporting-template.json', (j) => {
      group(j, 'identification').fields = group(j, 'identification').fields.filter((f: string) => f !== 'shortName');
      group(j, 'sharing').fields.push('phase');
    });
    const message = loadError(dir);
    expect(message).toContain('fields.shortName: Field "shortName" is in no group');
    expect(message).toContain('groups.sharing.fields.1: Field "phase" is already in group "status-and-timeline"');
  });

  it('names a duplicate enum value', () => {
    const dir = brokenCopy('reporting-template.json', (j) => field(j, 'phase').choices.push({ value: 'KONSEPT', label: { nb: 'Igjen', en: 'Again' } }));
    expect(loadError(dir)).toContain('reporting-template.json: fields.phase.choices.KONSEPT.value: Duplicate choice value "KONSEPT"');
  });

  it('names a condition on a missing field', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (j.conditions.find((c: Json) => c.id === 'obligation-basis').require = ['noSuchField']));
    expect(loadError(dir)).toContain('reporting-template.json: conditions.obligation-basis.require.0: Field "noSuchField" does not exist');
  });

  it('names an unknown check, reporting the closest union branch only', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (j.conditions.find((c: Json) => c.id === 'end-not-before-start').check = 'magic'));
    const message = loadError(dir);
    expect(message).toContain('reporting-template.json: conditions.end-not-before-start.check: Invalid option');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('names a condition value that is not a choice', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (j.conditions.find((c: Json) => c.id === 'voluntary-benefits').when.in = ['FRIVILIG']));
    expect(loadError(dir)).toContain('conditions.voluntary-benefits.when.in.0: "FRIVILIG" is not a choice of field "adoptionType"');
  });

  it('rejects an unknown choicesFrom list', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (field(j, 'owningMinistry').choicesFrom = 'departments'));
    expect(loadError(dir)).toContain('reporting-template.json: fields.owningMinistry.choicesFrom: Invalid option');
  });

  it('requires maxLength on text fields', () => {
    const dir = brokenCopy('reporting-template.json', (j) => delete field(j, 'contactName').maxLength);
    expect(loadError(dir)).toContain('reporting-template.json: fields.contactName.maxLength: Required for type "text"');
  });

  it('rejects a field id that could not be a safe input id', () => {
    const dir = brokenCopy('reporting-template.json', (j) => (field(j, 'shortName').id = 'short.name'));
    expect(loadError(dir)).toContain('reporting-template.json: fields.short.name.id: Must be a camelCase id');
  });

  it('names an agency whose ministry does not exist', () => {
    const dir = brokenCopy('organisations.json', (j) => (j.agencies[0].ministry = 'KMD'));
    expect(loadError(dir)).toContain('organisations.json: agencies.NAV.ministry: Ministry "KMD" does not exist');
  });

  it('names a missing message', () => {
    const dir = brokenCopy('validation-messages.json', (j) => delete j.errors.tooLong);
    expect(loadError(dir)).toContain('validation-messages.json: errors.tooLong: Required');
  });

  it('names mismatched placeholders between nb and en', () => {
    const dir = brokenCopy('validation-messages.json', (j) => (j.notices.moneyEcho.en = 'Read as {sum}'));
    expect(loadError(dir)).toContain('validation-messages.json: notices.moneyEcho: nb uses {amount,label} but en uses {sum}');
  });

  it('names a file that is not JSON', () => {
    const dir = brokenCopy('organisations.json', () => undefined);
    writeFileSync(join(dir, 'organisations.json'), '{ "agencies": [');
    expect(loadError(dir)).toMatch(/organisations\.json: invalid JSON/);
  });
});
