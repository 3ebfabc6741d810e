import { MongoBulkWriteError, type Db } from 'mongodb';
import type { PublicationLog, ReportVersionSource } from '../core/digest/digest-ports.js';
import type { PendingPublication, PublicationEvent } from '../core/digest/digest-types.js';
import { eventKey, pendingPublications, type ReportPublicationFacts } from '../core/digest/publication-timeline.js';
import type { Clock } from '../core/ports.js';
import type { ReportRecord, SharingLevel } from '../core/reporting/report.js';
import { DIGEST_PUBLICATIONS } from './digest-collections.js';
import { isDuplicateKey } from './mongo-errors.js';
import { REPORTS } from './report-repository.js';

/*
 * The publication sequence, derived from the reports collection: every approved version gets a
 * "published" event and every withdrawn approved version a "withdrawn" event, numbered 1, 2, 3, …
 * Numbers are taken as "highest + 1" by inserting with that number as `_id`, so a number is
 * visible as soon as it exists and is never taken twice: a reader that sees N as the highest
 * number sees every event up to N, and a writer that loses a race retries with the next number.
 * One event per (version, kind) is unique, so two instances syncing at once record it once.
 *
 * Nothing in the approval workflow has to call this: an approval that crashed between its own
 * write and any hook cannot be missed, because the next sync reads the reports themselves.
 */

const MAX_ROUNDS = 50;

interface ReportFactsDoc {
  _id: string;
  projectId: string;
  reportVersion: number;
  state: ReportRecord['state'];
  approvedAt?: Date;
  withdrawnAt?: Date;
  decision?: { sharingLevel?: SharingLevel };
}

function toFacts(doc: ReportFactsDoc): ReportPublicationFacts {
  const level = doc.decision?.sharingLevel;
  return {
    _id: doc._id,
    projectId: doc.projectId,
    reportVersion: doc.reportVersion,
    state: doc.state,
    ...(doc.approvedAt ? { approvedAt: doc.approvedAt } : {}),
    ...(doc.withdrawnAt ? { withdrawnAt: doc.withdrawnAt } : {}),
    ...(level ? { sharingLevel: level } : {}),
  };
}

export function makeMongoPublicationLog(db: Db, clock: Clock): PublicationLog & ReportVersionSource {
  const events = db.collection<PublicationEvent>(DIGEST_PUBLICATIONS);
  const reports = db.collection<ReportRecord>(REPORTS);

  const maxSeq = async (): Promise<number> => (await events.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next())?._id ?? 0;

  async function pending(): Promise<PendingPublication[]> {
    const facts = await reports
      .find({ demo: false, approvedAt: { $ne: null } } as never, { projection: { _id: 1, projectId: 1, reportVersion: 1, state: 1, approvedAt: 1, withdrawnAt: 1, 'decision.sharingLevel': 1 } })
      .toArray();
    const recorded = await events.find({}, { projection: { reportId: 1, kind: 1 } }).toArray();
    return pendingPublications((facts as unknown as ReportFactsDoc[]).map(toFacts), new Set(recorded.map((e) => eventKey(e.reportId, e.kind))));
  }

  /** Those of `list` that another instance has not recorded meanwhile. */
  async function stillPending(list: PendingPublication[]): Promise<PendingPublication[]> {
    const found = await events.find({ reportId: { $in: list.map((p) => p.reportId) } }, { projection: { reportId: 1, kind: 1 } }).toArray();
    const recorded = new Set(found.map((e) => eventKey(e.reportId, e.kind)));
    return list.filter((p) => !recorded.has(eventKey(p.reportId, p.kind)));
  }

  async function append(list: PendingPublication[]): Promise<void> {
    let left = list;
    for (let round = 0; left.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw new Error(`publication log: ${left.length} events still unrecorded after ${MAX_ROUNDS} rounds`);
      const first = (await maxSeq()) + 1;
      const now = clock.now();
      try {
        await events.insertMany(left.map((p, i) => ({ ...p, _id: first + i, recordedAt: now })), { ordered: true });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const inserted = err instanceof MongoBulkWriteError ? err.insertedCount : 0;
        left = await stillPending(left.slice(inserted));
      }
    }
  }

  return {
    maxSeq,
    async sync() {
      const list = await pending();
      if (list.length > 0) await append(list);
      return maxSeq();
    },
    listUpTo: (upTo) => events.find({ _id: { $lte: upTo } }).sort({ _id: 1 }).toArray(),
    findVersions: (ids) => (ids.length === 0 ? Promise.resolve([]) : reports.find({ _id: { $in: ids.map(String) } }).toArray()),
  };
}
