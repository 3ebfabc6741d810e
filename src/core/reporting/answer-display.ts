import { pick, type Locale } from '../i18n.js';
import { formatPrecisionDate } from '../parsing/date-precision.js';
import { formatNok } from '../parsing/nok.js';
import {
  isAnswered,
  isDeadlinesValue,
  isMoneyValue,
  isObject,
  isPrecisionDate,
  isTokenValue,
  type AnswerValue,
  type DeadlinesValue,
  type MoneyValue,
  type SizeBandCosts,
} from './answer-types.js';
import { choicesFor, inputIdSuffix, listInputText } from './template-lookup.js';
import type { FieldDef, ReportingContent } from './template-types.js';
import { displayText } from './validation-messages.js';

/*
 * Stored answers shown back to the user: as plain text on the summary card (displayValue) and
 * as the strings that prefill a card's inputs (rawInputValue).
 */

export function formatNumber(value: number, locale: Locale): string {
  return value.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 6 });
}

function choiceLabel(field: FieldDef, value: string, locale: Locale, content: ReportingContent): string {
  const choice = choicesFor(field, content).find((c) => c.value === value);
  return choice ? pick(choice.label, locale) : value;
}

function moneyText(value: MoneyValue, locale: Locale, content: ReportingContent): string {
  const amount = formatNok(value.amount, locale);
  return value.exVat ? `${amount} (${displayText(content, locale, 'exVat')})` : amount;
}

function tokenText(token: string, locale: Locale, content: ReportingContent): string {
  if (token === 'IKKE_BEREGNET') return displayText(content, locale, 'notCalculated');
  if (token === 'IKKE_AVKLART') return displayText(content, locale, 'notClarified');
  if (token === 'LOPENDE') return displayText(content, locale, 'ongoing');
  return token;
}

function deadlinesText(value: DeadlinesValue, locale: Locale, content: ReportingContent): string {
  if (value.entries.length === 0) return displayText(content, locale, 'deadlinesNotSet');
  return value.entries
    .map((e) => {
      const binding = e.mandatory ? ` (${displayText(content, locale, 'deadlineMandatory')})` : '';
      return `${formatPrecisionDate(e.date, locale)}: ${e.what}${binding}`;
    })
    .join('\n');
}

function sizeBandsText(value: SizeBandCosts, locale: Locale, content: ReportingContent): string {
  return content.template.sizeBands
    .filter((b) => value[b.id] !== undefined)
    .map((b) => `${pick(b.label, locale)}: ${moneyText(value[b.id] as MoneyValue, locale, content)}`)
    .join('; ');
}

function objectText(field: FieldDef, value: AnswerValue, locale: Locale, content: ReportingContent): string {
  if (isTokenValue(value)) return tokenText(value.token, locale, content);
  if (isMoneyValue(value)) return moneyText(value, locale, content);
  if (isPrecisionDate(value)) return formatPrecisionDate(value, locale);
  if (isDeadlinesValue(value)) return deadlinesText(value, locale, content);
  if (field.type === 'sizeBandCosts') return sizeBandsText(value as SizeBandCosts, locale, content);
  return '';
}

function listText(field: FieldDef, values: string[], locale: Locale, content: ReportingContent): string {
  return field.type === 'multiselect' ? values.map((v) => choiceLabel(field, v, locale, content)).join(', ') : values.join(', ');
}

/** Plain text for the summary card; "Ikke besvart" / "Not answered" when missing. */
export function displayValue(field: FieldDef, value: AnswerValue | undefined, locale: Locale, content: ReportingContent): string {
  if (value === undefined || !isAnswered(value)) return displayText(content, locale, 'notAnswered');
  if (typeof value === 'boolean') return displayText(content, locale, value ? 'yes' : 'no');
  if (typeof value === 'number') return formatNumber(value, locale);
  if (typeof value === 'string') return field.type === 'enum' ? choiceLabel(field, value, locale, content) : value;
  if (Array.isArray(value)) return listText(field, value, locale, content);
  return objectText(field, value, locale, content);
}

// ---------------------------------------------------------------------------------------------
// Prefill

function deadlineInputValue(value: AnswerValue, suffix: string[]): string {
  if (!isDeadlinesValue(value)) return '';
  const [first = '', part = ''] = suffix;
  if (first === 'notSet') return String(value.notSet);
  const entry = value.entries[Number(first) - 1];
  if (!entry) return part === 'mandatory' ? 'false' : '';
  if (part === 'date') return entry.date.raw;
  if (part === 'what') return entry.what;
  return part === 'mandatory' ? String(entry.mandatory) : '';
}

function sizeBandInputValue(value: AnswerValue, band: string | undefined): string {
  if (!isObject(value) || band === undefined) return '';
  const money = value[band];
  return isMoneyValue(money) ? money.raw : '';
}

/** The string to prefill the input `inputId` with, from a stored answer. */
export function rawInputValue(field: FieldDef, value: AnswerValue | undefined, inputId: string): string {
  if (value === undefined) return '';
  const suffix = inputIdSuffix(inputId);
  if (field.type === 'deadlines') return deadlineInputValue(value, suffix);
  if (field.type === 'sizeBandCosts') return sizeBandInputValue(value, suffix[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return listInputText(field, value);
  if (isTokenValue(value) || isMoneyValue(value) || isPrecisionDate(value)) return value.raw;
  return '';
}
