import { pick, type Locale } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import type { ReportRecord } from '../reporting/report.js';
import { buildReportList, latestPerProject, type ReportListItem } from '../reporting/report-list.js';
import type { ModelContext } from './review-model.js';
import { TERMINAL_STATES } from './report-facts.js';

export interface MyReportItem extends ReportListItem {
  rev: number;
  /** The ministry's comment on a returned report. */
  note: string;
  canWithdraw: boolean;
  withdrawTitle: string;
}

export interface MyReportsModel {
  title: string;
  empty: string;
  items: MyReportItem[];
  buttons: { newReport: string };
}

function item(ctx: ModelContext, base: ReportListItem, record: ReportRecord, locale: Locale): MyReportItem {
  const returned = record.state === 'RETURNERT';
  const comment = returned ? record.decision?.comment ?? '' : '';
  return {
    ...base,
    actionTitle: returned ? ctx.approvalTexts.buttons.fixAndResubmit[locale] : base.actionTitle,
    rev: record.rev,
    note: comment ? pick(ctx.approvalTexts.messages.returnedLine, locale, { comment }) : '',
    canWithdraw: !TERMINAL_STATES.has(record.state),
    withdrawTitle: ctx.approvalTexts.buttons.withdraw[locale],
  };
}

/**
 * "Mine rapporter" with the workflow's buttons: the plain list (report-list.ts) plus, per project,
 * the ministry's comment on a returned report and a withdraw button.
 */
export function buildMyReports(ctx: ModelContext, records: ReportRecord[], locale: Locale): MyReportsModel {
  const base = buildReportList(records, ctx.texts, locale);
  const byId = new Map(latestPerProject(records).map((r) => [r._id, r]));
  const items = base.items.flatMap((i) => {
    const record = byId.get(i.reportId);
    return record ? [item(ctx, i, record, locale)] : [];
  });
  return { ...base, items };
}

export function myReportsCard(ctx: ModelContext): (records: ReportRecord[], locale: Locale) => OutboundIntent {
  return (records, locale) => card('review-my-reports', buildMyReports(ctx, records, locale));
}
