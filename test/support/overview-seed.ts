import type { Server } from 'restify';
import { isoDay } from '../../src/core/overview/deadline-window.js';
import type { RejectedOverviewQuery } from '../../src/core/overview/rejected-query.js';
import { systemClock } from '../../src/core/ports.js';
import { randomUUID } from 'node:crypto';
import type { Answers } from '../../src/core/reporting/answer-types.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { validateGroupSubmission } from '../../src/core/reporting/validate-group.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';
import { mountOverviewRoutes, type OverviewRouteDeps } from '../../src/web/overview-routes.js';
import { loadOverviewTexts } from '../../src/web/overview-texts.js';
import { VALID_GROUP_INPUTS } from './report-answers.js';

/*
 * Seeding and serving the published overview in tests. Answers are cast by the real card
 * validation from the inputs a reporter would type.
 */

export const content = loadReportingContent('config');
export const today = isoDay(new Date());

/** Card inputs by group id. */
export type Inputs = Record<string, Record<string, string>>;

/** "2026-03-02" → "02.03.2026", as a reporter types a date. */
export function norwegianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** Valid answers to every group, with `overrides` laid over the default inputs of each group. */
export function answersFrom(overrides: Inputs): Answers {
  let answers: Answers = {};
  for (const [group, inputs] of Object.entries(VALID_GROUP_INPUTS)) {
    const v = validateGroupSubmission(content, group, { ...inputs, ...overrides[group] }, answers, { locale: 'nb', today });
    if (!v.ok) throw new Error(`seed answers for ${group} invalid: ${JSON.stringify(v.errors)}`);
    answers = v.answers;
  }
  return answers;
}

/** The overview routes alone on a server of the test, on a free local port. */
export async function startOverviewServer(
  reports: OverviewRouteDeps['reports'],
  onRejectedQuery?: (details: RejectedOverviewQuery) => void,
): Promise<{ server: Server; url: string }> {
  const server = createHttpServer({ databaseReachable: async () => true }, silentLogger);
  mountOverviewRoutes(server, {
    reports,
    content,
    texts: loadOverviewTexts('config'),
    clock: systemClock,
    logger: silentLogger,
    ...(onRejectedQuery ? { onRejectedQuery } : {}),
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A submitted report version (INNSENDT) by Kari (`aad-kari`), reported at `at`. */
export function submittedReport(projectId: string, version: number, answers: Answers, at: Date, reporterName: string): ReportRecord {
  return {
    _id: randomUUID(),
    projectId,
    reportVersion: version,
    rev: 2,
    state: 'INNSENDT',
    reporter: { platform: 'teams', userId: 'aad-kari', displayName: reporterName },
    answers,
    step: 'submitted',
    returnToSummary: false,
    demo: false,
    flags: [],
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    ministry: String(answers['owningMinistry']),
  };
}
