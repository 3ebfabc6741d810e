import type { Localized } from '../i18n.js';

/**
 * Types of the merger guide content in config/merger-guide/ (validated by
 * src/settings/merger-guide-schema.ts at start). Plain TypeScript: core code imports these
 * without pulling in zod.
 */

export const MERGER_PHASE_IDS = [
  'for-du-starter',
  'kartlegging-og-malbilde',
  'planlegging-og-anskaffelse',
  'gjennomforing',
  'overgangsfase',
  'drift',
] as const;
export type MergerPhaseId = (typeof MERGER_PHASE_IDS)[number];

export const TASK_CATEGORIES = [
  'organisational',
  'system',
  'data',
  'archive',
  'infrastructure',
  'shared-solution',
  'governance',
  'digital-service',
] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

/** red: must work from day one; yellow: prioritise, may slip into the transition phase; green: can wait. */
export const AREA_COLOURS = ['red', 'yellow', 'green'] as const;
export type AreaColour = (typeof AREA_COLOURS)[number];

/** How sure a fact is: the guide says it, it follows clearly from the text, or it is our reading. */
export const BASIS_VALUES = ['explicit', 'implied', 'inferred'] as const;
export type Basis = (typeof BASIS_VALUES)[number];

/**
 * When a task is due, relative to the merger date. An `offset` is a number of months from the
 * merger date (negative = before). An `event` names one of the guide's deadline events, each
 * defined once in guide.json with its own offset. A `date` is a fixed calendar date.
 */
export type TaskDeadline =
  | { kind: 'offset'; months: number }
  | { kind: 'event'; event: string }
  | { kind: 'date'; date: string; alsoEvent?: string };

export interface DeadlineEvent {
  /** e.g. before-merger-date, from-day-one, transition-phase, before-old-closed, early */
  id: string;
  label: Localized;
  /** Months from the merger date at which the task is due (negative = before). */
  offsetMonths: number;
}

/** A yes/no fact about the merger that decides whether some tasks apply ("uses Feide?"). */
export interface MergerCondition {
  /** camelCase, e.g. usesFeide, runsLegevakt, onSvarUt */
  id: string;
  question: Localized;
  /** What "ja" means for the checklist, shown with the answer. */
  help?: Localized;
}

export interface TaskAlternative {
  id: string;
  label: Localized;
}

export interface GuideTask {
  /** Stable id from the extraction, e.g. infra-ops-01, okonomi-13. */
  id: string;
  title: Localized;
  detail: Localized;
  phase: MergerPhaseId;
  phaseBasis: Basis;
  category: TaskCategory;
  deadline?: TaskDeadline;
  /** Ids of tasks that should be done first. */
  dependsOn: string[];
  /** Mutually exclusive ways to do the task ("convert" vs "close and provide lookup"). */
  alternatives?: TaskAlternative[];
  /** The task applies only when the merger's answer to this condition equals `equals`. */
  condition?: { id: string; equals: boolean };
  /** Ids from guide.json nationalSolutions. */
  nationalSolutions: string[];
  /** The guide's section, e.g. "5.4.1". */
  section: string;
  /** Minimum that must be done, when the guide states one. */
  minimum?: Localized;
}

export interface ServiceArea {
  /** kebab-case, e.g. ikt-drift, arkiv, legevakt */
  id: string;
  section: string;
  name: Localized;
  /** The guide's grouping, e.g. "5.4 Administrative systemer". */
  group: Localized;
  colour: AreaColour;
  colourBasis: Basis;
  /** Rank in the guide's priority order (§5.1): 1 = infrastructure first; areas outside it get the last rank + 1. */
  priorityRank: number;
  overview: Localized;
  /** Extra words a user may use for this area ("arkiv", "archive", "noark"). */
  keywords: string[];
  tasks: GuideTask[];
}

export interface PhaseActivity {
  id: string;
  title: Localized;
  detail: Localized;
  section: string;
}

export interface MergerPhase {
  id: MergerPhaseId;
  order: number;
  name: Localized;
  purpose: Localized;
  startsWhen: Localized;
  endsWhen: Localized;
  /**
   * Months relative to the merger date when the phase typically starts (negative = before);
   * used only to propose a phase from the dates, which the user confirms.
   */
  typicalStartMonths: number;
  /** Task ids whose completion (done or not relevant) marks the phase as finished. */
  exitTaskIds: string[];
  activities: PhaseActivity[];
  sections: string[];
}

export interface CriticalActivity {
  id: string;
  section: string;
  title: Localized;
  summary: Localized;
  keyPoints: Localized[];
}

export interface PriorityStep {
  rank: number;
  label: Localized;
  why: Localized;
  areaIds: string[];
  section: string;
}

export interface NationalSolution {
  /** e.g. svarut, altinn, id-porten, matrikkelen, folkeregisteret, enhetsregisteret, krr, feide, helsenett, e-resept */
  id: string;
  name: string;
  owner: string;
  section: string;
  what: Localized;
  mustDo: Localized[];
  keywords: string[];
}

export interface MergerGuide {
  _note?: string;
  version: number;
  source: string;
  phases: MergerPhase[];
  criticalActivities: CriticalActivity[];
  priorityOrder: PriorityStep[];
  colours: Record<AreaColour, Localized>;
  deadlineEvents: DeadlineEvent[];
  conditions: MergerCondition[];
  nationalSolutions: NationalSolution[];
  areas: ServiceArea[];
  /** Groups of words that mean the same to a user, nb and en together, for the topic search. */
  synonyms: string[][];
}
