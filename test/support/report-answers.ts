import { randomUUID } from 'node:crypto';
import type { NewReport } from '../../src/core/reporting/report.js';

/**
 * Card inputs a careful project leader would give, group by group, as Teams sends them (strings;
 * multi-selects comma-separated; yes/no as "true"/"false").
 */
export const VALID_GROUP_INPUTS: Record<string, Record<string, string>> = {
  identification: {
    projectName: 'Digital byggesøknad',
    shortName: 'DiBy',
    agency: 'KARTVERKET',
    owningMinistry: 'DFD',
    contactName: 'Kari Nordmann',
    contactEmail: 'kari.nordmann@kartverket.no',
    projectUrl: 'https://www.kartverket.no/diby',
  },
  description: {
    description: 'Felles løsning for digitale byggesøknader som kommunene kan ta i bruk i sine saksbehandlingssystemer.',
    municipalImpactSummary: 'Kommunene må koble saksbehandlingssystemet til den nye tjenesten og endre rutiner for mottak.',
    serviceAreas: 'PLAN_MILJO,TEKNISK',
  },
  'status-and-timeline': {
    decisionStatus: 'VEDTATT',
    phase: 'PLANLEGGING',
    startDate: 'Høst 2026',
    plannedEnd: '31.12.2028',
  },
  'obligations-and-deadlines': {
    adoptionType: 'FRIVILLIG',
    voluntaryBenefits: 'Kortere saksbehandlingstid og færre mangelfulle søknader for kommunene som tar løsningen i bruk.',
  },
  'state-economics': {
    investmentCost: '45 mill',
    socioEconomicAnalysis: 'NEI',
    projectModel: 'PROSJEKTVEIVISEREN',
    costFiguresConfidential: 'false',
  },
  'municipal-costs': {
    consequenceAssessment: 'DELVIS',
    municipalCostAssessed: 'ANSLATT',
    municipalCostOneOff: '12 MNOK',
    costBasis: 'LEVERANDORER',
    sizeDifferences: 'NEI',
  },
  'systems-and-routines': {
    systemChanges: 'JA',
    affectedSystems: 'SAK_ARKIV,FAGSYSTEM',
    processChanges: 'NEI',
  },
  'reach-and-solutions': {
    affectedMunicipalities: 'ALLE',
    nationalComponents: 'ID_PORTEN,ALTINN',
    municipalStructureReady: 'JA',
  },
  'municipal-benefits': {
    benefitsAssessed: 'KVALITATIVT',
    qualitativeBenefits: 'Innbyggerne får raskere svar, og kommunene slipper å registrere søknader manuelt.',
    benefitsAssessedBy: 'STATEN_MED_KOMMUNER_KS',
  },
  involvement: {
    ksDiscussed: 'JA',
    ksFirstContactPhase: 'KONSEPT',
    municipalitiesInvolved: 'JA',
    involvementForms: 'REFERANSEGRUPPE,PILOTKOMMUNER',
    municipalitiesFirstPhase: 'KONSEPT',
    municipalitiesInCostBenefit: 'JA',
  },
  sharing: {
    sharingLevel: 'KS_OG_STAT',
  },
};

/** A new draft as a repository stores it (tests of the repositories themselves). */
export const newDraft = (overrides: Partial<NewReport> = {}): NewReport => ({
  _id: randomUUID(),
  projectId: randomUUID(),
  reportVersion: 1,
  state: 'UTKAST',
  reporter: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari Nordmann' },
  answers: { projectName: 'Digital byggesak' },
  step: 'identification',
  returnToSummary: false,
  demo: false,
  flags: [],
  ...overrides,
});
