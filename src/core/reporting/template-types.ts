import type { Localized } from '../i18n.js';

/**
 * Types of the reporting content in config/ (reporting-template.json, organisations.json,
 * validation-messages.json). They are plain TypeScript so that core code can import them without
 * pulling in zod; src/settings/reporting-template-schema.ts checks at compile time that its zod
 * schemas produce exactly these shapes.
 */

export const FIELD_TYPES = [
  'text',
  'longtext',
  'email',
  'url',
  'enum',
  'multiselect',
  'boolean',
  'money',
  'signedMoney',
  'moneyOrNotCalculated',
  'number',
  'date',
  'endDate',
  'deadlines',
  'sizeBandCosts',
  'textList',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Field types whose answer is free text and therefore needs a maxLength. */
export const TEXT_FIELD_TYPES: readonly FieldType[] = ['text', 'longtext', 'email', 'url'];
/** Field types that choose from a list. */
export const CHOICE_FIELD_TYPES: readonly FieldType[] = ['enum', 'multiselect'];

export const REQUIRED_MODES = ['always', 'conditional', 'optional'] as const;
export type RequiredMode = (typeof REQUIRED_MODES)[number];

/** Lists in organisations.json that a field can take its choices from. */
export const CHOICE_SOURCES = ['agencies', 'ministries'] as const;
export type ChoiceSource = (typeof CHOICE_SOURCES)[number];

/** Rules that cannot be pure data; each name is implemented in validate-group.ts. */
export const CHECK_NAMES = [
  'endNotBeforeStart',
  'deadlinesOrNotSet',
  'atLeastOneSizeBand',
  'atLeastOneOf',
  'dateNotPast',
  'dateNotFuture',
  'notCalculatedOnlyInConcept',
  'requiredAboveThreshold',
  'projectModelNoneWarning',
  'ksNotDiscussedWarning',
  'municipalStructureWarning',
  'totalCostBelowInvestmentWarning',
  'deadlineInPastWarning',
  'notDetectable',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_SEVERITIES = ['error', 'warning'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/** Computed report flags (reporting-template.md §8 item 5 and §5.1). */
export const REPORT_FLAGS = [
  'KS_IKKE_DROFTET',
  'KS_SENT_INVOLVERT',
  'SYSTEMENDRING_IKKE_VURDERT',
  'PROSESSENDRING_IKKE_VURDERT',
  'KOSTNAD_IKKE_VURDERT',
  'IKKE_FORDELT_PA_STORRELSE',
  'OBLIGATORISK_UTEN_FRIST',
  'UNDER_10_MNOK',
  'STRUKTURENDRING_IKKE_HANDTERT',
  'INVESTERING_IKKE_BEREGNET',
] as const;
export type ReportFlag = (typeof REPORT_FLAGS)[number];

export const ERROR_MESSAGE_KEYS = [
  'invalidSubmission',
  'required',
  'requiredBecause',
  'unknownKey',
  'forbiddenKey',
  'wrongType',
  'notAChoice',
  'exclusiveChoice',
  'tooManyItems',
  'tooLong',
  'tooShort',
  'itemTooLong',
  'invalidEmail',
  'urlNotHttps',
  'urlInvalid',
  'urlTooLong',
  'notABoolean',
  'notANumber',
  'numberNegative',
  'numberTooManyDecimals',
  'moneyNegative',
  'moneyRange',
  'moneyForeignCurrency',
  'moneyAmbiguous',
  'moneyNotANumber',
  'moneyTooLarge',
  'moneyFractionOfKrone',
  'dateUnrecognised',
  'dateAmbiguousSeason',
  'dateUnexplainedAbbreviation',
  'dateInvalid',
  'dateTokenNotAllowed',
  'dateOutOfRange',
  'endBeforeStart',
  'notCalculatedOnlyInConcept',
  'deadlineIncomplete',
  'deadlinesConflict',
  'deadlinesMissing',
  'sizeBandRequired',
  'atLeastOneOf',
  'dateMustBeFuture',
  'dateMustNotBeFuture',
  'requiredAboveThreshold',
] as const;
export type ErrorMessageKey = (typeof ERROR_MESSAGE_KEYS)[number];

export const NOTICE_MESSAGE_KEYS = [
  'htmlRemoved',
  'controlCharsRemoved',
  'moneyEcho',
  'largeAmountConfirm',
  'negativeValueConfirm',
  'twoDigitYearEcho',
  'numberLargeConfirm',
] as const;
export type NoticeMessageKey = (typeof NOTICE_MESSAGE_KEYS)[number];

export const WARNING_MESSAGE_KEYS = [
  'projectModelNone',
  'ksNotDiscussed',
  'municipalStructureNotReady',
  'totalCostBelowInvestment',
  'deadlineInPast',
] as const;
export type WarningMessageKey = (typeof WARNING_MESSAGE_KEYS)[number];

export const DISPLAY_TEXT_KEYS = [
  'notAnswered',
  'yes',
  'no',
  'notCalculated',
  'notClarified',
  'ongoing',
  'deadlinesNotSet',
  'deadlineMandatory',
  'exVat',
  'deadlineRow',
] as const;
export type DisplayTextKey = (typeof DISPLAY_TEXT_KEYS)[number];

export interface Choice {
  /** SCREAMING_SNAKE id stored in answers. */
  value: string;
  label: Localized;
  /** The choice cannot be combined with others in a multiselect (e.g. "Ingen"). */
  exclusive?: boolean;
}

export interface FieldDef {
  /** The id of reporting-template.md §3 (or a companion id such as `sizeDifferencesText`). */
  id: string;
  /** The §3 number (A1 …); companion fields add a letter (F7b). */
  code: string;
  type: FieldType;
  label: Localized;
  help?: Localized;
  required: RequiredMode;
  /** In code points, for text types and for deadline "what" texts. */
  minLength?: number;
  maxLength?: number;
  choices?: Choice[];
  /** enum/multiselect choices from organisations.json; `choices` are then extra entries (e.g. ANNEN). */
  choicesFrom?: ChoiceSource;
  /** multiselect / textList: most entries allowed (default limits.maxListItems). */
  maxItems?: number;
  /** textList: max code points per entry. */
  itemMaxLength?: number;
  /** deadlines: most rows on the card. */
  maxRows?: number;
  /** number: most decimals allowed. */
  decimals?: number;
  /** money / number: echo a confirmation notice above this value. */
  confirmAbove?: number;
}

export interface GroupDef {
  /** Stable kebab-case id; it is also the conversation step id. */
  id: string;
  code: string;
  title: Localized;
  intro?: Localized;
  fields: string[];
}

/** Matches only when `field` is answered. For multiselect answers, any selected value counts. */
export type ConditionPredicate = { field: string; in: string[] } | { field: string; notIn: string[] };

/** Pure-data rule: when `when` holds, every field in `require` must be answered. */
export interface RequireCondition {
  id: string;
  when: ConditionPredicate;
  require: string[];
  note?: string;
}

/** Rule implemented in code under `check`; `fields` lists every field it reads. */
export interface CheckCondition {
  id: string;
  check: CheckName;
  severity: CheckSeverity;
  when?: ConditionPredicate;
  fields: string[];
  note?: string;
}

export type ConditionDef = RequireCondition | CheckCondition;

export interface SizeBand {
  id: string;
  label: Localized;
  minInhabitants: number;
  /** null = no upper bound. */
  maxInhabitants: number | null;
}

export interface TemplateLimits {
  maxListItems: number;
  /** NOK; `aboveThreshold` = investmentCost strictly greater than this. */
  threshold: number;
  startDateMin: string;
  startDateMaxYearsAhead: number;
}

export interface ReportingTemplate {
  _note?: string;
  version: number;
  limits: TemplateLimits;
  sizeBands: SizeBand[];
  fields: FieldDef[];
  groups: GroupDef[];
  conditions: ConditionDef[];
}

export interface Agency {
  id: string;
  name: Localized;
  /** A ministry id from `ministries`. */
  ministry: string;
}

export interface Ministry {
  id: string;
  short: string;
  name: Localized;
}

export interface Organisations {
  _note?: string;
  agencies: Agency[];
  ministries: Ministry[];
}

export interface ValidationMessages {
  _note?: string;
  errors: Record<ErrorMessageKey, Localized>;
  notices: Record<NoticeMessageKey, Localized>;
  warnings: Record<WarningMessageKey, Localized>;
  flags: Record<ReportFlag, Localized>;
  display: Record<DisplayTextKey, Localized>;
}

export interface ReportingContent {
  template: ReportingTemplate;
  organisations: Organisations;
  messages: ValidationMessages;
}

export function isCheckCondition(c: ConditionDef): c is CheckCondition {
  return 'check' in c;
}
