/**
 * An in-memory ReportRepository with the same contract as the MongoDB one (optimistic `rev`,
 * unique project+version), for unit tests that need the real conversation code but no database.
 * Records are cloned on the way in and out, as a database would.
 */
import { ConcurrencyConflict, DuplicateKey, type Clock, type ReportRepository } from '../../src/core/ports.js';
import type { NewReport, ReportRecord, ReporterIdentity } from '../../src/core/reporting/report.js';
import { latestVisiblePerProject } from '../../src/data/report-repository.js';
import { nameSearchKeys } from '../../src/core/reporting/duplicate-names.js';

const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** As the MongoDB repository's case-insensitive match of a typed agency name. */
const sameTextIgnoringCase = (stored: unknown, wanted: string): boolean => typeof stored === 'string' && stored.toLowerCase() === wanted.toLowerCase();

export interface MemoryReportRepository extends ReportRepository {
  readonly records: Map<string, ReportRecord>;
}

export function makeMemoryReportRepository(clock: Clock): MemoryReportRepository {
  const records = new Map<string, ReportRecord>();
  const copy = (r: ReportRecord): ReportRecord => structuredClone(r);
  const mine = (reporter: Pick<ReporterIdentity, 'platform' | 'userId'>) => (r: ReportRecord) =>
    r.reporter.platform === reporter.platform && r.reporter.userId === reporter.userId;
  const newestFirst = (a: ReportRecord, b: ReportRecord) => b.updatedAt.getTime() - a.updatedAt.getTime();

  return {
    records,
    async insert(report: NewReport) {
      if (records.has(report._id)) throw new DuplicateKey(`report ${report._id} exists`);
      if ([...records.values()].some((r) => r.projectId === report.projectId && r.reportVersion === report.reportVersion)) {
        throw new DuplicateKey(`report ${report.projectId} v${report.reportVersion} exists`);
      }
      const now = clock.now();
      const doc: ReportRecord = { ...structuredClone(report), rev: 0, createdAt: now, updatedAt: now };
      records.set(doc._id, doc);
      return copy(doc);
    },
    async findById(id) {
      const r = records.get(id);
      return r ? copy(r) : null;
    },
    async findForCard(id) {
      const r = records.get(id);
      return r ? copy(r) : null;
    },
    async findLatestDraft(reporter) {
      const r = [...records.values()].filter(mine(reporter)).filter((x) => x.state === 'UTKAST').sort(newestFirst)[0];
      return r ? copy(r) : null;
    },
    async listByReporter(reporter, limit) {
      return [...records.values()].filter(mine(reporter)).sort(newestFirst).slice(0, limit).map(copy);
    },
    async findLatestVersion(projectId) {
      const r = [...records.values()].filter((x) => x.projectId === projectId).sort((a, b) => b.reportVersion - a.reportVersion)[0];
      return r ? copy(r) : null;
    },
    async update(id, expectedRev, changes) {
      const r = records.get(id);
      if (!r || r.rev !== expectedRev) throw new ConcurrencyConflict('report', id);
      const next: ReportRecord = { ...r, ...structuredClone(changes), rev: r.rev + 1, updatedAt: clock.now() };
      records.set(id, next);
      return copy(next);
    },
    async listProjectsOfAgency(query, limit) {
      const visible = [...records.values()]
        .filter((r) => r.answers['agency'] === query.agency)
        .filter((r) => query.agencyOther === undefined || sameTextIgnoringCase(r.answers['agencyOther'], query.agencyOther))
        .filter((r) => r.projectId !== query.excludeProjectId)
        .filter((r) => nameSearchKeys(asText(r.answers['projectName']), asText(r.answers['shortName'])).some((k) => query.keys.includes(k)))
        .filter((r) => mine(query.viewer)(r) || (r.state !== 'UTKAST' && r.answers['sharingLevel'] !== 'KUN_STAT' && r.decision?.sharingLevel !== 'KUN_STAT'))
        .sort(newestFirst)
        .slice(0, Math.max(1, Math.trunc(limit)));
      return latestVisiblePerProject(visible.map(copy), query.viewer);
    },
    async upsertDemo(report) {
      if (records.has(report._id)) return;
      const now = clock.now();
      records.set(report._id, { ...structuredClone(report), demo: true, rev: 0, createdAt: now, updatedAt: now });
    },
  };
}
