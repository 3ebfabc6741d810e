import type { MessageEvent } from '../events.js';
import { pick, type Locale } from '../i18n.js';
import type { OutboundIntent } from '../outbound.js';
import type { ReportRecord } from '../reporting/report.js';
import { MAX_COMMAND_LENGTH } from '../conversation/commands.js';
import { deadlineCalendar } from './deadline-calendar.js';
import { areaNames, listCard, message, type DigestChatDeps } from './digest-chat-context.js';
import { localDay } from './digest-composer.js';
import { DIGEST_QUESTION_KEYS, type DigestQuestionKey, type DigestTexts } from './digest-texts.js';
import type { Subscription } from './digest-types.js';
import { materialChanges, projectFacts, shown, type ProjectFacts, type ViewContext } from './project-view.js';
import { PublicationTimeline } from './publication-timeline.js';
import { areasNamedIn, matchesFilters, normaliseWords, type FilterVocabulary } from './subscription-filter.js';

/*
 * Follow-up questions in a subscribed conversation, answered only from the published, shareable
 * records (the overview's set, filtered in the database): new projects, changed projects,
 * deadlines in the next N months, projects not discussed with KS. Where a record says nothing the
 * answer says "ikke oppgitt"; nothing is estimated. "helse og velferd" = Helse og omsorg ∪ Velferd
 * (reporting-template.md §4.2), through the configured area words.
 */

export interface DigestQuestion {
  key: DigestQuestionKey;
  /** Areas named in the question; empty = the subscription's filters. */
  areas: string[];
  months?: number;
}

function monthsIn(words: string[], texts: DigestTexts): number | undefined {
  const monthWords = new Set(texts.monthWords.flatMap(normaliseWords));
  for (let i = 0; i + 1 < words.length; i += 1) {
    const n = Number(words[i]);
    if (Number.isInteger(n) && n > 0 && n <= 36 && monthWords.has(words[i + 1] ?? '')) return n;
  }
  return undefined;
}

/** A digest question, when every keyword group of one question occurs in the text. */
export function recognizeQuestion(raw: string, texts: DigestTexts, vocabulary: FilterVocabulary): DigestQuestion | undefined {
  if (raw.length > MAX_COMMAND_LENGTH) return undefined;
  const words = normaliseWords(raw);
  const present = new Set(words);
  const key = DIGEST_QUESTION_KEYS.find((k) => texts.questions[k].every((group) => group.some((w) => normaliseWords(w).every((x) => present.has(x)))));
  if (!key) return undefined;
  const months = monthsIn(words, texts);
  return { key, areas: areasNamedIn(raw, vocabulary), ...(months === undefined ? {} : { months }) };
}

interface AnswerContext {
  deps: DigestChatDeps;
  locale: Locale;
  view: ViewContext;
  filters: Subscription['filters'];
  records: ReportRecord[];
  facts: ProjectFacts[];
}

async function answerContext(deps: DigestChatDeps, event: MessageEvent, question: DigestQuestion, sub: Subscription): Promise<AnswerContext> {
  const filters = question.areas.length > 0 ? { serviceAreas: question.areas, ministries: [] } : sub.filters;
  const records = await deps.published.listPublished({ serviceAreas: filters.serviceAreas, ministries: filters.ministries, sharingLevels: deps.settings.content.sharingLevels });
  const locale = event.locale;
  const view = { content: deps.content, texts: deps.settings.texts, locale, today: localDay(deps.clock.now(), deps.settings.schedule.timezone), soonMonths: deps.settings.content.soonMonths };
  const facts = records.map((r) => projectFacts(r, deps.content, locale)).filter((f) => matchesFilters(filters, f));
  return { deps, locale, view, filters, records, facts };
}

function capped(ctx: AnswerContext, lines: string[]): string[] {
  const max = ctx.deps.settings.content.answerMaxProjects;
  return lines.length > max ? [...lines.slice(0, max), message(ctx.deps, 'answerMore', ctx.locale, { count: lines.length - max })] : lines;
}

function scope(ctx: AnswerContext): string {
  return ctx.filters.serviceAreas.length > 0 ? message(ctx.deps, 'answerAreas', ctx.locale, { areas: areaNames(ctx.deps, ctx.filters.serviceAreas, ctx.locale) }) : '';
}

function answer(ctx: AnswerContext, title: string, lines: string[], none: string): OutboundIntent[] {
  const body = lines.length > 0 ? capped(ctx, lines) : [none];
  return [listCard(title, [scope(ctx), ...body].filter((l) => l !== ''), [], message(ctx.deps, 'answerSource', ctx.locale))];
}

function projectLine(ctx: AnswerContext, record: ReportRecord, facts: ProjectFacts): string {
  const notGiven = message(ctx.deps, 'notGiven', ctx.locale);
  const phase = shown(ctx.view, record.answers, 'phase') ?? notGiven;
  const next = facts.deadlines.find((d) => d.end >= ctx.view.today);
  const deadline = next ? `${next.dateText}: ${next.what}` : notGiven;
  return `${facts.name} – ${phase} · ${pick(ctx.deps.settings.texts.labels.deadlines, ctx.locale)}: ${deadline}`;
}

async function timeline(deps: DigestChatDeps): Promise<PublicationTimeline> {
  const max = await deps.service.publications.sync();
  return new PublicationTimeline(await deps.service.publications.listUpTo(max), deps.settings.content.sharingLevels);
}

async function newProjects(ctx: AnswerContext): Promise<OutboundIntent[]> {
  const since = new Date(ctx.deps.clock.now().getTime() - ctx.deps.settings.content.newWithinDays * 86_400_000);
  const t = await timeline(ctx.deps);
  const lines = ctx.records
    .map((r, i) => ({ r, f: ctx.facts[i] }))
    .filter((x): x is { r: ReportRecord; f: ProjectFacts } => x.f !== undefined && (t.firstSharedAt(x.r.projectId)?.getTime() ?? 0) >= since.getTime())
    .map((x) => projectLine(ctx, x.r, x.f));
  const days = ctx.deps.settings.content.newWithinDays;
  return answer(ctx, message(ctx.deps, 'newAnswerTitle', ctx.locale, { days }), lines, message(ctx.deps, 'newAnswerNone', ctx.locale, { days }));
}

async function changedProjects(ctx: AnswerContext): Promise<OutboundIntent[]> {
  const since = ctx.deps.clock.now().getTime() - ctx.deps.settings.content.newWithinDays * 86_400_000;
  const t = await timeline(ctx.deps);
  const pairs = ctx.records.flatMap((now) => {
    const state = t.stateAt(now.projectId, Number.MAX_SAFE_INTEGER);
    const before = state ? t.stateAt(now.projectId, state.seq - 1) : undefined;
    return state && before && (now.approvedAt?.getTime() ?? 0) >= since ? [{ now, beforeId: before.reportId }] : [];
  });
  const befores = new Map((await ctx.deps.service.versions.findVersions(pairs.map((p) => p.beforeId))).map((r) => [r._id, r]));
  const lines = pairs.flatMap(({ now, beforeId }) => {
    const before = befores.get(beforeId);
    if (!before) return [];
    const { changes } = materialChanges(ctx.view, before, now, ctx.deps.settings.content.materialFields);
    return changes.length > 0 ? [`${projectFacts(now, ctx.deps.content, ctx.locale).name}: ${changes.map((c) => `${c.title} ${c.value}`).join('; ')}`] : [];
  });
  const days = ctx.deps.settings.content.newWithinDays;
  return answer(ctx, message(ctx.deps, 'changedAnswerTitle', ctx.locale, { days }), lines, message(ctx.deps, 'changedAnswerNone', ctx.locale, { days }));
}

function deadlines(ctx: AnswerContext, months: number): OutboundIntent[] {
  const mandatory = message(ctx.deps, 'mandatory', ctx.locale);
  const lines = deadlineCalendar(ctx.facts, ctx.view.today, months).flatMap((m) =>
    m.entries.map((e) => message(ctx.deps, 'calendarLine', ctx.locale, { date: e.deadline.dateText, name: e.name, what: e.deadline.what }) + (e.deadline.mandatory ? ` (${mandatory})` : '')),
  );
  return answer(ctx, message(ctx.deps, 'deadlinesAnswerTitle', ctx.locale, { months }), lines, message(ctx.deps, 'deadlinesAnswerNone', ctx.locale, { months }));
}

function ksNotDiscussed(ctx: AnswerContext): OutboundIntent[] {
  const names = (value: string | undefined) => ctx.facts.filter((f) => f.ksDiscussed === value).map((f) => f.name);
  const planned = names('PLANLAGT');
  const missing = names(undefined);
  const extra = [
    ...(planned.length > 0 ? [message(ctx.deps, 'ksAnswerPlanned', ctx.locale, { names: planned.join(', ') })] : []),
    ...(missing.length > 0 ? [message(ctx.deps, 'ksAnswerNotGiven', ctx.locale, { names: missing.join(', ') })] : []),
  ];
  const none = message(ctx.deps, 'ksAnswerNone', ctx.locale);
  const notDiscussed = names('NEI');
  return answer(ctx, message(ctx.deps, 'ksAnswerTitle', ctx.locale), [...(notDiscussed.length > 0 ? notDiscussed : [none]), ...extra], none);
}

export async function answerQuestion(deps: DigestChatDeps, event: MessageEvent, question: DigestQuestion, sub: Subscription): Promise<OutboundIntent[]> {
  const ctx = await answerContext(deps, event, question, sub);
  switch (question.key) {
    case 'newProjects':
      return newProjects(ctx);
    case 'changedProjects':
      return changedProjects(ctx);
    case 'deadlines':
      return deadlines(ctx, question.months ?? deps.settings.content.soonMonths);
    case 'ksNotDiscussed':
      return ksNotDiscussed(ctx);
  }
}
