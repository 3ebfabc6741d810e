import { pick, type Locale } from '../i18n.js';
import { formatPrecisionDate } from '../parsing/date-precision.js';
import { displayValue } from '../reporting/answer-display.js';
import { isAnswered, isDeadlinesValue, stringValues, type AnswerValue, type Answers } from '../reporting/answer-types.js';
import type { ReportRecord } from '../reporting/report.js';
import { choicesFor, findField } from '../reporting/template-lookup.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { costFiguresConfidential, shareableAnswers, shareableFields, shareableFlags } from './shareable-answers.js';

/*
 * An approved report as the overview shows it: only shareable answers (see shareable-answers.ts),
 * each with its label and plain-language value in one language, plus the computed flags.
 */

export interface Labelled {
  id: string;
  label: string;
}

export interface PublishedField {
  id: string;
  code: string;
  label: string;
  /** Plain text in the chosen language (displayValue); may contain line breaks. */
  text: string;
  /** The stored answer, for the JSON export. */
  value: AnswerValue;
}

export interface PublishedSection {
  id: string;
  code: string;
  title: string;
  fields: PublishedField[];
}

export interface PublishedDeadline {
  /** First and last day of the deadline's period (ISO). */
  start: string;
  end: string;
  dateText: string;
  what: string;
  mandatory: boolean;
}

export interface PublishedProject {
  projectId: string;
  version: number;
  /** ISO timestamp of the ministry's approval. */
  approvedAt?: string;
  sharingLevel: Labelled;
  name: string;
  shortName?: string;
  agency: Labelled;
  ministry: Labelled & { short: string };
  serviceAreas: Labelled[];
  phase?: Labelled;
  deadlines: PublishedDeadline[];
  flags: Labelled[];
  /** E-fields are left out (the ministry marked the cost figures budget-sensitive). */
  costFiguresConfidential: boolean;
  sections: PublishedSection[];
}

function choiceLabel(content: ReportingContent, fieldId: string, value: string, locale: Locale): string {
  const field = findField(content, fieldId);
  const choice = field ? choicesFor(field, content).find((c) => c.value === value) : undefined;
  return choice ? pick(choice.label, locale) : value;
}

function labelled(content: ReportingContent, fieldId: string, value: string, locale: Locale): Labelled {
  return { id: value, label: choiceLabel(content, fieldId, value, locale) };
}

function agencyOf(answers: Answers, content: ReportingContent, locale: Locale): Labelled {
  const id = typeof answers['agency'] === 'string' ? answers['agency'] : '';
  const other = answers['agencyOther'];
  if (id === 'ANNEN' && typeof other === 'string' && other.trim() !== '') return { id, label: other };
  return labelled(content, 'agency', id, locale);
}

function ministryOf(answers: Answers, content: ReportingContent, locale: Locale): Labelled & { short: string } {
  const id = typeof answers['owningMinistry'] === 'string' ? answers['owningMinistry'] : '';
  const ministry = content.organisations.ministries.find((m) => m.id === id);
  return ministry ? { id, short: ministry.short, label: pick(ministry.name, locale) } : { id, short: id, label: id };
}

function deadlinesOf(answers: Answers, locale: Locale): PublishedDeadline[] {
  const value = answers['municipalDeadlines'];
  if (!isDeadlinesValue(value)) return [];
  return value.entries
    .map((e) => ({ start: e.date.start, end: e.date.end, dateText: formatPrecisionDate(e.date, locale), what: e.what, mandatory: e.mandatory }))
    .sort((a, b) => a.end.localeCompare(b.end));
}

function sectionsOf(answers: Answers, content: ReportingContent, locale: Locale): PublishedSection[] {
  const shown = new Map(shareableFields(answers, content).map((f) => [f.id, f]));
  return content.template.groups
    .map((group) => ({
      id: group.id,
      code: group.code,
      title: pick(group.title, locale),
      fields: group.fields.flatMap((id) => {
        const field = shown.get(id);
        const value = answers[id];
        if (!field || value === undefined || !isAnswered(value)) return [];
        return [{ id, code: field.code, label: pick(field.label, locale), text: displayValue(field, value, locale, content), value }];
      }),
    }))
    .filter((section) => section.fields.length > 0);
}

function optionalText(answers: Answers, fieldId: string): string | undefined {
  const value = answers[fieldId];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The public view of one approved report version, in `locale`. */
export function toPublishedProject(report: ReportRecord, content: ReportingContent, locale: Locale): PublishedProject {
  const answers = shareableAnswers(report.answers, content);
  const level = report.decision?.sharingLevel ?? '';
  const phase = optionalText(answers, 'phase');
  const shortName = optionalText(answers, 'shortName');
  const approvedAt = report.approvedAt ?? report.decision?.at;
  const messages = content.messages.flags;
  return {
    projectId: report.projectId,
    version: report.reportVersion,
    ...(approvedAt ? { approvedAt: approvedAt.toISOString() } : {}),
    sharingLevel: labelled(content, 'sharingLevel', level, locale),
    name: optionalText(answers, 'projectName') ?? report.projectId,
    ...(shortName ? { shortName } : {}),
    agency: agencyOf(answers, content, locale),
    ministry: ministryOf(answers, content, locale),
    serviceAreas: stringValues(answers['serviceAreas']).map((v) => labelled(content, 'serviceAreas', v, locale)),
    ...(phase ? { phase: labelled(content, 'phase', phase, locale) } : {}),
    deadlines: deadlinesOf(answers, locale),
    flags: shareableFlags(report.answers, content).map((flag) => ({ id: flag, label: pick(messages[flag], locale) })),
    costFiguresConfidential: costFiguresConfidential(report.answers),
    sections: sectionsOf(answers, content, locale),
  };
}
