import { pick, type Locale } from '../i18n.js';
import { card, type CardIntent } from '../outbound.js';
import { choicesFor, findField } from '../reporting/template-lookup.js';
import type { ReportRecord } from '../reporting/report.js';
import type { CalendarMonth } from './deadline-calendar.js';
import type { DigestContentSettings } from './digest-settings.js';
import type { DigestTexts } from './digest-texts.js';
import type { DigestCounts, SubscriptionFilters } from './digest-types.js';
import type { HiddenReason } from './publication-timeline.js';
import { displayName, flagLabels, materialChanges, projectCardFacts, projectLink, type DigestFact, type ViewContext } from './project-view.js';

/*
 * The digest as card models (reporting-template.md §8 layout): a summary card first (period,
 * counts, overview link, the deadline calendar, withdrawn projects, or the one line of an empty
 * week), then pages of project cards, new ones before changed ones. Pages are cut so that every
 * message stays within the platform's size budget, measured by the channel.
 */

export const OVERVIEW_PATH = '/overview';

export interface ChangedProject {
  before: ReportRecord;
  now: ReportRecord;
}

export interface WithdrawnProject {
  projectId: string;
  name: string;
  reason: HiddenReason;
}

export interface DigestContent {
  periodFrom: Date;
  periodTo: Date;
  newProjects: ReportRecord[];
  changed: ChangedProject[];
  withdrawn: WithdrawnProject[];
  calendar: CalendarMonth[];
}

export interface Link {
  title: string;
  url: string;
}

export interface DigestSummaryModel {
  title: string;
  period: string;
  counts: string;
  emptyWeek: string;
  overview: string;
  link?: Link;
  calendarTitle: string;
  calendarNone: string;
  months: { title: string; flag: string; lines: string[] }[];
  withdrawnTitle: string;
  withdrawn: string[];
  footer: string;
}

export interface DigestProjectModel {
  name: string;
  kind: 'new' | 'changed';
  facts: DigestFact[];
  changesTitle: string;
  changes: DigestFact[];
  others: string;
  flags: string;
  links: Link[];
}

export interface DigestProjectsModel {
  title: string;
  projects: DigestProjectModel[];
  more: string;
  link?: Link;
}

export interface CardContext extends ViewContext {
  settings: DigestContentSettings;
  timezone: string;
  publicBaseUrl?: string;
  filters: SubscriptionFilters;
  /** Size of a card as one message, as the platform counts it. */
  measure(card: CardIntent): number;
  maxBytes: number;
}

const msg = (ctx: CardContext, key: keyof DigestTexts['messages'], params?: Record<string, string | number>): string => pick(ctx.texts.messages[key], ctx.locale, params);

export function formatDay(at: Date, locale: Locale, timezone: string): string {
  const opts: Intl.DateTimeFormatOptions = locale === 'nb' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { ...opts, timeZone: timezone }).format(at);
}

function monthTitle(month: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function areaLabel(ctx: CardContext, area: string): string {
  const field = findField(ctx.content, 'serviceAreas');
  const choice = field ? choicesFor(field, ctx.content).find((c) => c.value === area) : undefined;
  return choice ? pick(choice.label, ctx.locale) : area;
}

/** The overview address with the subscription's filters, or undefined without PUBLIC_BASE_URL. */
export function overviewUrl(ctx: Pick<CardContext, 'publicBaseUrl' | 'filters' | 'locale'>, path = OVERVIEW_PATH): string | undefined {
  if (!ctx.publicBaseUrl) return undefined;
  const params = new URLSearchParams();
  if (path === OVERVIEW_PATH) {
    ctx.filters.serviceAreas.forEach((a) => params.append('area', a));
    ctx.filters.ministries.forEach((m) => params.append('ministry', m));
  }
  params.set('lang', ctx.locale);
  return `${ctx.publicBaseUrl}${path}?${params.toString()}`;
}

function overviewLink(ctx: CardContext): Link | undefined {
  const url = overviewUrl(ctx);
  return url ? { title: ctx.texts.buttons.openOverview[ctx.locale], url } : undefined;
}

function calendarMonths(ctx: CardContext, calendar: CalendarMonth[], perMonth: number): DigestSummaryModel['months'] {
  const mandatory = msg(ctx, 'mandatory');
  return calendar.map((m) => {
    const lines = m.entries.slice(0, perMonth).map((e) =>
      msg(ctx, 'calendarLine', { date: e.deadline.dateText, name: e.name, what: e.deadline.what.slice(0, 160) }) + (e.deadline.mandatory ? ` (${mandatory})` : ''),
    );
    const more = m.entries.length - lines.length;
    const flag = m.crowded.map((c) => msg(ctx, 'calendarFlag', { area: areaLabel(ctx, c.area), count: c.projects })).join(' ');
    return { title: monthTitle(m.month, ctx.locale), flag, lines: more > 0 ? [...lines, msg(ctx, 'calendarMore', { count: more })] : lines };
  });
}

const WITHDRAWN_SHOWN = 20;

function summaryModel(ctx: CardContext, content: DigestContent, counts: DigestCounts, perMonth: number): DigestSummaryModel {
  const empty = counts.newProjects + counts.changed + counts.withdrawn === 0;
  const link = overviewLink(ctx);
  const withdrawn = content.withdrawn.slice(0, WITHDRAWN_SHOWN).map((w) => msg(ctx, 'withdrawnLine', { name: w.name, reason: w.reason === 'withdrawn' ? '' : msg(ctx, 'notShared') }).trim());
  const more = content.withdrawn.length - withdrawn.length;
  return {
    title: msg(ctx, 'digestTitle'),
    period: msg(ctx, 'period', { from: formatDay(content.periodFrom, ctx.locale, ctx.timezone), to: formatDay(content.periodTo, ctx.locale, ctx.timezone) }),
    counts: empty ? '' : msg(ctx, 'counts', { new: counts.newProjects, changed: counts.changed, withdrawn: counts.withdrawn }),
    emptyWeek: empty ? msg(ctx, 'emptyWeek') : '',
    overview: link ? '' : msg(ctx, 'overviewPath', { path: OVERVIEW_PATH }),
    ...(link ? { link } : {}),
    calendarTitle: msg(ctx, 'calendarTitle', { months: ctx.settings.calendarMonths }),
    calendarNone: content.calendar.length === 0 ? msg(ctx, 'calendarNone') : '',
    months: calendarMonths(ctx, content.calendar, perMonth),
    withdrawnTitle: content.withdrawn.length > 0 ? msg(ctx, 'withdrawnTitle') : '',
    withdrawn: more > 0 ? [...withdrawn, msg(ctx, 'withdrawnMore', { count: more })] : withdrawn,
    footer: msg(ctx, 'footer'),
  };
}

/** The summary card, with fewer calendar lines per month until it fits the budget. */
export function summaryCard(ctx: CardContext, content: DigestContent, counts: DigestCounts): CardIntent {
  for (let perMonth = ctx.settings.calendarMaxLinesPerMonth; ; perMonth = Math.floor(perMonth / 2)) {
    const model = summaryModel(ctx, content, counts, perMonth);
    if (perMonth <= 1) model.months = model.months.slice(0, Math.max(1, Math.floor(model.months.length / 2)));
    const intent = card('digest-summary', model);
    if (ctx.measure(intent) <= ctx.maxBytes || perMonth <= 1) return intent;
  }
}

function projectLinks(ctx: CardContext, report: ReportRecord): Link[] {
  const page = projectLink(report.answers);
  const overview = overviewUrl(ctx, `${OVERVIEW_PATH}/projects/${encodeURIComponent(report.projectId)}`);
  return [
    ...(overview ? [{ title: ctx.texts.buttons.openOverview[ctx.locale], url: overview }] : []),
    ...(page ? [{ title: msg(ctx, 'openProject', { domain: page.domain }), url: page.url }] : []),
  ];
}

export function newProjectModel(ctx: CardContext, report: ReportRecord): DigestProjectModel {
  return {
    name: displayName(report.answers, report.projectId),
    kind: 'new',
    facts: projectCardFacts(ctx, report),
    changesTitle: '',
    changes: [],
    others: '',
    flags: flagLabels(ctx, report).join(' · '),
    links: projectLinks(ctx, report),
  };
}

export function changedProjectModel(ctx: CardContext, change: ChangedProject): DigestProjectModel {
  const { changes, others } = materialChanges(ctx, change.before, change.now, ctx.settings.materialFields);
  return {
    name: displayName(change.now.answers, change.now.projectId),
    kind: 'changed',
    facts: [],
    changesTitle: msg(ctx, 'changesTitle', { version: change.now.reportVersion }),
    changes,
    others: others.length > 0 ? msg(ctx, 'otherChanges', { fields: others.join(', ') }) : '',
    flags: flagLabels(ctx, change.now).join(' · '),
    links: projectLinks(ctx, change.now),
  };
}

function pageCard(ctx: CardContext, projects: DigestProjectModel[], first: number, total: number, more: number): CardIntent {
  const kind = projects[0]?.kind === 'changed' ? 'changedTitle' : 'newTitle';
  const link = overviewLink(ctx);
  return card('digest-projects', {
    title: `${msg(ctx, kind)} · ${msg(ctx, 'pageOf', { from: first, to: first + projects.length - 1, total })}`,
    projects,
    more: more > 0 ? msg(ctx, 'moreProjects', { count: more, path: link ? '' : OVERVIEW_PATH }).trim() : '',
    ...(link ? { link } : {}),
  } satisfies DigestProjectsModel);
}

/** Cuts one kind of project card into pages of at most projectsPerPage, each within the budget. */
function pagesOf(ctx: CardContext, models: DigestProjectModel[], total: number, moreAfterLast: number): CardIntent[] {
  const pages: CardIntent[] = [];
  let start = 0;
  while (start < models.length) {
    let size = Math.min(ctx.settings.projectsPerPage, models.length - start);
    const isLast = () => start + size >= models.length;
    let page = pageCard(ctx, models.slice(start, start + size), start + 1, total, isLast() ? moreAfterLast : 0);
    while (size > 1 && ctx.measure(page) > ctx.maxBytes) {
      size -= 1;
      page = pageCard(ctx, models.slice(start, start + size), start + 1, total, isLast() ? moreAfterLast : 0);
    }
    pages.push(page);
    start += size;
  }
  return pages;
}

/** Every message of one digest: the summary, then the project pages (at most maxProjectsPerDigest cards). */
export function digestCards(ctx: CardContext, content: DigestContent): { cards: CardIntent[]; counts: DigestCounts } {
  const counts = { newProjects: content.newProjects.length, changed: content.changed.length, withdrawn: content.withdrawn.length };
  const budget = ctx.settings.maxProjectsPerDigest;
  const newOnes = content.newProjects.slice(0, budget);
  const changed = content.changed.slice(0, Math.max(0, budget - newOnes.length));
  const newMore = content.newProjects.length - newOnes.length;
  const changedMore = content.changed.length - changed.length;
  const cards = [
    summaryCard(ctx, content, counts),
    ...pagesOf(ctx, newOnes.map((r) => newProjectModel(ctx, r)), content.newProjects.length, changed.length === 0 ? newMore + changedMore : newMore),
    ...pagesOf(ctx, changed.map((c) => changedProjectModel(ctx, c)), content.changed.length, changedMore),
  ];
  return { cards, counts };
}
