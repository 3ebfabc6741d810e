import type { Localized } from '../i18n.js';

/*
 * The weekly digest's user-facing texts (config/digest-texts.json), validated at start: every key
 * in nb and en. Command words and question keywords are data too.
 */

/** Whole-message commands. */
export const DIGEST_COMMAND_KEYS = ['unsubscribe', 'subscriptions', 'preview', 'deliveryLog', 'ksChannel'] as const;
export type DigestCommandKey = (typeof DIGEST_COMMAND_KEYS)[number];

/** Commands that may be followed by words: filters ("abonner helse velferd") or a subscription id. */
export const DIGEST_PREFIX_COMMAND_KEYS = ['subscribe', 'sendNow'] as const;
export type DigestPrefixCommandKey = (typeof DIGEST_PREFIX_COMMAND_KEYS)[number];

/** Follow-up questions; each is a list of word groups that must all occur in the question. */
export const DIGEST_QUESTION_KEYS = ['ksNotDiscussed', 'newProjects', 'changedProjects', 'deadlines'] as const;
export type DigestQuestionKey = (typeof DIGEST_QUESTION_KEYS)[number];

export const DIGEST_MESSAGE_KEYS = [
  // subscriptions
  'subscribed', 'subscriptionUpdated', 'subscribedAll', 'subscribedFilters', 'subscribeUnknownWords', 'subscribeKnownWords',
  'unsubscribed', 'notSubscribed', 'subscriptionsTitle', 'subscriptionThis', 'subscriptionNone', 'subscriptionsAllTitle',
  'subscriptionLine', 'filtersNone', 'kindChannel', 'kindGroupChat', 'kindPersonal', 'ksMarked', 'ksUnmarked', 'ksTag',
  // coordinator
  'notCoordinator', 'previewTitle', 'previewNotSubscribed', 'sendNowQueued', 'sendNowUnknown', 'sendNowWhich',
  'logTitle', 'logEmpty', 'logLine', 'logError', 'statusPending', 'statusSending', 'statusSent', 'statusFailed',
  'statusCancelled', 'failureTitle', 'failureBody', 'manualTag',
  // digest
  'digestTitle', 'period', 'counts', 'overviewPath', 'emptyWeek', 'calendarTitle', 'calendarNone',
  'calendarFlag', 'calendarMore', 'calendarLine', 'mandatory', 'withdrawnTitle', 'withdrawnLine', 'withdrawnMore',
  'newTitle', 'changedTitle', 'pageOf', 'moreProjects', 'changesTitle', 'otherChanges', 'notShared', 'footer',
  'openProject',
  // questions
  'notGiven', 'newAnswerTitle', 'newAnswerNone', 'changedAnswerTitle', 'changedAnswerNone', 'deadlinesAnswerTitle',
  'deadlinesAnswerNone', 'ksAnswerTitle', 'ksAnswerNone', 'ksAnswerPlanned', 'ksAnswerNotGiven', 'answerAreas',
  'answerMore', 'answerSource',
  // help
  'helpSubscribe', 'helpUnsubscribe', 'helpSubscriptions', 'helpQuestions', 'helpPreview', 'helpSendNow', 'helpLog',
] as const;
export type DigestMessageKey = (typeof DIGEST_MESSAGE_KEYS)[number];

/** Labels of the facts on a project card (reporting-template.md §8.3) and of the computed flag. */
export const DIGEST_LABEL_KEYS = [
  'agencyMinistry', 'phaseStatus', 'timeline', 'serviceAreas', 'municipalities', 'adoption', 'deadlines', 'municipalCosts',
  'stateInvestment', 'benefits', 'systemChanges', 'processChanges', 'sizeDifferences', 'ksInvolved', 'involvement',
  'nationalComponents', 'contact', 'oneOff', 'annual', 'bySize', 'basis', 'perYear', 'fte',
  'notAssessed', 'costsConfidential', 'ksFromPhase', 'ksPlanned', 'deadlinesNotSet', 'flagDeadlineSoon',
] as const;
export type DigestLabelKey = (typeof DIGEST_LABEL_KEYS)[number];

export const DIGEST_BUTTON_KEYS = ['sendNow', 'openOverview'] as const;
export type DigestButtonKey = (typeof DIGEST_BUTTON_KEYS)[number];

export interface DigestTexts {
  commands: Record<DigestCommandKey | DigestPrefixCommandKey, string[]>;
  questions: Record<DigestQuestionKey, string[][]>;
  /** Words that say "months" after a number ("neste 6 måneder"). */
  monthWords: string[];
  /** Words ignored among subscription filters ("og", "and"). */
  stopWords: string[];
  messages: Record<DigestMessageKey, Localized>;
  labels: Record<DigestLabelKey, Localized>;
  buttons: Record<DigestButtonKey, Localized>;
}
