import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/core/i18n.js';
import { validateGroupSubmission, type AnswerValue, type Answers } from '../../src/core/reporting/validate-group.js';
import { computeFlags, deriveAboveThreshold, validateReportForSubmit } from '../../src/core/reporting/validate-report.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';

const content = loadReportingContent(resolve(dirname(fileURLToPath(import.meta.url)), '../../config'));
const TODAY = '2026-03-10';
const nb = { locale: 'nb' as Locale, today: TODAY };
const en = { locale: 'en' as Locale, today: TODAY };

/** A complete, valid report as the cards would submit it. */
const VALID_CARDS: Record<string, Record<string, string>> = {
  identification: {
    projectName: 'Digital søknad om sosialhjelp', shortName: 'DigiSOS', agency: 'NAV', owningMinistry: 'AID',
    contactName: 'Kari Nordmann', contactEmail: 'kari.nordmann@nav.no', projectUrl: 'https://www.nav.no/digisos',
  },
  description: {
    description: 'Digital søknad og saksbehandling for økonomisk sosialhjelp i alle kommuner.',
    municipalImpactSummary: 'Kommunene må koble sine fagsystemer til den nye løsningen.',
    serviceAreas: 'VELFERD',
  },
  'status-and-timeline': { decisionStatus: 'PAGAENDE', phase: 'GJENNOMFORING', startDate: 'høst 2024', plannedEnd: '31.12.2027' },
  'obligations-and-deadlines': { adoptionType: 'FRIVILLIG', voluntaryBenefits: 'Raskere saksbehandling og færre papirsøknader for kommunene.' },
  'state-economics': {
    investmentCost: '45 mill.', totalCostState: '60 mill.', socioEconomicAnalysis: 'NEI', benefitRealisationPlan: 'true',
    fundingStatus: 'FINANSIERT', externalQA: 'IKKE_OMFATTET', projectModel: 'PROSJEKTVEIVISEREN', costFiguresConfidential: 'false',
  },
  'municipal-costs': {
    consequenceAssessment: 'DELVIS', municipalCostAssessed: 'BEREGNET', municipalCostOneOff: '30 mill.', municipalCostAnnual: '2 mill.',
    municipalCostBySize__liten: '50 000', municipalCostBySize__mellomstor: '120 000', costBasis: 'SAMMEN_MED_KOMMUNER_KS',
    sizeDifferences: 'JA', sizeDifferencesText: 'Små kommuner har færre saksbehandlere og trenger mer hjelp.',
  },
  'systems-and-routines': {
    systemChanges: 'JA', affectedSystems: 'FAGSYSTEM,SAK_ARKIV', vendorChanges: 'JA', vendorNames: 'Visma, Tieto',
    processChanges: 'JA', processChangesText: 'Søknader kommer digitalt og skal behandles i fagsystemet.',
  },
  'reach-and-solutions': {
    affectedMunicipalities: 'ALLE', affectsCounties: 'false', nationalComponents: 'ID_PORTEN,ALTINN', dataProcessingAgreement: 'JA',
    testEnvironment: 'true', municipalStructureReady: 'JA',
  },
  'municipal-benefits': {
    benefitsAssessed: 'KVANTIFISERT', economicBenefitNok: '12 mill.', fteBenefit: '20,5',
    qualitativeBenefits: 'Innbyggerne får raskere svar, og kommunene bruker mindre tid på papir.', benefitTiming: '2027',
    benefitsAssessedBy: 'STATEN_MED_KOMMUNER_KS',
  },
  involvement: {
    ksDiscussed: 'JA', ksFirstContactPhase: 'KONSEPT', ksFirstContactDate: 'vår 2023', municipalitiesInvolved: 'JA',
    involvementForms: 'REFERANSEGRUPPE,PILOTKOMMUNER', municipalitiesFirstPhase: 'PLANLEGGING', involvedMunicipalityNames: 'Bergen\nLarvik',
    municipalitiesInCostBenefit: 'JA', hearing: 'NEI', checklistUsed: 'true',
  },
  sharing: { sharingLevel: 'KS_OG_STAT' },
};

function fillReport(): Answers {
  let answers: Answers = {};
  for (const group of content.template.groups) {
    const result = validateGroupSubmission(content, group.id, VALID_CARDS[group.id] ?? {}, answers, nb);
    expect(result.errors, group.id).toEqual([]);
    answers = result.answers;
  }
  return answers;
}

const VALID = fillReport();

function withAnswers(changes: Record<string, AnswerValue | undefined>): Answers {
  const answers: Answers = { ...VALID };
  for (const [id, value] of Object.entries(changes)) {
    if (value === undefined) delete answers[id];
    else answers[id] = value;
  }
  return answers;
}

const money = (amount: number) => ({ amount, raw: String(amount), exVat: false });
const day = (iso: string) => ({ start: iso, end: iso, precision: 'day' as const, raw: iso });

function errorsFor(answers: Answers, field: string, ctx = nb): string {
  return validateReportForSubmit(content, answers, ctx).errors.filter((e) => e.field === field).map((e) => e.message).join(' | ');
}

describe('a complete report', () => {
  it('passes with no errors, warnings or flags', () => {
    const result = validateReportForSubmit(content, VALID, nb);
    expect(result).toEqual({ errors: [], warnings: [], flags: [] });
  });
});

describe('always-required fields', () => {
  it('lists every missing one, in template order, with its group', () => {
    const result = validateReportForSubmit(content, {}, nb);
    const always = content.template.fields.filter((f) => f.required === 'always');
    expect(result.errors.map((e) => e.field)).toEqual(
      content.template.groups.flatMap((g) => g.fields).filter((id) => always.some((f) => f.id === id)),
    );
    expect(result.errors[0]).toEqual({ field: 'projectName', groupId: 'identification', message: '«Prosjektnavn» må fylles ut.' });
    expect(result.errors.find((e) => e.field === 'sharingLevel')?.groupId).toBe('sharing');
  });

  it('treats a blank stored string as missing', () => {
    expect(errorsFor(withAnswers({ projectName: '  ' }), 'projectName')).toContain('må fylles ut');
  });
});

describe('rules across groups (§5.1)', () => {
  it('rule 1: planned end before start', () => {
    const answers = withAnswers({ startDate: day('2018-03-01'), plannedEnd: day('2017-12-01') });
    expect(errorsFor(answers, 'plannedEnd')).toContain('før oppstart');
    expect(errorsFor(withAnswers({ plannedEnd: { token: 'LOPENDE', raw: 'Løpende' } }), 'plannedEnd')).toBe('');
  });

  it('rule 2: mandatory without basis or deadlines', () => {
    const answers = withAnswers({ adoptionType: 'OBLIGATORISK', voluntaryBenefits: undefined });
    const result = validateReportForSubmit(content, answers, nb);
    expect(result.errors.map((e) => e.field)).toEqual(['obligationBasis', 'municipalDeadlines']);
    expect(result.errors.every((e) => e.groupId === 'obligations-and-deadlines')).toBe(true);
  });

  it('rule 3: voluntary without benefits', () => {
    expect(errorsFor(withAnswers({ voluntaryBenefits: undefined }), 'voluntaryBenefits')).toContain('må fylles ut');
  });

  it('rule 4: calculated costs without size bands', () => {
    expect(errorsFor(withAnswers({ municipalCostBySize: undefined }), 'municipalCostBySize')).toContain('minst én kommunestørrelse');
    expect(errorsFor(withAnswers({ municipalCostOneOff: undefined }), 'municipalCostOneOff')).toContain('må fylles ut');
  });

  it('rule 5: system or process changes without details', () => {
    expect(errorsFor(withAnswers({ affectedSystems: undefined }), 'affectedSystems')).toContain('må fylles ut');
    expect(errorsFor(withAnswers({ processChangesText: undefined }), 'processChangesText')).toContain('må fylles ut');
  });

  it('rule 6: quantified benefits without figures', () => {
    const answers = withAnswers({ economicBenefitNok: undefined, fteBenefit: undefined });
    expect(errorsFor(answers, 'economicBenefitNok')).toContain('minst ett av disse');
    expect(errorsFor(withAnswers({ economicBenefitNok: undefined }), 'economicBenefitNok')).toBe('');
  });

  it('rule 7: KS contact planned in the past', () => {
    const answers = withAnswers({ ksDiscussed: 'PLANLAGT', ksFirstContactPhase: undefined, ksFirstContactDate: day('2025-01-15') });
    expect(errorsFor(answers, 'ksFirstContactDate')).toContain('i dag eller senere');
  });

  it('rule 8: above the threshold without a project model; "Ingen" warns', () => {
    expect(errorsFor(withAnswers({ projectModel: undefined }), 'projectModel')).toContain('over 10 000 000 kr');
    const none = validateReportForSubmit(content, withAnswers({ projectModel: 'INGEN' }), nb);
    expect(none.errors).toEqual([]);
    expect(none.warnings.join(' ')).toContain('Digitaliseringsrundskrivet (punkt 2.1)');
    expect(errorsFor(withAnswers({ projectModel: undefined, investmentCost: money(8_000_000) }), 'projectModel')).toBe('');
  });

  it('rule 9: KS not discussed warns, cites the circular and flags, but does not block', () => {
    const answers = withAnswers({ ksDiscussed: 'NEI', ksFirstContactPhase: undefined, ksFirstContactDate: undefined });
    const result = validateReportForSubmit(content, answers, nb);
    expect(result.errors).toEqual([]);
    expect(result.warnings.join(' ')).toContain('Digitaliseringsrundskrivet (punkt 2.2)');
    expect(result.flags).toContain('KS_IKKE_DROFTET');
    const inEnglish = validateReportForSubmit(content, answers, en);
    expect(inEnglish.warnings.join(' ')).toContain('digitalisation circular (section 2.2)');
  });

  it('rule 9 does not apply to a small, voluntary project without system changes', () => {
    const answers = withAnswers({
      ksDiscussed: 'NEI', ksFirstContactPhase: undefined, ksFirstContactDate: undefined,
      investmentCost: money(5_000_000), totalCostState: undefined, systemChanges: 'NEI', affectedSystems: undefined,
    });
    const result = validateReportForSubmit(content, answers, nb);
    expect(result.warnings).toEqual([]);
    expect(result.flags).not.toContain('KS_IKKE_DROFTET');
    expect(result.flags).toContain('UNDER_10_MNOK');
  });

  it('rule 10: only the net present value may be negative', () => {
    const answers = withAnswers({ socioEconomicAnalysis: 'JA', socioEconomicValue: money(-3_000_000) });
    expect(validateReportForSubmit(content, answers, nb).errors).toEqual([]);
    expect(errorsFor(withAnswers({ socioEconomicAnalysis: 'JA' }), 'socioEconomicValue')).toContain('må fylles ut');
  });

  it('rule 11: "ikke beregnet" only in the concept phase', () => {
    const token = { token: 'IKKE_BEREGNET' as const, raw: 'ikke beregnet' };
    expect(errorsFor(withAnswers({ investmentCost: token }), 'investmentCost')).toContain('konseptfasen');
    const concept = validateReportForSubmit(content, withAnswers({ investmentCost: token, phase: 'KONSEPT' }), nb);
    expect(concept.errors).toEqual([]);
    expect(concept.flags).toContain('INVESTERING_IKKE_BEREGNET');
    expect(concept.flags).not.toContain('UNDER_10_MNOK');
  });

  it('F20: a solution that cannot handle municipal mergers warns and flags', () => {
    const result = validateReportForSubmit(content, withAnswers({ municipalStructureReady: 'NEI' }), nb);
    expect(result.errors).toEqual([]);
    expect(result.warnings.join(' ')).toContain('kommunesammenslåinger');
    expect(result.flags).toEqual(['STRUKTURENDRING_IKKE_HANDTERT']);
  });

  it('warns when the total cost is below the investment and when a deadline has passed', () => {
    const answers = withAnswers({
      totalCostState: money(1_000_000),
      adoptionType: 'OBLIGATORISK', obligationBasis: 'Forskrift',
      municipalDeadlines: { notSet: false, entries: [{ date: day('2025-06-01'), what: 'Koble til', mandatory: true }] },
    });
    const result = validateReportForSubmit(content, answers, nb);
    expect(result.errors).toEqual([]);
    expect(result.warnings.join(' ')).toContain('lavere enn investeringskostnaden');
    expect(result.warnings.join(' ')).toContain('har allerede passert');
  });

  it('reports a stored choice the template no longer offers', () => {
    expect(errorsFor(withAnswers({ phase: 'FORPROSJEKT' }), 'phase')).toContain('«FORPROSJEKT»');
  });
});

describe('flags', () => {
  it('computes each assessment flag', () => {
    const answers = withAnswers({
      systemChanges: 'IKKE_VURDERT', affectedSystems: undefined,
      processChanges: 'IKKE_VURDERT', processChangesText: undefined,
      ksFirstContactPhase: 'GJENNOMFORING',
      adoptionType: 'DELVIS', obligationBasis: 'Forskrift', municipalDeadlines: { notSet: true, entries: [] },
    });
    expect(computeFlags(content, answers)).toEqual(['KS_SENT_INVOLVERT', 'SYSTEMENDRING_IKKE_VURDERT', 'PROSESSENDRING_IKKE_VURDERT', 'OBLIGATORISK_UTEN_FRIST']);
    expect(validateReportForSubmit(content, answers, nb).errors).toEqual([]);
  });

  it('flags municipal costs not assessed, and estimates not split by size', () => {
    expect(computeFlags(content, withAnswers({ municipalCostAssessed: 'NEI' }))).toEqual(['KOSTNAD_IKKE_VURDERT']);
    const estimate = withAnswers({ municipalCostAssessed: 'ANSLATT', municipalCostBySize: undefined });
    expect(computeFlags(content, estimate)).toEqual(['IKKE_FORDELT_PA_STORRELSE']);
    expect(validateReportForSubmit(content, estimate, nb).errors).toEqual([]);
  });
});

describe('deriveAboveThreshold', () => {
  it('is strictly above 10 MNOK and unknown without a number', () => {
    expect(deriveAboveThreshold({ investmentCost: money(10_000_000) }, content)).toBe(false);
    expect(deriveAboveThreshold({ investmentCost: money(10_000_001) }, content)).toBe(true);
    expect(deriveAboveThreshold({ investmentCost: { token: 'IKKE_BEREGNET', raw: 'ikke beregnet' } }, content)).toBeUndefined();
    expect(deriveAboveThreshold({}, content)).toBeUndefined();
  });
});
