import { pick, type Locale } from '../i18n.js';
import type { BotTexts } from '../texts.js';
import { projectName } from './form-model.js';
import type { ReportRecord } from './report.js';

export interface ReportListItem {
  reportId: string;
  name: string;
  line: string;
  /** 'continue' for drafts, 'update' for submitted versions. */
  action: 'continue' | 'update' | 'none';
  actionTitle: string;
}

export interface ReportListModel {
  title: string;
  empty: string;
  items: ReportListItem[];
  buttons: { newReport: string };
}

/** Latest version per project, most recently changed first. */
export function latestPerProject(records: ReportRecord[]): ReportRecord[] {
  const latest = new Map<string, ReportRecord>();
  for (const r of records) {
    const seen = latest.get(r.projectId);
    if (!seen || r.reportVersion > seen.reportVersion) latest.set(r.projectId, r);
  }
  return [...latest.values()].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
}

function formatDate(d: Date, locale: Locale): string {
  return d.toLocaleDateString(locale === 'nb' ? 'nb-NO' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Oslo' });
}

export function buildReportList(records: ReportRecord[], texts: BotTexts, locale: Locale): ReportListModel {
  const items = latestPerProject(records).map((r): ReportListItem => {
    const action = r.state === 'UTKAST' ? 'continue' : r.state === 'INNSENDT' || r.state === 'GODKJENT' || r.state === 'RETURNERT' ? 'update' : 'none';
    return {
      reportId: r._id,
      name: projectName(r, texts, locale),
      line: pick(texts.messages.reportLine, locale, { version: r.reportVersion, state: texts.states[r.state][locale], updated: formatDate(r.updatedAt, locale) }),
      action,
      actionTitle: action === 'continue' ? texts.buttons.continue[locale] : action === 'update' ? texts.buttons.update[locale] : '',
    };
  });
  return {
    title: texts.messages.myReportsTitle[locale],
    empty: items.length === 0 ? texts.messages.myReportsEmpty[locale] : '',
    items,
    buttons: { newReport: texts.buttons.newReport[locale] },
  };
}
