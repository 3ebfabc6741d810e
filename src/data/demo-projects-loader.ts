import type { ReportRepository } from '../core/ports.js';
import { configuredAgencyId, demoProjectToAnswers, type DemoProjectRaw } from '../core/reporting/demo-projects.js';
import type { Logger } from '../logging/logger.js';

/**
 * Loads the 29 projects of the 2016 survey as demo records (`demo: true`, reporter "demo"). Idempotent:
 * a restart does not duplicate them, and user records are never touched. The agency is stored as
 * its configured id (`agencyIds`, see configuredAgencyId); records loaded before that was done keep
 * the appendix spelling, as `upsertDemo` never rewrites an existing demo record.
 */
export async function loadDemoProjects(reports: ReportRepository, raw: unknown, logger: Logger, agencyIds: readonly string[]): Promise<number> {
  if (!Array.isArray(raw)) throw new Error('demo data must be a JSON array of projects');
  let i = 0;
  for (const item of raw as DemoProjectRaw[]) {
    i += 1;
    const { answers: appendixAnswers, warnings } = demoProjectToAnswers(item);
    const answers = { ...appendixAnswers, agency: configuredAgencyId(appendixAnswers.agency, agencyIds) };
    if (warnings.length > 0) logger.debug('demo project imported with warnings', { name: item.name, warnings });
    const id = `demo-2016-${String(i).padStart(2, '0')}`;
    await reports.upsertDemo({
      _id: id,
      projectId: id,
      reportVersion: 1,
      state: 'INNSENDT',
      reporter: { platform: 'demo', userId: 'demo-2016', displayName: 'Demo (Difi 2016, vedlegg 1)' },
      answers: answers as never,
      step: 'submitted',
      returnToSummary: false,
      demo: true,
      flags: [],
    });
  }
  return i;
}
