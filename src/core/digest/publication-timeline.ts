import { WITHDRAWN_STATE } from '../overview/published-filter.js';
import type { ReportState, SharingLevel } from '../reporting/report.js';
import type { PendingPublication, PublicationEvent } from './digest-types.js';

/*
 * The publication history as a sequence of events, and what was published "as of" any sequence
 * number. The rule matches the overview's (report-repository.ts publishedPipeline): per project the
 * highest version approved so far counts, a withdrawal hides the project, and only the configured
 * sharing levels show.
 */

/** What the overview showed for one project at some sequence number. */
export interface PublishedState {
  reportId: string;
  version: number;
  sharingLevel?: SharingLevel;
  /** The sequence number of the event that published this version. */
  seq: number;
}

/** The facts of a report version that decide its publication events. */
export interface ReportPublicationFacts {
  _id: string;
  projectId: string;
  reportVersion: number;
  state: ReportState;
  approvedAt?: Date;
  withdrawnAt?: Date;
  sharingLevel?: SharingLevel;
}

export const eventKey = (reportId: string, kind: PendingPublication['kind']): string => `${reportId}|${kind}`;

const KIND_ORDER = { published: 0, withdrawn: 1 } as const;

function byTime(a: PendingPublication, b: PendingPublication): number {
  return a.eventAt.getTime() - b.eventAt.getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.projectId.localeCompare(b.projectId) || a.reportVersion - b.reportVersion;
}

/**
 * Approvals and withdrawals of approved versions that have no event yet, oldest first (a
 * version's publication always before its withdrawal).
 */
export function pendingPublications(reports: ReportPublicationFacts[], recorded: ReadonlySet<string>): PendingPublication[] {
  const out: PendingPublication[] = [];
  for (const r of reports) {
    if (!r.approvedAt) continue;
    const base = { projectId: r.projectId, reportId: r._id, reportVersion: r.reportVersion };
    if (!recorded.has(eventKey(r._id, 'published'))) out.push({ ...base, kind: 'published', eventAt: r.approvedAt, ...(r.sharingLevel ? { sharingLevel: r.sharingLevel } : {}) });
    if (r.state === WITHDRAWN_STATE && !recorded.has(eventKey(r._id, 'withdrawn'))) out.push({ ...base, kind: 'withdrawn', eventAt: r.withdrawnAt ?? r.approvedAt });
  }
  return out.sort(byTime);
}

/** Why a project that had events is not shown. */
export type HiddenReason = 'withdrawn' | 'not-shared';

interface Step {
  seq: number;
  state: PublishedState | undefined;
  hidden?: HiddenReason;
}

/** Per project, the published state after each of its events. */
export class PublicationTimeline {
  private readonly steps = new Map<string, Step[]>();
  private readonly firstPublished = new Map<string, Date>();

  constructor(events: readonly PublicationEvent[], private readonly levels: readonly string[]) {
    const current = new Map<string, PublishedState & { withdrawn: boolean }>();
    for (const e of [...events].sort((a, b) => a._id - b._id)) {
      const before = current.get(e.projectId);
      const next = this.apply(before, e);
      if (!next) continue;
      current.set(e.projectId, next);
      const list = this.steps.get(e.projectId) ?? [];
      const state = this.visible(next);
      list.push({ seq: e._id, state, ...(state ? {} : { hidden: next.withdrawn ? 'withdrawn' : 'not-shared' }) });
      this.steps.set(e.projectId, list);
    }
  }

  private apply(before: (PublishedState & { withdrawn: boolean }) | undefined, e: PublicationEvent): (PublishedState & { withdrawn: boolean }) | undefined {
    if (e.kind === 'published') {
      if (before && before.version > e.reportVersion) return undefined;
      if (!this.firstPublished.has(e.projectId) && this.shareable(e.sharingLevel)) this.firstPublished.set(e.projectId, e.eventAt);
      return { reportId: e.reportId, version: e.reportVersion, seq: e._id, withdrawn: false, ...(e.sharingLevel ? { sharingLevel: e.sharingLevel } : {}) };
    }
    if (!before || before.version > e.reportVersion) return undefined;
    return { ...before, withdrawn: true };
  }

  private shareable(level: SharingLevel | undefined): boolean {
    return level !== undefined && this.levels.includes(level);
  }

  private visible(s: PublishedState & { withdrawn: boolean }): PublishedState | undefined {
    if (s.withdrawn || !this.shareable(s.sharingLevel)) return undefined;
    const { withdrawn: _withdrawn, ...state } = s;
    return state;
  }

  /** What the overview showed for the project right after event `seq`; undefined if nothing. */
  stateAt(projectId: string, seq: number): PublishedState | undefined {
    const list = this.steps.get(projectId) ?? [];
    let found: PublishedState | undefined;
    for (const step of list) {
      if (step.seq > seq) break;
      found = step.state;
    }
    return found;
  }

  /** Why the project is not shown right after event `seq` (undefined: shown, or no event yet). */
  hiddenAt(projectId: string, seq: number): HiddenReason | undefined {
    let found: HiddenReason | undefined;
    for (const step of this.steps.get(projectId) ?? []) {
      if (step.seq > seq) break;
      found = step.hidden;
    }
    return found;
  }

  /** Projects with an event in (from, to]. */
  projectsChangedIn(from: number, to: number): string[] {
    const out: string[] = [];
    for (const [projectId, list] of this.steps) if (list.some((s) => s.seq > from && s.seq <= to)) out.push(projectId);
    return out.sort();
  }

  /** Every project published right after event `seq`. */
  allAt(seq: number): Map<string, PublishedState> {
    const out = new Map<string, PublishedState>();
    for (const projectId of this.steps.keys()) {
      const state = this.stateAt(projectId, seq);
      if (state) out.set(projectId, state);
    }
    return out;
  }

  /** When the project was first shared (at a shareable level), if ever. */
  firstSharedAt(projectId: string): Date | undefined {
    return this.firstPublished.get(projectId);
  }
}
