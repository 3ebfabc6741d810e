import type { NewReport, ReportChanges, ReportRecord, ReporterIdentity, ReportState } from './reporting/report.js';
import type { PublishedFilter } from './overview/published-filter.js';

/** Thrown by repositories when a write names a `rev` that is no longer current. */
export class ConcurrencyConflict extends Error {
  override name = 'ConcurrencyConflict';
  constructor(readonly entity: string, readonly id: string) {
    super(`${entity} ${id} changed since it was read`);
  }
}

/** Thrown when a unique constraint (e.g. one version number per project) is violated. */
export class DuplicateKey extends Error {
  override name = 'DuplicateKey';
}

export interface ReportRepository {
  insert(report: NewReport): Promise<ReportRecord>;
  findById(id: string): Promise<ReportRecord | null>;
  /**
   * The report a card at revision `rev` was built from. May be answered from a copy this instance
   * holds when that copy is a draft at exactly `rev`: every write to a report raises its `rev`, so
   * if the stored report moved on meanwhile, the rev-checked `update` refuses the stale copy
   * (ConcurrencyConflict) and nothing is lost. Otherwise read like `findById`.
   */
  findForCard(id: string, rev: number): Promise<ReportRecord | null>;
  /** The reporter's most recently touched draft, if any. */
  findLatestDraft(reporter: Pick<ReporterIdentity, 'platform' | 'userId'>): Promise<ReportRecord | null>;
  listByReporter(reporter: Pick<ReporterIdentity, 'platform' | 'userId'>, limit: number): Promise<ReportRecord[]>;
  findLatestVersion(projectId: string): Promise<ReportRecord | null>;
  /** Applies `changes` only if the stored `rev` equals `expectedRev`; throws ConcurrencyConflict otherwise. */
  update(id: string, expectedRev: number, changes: ReportChanges): Promise<ReportRecord>;
  /** Inserts or refreshes a demo record keyed by its id; never touches user records. */
  upsertDemo(report: NewReport): Promise<void>;
  /**
   * Other projects of one agency, for the duplicate warning on the identification card (A1): the
   * latest version the viewer may see of each project, newest first. Reads at most `limit`
   * versions (newest first), so a large agency costs one bounded query. See AgencyProjectsQuery
   * for which versions are visible.
   */
  listProjectsOfAgency(query: AgencyProjectsQuery, limit: number): Promise<AgencyProject[]>;
}

/**
 * Which versions `listProjectsOfAgency` reads: `answers.agency` equal, and `answers.agencyOther`
 * equal ignoring case when given. Drafts (UTKAST) are private until submitted: only the viewer's
 * own drafts are read. Every other state, and demo records, are read.
 */
export interface AgencyProjectsQuery {
  /** `answers.agency`, compared exactly: a configured agency id or the "other agency" choice. */
  agency: string;
  /** `answers.agencyOther` (typed, stored trimmed), compared ignoring case; only with the "other agency" choice. */
  agencyOther?: string;
  /** The project being reported; none of its versions is read. */
  excludeProjectId: string;
  /** The typed name's search keys (nameSearchKeys): only versions sharing one of them are read. */
  keys: string[];
  viewer: Pick<ReporterIdentity, 'platform' | 'userId'>;
}

/** The few fields of a project version the duplicate warning needs (a projection, not the record). */
export interface AgencyProject {
  projectId: string;
  reportVersion: number;
  state: ReportState;
  demo: boolean;
  updatedAt: Date;
  projectName?: string;
  shortName?: string;
}

/**
 * Read side of the published overview and the completeness view (issue 4). Kept apart from
 * ReportRepository so that in-memory test doubles of the write side need not implement it.
 */
export interface PublishedReportQueries {
  /**
   * The latest approved version of each project (an older approved version stays while a newer one
   * is under review) whose final `decision.sharingLevel` is publishable; never demo, withdrawn or
   * `KUN_STAT` records. Filtered in the database.
   */
  listPublished(filter: PublishedFilter): Promise<ReportRecord[]>;
  /** The latest submitted-or-decided version of each non-demo, non-withdrawn project. */
  listLatestSubmitted(): Promise<ReportRecord[]>;
}

/** Remembers platform message ids so that a retried delivery is not processed twice. */
export interface InboundDedupe {
  /** true the first time `key` is seen (within the retention window), false afterwards. */
  firstSeen(key: string): Promise<boolean>;
}

/** Where proactive messages go: the stored reference of a conversation, with its language. */
export interface ConversationRecord {
  _id: string;
  platform: 'teams' | 'slack';
  locale: 'nb' | 'en';
  reference: Record<string, unknown>;
  updatedAt: Date;
}

export interface ConversationRepository {
  upsert(record: Omit<ConversationRecord, 'updatedAt'>): Promise<void>;
  find(key: string): Promise<ConversationRecord | null>;
}

/** Posts intents into a stored conversation (proactive messages); false when the conversation is unknown. */
export interface ProactiveSender {
  send(conversationKey: string, intents: import('./outbound.js').OutboundIntent[]): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IdGenerator {
  newId(): string;
}
