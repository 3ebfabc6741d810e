import type { Localized } from './i18n.js';
import type { ReportState } from './reporting/report.js';

export const COMMAND_KEYS = ['newReport', 'myReports', 'continue', 'help'] as const;
export type CommandKey = (typeof COMMAND_KEYS)[number];

export const MESSAGE_KEYS = [
  'helpTitle', 'helpIntro', 'helpNewReport', 'helpMyReports', 'helpContinue', 'helpHelp', 'helpMergerRegister',
  'helpWhatNext', 'helpProgress', 'helpTopics', 'helpFooter',
  'unknownCommand', 'noDraft', 'otherDraftExists', 'resumed', 'untitled', 'notFound', 'notYours', 'staleCard',
  'alreadySubmitted', 'unknownAction', 'fixErrors', 'fixErrorsBeforeSubmit', 'progress', 'requiredMark',
  'conditionalMark', 'summaryTitle', 'summaryIntro', 'warningsTitle', 'submittedTitle', 'submittedBody',
  'flagsTitle', 'myReportsTitle', 'myReportsEmpty', 'reportLine', 'updateStarted', 'tryAgain', 'rateLimited',
  'possibleDuplicate', 'possibleDuplicateItem', 'possibleDuplicateDemo',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const BUTTON_KEYS = ['next', 'back', 'saveAndSummary', 'edit', 'submit', 'continue', 'update', 'newReport', 'myReports'] as const;
export type ButtonKey = (typeof BUTTON_KEYS)[number];

/** The bot's own texts (config/texts.json), validated at start so that every key exists in nb and en. */
export interface BotTexts {
  commands: Record<CommandKey, string[]>;
  messages: Record<MessageKey, Localized>;
  buttons: Record<ButtonKey, Localized>;
  states: Record<ReportState, Localized>;
  subInputs: Record<string, Localized>;
  yesNo: { true: Localized; false: Localized };
}
