import { changedFields } from '../approval/report-facts.js';
import { pick, type Locale } from '../i18n.js';
import { addMonths } from '../overview/deadline-window.js';
import { shareableAnswers, shareableFields, shareableFlags } from '../overview/shareable-answers.js';
import { formatPrecisionDate } from '../parsing/date-precision.js';
import { displayValue } from '../reporting/answer-display.js';
import { isAnswered, isDeadlinesValue, stringValues, type Answers } from '../reporting/answer-types.js';
import type { ReportRecord } from '../reporting/report.js';
import { findField } from '../reporting/template-lookup.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { parseHttpsUrl } from '../text/sanitize.js';
import type { DigestTexts } from './digest-texts.js';

/*
 * A published report version as the digest shows it (reporting-template.md §8.3): only shareable
 * answers (the E-fields are gone when the cost figures are confidential), every value in plain
 * language, "ikke oppgitt" where the report says nothing. Every number comes from the record.
 */

const MAX_VALUE = 500;
const MAX_DEADLINE_LINES = 6;
const QUALITATIVE_MAX = 300;

export interface DigestFact {
  title: string;
  value: string;
}

export interface DigestDeadline {
  start: string;
  end: string;
  dateText: string;
  what: string;
  mandatory: boolean;
}

/** The few facts a calendar, a filter or a question needs, from the shareable answers. */
export interface ProjectFacts {
  projectId: string;
  reportId: string;
  name: string;
  serviceAreas: string[];
  ministry?: string;
  deadlines: DigestDeadline[];
  ksDiscussed?: string;
  approvedAt?: Date;
}

export interface ViewContext {
  content: ReportingContent;
  texts: DigestTexts;
  locale: Locale;
  /** YYYY-MM-DD of the digest (deadline flags count from it). */
  today: string;
  soonMonths: number;
}

const clip = (text: string, max = MAX_VALUE): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function text(answers: Answers, id: string): string | undefined {
  const v = answers[id];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The answer as plain text in the context's language; undefined when not answered. */
export function shown(ctx: ViewContext, answers: Answers, fieldId: string): string | undefined {
  const field = findField(ctx.content, fieldId);
  const value = answers[fieldId];
  if (!field || value === undefined || !isAnswered(value)) return undefined;
  return displayValue(field, value, ctx.locale, ctx.content);
}

const notGiven = (ctx: ViewContext): string => ctx.texts.messages.notGiven[ctx.locale];
const label = (ctx: ViewContext, key: keyof DigestTexts['labels']): string => ctx.texts.labels[key][ctx.locale];

export function displayName(answers: Answers, fallback: string): string {
  const name = text(answers, 'projectName') ?? fallback;
  const short = text(answers, 'shortName');
  return short ? `${name} (${short})` : name;
}

export function deadlinesOf(answers: Answers, locale: Locale): DigestDeadline[] {
  const value = answers['municipalDeadlines'];
  if (!isDeadlinesValue(value)) return [];
  return value.entries
    .map((e) => ({ start: e.date.start, end: e.date.end, dateText: formatPrecisionDate(e.date, locale), what: e.what, mandatory: e.mandatory }))
    .sort((a, b) => a.end.localeCompare(b.end));
}

/** Filter, calendar and question facts of an approved version; nothing outside the shareable answers. */
export function projectFacts(report: ReportRecord, content: ReportingContent, locale: Locale): ProjectFacts {
  const answers = shareableAnswers(report.answers, content);
  const ministry = text(answers, 'owningMinistry');
  const ks = text(answers, 'ksDiscussed');
  return {
    projectId: report.projectId,
    reportId: report._id,
    name: displayName(answers, report.projectId),
    serviceAreas: stringValues(answers['serviceAreas']),
    ...(ministry ? { ministry } : {}),
    deadlines: deadlinesOf(answers, locale),
    ...(ks ? { ksDiscussed: ks } : {}),
    ...(report.approvedAt ? { approvedAt: report.approvedAt } : {}),
  };
}

function ministryName(ctx: ViewContext, answers: Answers): string | undefined {
  const id = text(answers, 'owningMinistry');
  const ministry = ctx.content.organisations.ministries.find((m) => m.id === id);
  return ministry ? pick(ministry.name, ctx.locale) : id;
}

function agencyMinistry(ctx: ViewContext, a: Answers): string {
  const agency = text(a, 'agency') === 'ANNEN' ? text(a, 'agencyOther') : shown(ctx, a, 'agency');
  const parts = [agency ?? notGiven(ctx), ministryName(ctx, a) ?? notGiven(ctx)];
  return parts.join(' → ');
}

function joined(ctx: ViewContext, a: Answers, ids: string[], sep: string): string {
  const parts = ids.map((id) => shown(ctx, a, id)).filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(sep) : notGiven(ctx);
}

function timeline(ctx: ViewContext, a: Answers): string {
  return `${shown(ctx, a, 'startDate') ?? notGiven(ctx)} → ${shown(ctx, a, 'plannedEnd') ?? notGiven(ctx)}`;
}

export function deadlineLines(ctx: ViewContext, a: Answers): string {
  const value = a['municipalDeadlines'];
  if (isDeadlinesValue(value) && value.entries.length === 0 && value.notSet) return label(ctx, 'deadlinesNotSet');
  const list = deadlinesOf(a, ctx.locale);
  if (list.length === 0) return notGiven(ctx);
  const mandatory = ctx.texts.messages.mandatory[ctx.locale];
  const lines = list.slice(0, MAX_DEADLINE_LINES).map((d) => `${d.dateText}: ${clip(d.what, 200)}${d.mandatory ? ` (${mandatory})` : ''}`);
  const more = list.length - lines.length;
  return [...lines, ...(more > 0 ? [`+${more}`] : [])].join('\n');
}

function labelled(ctx: ViewContext, key: keyof DigestTexts['labels'], value: string | undefined): string | undefined {
  return value === undefined ? undefined : `${label(ctx, key)}: ${value}`;
}

function municipalCosts(ctx: ViewContext, a: Answers): string {
  if (text(a, 'municipalCostAssessed') === 'NEI') return label(ctx, 'notAssessed');
  const parts = [
    labelled(ctx, 'oneOff', shown(ctx, a, 'municipalCostOneOff')),
    labelled(ctx, 'annual', shown(ctx, a, 'municipalCostAnnual')),
    labelled(ctx, 'bySize', shown(ctx, a, 'municipalCostBySize')),
    labelled(ctx, 'basis', shown(ctx, a, 'costBasis')),
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('; ') : notGiven(ctx);
}

function stateInvestment(ctx: ViewContext, original: Answers, a: Answers): string {
  if (original['costFiguresConfidential'] === true) return label(ctx, 'costsConfidential');
  return shown(ctx, a, 'investmentCost') ?? notGiven(ctx);
}

function benefits(ctx: ViewContext, a: Answers): string {
  if (text(a, 'benefitsAssessed') === 'NEI') return label(ctx, 'notAssessed');
  const money = shown(ctx, a, 'economicBenefitNok');
  const fte = shown(ctx, a, 'fteBenefit');
  const qualitative = text(a, 'qualitativeBenefits');
  const parts = [
    money === undefined ? undefined : `${money} ${label(ctx, 'perYear')}`,
    fte === undefined ? undefined : `${fte} ${label(ctx, 'fte')}`,
    qualitative === undefined ? undefined : clip(qualitative, QUALITATIVE_MAX),
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('; ') : notGiven(ctx);
}

function withDetail(ctx: ViewContext, a: Answers, main: string, detail: string): string {
  const m = shown(ctx, a, main);
  const d = shown(ctx, a, detail);
  if (m === undefined) return notGiven(ctx);
  return d === undefined ? m : `${m} (${d})`;
}

function ksInvolved(ctx: ViewContext, a: Answers): string {
  const answer = text(a, 'ksDiscussed');
  if (answer === 'JA') {
    const phase = shown(ctx, a, 'ksFirstContactPhase');
    return phase ? pick(ctx.texts.labels.ksFromPhase, ctx.locale, { phase: phase.toLowerCase() }) : shown(ctx, a, 'ksDiscussed') ?? notGiven(ctx);
  }
  if (answer === 'PLANLAGT') return pick(ctx.texts.labels.ksPlanned, ctx.locale, { date: shown(ctx, a, 'ksFirstContactDate') ?? notGiven(ctx) });
  return shown(ctx, a, 'ksDiscussed') ?? notGiven(ctx);
}

function contact(ctx: ViewContext, a: Answers): string {
  const parts = [text(a, 'contactName'), text(a, 'contactEmail')].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : notGiven(ctx);
}

/** A deadline of the project ends within `soonMonths` of today (FRIST_INNEN_6_MND). */
export function deadlineSoon(deadlines: readonly DigestDeadline[], today: string, soonMonths: number): boolean {
  const limit = addMonths(today, soonMonths);
  return deadlines.some((d) => d.end >= today && d.end <= limit);
}

/** The §8 flags as short labels, computed from the shareable answers only. */
export function flagLabels(ctx: ViewContext, report: ReportRecord): string[] {
  const flags = shareableFlags(report.answers, ctx.content).map((f) => pick(ctx.content.messages.flags[f], ctx.locale));
  const soon = deadlineSoon(deadlinesOf(report.answers, ctx.locale), ctx.today, ctx.soonMonths);
  return soon ? [...flags, pick(ctx.texts.labels.flagDeadlineSoon, ctx.locale, { months: ctx.soonMonths })] : flags;
}

/** The facts of a project card (§8.3), in that order. */
export function projectCardFacts(ctx: ViewContext, report: ReportRecord): DigestFact[] {
  const a = shareableAnswers(report.answers, ctx.content);
  const facts: [keyof DigestTexts['labels'], string][] = [
    ['agencyMinistry', agencyMinistry(ctx, a)],
    ['phaseStatus', joined(ctx, a, ['phase', 'decisionStatus'], ' · ')],
    ['timeline', timeline(ctx, a)],
    ['serviceAreas', shown(ctx, a, 'serviceAreas') ?? notGiven(ctx)],
    ['municipalities', withDetail(ctx, a, 'affectedMunicipalities', 'affectedMunicipalitiesText')],
    ['adoption', shown(ctx, a, 'adoptionType') ?? notGiven(ctx)],
    ['deadlines', deadlineLines(ctx, a)],
    ['municipalCosts', municipalCosts(ctx, a)],
    ['stateInvestment', stateInvestment(ctx, report.answers, a)],
    ['benefits', benefits(ctx, a)],
    ['systemChanges', withDetail(ctx, a, 'systemChanges', 'affectedSystems')],
    ['processChanges', shown(ctx, a, 'processChanges') ?? notGiven(ctx)],
    ['sizeDifferences', shown(ctx, a, 'sizeDifferences') ?? notGiven(ctx)],
    ['ksInvolved', ksInvolved(ctx, a)],
    ['involvement', withDetail(ctx, a, 'municipalitiesInvolved', 'involvementForms')],
    ['nationalComponents', shown(ctx, a, 'nationalComponents') ?? notGiven(ctx)],
    ['contact', contact(ctx, a)],
  ];
  return facts.map(([key, value]) => ({ title: label(ctx, key), value: clip(value) }));
}

/** The project page link (https only), shown by its domain. */
export function projectLink(answers: Answers): { url: string; domain: string } | undefined {
  const url = text(answers, 'projectUrl');
  if (!url) return undefined;
  const parsed = parseHttpsUrl(url);
  return parsed.ok ? { url: parsed.url, domain: parsed.domain } : undefined;
}

/** Fields shown in "før → nå": material, and shareable in the version shown now. */
export function materialChanges(ctx: ViewContext, before: ReportRecord, now: ReportRecord, material: readonly string[]): { changes: DigestFact[]; others: string[] } {
  const visibleNow = new Set(shareableFields(now.answers, ctx.content).map((f) => f.id));
  const visibleBefore = new Set(shareableFields(before.answers, ctx.content).map((f) => f.id));
  const changed = new Set(changedFields(before.answers, now.answers, []).map((c) => c.field));
  const changes: DigestFact[] = [];
  const others: string[] = [];
  for (const field of ctx.content.template.fields) {
    if (!visibleNow.has(field.id) || !changed.has(field.id)) continue;
    const fieldLabel = pick(field.label, ctx.locale);
    if (!material.includes(field.id)) {
      others.push(fieldLabel);
      continue;
    }
    const beforeText = visibleBefore.has(field.id) ? shownOrNotGiven(ctx, before.answers, field.id) : ctx.texts.messages.notShared[ctx.locale];
    changes.push({ title: fieldLabel, value: `${clip(beforeText, 240)} → ${clip(shownOrNotGiven(ctx, now.answers, field.id), 240)}` });
  }
  return { changes, others };
}

function shownOrNotGiven(ctx: ViewContext, answers: Answers, fieldId: string): string {
  return shown(ctx, answers, fieldId) ?? notGiven(ctx);
}

/** Whether a material field that is shareable in `now` changed against `before` (no texts needed). */
export function hasMaterialChange(content: ReportingContent, before: ReportRecord, now: ReportRecord, material: readonly string[]): boolean {
  const visibleNow = new Set(shareableFields(now.answers, content).map((f) => f.id));
  return changedFields(before.answers, now.answers, []).some((c) => material.includes(c.field) && visibleNow.has(c.field));
}
