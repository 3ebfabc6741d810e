import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/core/i18n.js';
import type { FieldDef } from '../../src/core/reporting/template-types.js';
import {
  displayValue,
  inputIdsFor,
  rawInputValue,
  validateGroupSubmission,
  type Answers,
  type DeadlinesValue,
  type MoneyValue,
} from '../../src/core/reporting/validate-group.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';

const content = loadReportingContent(resolve(dirname(fileURLToPath(import.meta.url)), '../../config'));
const TODAY = '2026-03-10';
const nb = { locale: 'nb' as Locale, today: TODAY };
const en = { locale: 'en' as Locale, today: TODAY };

function field(id: string): FieldDef {
  const f = content.template.fields.find((x) => x.id === id);
  if (!f) throw new Error(`no field ${id}`);
  return f;
}

function submit(groupId: string, raw: unknown, current: Answers = {}, ctx = nb) {
  return validateGroupSubmission(content, groupId, raw, current, ctx);
}

function errorFor(result: ReturnType<typeof submit>, fieldId: string): string {
  return result.errors.filter((e) => e.field === fieldId).map((e) => e.message).join(' | ');
}

const identification = {
  projectName: 'Digital søknad om sosialhjelp',
  shortName: 'DigiSOS',
  agency: 'NAV',
  agencyOther: '',
  owningMinistry: 'AID',
  contactName: 'Kari Nordmann',
  contactEmail: 'kari.nordmann@nav.no',
  projectUrl: 'https://www.nav.no/digisos',
};

describe('the submission allowlist', () => {
  const previous: Answers = { projectName: 'Gammelt navn' };

  it.each(['$where', '$set', 'projectName.$', 'answers.projectName'])('rejects the whole card for the key %s', (key) => {
    const r = submit('identification', { ...identification, [key]: 'x' }, previous);
    expect(r.ok).toBe(false);
    expect(r.answers).toEqual(previous);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toContain('ugyldig feltnavn');
    expect(r.notices).toEqual([]);
  });

  it('rejects the whole card for an unknown key, also one from another group', () => {
    for (const key of ['isAdmin', 'phase', '__proto__x']) {
      const r = submit('identification', { ...identification, [key]: 'x' }, previous);
      expect(r.ok, key).toBe(false);
      expect(r.answers, key).toEqual(previous);
      expect(r.errors[0]?.message, key).toContain('ikke venter her');
    }
  });

  it('rejects payloads that are not plain objects', () => {
    for (const raw of [null, 'projectName=x', ['projectName'], 42, new Date()]) {
      const r = submit('identification', raw, previous);
      expect(r.ok).toBe(false);
      expect(r.answers).toEqual(previous);
      expect(r.errors[0]?.message).toMatch(/format/);
    }
  });

  it('gives wrongType for a nested object or array where a string is expected, and keeps the rest', () => {
    const r = submit('identification', { ...identification, projectName: { $ne: null }, contactName: ['Kari'] }, previous);
    expect(r.ok).toBe(false);
    expect(errorFor(r, 'projectName')).toContain('feil slag');
    expect(errorFor(r, 'contactName')).toContain('feil slag');
    expect(r.answers['projectName']).toBe('Gammelt navn');
    expect(r.answers['contactEmail']).toBe('kari.nordmann@nav.no');
  });

  it('stores a value such as "$where" as a literal string', () => {
    const r = submit('identification', { ...identification, shortName: '$where' });
    expect(r.ok).toBe(true);
    expect(r.answers['shortName']).toBe('$where');
  });

  it('accepts a complete valid card and echoes the raw inputs', () => {
    const r = submit('identification', identification);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.answers).toMatchObject({ projectName: 'Digital søknad om sosialhjelp', agency: 'NAV', projectUrl: 'https://www.nav.no/digisos' });
    expect(r.rawEcho['contactEmail']).toBe('kari.nordmann@nav.no');
  });
});

describe('text fields', () => {
  it('strips HTML, keeps the text and tells the user', () => {
    const r = submit('identification', { ...identification, projectName: '<b>Digital</b> søknad<script>alert(1)</script>' });
    expect(r.ok).toBe(true);
    expect(r.answers['projectName']).toBe('Digital søknad');
    expect(r.notices.join(' ')).toContain('HTML ble fjernet fra «Prosjektnavn»');
    expect(r.rawEcho['projectName']).toBe('Digital søknad');
  });

  it('rejects a 10,000-character description with the count and the limit, never truncating', () => {
    const previous: Answers = { description: 'En tidligere beskrivelse som er lang nok.' };
    const r = submit('description', { description: 'a'.repeat(10_000), municipalImpactSummary: 'Kommunene får en ny søknadsløsning.', serviceAreas: 'VELFERD' }, previous);
    expect(r.ok).toBe(false);
    expect(errorFor(r, 'description')).toContain('10000 tegn');
    expect(errorFor(r, 'description')).toContain('maks er 2000');
    expect(r.answers['description']).toBe(previous['description']);
    expect(r.answers['serviceAreas']).toEqual(['VELFERD']);
  });

  it('rejects text under the minimum length', () => {
    const r = submit('identification', { ...identification, projectName: 'AB' });
    expect(errorFor(r, 'projectName')).toContain('bare 2 tegn');
  });

  it('treats an empty or whitespace-only project name as missing', () => {
    for (const name of ['', '   ', '\n\t ', '<p> </p>']) {
      const r = submit('identification', { ...identification, projectName: name });
      expect(r.ok, JSON.stringify(name)).toBe(false);
      expect(errorFor(r, 'projectName')).toContain('«Prosjektnavn» må fylles ut');
    }
  });

  it('treats a missing required key like an empty answer', () => {
    const { projectName: _omitted, ...rest } = identification;
    const r = submit('identification', rest);
    expect(errorFor(r, 'projectName')).toContain('må fylles ut');
  });

  it('removes an optional answer when it is emptied', () => {
    const r = submit('identification', { ...identification, shortName: '' }, { shortName: 'Gammel' });
    expect(r.ok).toBe(true);
    expect(r.answers).not.toHaveProperty('shortName');
  });

  it('rejects a malformed e-mail address', () => {
    for (const email of ['kari@nav', 'kari nordmann@nav.no', 'kari.nav.no', 'a@b@c.no']) {
      const r = submit('identification', { ...identification, contactEmail: email });
      expect(errorFor(r, 'contactEmail'), email).toContain('e-postadresse');
    }
  });

  it('rejects links that are not https', () => {
    for (const url of ['http://www.nav.no', 'javascript:alert(1)', 'ftp://nav.no/x', 'www.nav.no']) {
      const r = submit('identification', { ...identification, projectUrl: url });
      expect(r.ok, url).toBe(false);
      expect(errorFor(r, 'projectUrl'), url).toMatch(/https:\/\/|gyldig lenke/);
    }
  });

  it('reads a list of municipality names one per line, with limits', () => {
    const base = { ksDiscussed: 'NEI', municipalitiesInvolved: 'NEI', municipalitiesInCostBenefit: 'NEI' };
    const ok = submit('involvement', { ...base, involvedMunicipalityNames: 'Bergen\n\n  Larvik \r\nBergen' });
    expect(ok.answers['involvedMunicipalityNames']).toEqual(['Bergen', 'Larvik']);
    const tooMany = submit('involvement', { ...base, involvedMunicipalityNames: Array.from({ length: 31 }, (_, i) => `Kommune ${i}`).join('\n') });
    expect(errorFor(tooMany, 'involvedMunicipalityNames')).toContain('31 oppføringer, men maks er 30');
    const tooLong = submit('involvement', { ...base, involvedMunicipalityNames: `Bergen\n${'x'.repeat(101)}` });
    expect(errorFor(tooLong, 'involvedMunicipalityNames')).toContain('101 tegn, men maks er 100');
  });
});

describe('choices', () => {
  const status = { decisionStatus: 'PAGAENDE', phase: 'GJENNOMFORING', startDate: 'høst 2024', plannedEnd: '31.12.2027' };

  it('rejects an unknown phase value and keeps the other answers', () => {
    const r = submit('status-and-timeline', { ...status, phase: 'FORPROSJEKT' }, { phase: 'KONSEPT' });
    expect(errorFor(r, 'phase')).toContain('«FORPROSJEKT» er ikke et av valgene for «Fase»');
    expect(r.answers['phase']).toBe('KONSEPT');
    expect(r.answers['decisionStatus']).toBe('PAGAENDE');
  });

  it('reads a multiselect "A,B" string and rejects unknown or exclusive combinations', () => {
    const base = { affectedMunicipalities: 'ALLE', municipalStructureReady: 'JA' };
    expect(submit('reach-and-solutions', { ...base, nationalComponents: 'ID_PORTEN, ALTINN,ID_PORTEN' }).answers['nationalComponents']).toEqual(['ID_PORTEN', 'ALTINN']);
    expect(errorFor(submit('reach-and-solutions', { ...base, nationalComponents: 'ALTINN,FOO' }), 'nationalComponents')).toContain('«FOO»');
    expect(errorFor(submit('reach-and-solutions', { ...base, nationalComponents: 'INGEN,ALTINN' }), 'nationalComponents')).toContain('«Ingen» kan ikke kombineres');
  });

  it('reads toggles as booleans and rejects other words', () => {
    const base = { affectedMunicipalities: 'ALLE', municipalStructureReady: 'JA' };
    const r = submit('reach-and-solutions', { ...base, affectsCounties: 'true', testEnvironment: 'false' });
    expect(r.answers).toMatchObject({ affectsCounties: true, testEnvironment: false });
    expect(errorFor(submit('reach-and-solutions', { ...base, affectsCounties: 'kanskje' }), 'affectsCounties')).toContain('ja eller nei');
  });

  it('accepts an agency from organisations.json and ANNEN, which needs a name', () => {
    const r = submit('identification', { ...identification, agency: 'ANNEN' });
    expect(errorFor(r, 'agencyOther')).toContain('«Navn på virksomheten» må fylles ut når du har svart «Annen virksomhet»');
    expect(r.answers['agency']).toBe('ANNEN');
    expect(submit('identification', { ...identification, agency: 'ANNEN', agencyOther: 'Statens vegvesen' }).ok).toBe(true);
    expect(errorFor(submit('identification', { ...identification, agency: 'DIFI' }), 'agency')).toContain('«DIFI»');
  });
});

describe('dates', () => {
  const status = { decisionStatus: 'PAGAENDE', phase: 'GJENNOMFORING', startDate: 'høst 2024', plannedEnd: '31.12.2027' };

  it('stores precision dates with their raw text', () => {
    const r = submit('status-and-timeline', status);
    expect(r.ok).toBe(true);
    expect(r.answers['startDate']).toEqual({ start: '2024-09-01', end: '2024-11-30', precision: 'season', raw: 'høst 2024' });
  });

  it('rejects an end date before the start date', () => {
    const r = submit('status-and-timeline', { ...status, startDate: '01.03.2018', plannedEnd: '01.12.2017' });
    expect(r.ok).toBe(false);
    expect(errorFor(r, 'plannedEnd')).toContain('før oppstart');
    expect(r.answers).not.toHaveProperty('plannedEnd');
  });

  it('accepts an end in the same period as a seasonal start', () => {
    expect(submit('status-and-timeline', { ...status, startDate: 'Høst 2016', plannedEnd: 'Desember 2016' }).ok).toBe(true);
  });

  it('accepts the end tokens only for the planned end', () => {
    const r = submit('status-and-timeline', { ...status, plannedEnd: 'Ikke avklart' });
    expect(r.answers['plannedEnd']).toEqual({ token: 'IKKE_AVKLART', raw: 'Ikke avklart' });
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: 'Løpende' }), 'startDate')).toContain('ikke «ikke avklart»');
  });

  it('rejects a start outside 2000-01-01 … today + 10 years', () => {
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: '1999' }), 'startDate')).toContain('mellom 01.01.2000 og 10.03.2036');
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: '2037', plannedEnd: '2038' }), 'startDate')).toContain('mellom');
  });

  it('explains unreadable, ambiguous and abbreviated dates', () => {
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: 'snart' }), 'startDate')).toContain('forstår ikke datoen «snart»');
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: 'vinter 2016' }), 'startDate')).toContain('«Vinter»');
    expect(errorFor(submit('status-and-timeline', { ...status, plannedEnd: 'TD' }), 'plannedEnd')).toContain('Forkortelsen «TD»');
    expect(errorFor(submit('status-and-timeline', { ...status, startDate: '31.02.2020' }), 'startDate')).toContain('finnes ikke i kalenderen');
  });

  it('echoes two-digit years for confirmation', () => {
    const r = submit('status-and-timeline', { ...status, startDate: 'Aug.13' });
    expect(r.ok).toBe(true);
    expect(r.notices.join(' ')).toContain('«Aug.13» i «Oppstart» er lest som august 2013');
  });
});

describe('money and numbers', () => {
  const economics = { investmentCost: '45 mill.', socioEconomicAnalysis: 'NEI', costFiguresConfidential: 'false', projectModel: 'PROSJEKTVEIVISEREN' };

  it('stores integer kroner with the raw text and echoes the amount', () => {
    const r = submit('state-economics', { ...economics, investmentCost: '12 MNOK eks. mva' });
    expect(r.answers['investmentCost']).toEqual({ amount: 12_000_000, raw: '12 MNOK eks. mva', exVat: true });
    expect(r.notices).toContain('«Anslått samlet investeringskostnad» er lest som 12 000 000 kr. Stemmer det?');
  });

  it('rejects negative money except for the net present value', () => {
    const r = submit('municipal-costs', { consequenceAssessment: 'NEI', municipalCostAssessed: 'NEI', sizeDifferences: 'NEI', municipalCostAnnual: '-5000' });
    expect(errorFor(r, 'municipalCostAnnual')).toContain('kan ikke være et negativt beløp');
    const npv = submit('state-economics', { ...economics, socioEconomicAnalysis: 'JA', socioEconomicValue: '-3 mill' });
    expect(npv.ok).toBe(true);
    expect((npv.answers['socioEconomicValue'] as MoneyValue).amount).toBe(-3_000_000);
    expect(npv.notices.join(' ')).toContain('er negativ');
  });

  it('explains ranges, foreign currency and ambiguous amounts', () => {
    expect(errorFor(submit('state-economics', { ...economics, investmentCost: '10–15 mill' }), 'investmentCost')).toContain('ikke et spenn');
    expect(errorFor(submit('state-economics', { ...economics, investmentCost: '5 mill. EUR' }), 'investmentCost')).toContain('norske kroner');
    expect(errorFor(submit('state-economics', { ...economics, investmentCost: '1.200' }), 'investmentCost')).toContain('«1.200»');
    expect(errorFor(submit('state-economics', { ...economics, investmentCost: 'mye' }), 'investmentCost')).toContain('beløp i kroner');
  });

  it('accepts "ikke beregnet" as the investment cost token', () => {
    const r = submit('state-economics', { ...economics, investmentCost: 'ikke beregnet' });
    expect(r.answers['investmentCost']).toEqual({ token: 'IKKE_BEREGNET', raw: 'ikke beregnet' });
  });

  it('asks to confirm amounts above 10 billion', () => {
    expect(submit('state-economics', { ...economics, investmentCost: '12 mrd' }).notices.join(' ')).toContain('svært høy');
  });

  it('reads FTEs with at most one decimal', () => {
    const base = { benefitsAssessed: 'KVANTIFISERT', qualitativeBenefits: 'Mindre papirarbeid i kommunene.', benefitsAssessedBy: 'STATEN_ALENE' };
    expect(submit('municipal-benefits', { ...base, fteBenefit: '2,5' }).answers['fteBenefit']).toBe(2.5);
    expect(errorFor(submit('municipal-benefits', { ...base, fteBenefit: '2,55' }), 'fteBenefit')).toContain('høyst 1 desimal');
    expect(errorFor(submit('municipal-benefits', { ...base, fteBenefit: '-1' }), 'fteBenefit')).toContain('negativ');
    expect(submit('municipal-benefits', { ...base, fteBenefit: '1500' }).notices.join(' ')).toContain('uvanlig høy');
  });
});

describe('conditional rules inside one card (§5.1)', () => {
  it('rule 2: mandatory needs the basis and deadlines or "not set yet"', () => {
    const r = submit('obligations-and-deadlines', { adoptionType: 'OBLIGATORISK' });
    expect(errorFor(r, 'obligationBasis')).toContain('«Hva plikten bygger på» må fylles ut når du har svart «Obligatorisk»');
    expect(errorFor(r, 'municipalDeadlines')).toContain('minst én frist');
    expect(r.answers['adoptionType']).toBe('OBLIGATORISK');

    const notSet = submit('obligations-and-deadlines', { adoptionType: 'DELVIS', obligationBasis: 'Forskrift om sosialhjelp', municipalDeadlines__notSet: 'true' });
    expect(notSet.ok).toBe(true);
    expect(notSet.answers['municipalDeadlines']).toEqual({ notSet: true, entries: [] });
  });

  it('rule 2: stores deadline rows and rejects incomplete or conflicting ones', () => {
    const rows = {
      adoptionType: 'OBLIGATORISK',
      obligationBasis: 'Lov om sosiale tjenester',
      municipalDeadlines__1__date: '1. halvår 2027',
      municipalDeadlines__1__what: 'Ta i bruk digital søknad',
      municipalDeadlines__1__mandatory: 'true',
      municipalDeadlines__2__date: '',
      municipalDeadlines__2__what: '',
      municipalDeadlines__2__mandatory: 'false',
      municipalDeadlines__notSet: 'false',
    };
    const r = submit('obligations-and-deadlines', rows);
    expect(r.ok).toBe(true);
    const value = r.answers['municipalDeadlines'] as DeadlinesValue;
    expect(value.notSet).toBe(false);
    expect(value.entries).toEqual([{ date: { start: '2027-01-01', end: '2027-06-30', precision: 'half', raw: '1. halvår 2027' }, what: 'Ta i bruk digital søknad', mandatory: true }]);

    expect(errorFor(submit('obligations-and-deadlines', { ...rows, municipalDeadlines__2__what: 'Opplæring' }), 'municipalDeadlines')).toContain('Frist 2 mangler');
    expect(errorFor(submit('obligations-and-deadlines', { ...rows, municipalDeadlines__notSet: 'true' }), 'municipalDeadlines')).toContain('Velg det ene');
    expect(errorFor(submit('obligations-and-deadlines', { ...rows, municipalDeadlines__1__what: 'x'.repeat(301) }), 'municipalDeadlines')).toContain('301 tegn, men maks er 300');
  });

  it('rule 3: voluntary needs the benefits', () => {
    expect(errorFor(submit('obligations-and-deadlines', { adoptionType: 'FRIVILLIG' }), 'voluntaryBenefits')).toContain('må fylles ut');
    expect(submit('obligations-and-deadlines', { adoptionType: 'FRIVILLIG', voluntaryBenefits: 'Raskere saksbehandling for kommunene.' }).ok).toBe(true);
  });

  it('rule 4: assessed costs need the one-off cost and basis; calculated costs a size band', () => {
    const base = { consequenceAssessment: 'DELVIS', sizeDifferences: 'NEI' };
    const estimated = submit('municipal-costs', { ...base, municipalCostAssessed: 'ANSLATT' });
    expect(errorFor(estimated, 'municipalCostOneOff')).toContain('må fylles ut');
    expect(errorFor(estimated, 'costBasis')).toContain('må fylles ut');
    expect(errorFor(estimated, 'municipalCostBySize')).toBe('');

    const calculated = submit('municipal-costs', { ...base, municipalCostAssessed: 'BEREGNET', municipalCostOneOff: '30 mill.', costBasis: 'LEVERANDORER' });
    expect(errorFor(calculated, 'municipalCostBySize')).toContain('minst én kommunestørrelse');

    const withBand = submit('municipal-costs', { ...base, municipalCostAssessed: 'BEREGNET', municipalCostOneOff: '30 mill.', costBasis: 'LEVERANDORER', municipalCostBySize__liten: '50 000' });
    expect(withBand.ok).toBe(true);
    expect(withBand.answers['municipalCostBySize']).toEqual({ liten: { amount: 50_000, raw: '50 000', exVat: false } });
  });

  it('F7: differences between small and large municipalities need an explanation', () => {
    const r = submit('municipal-costs', { consequenceAssessment: 'NEI', municipalCostAssessed: 'NEI', sizeDifferences: 'JA' });
    expect(errorFor(r, 'sizeDifferencesText')).toContain('må fylles ut');
  });

  it('rule 5: system changes need the systems, process changes need the text', () => {
    const r = submit('systems-and-routines', { systemChanges: 'JA', processChanges: 'JA' });
    expect(errorFor(r, 'affectedSystems')).toContain('må fylles ut');
    expect(errorFor(r, 'processChangesText')).toContain('må fylles ut');
    expect(submit('systems-and-routines', { systemChanges: 'IKKE_VURDERT', processChanges: 'NEI' }).ok).toBe(true);
  });

  it('F13: a selection of municipalities needs to be named', () => {
    const r = submit('reach-and-solutions', { affectedMunicipalities: 'UTVALG', municipalStructureReady: 'JA' });
    expect(errorFor(r, 'affectedMunicipalitiesText')).toContain('må fylles ut');
  });

  it('F20: municipal structure "Nei" gives a warning notice, not an error', () => {
    const r = submit('reach-and-solutions', { affectedMunicipalities: 'ALLE', municipalStructureReady: 'NEI' });
    expect(r.ok).toBe(true);
    expect(r.notices.join(' ')).toContain('kommunestrukturen');
  });

  it('rule 6: quantified benefits need NOK or FTEs; any assessment needs the description', () => {
    const r = submit('municipal-benefits', { benefitsAssessed: 'KVANTIFISERT', benefitsAssessedBy: 'STATEN_ALENE' });
    expect(errorFor(r, 'economicBenefitNok')).toContain('minst ett av disse');
    expect(errorFor(r, 'qualitativeBenefits')).toContain('må fylles ut');
    expect(submit('municipal-benefits', { benefitsAssessed: 'NEI', benefitsAssessedBy: 'IKKE_VURDERT' }).ok).toBe(true);
  });

  it('rule 7: KS discussed needs the phase; planned needs a future date', () => {
    const base = { municipalitiesInvolved: 'NEI', municipalitiesInCostBenefit: 'NEI' };
    expect(errorFor(submit('involvement', { ...base, ksDiscussed: 'JA' }), 'ksFirstContactPhase')).toContain('må fylles ut');
    expect(errorFor(submit('involvement', { ...base, ksDiscussed: 'PLANLAGT' }), 'ksFirstContactDate')).toContain('må fylles ut');
    expect(errorFor(submit('involvement', { ...base, ksDiscussed: 'PLANLAGT', ksFirstContactDate: 'januar 2026' }), 'ksFirstContactDate')).toContain('i dag eller senere');
    expect(submit('involvement', { ...base, ksDiscussed: 'PLANLAGT', ksFirstContactDate: 'mai 2026' }).ok).toBe(true);
    expect(errorFor(submit('involvement', { ...base, ksDiscussed: 'JA', ksFirstContactPhase: 'KONSEPT', ksFirstContactDate: '2027' }), 'ksFirstContactDate')).toContain('ikke være fram i tid');
  });

  it('H5/H6: involved municipalities need forms and phase', () => {
    const r = submit('involvement', { ksDiscussed: 'NEI', municipalitiesInvolved: 'JA', municipalitiesInCostBenefit: 'NEI' });
    expect(errorFor(r, 'involvementForms')).toContain('må fylles ut');
    expect(errorFor(r, 'municipalitiesFirstPhase')).toContain('må fylles ut');
  });

  it('E5 and rule 8: analysis "Ja" needs the value; above 10 MNOK needs a project model, "Ingen" warns', () => {
    const base = { investmentCost: '45 mill.', socioEconomicAnalysis: 'JA', costFiguresConfidential: 'true' };
    const r = submit('state-economics', base);
    expect(errorFor(r, 'socioEconomicValue')).toContain('må fylles ut');
    expect(errorFor(r, 'projectModel')).toContain('over 10 000 000 kr');
    const none = submit('state-economics', { ...base, socioEconomicValue: '100 mill.', projectModel: 'INGEN' });
    expect(none.ok).toBe(true);
    expect(none.notices.join(' ')).toContain('punkt 2.1');
    expect(submit('state-economics', { ...base, investmentCost: '10 000 000', socioEconomicValue: '1 mill.' }).ok).toBe(true);
  });
});

describe('keeping valid answers', () => {
  it('keeps valid answers when others in the same card are invalid', () => {
    const current: Answers = { contactEmail: 'gammel@nav.no', projectUrl: 'https://gammel.nav.no/' };
    const r = submit('identification', { ...identification, contactEmail: 'ikke en adresse', projectUrl: 'http://nav.no' }, current);
    expect(r.ok).toBe(false);
    expect(r.answers).toMatchObject({ projectName: 'Digital søknad om sosialhjelp', contactName: 'Kari Nordmann', contactEmail: 'gammel@nav.no', projectUrl: 'https://gammel.nav.no/' });
    expect(r.rawEcho['contactEmail']).toBe('ikke en adresse');
  });

  it('leaves answers of other groups untouched', () => {
    const r = submit('identification', identification, { phase: 'KONSEPT' });
    expect(r.answers['phase']).toBe('KONSEPT');
  });
});

describe('messages in bokmål and English', () => {
  it('gives the same error in the user language', () => {
    const raw = { ...identification, contactEmail: 'kari@nav', projectName: '' };
    const inNb = submit('identification', raw, {}, nb);
    const inEn = submit('identification', raw, {}, en);
    expect(errorFor(inNb, 'projectName')).toBe('«Prosjektnavn» må fylles ut.');
    expect(errorFor(inEn, 'projectName')).toBe('"Project name" must be filled in.');
    expect(errorFor(inEn, 'contactEmail')).toContain('does not look like an e-mail address');
  });

  it('gives the length error in English with count and limit', () => {
    const r = submit('description', { description: 'a'.repeat(10_000) }, {}, en);
    expect(errorFor(r, 'description')).toBe('"Short project description" has 10000 characters, but the limit is 2000. Please shorten it – nothing was cut off.');
  });
});

describe('card helpers', () => {
  it('names composite inputs with "__" and never "." or "$"', () => {
    expect(inputIdsFor(field('municipalCostBySize'), content)).toEqual(['municipalCostBySize__liten', 'municipalCostBySize__mellomstor', 'municipalCostBySize__stor']);
    const deadlineIds = inputIdsFor(field('municipalDeadlines'), content);
    expect(deadlineIds).toContain('municipalDeadlines__1__date');
    expect(deadlineIds).toContain('municipalDeadlines__3__mandatory');
    expect(deadlineIds).toContain('municipalDeadlines__notSet');
    expect(deadlineIds).toHaveLength(10);
    const all = content.template.fields.flatMap((f) => inputIdsFor(f, content));
    expect(all.filter((id) => id.includes('.') || id.includes('$'))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('shows stored values as plain text in both languages', () => {
    expect(displayValue(field('phase'), undefined, 'nb', content)).toBe('Ikke besvart');
    expect(displayValue(field('phase'), undefined, 'en', content)).toBe('Not answered');
    expect(displayValue(field('phase'), 'GJENNOMFORING', 'nb', content)).toBe('Gjennomføring');
    expect(displayValue(field('agency'), 'NAV', 'nb', content)).toBe('Arbeids- og velferdsdirektoratet (NAV)');
    expect(displayValue(field('serviceAreas'), ['HELSE_OMSORG', 'VELFERD'], 'en', content)).toBe('Health and care, Welfare');
    expect(displayValue(field('costFiguresConfidential'), false, 'nb', content)).toBe('Nei');
    expect(displayValue(field('investmentCost'), { amount: 12_000_000, raw: '12 MNOK eks. mva', exVat: true }, 'nb', content)).toBe('12 000 000 kr (eks. mva.)');
    expect(displayValue(field('investmentCost'), { token: 'IKKE_BEREGNET', raw: 'ikke beregnet' }, 'en', content)).toBe('Not calculated');
    expect(displayValue(field('plannedEnd'), { token: 'LOPENDE', raw: 'Løpende' }, 'nb', content)).toBe('Løpende');
    expect(displayValue(field('fteBenefit'), 2.5, 'nb', content)).toBe('2,5');
    expect(displayValue(field('municipalDeadlines'), { notSet: true, entries: [] }, 'nb', content)).toBe('Frist ikke fastsatt ennå');
    expect(displayValue(field('municipalCostBySize'), { stor: { amount: 90_000, raw: '90 000', exVat: false } }, 'nb', content)).toBe('Stor (20 000 innbyggere eller flere): 90 000 kr');
  });

  it('prefills every input so that resubmitting gives the same answers', () => {
    const raw = {
      adoptionType: 'OBLIGATORISK',
      obligationBasis: 'Lov om sosiale tjenester',
      municipalDeadlines__1__date: 'Q1 2027',
      municipalDeadlines__1__what: 'Koble fagsystemet til løsningen',
      municipalDeadlines__1__mandatory: 'true',
      municipalDeadlines__2__date: 'høst 2027',
      municipalDeadlines__2__what: 'Opplæring av saksbehandlere',
      municipalDeadlines__notSet: 'false',
      legalChangeNeeded: 'NEI',
    };
    const first = submit('obligations-and-deadlines', raw);
    expect(first.ok).toBe(true);
    const group = content.template.groups.find((g) => g.id === 'obligations-and-deadlines');
    const prefill = Object.fromEntries(
      (group?.fields ?? []).flatMap((fid) => inputIdsFor(field(fid), content).map((id) => [id, rawInputValue(field(fid), first.answers[fid], id)])),
    );
    expect(prefill['municipalDeadlines__2__mandatory']).toBe('false');
    expect(prefill['municipalDeadlines__3__date']).toBe('');
    const second = submit('obligations-and-deadlines', prefill);
    expect(second.errors).toEqual([]);
    expect(second.answers).toEqual(first.answers);
  });
});
