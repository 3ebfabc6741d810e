import type { Db } from 'mongodb';
import type { StateProjectDeadlines, StateProjectSource } from '../core/merger/state-projects.js';
import type { ReportRecord } from '../core/reporting/report.js';
import { REPORTS } from './report-repository.js';

const ACTIVE_STATES = ['INNSENDT', 'GODKJENT', 'DELT_MED_KS'];

function deadlinesOf(report: ReportRecord): string[] {
  const value = report.answers['municipalDeadlines'] as { entries?: { date?: { end?: string } }[] } | undefined;
  return (value?.entries ?? []).map((e) => e.date?.end).filter((d): d is string => typeof d === 'string');
}

/** Reads the register's projects with municipal deadlines for the merger assistant. */
export function makeMongoStateProjectSource(db: Db): StateProjectSource {
  return {
    async projectsWithDeadlines(): Promise<StateProjectDeadlines[]> {
      const docs = await db
        .collection<ReportRecord>(REPORTS)
        .find({ demo: false, state: { $in: ACTIVE_STATES as ReportRecord['state'][] }, 'answers.municipalDeadlines.entries.0': { $exists: true } })
        .sort({ reportVersion: -1 })
        .toArray();
      const latest = new Map<string, ReportRecord>();
      for (const d of docs) if (!latest.has(d.projectId)) latest.set(d.projectId, d);
      return [...latest.values()].map((r) => ({
        name: String(r.answers['projectName'] ?? ''),
        serviceAreas: Array.isArray(r.answers['serviceAreas']) ? (r.answers['serviceAreas'] as string[]) : [],
        deadlines: deadlinesOf(r),
      }));
    },
  };
}
