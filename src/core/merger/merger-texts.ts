import type { Localized } from '../i18n.js';

export const MERGER_COMMAND_KEYS = ['registerMerger', 'whatNext', 'progress'] as const;
export type MergerCommandKey = (typeof MERGER_COMMAND_KEYS)[number];

export const MERGER_MESSAGE_KEYS = [
  'registerTitle', 'registerIntro', 'nameLabel', 'municipalitiesLabel', 'mergerDateLabel',
  'conditionUnknown', 'yes', 'no', 'nameRequired', 'nameTooLong', 'municipalitiesTooFew',
  'municipalitiesTooMany', 'municipalityTwice',
  'phaseTitle', 'phaseProposal', 'phaseLabel', 'confirm',
  'registered', 'alreadyRegistered', 'noMerger', 'nextTitle', 'nextIntro', 'nextIntroAfter', 'nextEmpty',
  'overdue', 'due', 'noDue', 'whyLine', 'earlierPhase', 'blockedBy', 'conditionCheck', 'stateProjects',
  'done', 'notRelevant', 'details', 'later', 'reasonLabel', 'markedDone',
  'markedNotRelevant', 'markedLater', 'taskUnknown', 'otherMerger', 'alternatives',
  'minimum', 'solutions', 'dependsOn', 'progressTitle', 'daysLeft', 'daysSince', 'redRemaining', 'phaseLine',
  'byPhase', 'byArea', 'currentPhaseMark', 'exitMet', 'advance', 'advanced', 'staleMerger', 'topicTitle',
  'topicAreas', 'topicTasks', 'topicSolutions', 'topicAreaLine', 'topicNoMatch', 'questionTooLong',
  'reminderTitle', 'reminderIntro',
  'progressButton', 'nextButton', 'invalidCard',
] as const;
export type MergerMessageKey = (typeof MERGER_MESSAGE_KEYS)[number];

/** Texts of the engine's own checks and answers (date, municipality, task status, topic search). */
export const MERGER_ENGINE_KEYS = [
  'dateEmpty', 'dateUnrecognised', 'dateNotInCalendar', 'dateOutOfRange',
  'municipalityEmpty', 'municipalityUnknownWithSuggestions', 'municipalityUnknown', 'municipalityAmbiguous', 'listOr',
  'statusWrongMerger', 'statusWrongTask', 'statusReasonRequired', 'statusReasonTooLong', 'statusLaterDateInvalid',
  'statusLaterDatePast', 'statusUnknownAlternative', 'statusOpenDependencies',
  'topicQueryTooLong',
] as const;
export type MergerEngineKey = (typeof MERGER_ENGINE_KEYS)[number];
export type MergerEngineTexts = Record<MergerEngineKey, Localized>;

export const TASK_STATUS_KEYS = ['open', 'done', 'not_relevant', 'later'] as const;

/** The merger assistant's texts (config/merger-texts.json), validated at start. */
export interface MergerTexts {
  commands: Record<MergerCommandKey, string[]>;
  messages: Record<MergerMessageKey, Localized>;
  status: Record<(typeof TASK_STATUS_KEYS)[number], Localized>;
  engine: MergerEngineTexts;
}
