import type { Collection, Db } from 'mongodb';
import { ConcurrencyConflict, DuplicateKey, type Clock, type ReportRepository } from '../core/ports.js';
import { REPORT_STATES, type NewReport, type ReportChanges, type ReportRecord, type ReporterIdentity } from '../core/reporting/report.js';
import { ensureCollection } from './mongo-connection.js';
import { isDuplicateKey } from './mongo-errors.js';

export const REPORTS = 'reports';

/**
 * Second line of defence behind the domain validation (reporting-template.md §6): the shape of a
 * report document. Answers are checked field by field in the domain; here only that they form an
 * object whose keys cannot be operators or paths.
 */
export const reportValidator = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['_id', 'projectId', 'reportVersion', 'rev', 'state', 'reporter', 'answers', 'step', 'demo', 'createdAt', 'updatedAt'],
    properties: {
      _id: { bsonType: 'string', minLength: 1, maxLength: 64 },
      projectId: { bsonType: 'string', minLength: 1, maxLength: 64 },
      reportVersion: { bsonType: ['int', 'long'], minimum: 1 },
      rev: { bsonType: ['int', 'long'], minimum: 0 },
      state: { enum: [...REPORT_STATES] },
      reporter: {
        bsonType: 'object',
        required: ['platform', 'userId', 'displayName'],
        properties: {
          platform: { enum: ['teams', 'slack', 'demo'] },
          userId: { bsonType: 'string', minLength: 1, maxLength: 256 },
          displayName: { bsonType: 'string', maxLength: 256 },
        },
      },
      answers: { bsonType: 'object', patternProperties: { '^[$]|[.]': { not: {} } } },
      step: { bsonType: 'string', maxLength: 64 },
      returnToSummary: { bsonType: 'bool' },
      demo: { bsonType: 'bool' },
      flags: { bsonType: 'array', items: { bsonType: 'string' } },
      createdAt: { bsonType: 'date' },
      updatedAt: { bsonType: 'date' },
      submittedAt: { bsonType: 'date' },
    },
  },
};

export async function initReportCollection(db: Db): Promise<void> {
  await ensureCollection(db, REPORTS, reportValidator);
  const reports = db.collection(REPORTS);
  await reports.createIndexes([
    { key: { projectId: 1, reportVersion: 1 }, name: 'project_version_unique', unique: true },
    { key: { 'reporter.platform': 1, 'reporter.userId': 1, updatedAt: -1 }, name: 'reporter_recent' },
    { key: { state: 1, updatedAt: -1 }, name: 'state_recent' },
  ]);
}

export function makeMongoReportRepository(db: Db, clock: Clock): ReportRepository {
  const reports: Collection<ReportRecord> = db.collection<ReportRecord>(REPORTS);
  const byReporter = (r: Pick<ReporterIdentity, 'platform' | 'userId'>) => ({
    'reporter.platform': String(r.platform),
    'reporter.userId': String(r.userId),
  });

  return {
    async insert(report: NewReport): Promise<ReportRecord> {
      const now = clock.now();
      const doc: ReportRecord = { ...report, rev: 0, createdAt: now, updatedAt: now };
      try {
        await reports.insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateKey(`report ${report.projectId} v${report.reportVersion} exists`);
        throw err;
      }
      return doc;
    },

    findById: (id) => reports.findOne({ _id: String(id) }),

    findLatestDraft: (reporter) =>
      reports.findOne({ ...byReporter(reporter), state: 'UTKAST' }, { sort: { updatedAt: -1 } }),

    listByReporter: (reporter, limit) =>
      reports.find(byReporter(reporter)).sort({ updatedAt: -1 }).limit(limit).toArray(),

    findLatestVersion: (projectId) =>
      reports.findOne({ projectId: String(projectId) }, { sort: { reportVersion: -1 } }),

    async update(id: string, expectedRev: number, changes: ReportChanges): Promise<ReportRecord> {
      const updated = await reports.findOneAndUpdate(
        { _id: String(id), rev: expectedRev },
        { $set: { ...changes, updatedAt: clock.now() }, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      );
      if (!updated) throw new ConcurrencyConflict('report', id);
      return updated;
    },

    async upsertDemo(report: NewReport): Promise<void> {
      const now = clock.now();
      await reports.updateOne(
        { _id: String(report._id), demo: true },
        { $setOnInsert: { ...report, demo: true, rev: 0, createdAt: now, updatedAt: now } },
        { upsert: true },
      );
    },
  };
}
