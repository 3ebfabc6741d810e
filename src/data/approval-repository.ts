import type { Collection, Db, Filter } from 'mongodb';
import { AUDIT_ACTIONS, REFUSAL_REASONS, type ApprovalQueries, type AuditEntry, type AuditLog, type StateCount, type UserConversation, type UserConversationIndex } from '../core/approval/approval-ports.js';
import { ministryOf } from '../core/approval/report-facts.js';
import type { Clock, IdGenerator } from '../core/ports.js';
import { REPORT_STATES, SHARING_LEVELS, type ReportRecord, type ReportState } from '../core/reporting/report.js';
import type { Organisations } from '../core/reporting/template-types.js';
import { ensureCollection } from './mongo-connection.js';
import { REPORTS } from './report-repository.js';

export const AUDIT_LOG = 'audit_log';
export const USER_CONVERSATIONS = 'user_conversations';

const id64 = { bsonType: 'string', minLength: 1, maxLength: 64 };

/** The audit trail is append-only: the validator fixes its shape; nothing in the code updates or deletes. */
export const auditValidator = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['_id', 'at', 'actor', 'action', 'outcome'],
    properties: {
      _id: id64,
      at: { bsonType: 'date' },
      actor: {
        bsonType: 'object',
        required: ['platform', 'userId', 'displayName'],
        properties: { platform: { enum: ['teams', 'slack', 'web'] }, userId: { bsonType: 'string', maxLength: 256 }, displayName: { bsonType: 'string', maxLength: 256 } },
      },
      action: { enum: [...AUDIT_ACTIONS] },
      outcome: { enum: ['ok', 'refused'] },
      reason: { enum: [...REFUSAL_REASONS] },
      details: { bsonType: 'array', maxItems: 50, items: { bsonType: 'string', maxLength: 300 } },
      reportId: { bsonType: 'string', maxLength: 64 },
      projectId: id64,
      reportVersion: { bsonType: ['int', 'long'], minimum: 1 },
      ministry: { bsonType: 'string', maxLength: 64 },
      fromState: { enum: [...REPORT_STATES] },
      toState: { enum: [...REPORT_STATES] },
      sharingLevel: { enum: [...SHARING_LEVELS] },
    },
  },
};

export async function initApprovalCollections(db: Db): Promise<void> {
  await ensureCollection(db, AUDIT_LOG, auditValidator);
  await db.collection(AUDIT_LOG).createIndexes([
    { key: { reportId: 1, at: 1 }, name: 'report_time' },
    { key: { 'actor.platform': 1, 'actor.userId': 1, at: -1 }, name: 'actor_time' },
    { key: { at: -1 }, name: 'time' },
  ]);
  await db.collection(USER_CONVERSATIONS).createIndexes([{ key: { email: 1 }, name: 'email', sparse: true }]);
  await db.collection(REPORTS).createIndexes([{ key: { state: 1, ministry: 1, submittedAt: 1 }, name: 'state_ministry_submitted' }]);
}

export function makeMongoAuditLog(db: Db, clock: Clock, ids: IdGenerator): AuditLog {
  const col: Collection<AuditEntry> = db.collection<AuditEntry>(AUDIT_LOG);
  return {
    async record(entry) {
      // Only defined fields: the driver would store `undefined` as null.
      const defined = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as typeof entry;
      await col.insertOne({ ...defined, _id: ids.newId(), at: clock.now() });
    },
  };
}

export function makeMongoUserConversationIndex(db: Db, clock: Clock): UserConversationIndex {
  const col: Collection<UserConversation> = db.collection<UserConversation>(USER_CONVERSATIONS);
  return {
    async remember(entry) {
      const { _id, ...rest } = entry;
      await col.updateOne({ _id: String(_id) }, { $set: { ...rest, updatedAt: clock.now() } }, { upsert: true });
    },
    findByUser: (userKey) => col.findOne({ _id: String(userKey) }),
    findByEmail: (email) => col.findOne({ email: String(email).toLowerCase() }, { sort: { updatedAt: -1 } }),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Submitted reports routed to `ministries`: by the ministry stored at submission, else (older and
 * demo records) by the owning ministry in the answers or the agency's ministry. Every value in the
 * filter comes from configuration, never from user input.
 */
function submittedFilter(ministries: string[], orgs: Organisations): Filter<ReportRecord> {
  const agencies = orgs.agencies.filter((a) => ministries.includes(a.ministry)).map((a) => escapeRegex(a.id));
  const noMinistry = { ministry: { $exists: false } };
  const byAgency = agencies.length > 0 ? [{ ...noMinistry, 'answers.owningMinistry': { $exists: false }, 'answers.agency': { $regex: `^(?:${agencies.join('|')})$`, $options: 'i' } }] : [];
  return {
    state: 'INNSENDT',
    $or: [{ ministry: { $in: ministries } }, { ...noMinistry, 'answers.owningMinistry': { $in: ministries } }, ...byAgency],
  } as Filter<ReportRecord>;
}

interface LatestRow {
  _id: string;
  state: ReportState;
  ministry?: string;
  owningMinistry?: unknown;
  agency?: unknown;
}

export function makeMongoApprovalQueries(db: Db, orgs: Organisations): ApprovalQueries {
  const reports: Collection<ReportRecord> = db.collection<ReportRecord>(REPORTS);
  return {
    async listSubmitted(ministries, limit) {
      if (ministries.length === 0) return [];
      const found = await reports.find(submittedFilter(ministries.map(String), orgs)).sort({ submittedAt: 1, _id: 1 }).limit(limit).toArray();
      return found.filter((r) => ministries.includes(ministryOf(r, orgs) ?? ''));
    },

    listVersions: (projectId) => reports.find({ projectId: String(projectId) }).sort({ reportVersion: 1 }).toArray(),

    async countLatestByStateAndMinistry() {
      const rows = await reports
        .aggregate<LatestRow>([
          { $sort: { projectId: 1, reportVersion: -1 } },
          { $group: { _id: '$projectId', state: { $first: '$state' }, ministry: { $first: '$ministry' }, owningMinistry: { $first: '$answers.owningMinistry' }, agency: { $first: '$answers.agency' } } },
        ])
        .toArray();
      const counts = new Map<string, StateCount>();
      for (const row of rows) {
        const answers = { owningMinistry: row.owningMinistry, agency: row.agency } as ReportRecord['answers'];
        const ministry = ministryOf({ ministry: row.ministry, answers } as ReportRecord, orgs) ?? null;
        const key = `${ministry}|${row.state}`;
        const seen = counts.get(key) ?? { ministry, state: row.state, count: 0 };
        counts.set(key, { ...seen, count: seen.count + 1 });
      }
      return [...counts.values()];
    },
  };
}
