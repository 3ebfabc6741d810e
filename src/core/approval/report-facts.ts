import type { Actor } from '../events.js';
import type { FieldChange, ReportRecord, ReportState, SharingLevel } from '../reporting/report.js';
import { SHARING_LEVELS } from '../reporting/report.js';
import type { Organisations } from '../reporting/template-types.js';

/** States in which a project is over: nothing more happens to it in the workflow. */
export const TERMINAL_STATES: ReadonlySet<ReportState> = new Set(['TRUKKET', 'AVSLUTTET']);

/**
 * The ministry a report is routed to: the one stored at submission, else the owning ministry the
 * reporter chose, else the ministry that owns the agency (organisations.json). Demo records of
 * 2016 carry only the agency.
 */
export function ministryOf(report: ReportRecord, orgs: Organisations): string | undefined {
  if (report.ministry) return report.ministry;
  const chosen = report.answers['owningMinistry'];
  if (typeof chosen === 'string' && orgs.ministries.some((m) => m.id === chosen)) return chosen;
  return ministryOfAgency(report.answers['agency'], orgs);
}

/** Agency ids compare case-insensitively: the 2016 records write "Kartverket" and "eHelse". */
export function ministryOfAgency(agency: unknown, orgs: Organisations): string | undefined {
  if (typeof agency !== 'string') return undefined;
  const id = agency.trim().toUpperCase();
  return orgs.agencies.find((a) => a.id === id)?.ministry;
}

export function isReporter(report: ReportRecord, actor: Actor): boolean {
  return report.reporter.platform === actor.platform && report.reporter.userId === actor.userId;
}

export function proposedSharingLevel(report: ReportRecord): SharingLevel | undefined {
  const proposal = report.answers['sharingLevel'];
  return SHARING_LEVELS.find((s) => s === proposal);
}

/** JSON with sorted object keys, so two equal answers compare equal whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The fields whose answers differ between two versions, in the order of `fieldOrder` (then any others). */
export function changedFields(previous: ReportRecord['answers'], current: ReportRecord['answers'], fieldOrder: string[]): FieldChange[] {
  const keys = new Set([...Object.keys(previous), ...Object.keys(current)]);
  const ordered = [...fieldOrder.filter((f) => keys.has(f)), ...[...keys].filter((k) => !fieldOrder.includes(k)).sort()];
  return ordered
    .filter((field) => stableJson(previous[field]) !== stableJson(current[field]))
    .map((field) => ({ field, before: previous[field] ?? null, after: current[field] ?? null }));
}
