import type { Locale } from '../i18n.js';
import type { CardIntent } from '../outbound.js';
import { APPROVED_STATES, WITHDRAWN_STATE } from '../overview/published-filter.js';
import type { ReportRecord } from '../reporting/report.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { deadlineCalendar, type CalendarMonth } from './deadline-calendar.js';
import { digestCards, type ChangedProject, type DigestContent, type WithdrawnProject } from './digest-cards.js';
import type { PublicationLog, ReportVersionSource } from './digest-ports.js';
import type { DigestSettings } from './digest-settings.js';
import type { DigestCounts, SubscriptionFilters } from './digest-types.js';
import { hasMaterialChange, projectFacts, type ProjectFacts } from './project-view.js';
import { PublicationTimeline, type PublishedState } from './publication-timeline.js';
import { filterKey, matchesFilters } from './subscription-filter.js';

/*
 * Composition of the digests of one slot. Everything is "as of" the slot's sequence number: the
 * events in (watermark, slotSeq] say what is new, changed or withdrawn for a subscription, and
 * the calendar lists what was published at slotSeq. An approval recorded after slotSeq belongs to
 * the next digest. Shared work (events, report versions, rendered pages) is cached across the
 * subscriptions of the slot.
 */

export interface ComposerDeps {
  publications: PublicationLog;
  versions: ReportVersionSource;
  content: ReportingContent;
  settings: DigestSettings;
}

/** Who a digest is for, as far as its content goes. */
export interface DigestAudience {
  filters: SubscriptionFilters;
  locale: Locale;
  /** Start of the period covered. */
  periodFrom: Date;
}

/** How a platform measures and limits one message. */
export interface MessageBudget {
  platform: string;
  maxBytes: number;
  measure(card: CardIntent): number;
}

export interface ComposedDigest {
  cards: CardIntent[];
  counts: DigestCounts;
}

interface Window {
  projects: string[];
  before: Map<string, PublishedState | undefined>;
  now: Map<string, PublishedState | undefined>;
}

const BATCH = 500;

/** YYYY-MM-DD of a moment in a time zone. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** States of a version that was approved (a later withdrawal does not change what it showed). */
const WAS_APPROVED: readonly string[] = [...APPROVED_STATES, WITHDRAWN_STATE];

/**
 * A loaded version may be shown as it was at the slot's sequence number: approved, not demo, at a
 * configured sharing level. The timeline decided that it was published then; a withdrawal after
 * that is the next digest's news.
 */
function displayable(report: ReportRecord | undefined, levels: readonly string[]): report is ReportRecord {
  if (!report || report.demo || !report.approvedAt) return false;
  const level = report.decision?.sharingLevel;
  return WAS_APPROVED.includes(report.state) && level !== undefined && levels.includes(level);
}

export class DigestComposition {
  private timeline: PublicationTimeline | undefined;
  private readonly records = new Map<string, ReportRecord>();
  private readonly facts = new Map<string, ProjectFacts>();
  private readonly windows = new Map<number, Window>();
  private readonly calendars = new Map<string, CalendarMonth[]>();
  private readonly digests = new Map<string, ComposedDigest>();
  private readonly levels: readonly string[];
  readonly today: string;

  constructor(private readonly deps: ComposerDeps, readonly slotSeq: number, readonly slotAt: Date) {
    this.levels = deps.settings.content.sharingLevels;
    this.today = localDay(slotAt, deps.settings.schedule.timezone);
  }

  private async loadTimeline(): Promise<PublicationTimeline> {
    this.timeline ??= new PublicationTimeline(await this.deps.publications.listUpTo(this.slotSeq), this.levels);
    return this.timeline;
  }

  private async loadRecords(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.records.has(id));
    for (let i = 0; i < missing.length; i += BATCH) {
      for (const r of await this.deps.versions.findVersions(missing.slice(i, i + BATCH))) this.records.set(r._id, r);
    }
  }

  private record(state: PublishedState | undefined): ReportRecord | undefined {
    const r = state ? this.records.get(state.reportId) : undefined;
    return displayable(r, this.levels) ? r : undefined;
  }

  private factsOf(report: ReportRecord, locale: Locale): ProjectFacts {
    const key = `${report._id}|${locale}`;
    let found = this.facts.get(key);
    if (!found) {
      found = projectFacts(report, this.deps.content, locale);
      this.facts.set(key, found);
    }
    return found;
  }

  private async window(fromSeq: number): Promise<Window> {
    const cached = this.windows.get(fromSeq);
    if (cached) return cached;
    const timeline = await this.loadTimeline();
    const projects = timeline.projectsChangedIn(fromSeq, this.slotSeq);
    const before = new Map(projects.map((p) => [p, timeline.stateAt(p, fromSeq)]));
    const now = new Map(projects.map((p) => [p, timeline.stateAt(p, this.slotSeq)]));
    const ids = [...before.values(), ...now.values()].filter((s): s is PublishedState => s !== undefined).map((s) => s.reportId);
    await this.loadRecords(ids);
    const window = { projects, before, now };
    this.windows.set(fromSeq, window);
    return window;
  }

  /** The projects published at slotSeq, as facts in `locale`. */
  private async calendar(filters: SubscriptionFilters, locale: Locale): Promise<CalendarMonth[]> {
    const key = `${filterKey(filters)}|${locale}`;
    const cached = this.calendars.get(key);
    if (cached) return cached;
    const timeline = await this.loadTimeline();
    const published = [...timeline.allAt(this.slotSeq).values()];
    await this.loadRecords(published.map((s) => s.reportId));
    const projects = published
      .map((s) => this.record(s))
      .filter((r): r is ReportRecord => r !== undefined)
      .map((r) => this.factsOf(r, locale))
      .filter((f) => matchesFilters(filters, f));
    const calendar = deadlineCalendar(projects, this.today, this.deps.settings.content.calendarMonths);
    this.calendars.set(key, calendar);
    return calendar;
  }

  private matches(report: ReportRecord | undefined, filters: SubscriptionFilters, locale: Locale): report is ReportRecord {
    return report !== undefined && matchesFilters(filters, this.factsOf(report, locale));
  }

  /** New, changed and withdrawn projects of the events in (fromSeq, slotSeq] for this audience. */
  async content(audience: DigestAudience, fromSeq: number): Promise<DigestContent> {
    const { filters, locale } = audience;
    const window = await this.window(fromSeq);
    const timeline = await this.loadTimeline();
    const newProjects: ReportRecord[] = [];
    const changed: ChangedProject[] = [];
    const withdrawn: WithdrawnProject[] = [];
    for (const projectId of window.projects) {
      const before = this.record(window.before.get(projectId));
      const now = this.record(window.now.get(projectId));
      const sawBefore = this.matches(before, filters, locale);
      const seesNow = this.matches(now, filters, locale);
      if (!sawBefore && seesNow) newProjects.push(now);
      else if (sawBefore && now && before._id !== now._id && hasMaterialChange(this.deps.content, before, now, this.deps.settings.content.materialFields)) changed.push({ before, now });
      else if (sawBefore && !now) withdrawn.push({ projectId, name: this.factsOf(before, locale).name, reason: timeline.hiddenAt(projectId, this.slotSeq) ?? 'withdrawn' });
    }
    const collator = new Intl.Collator(locale === 'nb' ? 'nb' : 'en', { sensitivity: 'base', numeric: true });
    const byName = (a: ReportRecord, b: ReportRecord) => collator.compare(this.factsOf(a, locale).name, this.factsOf(b, locale).name);
    return {
      periodFrom: audience.periodFrom,
      periodTo: this.slotAt,
      newProjects: newProjects.sort(byName),
      changed: changed.sort((a, b) => byName(a.now, b.now)),
      withdrawn: withdrawn.sort((a, b) => collator.compare(a.name, b.name)),
      calendar: await this.calendar(filters, locale),
    };
  }

  /** The messages of one digest; identical audiences share the result. */
  async compose(audience: DigestAudience, fromSeq: number, budget: MessageBudget): Promise<ComposedDigest> {
    const key = `${fromSeq}|${filterKey(audience.filters)}|${audience.locale}|${audience.periodFrom.toISOString()}|${budget.platform}`;
    const cached = this.digests.get(key);
    if (cached) return cached;
    const content = await this.content(audience, fromSeq);
    const s = this.deps.settings;
    const composed = digestCards(
      {
        content: this.deps.content,
        texts: s.texts,
        locale: audience.locale,
        today: this.today,
        soonMonths: s.content.soonMonths,
        settings: s.content,
        timezone: s.schedule.timezone,
        ...(s.publicBaseUrl ? { publicBaseUrl: s.publicBaseUrl } : {}),
        filters: audience.filters,
        measure: budget.measure,
        maxBytes: budget.maxBytes,
      },
      content,
    );
    this.digests.set(key, composed);
    return composed;
  }
}
