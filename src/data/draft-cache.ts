import { ConcurrencyConflict, type ReportRepository } from '../core/ports.js';
import type { ReportRecord } from '../core/reporting/report.js';

/** Drafts kept per instance; the least recently used one goes first. */
const DEFAULT_MAX_DRAFTS = 2_000;

/**
 * Saves a card answer one MongoDB round trip: the draft each instance last wrote or read is kept
 * in memory (drafts only, at most `maxDrafts`), and a card that names that draft's exact `rev`
 * is answered from the copy instead of reading the draft again. The copy is never trusted for
 * the write: `update` still matches `{ _id, rev }` in MongoDB, so a draft changed meanwhile by
 * another instance (or a second click) fails there with ConcurrencyConflict, the copy is dropped
 * and the conversation reads the current report — as without the cache. Reads other than
 * `findForCard` always go to the database.
 */
export function withDraftCache<R extends ReportRepository>(repo: R, maxDrafts = DEFAULT_MAX_DRAFTS): R {
  const drafts = new Map<string, ReportRecord>();

  const remember = (report: ReportRecord | null): void => {
    if (!report) return;
    drafts.delete(report._id);
    if (report.state !== 'UTKAST') return;
    drafts.set(report._id, structuredClone(report));
    if (drafts.size > maxDrafts) drafts.delete(drafts.keys().next().value as string);
  };

  const findById = async (id: string): Promise<ReportRecord | null> => {
    const found = await repo.findById(id);
    if (found) remember(found);
    else drafts.delete(id);
    return found;
  };

  return {
    ...repo,
    async insert(report) {
      const stored = await repo.insert(report);
      remember(stored);
      return stored;
    },
    findById,
    async findForCard(id, rev) {
      const copy = drafts.get(id);
      if (copy && copy.rev === rev) {
        // Handed over, not cloned: the write that usually follows stores the next copy. A turn
        // that writes nothing (a card with only errors) reads the draft from MongoDB next time.
        drafts.delete(id);
        return copy;
      }
      return findById(id);
    },
    async update(id, expectedRev, changes) {
      try {
        const updated = await repo.update(id, expectedRev, changes);
        remember(updated);
        return updated;
      } catch (err) {
        if (err instanceof ConcurrencyConflict) drafts.delete(id);
        throw err;
      }
    },
  };
}
