import type { Locale } from '../i18n.js';
import type { Clock, PublishedReportQueries } from '../ports.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { computeCompleteness, type Completeness } from './completeness.js';
import { deadlineWindow, isoDay } from './deadline-window.js';
import type { OverviewQuery } from './overview-query.js';
import { sortProjects } from './project-order.js';
import type { PublishableSharingLevel, PublishedFilter } from './published-filter.js';
import { toPublishedProject, type PublishedProject } from './published-project.js';

/*
 * The published overview as a channel-agnostic service: the web pages and exports use it today,
 * a chat command can use it tomorrow.
 */

export interface OverviewServiceDeps {
  reports: PublishedReportQueries;
  content: ReportingContent;
  clock: Clock;
  /** Narrows what is published (e.g. ['APEN'] for a deployment open to the public). Default: APEN and KS_OG_STAT. */
  sharingLevels?: readonly PublishableSharingLevel[];
}

export interface OverviewList {
  /** The filtered projects, sorted. */
  projects: PublishedProject[];
  /** All published projects, before the filters. */
  totalPublished: number;
  /** YYYY-MM-DD the list was computed for (next deadlines count from it). */
  today: string;
}

export interface OverviewService {
  list(query: OverviewQuery, locale: Locale): Promise<OverviewList>;
  /** undefined when the project is not published (unknown, not approved, KUN_STAT, demo, withdrawn). */
  project(projectId: string, locale: Locale): Promise<PublishedProject | undefined>;
  completeness(): Promise<Completeness>;
}

export function filterOf(query: OverviewQuery, today: string): PublishedFilter {
  return {
    serviceAreas: query.areas,
    ministries: query.ministries,
    agencies: query.agencies,
    phases: query.phases,
    ...(query.months === undefined ? {} : { deadlineWithin: deadlineWindow(today, query.months) }),
  };
}

function hasFilters(filter: PublishedFilter): boolean {
  const lists = [filter.serviceAreas, filter.ministries, filter.agencies, filter.phases];
  return lists.some((l) => (l?.length ?? 0) > 0) || filter.deadlineWithin !== undefined;
}

export function makeOverviewService(deps: OverviewServiceDeps): OverviewService {
  const { reports, content, clock } = deps;
  const levels = deps.sharingLevels ? { sharingLevels: deps.sharingLevels } : {};
  const published = async (filter: PublishedFilter) => reports.listPublished({ ...filter, ...levels });

  return {
    async list(query, locale) {
      const today = isoDay(clock.now());
      const filter = filterOf(query, today);
      const matching = await published(filter);
      const totalPublished = hasFilters(filter) ? (await published({})).length : matching.length;
      const projects = matching.map((r) => toPublishedProject(r, content, locale));
      return { projects: sortProjects(projects, query.sort, locale, today), totalPublished, today };
    },

    async project(projectId, locale) {
      const [report] = await published({ projectId });
      return report ? toPublishedProject(report, content, locale) : undefined;
    },

    async completeness() {
      return computeCompleteness(await reports.listLatestSubmitted(), content);
    },
  };
}
