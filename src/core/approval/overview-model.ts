import { pick, type Locale } from '../i18n.js';
import { REPORT_STATES, type ReportState } from '../reporting/report.js';
import type { StateCount } from './approval-ports.js';
import { ministryName, type Fact, type ModelContext } from './review-model.js';

export const OVERVIEW_PATH = '/overview';

export interface OverviewModel {
  title: string;
  intro: string;
  empty: string;
  rows: Fact[];
  total: Fact;
  link: { text: string; url: string; title: string };
}

function countsLine(ctx: ModelContext, counts: Map<ReportState, number>, locale: Locale): string {
  return REPORT_STATES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${ctx.texts.states[s][locale]} ${counts.get(s)}`)
    .join(' · ');
}

function byMinistry(counts: StateCount[]): Map<string | null, Map<ReportState, number>> {
  const out = new Map<string | null, Map<ReportState, number>>();
  for (const c of counts) {
    const row = out.get(c.ministry) ?? new Map<ReportState, number>();
    row.set(c.state, (row.get(c.state) ?? 0) + c.count);
    out.set(c.ministry, row);
  }
  return out;
}

function totals(counts: StateCount[]): Map<ReportState, number> {
  const out = new Map<ReportState, number>();
  for (const c of counts) out.set(c.state, (out.get(c.state) ?? 0) + c.count);
  return out;
}

/** Counts per state and ministry for coordinators, and where the published overview is. */
export function buildOverview(ctx: ModelContext, counts: StateCount[], publicBaseUrl: string | undefined, locale: Locale): OverviewModel {
  const m = ctx.approvalTexts.messages;
  const rows = [...byMinistry(counts).entries()]
    .map(([ministry, row]) => ({ label: ministry ? ministry : ministryName(ctx, undefined, locale), value: countsLine(ctx, row, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'nb'));
  const url = publicBaseUrl ? `${publicBaseUrl}${OVERVIEW_PATH}` : '';
  return {
    title: m.overviewTitle[locale],
    intro: rows.length > 0 ? m.overviewIntro[locale] : '',
    empty: rows.length === 0 ? m.overviewEmpty[locale] : '',
    rows,
    total: { label: m.overviewTotal[locale], value: countsLine(ctx, totals(counts), locale) },
    link: { text: pick(m.overviewLink, locale, { url: url || OVERVIEW_PATH }), url, title: ctx.approvalTexts.buttons.overviewWeb[locale] },
  };
}
