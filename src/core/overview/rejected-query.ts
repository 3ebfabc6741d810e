import type { QueryProblem } from './overview-query.js';

/** A refused overview request, for the audit trail (the hook `onRejectedQuery` of the overview routes). */
export interface RejectedOverviewQuery {
  at: Date;
  /** The route path, without the query string. */
  path: string;
  /** What was wrong; names and values shortened, as typed (escape them before showing). */
  problems: QueryProblem[];
  remoteAddress?: string;
  userAgent?: string;
}
