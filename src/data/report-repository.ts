import type { Collection, Db, Document, Filter } from 'mongodb';
import {
  ConcurrencyConflict,
  DuplicateKey,
  type AgencyProject,
  type AgencyProjectsQuery,
  type Clock,
  type PublishedReportQueries,
  type ReportRepository,
} from '../core/ports.js';
import {
  APPROVED_STATES,
  PUBLISHABLE_SHARING_LEVELS,
  SUBMITTED_STATES,
  WITHDRAWN_STATE,
  type DateWindow,
  type PublishedFilter,
} from '../core/overview/published-filter.js';
import { REPORT_STATES, SHARING_LEVELS, type NewReport, type ReportChanges, type ReportRecord, type ReporterIdentity } from '../core/reporting/report.js';
import { nameSearchKeys } from '../core/reporting/duplicate-names.js';
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
      ministry: { bsonType: 'string', minLength: 1, maxLength: 64 },
      decision: {
        bsonType: 'object',
        required: ['outcome', 'by', 'at'],
        properties: {
          outcome: { enum: ['GODKJENT', 'RETURNERT'] },
          sharingLevel: { enum: [...SHARING_LEVELS] },
          comment: { bsonType: 'string', maxLength: 2000 },
          at: { bsonType: 'date' },
        },
      },
      approvedAt: { bsonType: 'date' },
      withdrawnAt: { bsonType: 'date' },
      changeLog: { bsonType: 'array', items: { bsonType: 'object', required: ['field'], properties: { field: { bsonType: 'string', maxLength: 64 } } } },
      nameKeys: { bsonType: 'array', items: { bsonType: 'string', maxLength: 200 } },
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
    // The duplicate warning on the identification card (listProjectsOfAgency): candidates by name key.
    { key: { 'answers.agency': 1, nameKeys: 1, updatedAt: -1 }, name: 'agency_name_keys' },
  ]);
  await backfillNameKeys(reports);
}

/** The search keys of a report's name (duplicate warning), stored beside the answers. */
function nameKeysOf(answers: ReportRecord['answers'] | undefined): string[] {
  const name = answers?.['projectName'];
  const short = answers?.['shortName'];
  return nameSearchKeys(typeof name === 'string' ? name : undefined, typeof short === 'string' ? short : undefined);
}

/** Reports stored before name keys existed get them at start (once; a no-op afterwards). */
async function backfillNameKeys(reports: Collection): Promise<void> {
  const missing = reports.find({ nameKeys: { $exists: false } }, { projection: { 'answers.projectName': 1, 'answers.shortName': 1 } });
  let batch: { updateOne: { filter: Document; update: Document } }[] = [];
  for await (const doc of missing) {
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { nameKeys: nameKeysOf(doc['answers'] as ReportRecord['answers'] | undefined) } } } });
    if (batch.length >= 500) {
      await reports.bulkWrite(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await reports.bulkWrite(batch, { ordered: false });
}

export function makeMongoReportRepository(db: Db, clock: Clock): ReportRepository & PublishedReportQueries {
  const reports: Collection<ReportRecord> = db.collection<ReportRecord>(REPORTS);
  const byReporter = (r: Pick<ReporterIdentity, 'platform' | 'userId'>) => ({
    'reporter.platform': String(r.platform),
    'reporter.userId': String(r.userId),
  });

  return {
    async insert(report: NewReport): Promise<ReportRecord> {
      const now = clock.now();
      const doc: ReportRecord = { ...report, nameKeys: nameKeysOf(report.answers), rev: 0, createdAt: now, updatedAt: now };
      try {
        await reports.insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateKey(`report ${report.projectId} v${report.reportVersion} exists`);
        throw err;
      }
      return doc;
    },

    findById: (id) => reports.findOne({ _id: String(id) }),

    findForCard: (id) => reports.findOne({ _id: String(id) }),

    findLatestDraft: (reporter) =>
      reports.findOne({ ...byReporter(reporter), state: 'UTKAST' }, { sort: { updatedAt: -1 } }),

    listByReporter: (reporter, limit) =>
      reports.find(byReporter(reporter)).sort({ updatedAt: -1 }).limit(limit).toArray(),

    findLatestVersion: (projectId) =>
      reports.findOne({ projectId: String(projectId) }, { sort: { reportVersion: -1 } }),

    async update(id: string, expectedRev: number, changes: ReportChanges): Promise<ReportRecord> {
      const updated = await reports.findOneAndUpdate(
        { _id: String(id), rev: expectedRev },
        { $set: { ...changes, ...(changes.answers ? { nameKeys: nameKeysOf(changes.answers) } : {}), updatedAt: clock.now() }, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      );
      if (!updated) throw new ConcurrencyConflict('report', id);
      return updated;
    },

    async upsertDemo(report: NewReport): Promise<void> {
      const now = clock.now();
      await reports.updateOne(
        { _id: String(report._id), demo: true },
        { $setOnInsert: { ...report, nameKeys: nameKeysOf(report.answers), demo: true, rev: 0, createdAt: now, updatedAt: now } },
        { upsert: true },
      );
    },

    async listProjectsOfAgency(query: AgencyProjectsQuery, limit: number): Promise<AgencyProject[]> {
      const viewer = byReporter(query.viewer);
      // Fixed operators only; every value is a string taken from validated answers or the actor.
      const filter: Document = {
        'answers.agency': String(query.agency),
        ...(query.agencyOther === undefined ? {} : { 'answers.agencyOther': { $regex: sameTextIgnoringCase(query.agencyOther) } }),
        projectId: { $ne: String(query.excludeProjectId) },
        nameKeys: { $in: query.keys.map(String) },
        // Another reporter's version counts once submitted, unless it is (proposed or decided as)
        // KUN_STAT: whoever picks the agency on the first card must not learn the names of
        // projects shared only within the state. The viewer's own versions always count.
        $or: [{ state: { $ne: 'UTKAST' }, 'answers.sharingLevel': { $ne: 'KUN_STAT' }, 'decision.sharingLevel': { $ne: 'KUN_STAT' } }, viewer],
      };
      const docs = await reports
        .find<AgencyProjectDoc>(filter as Filter<ReportRecord>, {
          projection: AGENCY_PROJECT_FIELDS,
          sort: { updatedAt: -1 },
          limit: Math.max(1, Math.trunc(limit)),
        })
        .toArray();
      return latestVisiblePerProject(docs, query.viewer);
    },

    listPublished: (filter) => reports.aggregate<ReportRecord>(publishedPipeline(filter)).toArray(),

    listLatestSubmitted: () => reports.aggregate<ReportRecord>(latestSubmittedPipeline()).toArray(),
  };
}

// ---------------------------------------------------------------------------------------------
// Duplicate warning (A1)

/** A version as read for the duplicate warning (the projection below). */
export type AgencyProjectDoc = Pick<ReportRecord, 'projectId' | 'reportVersion' | 'state' | 'demo' | 'updatedAt' | 'reporter'> & {
  answers?: { projectName?: unknown; shortName?: unknown };
};

const AGENCY_PROJECT_FIELDS = {
  _id: 0,
  projectId: 1,
  reportVersion: 1,
  state: 1,
  demo: 1,
  updatedAt: 1,
  'reporter.platform': 1,
  'reporter.userId': 1,
  'answers.projectName': 1,
  'answers.shortName': 1,
} as const;

/**
 * Matches exactly `text`, ignoring case: every character is escaped, so the typed agency name is a
 * literal and never a pattern. Only used next to the exact `answers.agency` match, which the
 * `agency_recent` index narrows first (a case-insensitive regex cannot use an index itself).
 */
function sameTextIgnoringCase(text: string): RegExp {
  return new RegExp(`^${String(text).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')}$`, 'i');
}

/**
 * The highest version per project, newest first. Someone else's draft is dropped here too, as a
 * guard: the query already reads only the viewer's own drafts.
 */
export function latestVisiblePerProject(docs: AgencyProjectDoc[], viewer: Pick<ReporterIdentity, 'platform' | 'userId'>): AgencyProject[] {
  const latest = new Map<string, AgencyProjectDoc>();
  for (const d of docs) {
    if (d.state === 'UTKAST' && (d.reporter?.platform !== viewer.platform || d.reporter?.userId !== viewer.userId)) continue;
    const seen = latest.get(d.projectId);
    if (!seen || d.reportVersion > seen.reportVersion) latest.set(d.projectId, d);
  }
  return [...latest.values()]
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .map((d) => ({
      projectId: d.projectId,
      reportVersion: d.reportVersion,
      state: d.state,
      demo: d.demo === true,
      updatedAt: d.updatedAt,
      ...(typeof d.answers?.projectName === 'string' ? { projectName: d.answers.projectName } : {}),
      ...(typeof d.answers?.shortName === 'string' ? { shortName: d.answers.shortName } : {}),
    }));
}

// ---------------------------------------------------------------------------------------------
// Published overview (issue 4). Fixed operators only; filter values were validated against the
// configured choices before they got here and enter the pipeline as `$in` values (strings).

/** Keeps, per project, the highest version among the documents that match `match`. */
function latestPerProject(match: Document): Document[] {
  return [
    { $match: match },
    { $sort: { projectId: 1, reportVersion: -1 } },
    { $group: { _id: '$projectId', latest: { $first: '$$ROOT' } } },
    { $replaceRoot: { newRoot: '$latest' } },
  ];
}

function anyOf(path: string, values: readonly string[] | undefined): Document {
  return values && values.length > 0 ? { [path]: { $in: values.map(String) } } : {};
}

function deadlineOverlaps(window: DateWindow | undefined): Document {
  if (!window) return {};
  const period = { 'date.end': { $gte: String(window.from) }, 'date.start': { $lte: String(window.to) } };
  return { 'answers.municipalDeadlines.entries': { $elemMatch: period } };
}

/** Never wider than PUBLISHABLE_SHARING_LEVELS, whatever the caller asks for. */
function sharingLevels(filter: PublishedFilter): string[] {
  const wanted: readonly string[] = filter.sharingLevels ?? PUBLISHABLE_SHARING_LEVELS;
  return PUBLISHABLE_SHARING_LEVELS.filter((level) => wanted.includes(level));
}

/**
 * The latest version per project among approved and withdrawn ones, kept only if it is approved
 * (a withdrawal hides the project) and its final sharing level is publishable; then the filters.
 */
export function publishedPipeline(filter: PublishedFilter): Document[] {
  const project = filter.projectId === undefined ? {} : { projectId: String(filter.projectId) };
  return [
    ...latestPerProject({ demo: false, state: { $in: [...APPROVED_STATES, WITHDRAWN_STATE] }, ...project }),
    {
      $match: {
        state: { $in: [...APPROVED_STATES] },
        withdrawnAt: null,
        'decision.sharingLevel': { $in: sharingLevels(filter) },
        ...anyOf('answers.serviceAreas', filter.serviceAreas),
        ...anyOf('answers.owningMinistry', filter.ministries),
        ...anyOf('answers.agency', filter.agencies),
        ...anyOf('answers.phase', filter.phases),
        ...deadlineOverlaps(filter.deadlineWithin),
      },
    },
  ];
}

/** The latest submitted-or-decided version per non-demo project, unless the project was withdrawn. */
export function latestSubmittedPipeline(): Document[] {
  return [
    ...latestPerProject({ demo: false, state: { $in: [...SUBMITTED_STATES, WITHDRAWN_STATE] } }),
    { $match: { state: { $ne: WITHDRAWN_STATE }, withdrawnAt: null } },
    { $sort: { projectId: 1 } },
  ];
}
