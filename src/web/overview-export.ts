import { pick, type Locale } from '../core/i18n.js';
import { nextDeadline } from '../core/overview/deadline-window.js';
import type { OverviewQuery } from '../core/overview/overview-query.js';
import type { OverviewList } from '../core/overview/overview-service.js';
import { isStateEconomicsField, shareableFields } from '../core/overview/shareable-answers.js';
import type { PublishedProject } from '../core/overview/published-project.js';
import type { FieldDef, ReportingContent } from '../core/reporting/template-types.js';
import { toCsv } from './csv.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';

/*
 * CSV and JSON exports of exactly the projects the list shows for the same query. Both are built
 * from PublishedProject, so they cannot contain more than the pages do.
 */

interface ExportContext {
  list: OverviewList;
  query: OverviewQuery;
  content: ReportingContent;
  texts: OverviewTexts;
  locale: Locale;
}

/** Every field that can be published for some report, in template order: the CSV's answer columns. */
function fieldColumns(content: ReportingContent): FieldDef[] {
  return shareableFields({}, content);
}

function fieldTexts(project: PublishedProject): Map<string, string> {
  return new Map(project.sections.flatMap((s) => s.fields.map((f) => [f.id, f.text] as const)));
}

function fieldCell(project: PublishedProject, field: FieldDef, texts: Map<string, string>, hidden: string): string {
  if (project.costFiguresConfidential && isStateEconomicsField(field)) return hidden;
  return texts.get(field.id) ?? '';
}

function summaryCells(project: PublishedProject, ctx: ExportContext): string[] {
  const next = nextDeadline(project, ctx.list.today);
  return [
    project.projectId,
    String(project.version),
    project.approvedAt?.slice(0, 10) ?? '',
    project.sharingLevel.label,
    project.flags.map((f) => f.label).join('; '),
    next ? `${next.dateText}: ${next.what}` : '',
  ];
}

const SUMMARY_HEADERS: PageTextKey[] = ['csvProjectId', 'csvVersion', 'csvApproved', 'csvSharing', 'csvFlags', 'csvNextDeadline'];

export function overviewCsv(ctx: ExportContext): string {
  const columns = fieldColumns(ctx.content);
  const hidden = pageText(ctx.texts, ctx.locale, 'hiddenConfidential');
  const header = [...SUMMARY_HEADERS.map((k) => pageText(ctx.texts, ctx.locale, k)), ...columns.map((f) => pick(f.label, ctx.locale))];
  const rows = ctx.list.projects.map((p) => {
    const texts = fieldTexts(p);
    return [...summaryCells(p, ctx), ...columns.map((f) => fieldCell(p, f, texts, hidden))];
  });
  return toCsv([header, ...rows]);
}

/** JSON with `<` escaped, so the text is inert even if something renders it as HTML. */
export function overviewJson(ctx: ExportContext, generatedAt: Date): string {
  const body = {
    generatedAt: generatedAt.toISOString(),
    language: ctx.locale,
    query: ctx.query,
    count: ctx.list.projects.length,
    totalPublished: ctx.list.totalPublished,
    projects: ctx.list.projects,
  };
  return JSON.stringify(body, null, 2).replace(/</g, '\\u003c');
}
