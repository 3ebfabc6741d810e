/**
 * A small merger guide for the unit tests of src/core/merger/: the six phases, a handful of areas
 * in all three colours, dependencies, conditions, alternatives and deadlines of every kind.
 */
import type { Localized } from '../../src/core/i18n.js';
import type { GuideTask, MergerGuide, MergerPhase, ServiceArea } from '../../src/core/merger/guide-types.js';
import type { Merger, TaskState, TaskStatusValue } from '../../src/core/merger/merger-types.js';

export const L = (nb: string, en: string): Localized => ({ nb, en });

type TaskInput = Omit<GuideTask, 'detail' | 'phaseBasis' | 'dependsOn' | 'nationalSolutions' | 'title'> &
  Partial<Pick<GuideTask, 'dependsOn' | 'nationalSolutions' | 'detail'>> & { title: Localized };

const task = (t: TaskInput): GuideTask => ({
  phaseBasis: 'explicit',
  dependsOn: [],
  nationalSolutions: [],
  detail: L(`${t.title.nb}.`, `${t.title.en}.`),
  ...t,
});

type AreaInput = Omit<ServiceArea, 'colourBasis' | 'group' | 'overview'> & Partial<Pick<ServiceArea, 'group' | 'overview'>>;

const area = (a: AreaInput): ServiceArea => ({
  colourBasis: 'explicit',
  group: L('5 Tjenesteområder', '5 Service areas'),
  overview: L(`Om ${a.name.nb}.`, `About ${a.name.en}.`),
  ...a,
});

const phase = (
  id: MergerPhase['id'],
  order: number,
  nb: string,
  en: string,
  typicalStartMonths: number,
  exitTaskIds: string[] = [],
): MergerPhase => ({
  id,
  order,
  name: L(nb, en),
  purpose: L(`Formål: ${nb}`, `Purpose: ${en}`),
  startsWhen: L('Start', 'Start'),
  endsWhen: L('Slutt', 'End'),
  typicalStartMonths,
  exitTaskIds,
  activities: [],
  sections: ['4.1'],
});

export const fixtureGuide: MergerGuide = {
  version: 1,
  source: 'test fixture',
  phases: [
    phase('for-du-starter', 1, 'Før du starter', 'Before you start', -36),
    phase('kartlegging-og-malbilde', 2, 'Kartlegging og målbilde', 'Mapping and target picture', -24, ['infra-03']),
    phase('planlegging-og-anskaffelse', 3, 'Planlegging og anskaffelse', 'Planning and procurement', -18, ['infra-02', 'arkiv-02']),
    phase('gjennomforing', 4, 'Gjennomføring', 'Implementation', -9, ['legevakt-02']),
    phase('overgangsfase', 5, 'Overgangsfase', 'Transition phase', 0),
    phase('drift', 6, 'Drift', 'Operation', 24),
  ],
  criticalActivities: [],
  priorityOrder: [
    { rank: 1, label: L('IKT-infrastruktur', 'ICT infrastructure'), why: L('Først', 'First'), areaIds: ['ikt-drift'], section: '5.1' },
    { rank: 2, label: L('Arkiv', 'Archive'), why: L('Dokumentasjon', 'Records'), areaIds: ['arkiv'], section: '5.1' },
    { rank: 3, label: L('Økonomi', 'Finance'), why: L('Penger', 'Money'), areaIds: ['okonomi'], section: '5.1' },
    { rank: 4, label: L('Helse', 'Health'), why: L('Liv og helse', 'Life and health'), areaIds: ['legevakt'], section: '5.1' },
    { rank: 5, label: L('Plan og bygg', 'Planning and building'), why: L('Matrikkelen', 'Cadastre'), areaIds: [], section: '5.1' },
    { rank: 6, label: L('Feide', 'Feide'), why: L('Identiteter', 'Identities'), areaIds: ['grunnskole', 'barnehage'], section: '5.1' },
    { rank: 7, label: L('Konkurranse', 'Tendering'), why: L('Lov', 'Law'), areaIds: [], section: '5.1' },
    { rank: 8, label: L('Digitale tjenester', 'Digital services'), why: L('Sist', 'Last'), areaIds: ['digitale-tjenester'], section: '5.1' },
  ],
  colours: {
    red: L('Rødt: må virke fra dag én', 'Red: must work from day one'),
    yellow: L('Gult: prioriteres', 'Yellow: prioritise'),
    green: L('Grønt: kan vente', 'Green: can wait'),
  },
  deadlineEvents: [
    { id: 'early', label: L('Tidlig', 'Early'), offsetMonths: -12 },
    { id: 'before-merger-date', label: L('Før sammenslåingen', 'Before the merger date'), offsetMonths: -1 },
    { id: 'before-old-closed', label: L('Før de gamle kommunene legges ned', 'Before the old municipalities close'), offsetMonths: -2 },
    { id: 'from-day-one', label: L('Fra dag én', 'From day one'), offsetMonths: 0 },
    { id: 'transition-phase', label: L('I overgangsfasen', 'In the transition phase'), offsetMonths: 24 },
  ],
  conditions: [
    { id: 'usesFeide', question: L('Bruker kommunene Feide?', 'Do the municipalities use Feide?') },
    { id: 'runsLegevakt', question: L('Driver kommunene legevakt?', 'Do the municipalities run an out-of-hours service?') },
    { id: 'onSvarUt', question: L('Bruker kommunene SvarUt allerede?', 'Do the municipalities already use SvarUt?') },
  ],
  nationalSolutions: [
    {
      id: 'svarut',
      name: 'KS SvarUt',
      owner: 'KS',
      section: '5.3.1',
      what: L('Digital utsending av brev', 'Digital dispatch of letters'),
      mustDo: [L('Ny avtale med KS', 'New agreement with KS')],
      keywords: ['svarut', 'digital post'],
    },
    {
      id: 'feide',
      name: 'Feide',
      owner: 'Sikt',
      section: '5.3.14',
      what: L('Pålogging for skole og barnehage', 'Login for schools and kindergartens'),
      mustDo: [L('Nye Feide-identiteter før sammenslåingen', 'New Feide identities before the merger date')],
      keywords: ['feide', 'innlogging', 'login'],
    },
    {
      id: 'helsenett',
      name: 'Helsenettet',
      owner: 'Norsk helsenett',
      section: '5.3.12',
      what: L('Nettverk for helsetjenesten', 'Network for the health service'),
      mustDo: [L('Ny tilknytning', 'New connection')],
      keywords: ['helsenett', 'nhn'],
    },
    {
      id: 'altinn',
      name: 'Altinn',
      owner: 'Digdir',
      section: '5.3.3',
      what: L('Portal for skjema', 'Portal for forms'),
      mustDo: [L('Flytte skjema', 'Move forms')],
      keywords: ['altinn', 'skjema'],
    },
  ],
  areas: [
    area({
      id: 'ikt-drift',
      section: '5.2.1',
      name: L('IKT-drift og infrastruktur', 'ICT operations and infrastructure'),
      group: L('5.2 IKT-infrastruktur og -drift', '5.2 ICT infrastructure and operations'),
      colour: 'red',
      priorityRank: 1,
      keywords: ['infrastruktur', 'infrastructure', 'nettverk', 'network', 'drift'],
      tasks: [
        task({
          id: 'infra-01',
          title: L('Samkjøre IKT-drift og etablere ett driftsteam', 'Align ICT operations and set up one operations team'),
          phase: 'planlegging-og-anskaffelse',
          category: 'organisational',
          deadline: { kind: 'event', event: 'before-merger-date' },
          section: '5.2.1',
        }),
        task({
          id: 'infra-02',
          title: L('Etablere felles nettverk og domene', 'Establish a common network and domain'),
          phase: 'planlegging-og-anskaffelse',
          category: 'infrastructure',
          deadline: { kind: 'offset', months: -6 },
          dependsOn: ['infra-01'],
          section: '5.2.2',
        }),
        task({
          id: 'infra-03',
          title: L('Kartlegge dagens IKT-infrastruktur', 'Map the current ICT infrastructure'),
          phase: 'kartlegging-og-malbilde',
          category: 'infrastructure',
          deadline: { kind: 'offset', months: -20 },
          section: '5.2.2',
        }),
      ],
    }),
    area({
      id: 'arkiv',
      section: '5.4.4',
      name: L('Arkiv og dokumenthåndtering', 'Archive and records management'),
      group: L('5.4 Administrative systemer', '5.4 Administrative systems'),
      colour: 'red',
      priorityRank: 2,
      keywords: ['arkiv', 'archive', 'noark', 'sak/arkiv', 'dokumenthåndtering'],
      tasks: [
        task({
          id: 'arkiv-01',
          title: L('Velge felles sak- og arkivsystem', 'Choose a common case and archive system'),
          phase: 'planlegging-og-anskaffelse',
          category: 'system',
          deadline: { kind: 'offset', months: -9 },
          dependsOn: ['infra-02'],
          section: '5.4.4',
        }),
        task({
          id: 'arkiv-02',
          title: L('Planlegge avslutning av de gamle arkivene', 'Plan how the old archives are closed'),
          phase: 'planlegging-og-anskaffelse',
          category: 'archive',
          deadline: { kind: 'event', event: 'before-old-closed' },
          alternatives: [
            { id: 'convert', label: L('Konvertere', 'Convert') },
            { id: 'close-lookup', label: L('Avslutte og gi oppslag', 'Close and provide lookup') },
          ],
          section: '5.4.4',
        }),
        task({
          id: 'arkiv-03',
          title: L('Avlevere de gamle arkivene', 'Hand over the old archives'),
          phase: 'overgangsfase',
          category: 'archive',
          deadline: { kind: 'event', event: 'transition-phase' },
          dependsOn: ['arkiv-02'],
          section: '5.4.4',
        }),
        task({
          id: 'arkiv-04',
          title: L('Gjøre sak/arkiv klar for utsending med SvarUt', 'Prepare the case system for dispatch through SvarUt'),
          phase: 'planlegging-og-anskaffelse',
          category: 'shared-solution',
          deadline: { kind: 'event', event: 'before-merger-date' },
          condition: { id: 'onSvarUt', equals: false },
          nationalSolutions: ['svarut'],
          section: '5.3.1',
        }),
      ],
    }),
    area({
      id: 'okonomi',
      section: '5.4.1',
      name: L('Økonomi og regnskap', 'Finance and accounting'),
      group: L('5.4 Administrative systemer', '5.4 Administrative systems'),
      colour: 'red',
      priorityRank: 3,
      keywords: ['økonomi', 'regnskap', 'finance', 'accounting'],
      tasks: [
        task({
          id: 'okonomi-01',
          title: L('Anskaffe felles økonomisystem', 'Procure a common finance system'),
          phase: 'planlegging-og-anskaffelse',
          category: 'system',
          deadline: { kind: 'offset', months: -12 },
          section: '5.4.1',
        }),
      ],
    }),
    area({
      id: 'legevakt',
      section: '5.5.4',
      name: L('Legevakt', 'Out-of-hours medical service'),
      group: L('5.5 Helse og velferd', '5.5 Health and welfare'),
      colour: 'red',
      priorityRank: 4,
      keywords: ['legevakt', 'emergency', 'out-of-hours'],
      tasks: [
        task({
          id: 'legevakt-01',
          title: L('Samordne journalsystemet for legevakten', 'Align the medical record system of the out-of-hours service'),
          phase: 'planlegging-og-anskaffelse',
          category: 'system',
          deadline: { kind: 'event', event: 'from-day-one' },
          condition: { id: 'runsLegevakt', equals: true },
          nationalSolutions: ['helsenett'],
          section: '5.5.4',
        }),
        task({
          id: 'legevakt-02',
          title: L('Koble den nye kommunen til Helsenettet', 'Connect the new municipality to the health network'),
          phase: 'gjennomforing',
          category: 'shared-solution',
          deadline: { kind: 'event', event: 'before-merger-date' },
          condition: { id: 'runsLegevakt', equals: true },
          nationalSolutions: ['helsenett'],
          section: '5.3.12',
        }),
      ],
    }),
    area({
      id: 'grunnskole',
      section: '5.6.2',
      name: L('Grunnskole', 'Primary and lower secondary school'),
      group: L('5.6 Oppvekst', '5.6 Childhood and education'),
      colour: 'yellow',
      priorityRank: 6,
      keywords: ['skole', 'school', 'elever', 'pupils', 'feide'],
      tasks: [
        task({
          id: 'skole-01',
          title: L('Opprette nye Feide-identiteter for elever og ansatte', 'Create new Feide identities for pupils and staff'),
          phase: 'planlegging-og-anskaffelse',
          category: 'shared-solution',
          deadline: { kind: 'event', event: 'before-merger-date' },
          condition: { id: 'usesFeide', equals: true },
          nationalSolutions: ['feide'],
          section: '5.3.14',
        }),
        task({
          id: 'skole-02',
          title: L('Velge felles skoleadministrativt system', 'Choose a common school administration system'),
          phase: 'planlegging-og-anskaffelse',
          category: 'system',
          deadline: { kind: 'event', event: 'transition-phase' },
          section: '5.6.2',
        }),
      ],
    }),
    area({
      id: 'barnehage',
      section: '5.6.1',
      name: L('Barnehage', 'Kindergarten'),
      group: L('5.6 Oppvekst', '5.6 Childhood and education'),
      colour: 'yellow',
      priorityRank: 6,
      keywords: ['barnehage', 'kindergarten'],
      tasks: [
        task({
          id: 'barnehage-01',
          title: L('Gi barnehageansatte nye Feide-brukere', 'Give kindergarten staff new Feide users'),
          phase: 'planlegging-og-anskaffelse',
          category: 'shared-solution',
          condition: { id: 'usesFeide', equals: true },
          nationalSolutions: ['feide'],
          section: '5.6.1',
        }),
      ],
    }),
    area({
      id: 'digitale-tjenester',
      section: '5.8.3',
      name: L('Digitale tjenester', 'Digital services'),
      group: L('5.8 Digitale tjenester', '5.8 Digital services'),
      colour: 'yellow',
      priorityRank: 8,
      keywords: ['selvbetjening', 'self-service', 'e-tjenester', 'nettsider'],
      tasks: [
        task({
          id: 'digi-01',
          title: L('Prioritere digitale tjenester for innbyggerne', 'Prioritise digital services for citizens'),
          phase: 'planlegging-og-anskaffelse',
          category: 'digital-service',
          deadline: { kind: 'offset', months: -3 },
          section: '5.8.3',
        }),
        task({
          id: 'digi-02',
          title: L('Lage hjemmesiden til den nye kommunen', "Build the new municipality's website"),
          phase: 'planlegging-og-anskaffelse',
          category: 'digital-service',
          deadline: { kind: 'event', event: 'from-day-one' },
          section: '5.8.1',
        }),
      ],
    }),
    area({
      id: 'bibliotek',
      section: '5.6.4',
      name: L('Bibliotek', 'Library'),
      group: L('5.6 Oppvekst', '5.6 Childhood and education'),
      colour: 'green',
      priorityRank: 9,
      keywords: ['bibliotek', 'library'],
      tasks: [
        task({
          id: 'bibliotek-01',
          title: L('Slå sammen bibliotekssystemene', 'Merge the library systems'),
          phase: 'planlegging-og-anskaffelse',
          category: 'system',
          deadline: { kind: 'date', date: '2028-06-30', alsoEvent: 'transition-phase' },
          section: '5.6.4',
        }),
      ],
    }),
  ],
  synonyms: [
    ['arkiv', 'archive', 'arkivet', 'noark', 'records'],
    ['legevakt', 'emergency ward', 'out-of-hours service', 'legevakten'],
    ['dag én', 'dag 1', 'første dag', 'day one', 'first day', 'rød', 'red'],
    ['digitale tjenester', 'digital services', 'selvbetjening', 'self-service'],
    ['skole', 'school', 'grunnskole'],
    ['økonomi', 'finance', 'accounting', 'regnskap'],
  ],
};

export const USER = { userId: 'u-1', displayName: 'Kari Nordmann' };

/** A merger one year ahead of TODAY, in "Planlegging og anskaffelse", using Feide and running a legevakt. */
export const TODAY = '2025-03-01';

export function makeMerger(overrides: Partial<Merger> = {}): Merger {
  return {
    _id: 'm-1',
    conversationKey: 'teams:conv-1',
    name: 'Nye Sandberg',
    municipalities: [
      { number: '1111', name: 'Sokndal' },
      { number: '1112', name: 'Lund' },
    ],
    mergerDate: '2026-03-01',
    phase: 'planlegging-og-anskaffelse',
    conditions: { usesFeide: true, runsLegevakt: true },
    locale: 'nb',
    createdBy: USER,
    rev: 0,
    createdAt: new Date('2025-03-01T08:00:00Z'),
    updatedAt: new Date('2025-03-01T08:00:00Z'),
    ...overrides,
  };
}

export function stateOf(taskId: string, status: TaskStatusValue, extra: Partial<TaskState> = {}): TaskState {
  return {
    mergerId: 'm-1',
    taskId,
    status,
    history: [{ status, by: USER, at: new Date('2025-03-01T09:00:00Z') }],
    ...extra,
  };
}

export function statesOf(...states: TaskState[]): Map<string, TaskState> {
  return new Map(states.map((s) => [s.taskId, s]));
}
