import type { CardId } from '../outbound.js';
import { escapeCardMarkdown as esc } from '../text/sanitize.js';
import type { MyReportsModel } from './my-reports-model.js';
import type { QueueModel, ReviewCardModel, ReviewNoticeModel } from './review-model.js';

/**
 * Where user text (project names, answers, display names, reviewers' comments) sits in the
 * approval card models, for channels that render Markdown in text (Teams TextBlock and FactSet).
 * The Teams card renderer applies these before expanding a template (reporting-template.md §6).
 */
export const APPROVAL_CARD_ESCAPERS: Partial<Record<CardId, (data: any) => void>> = {
  'review-card': (d: ReviewCardModel) => {
    d.title = esc(d.title);
    d.notices = d.notices.map(esc);
    d.errors = d.errors.map(esc);
    d.decisionLines = d.decisionLines.map(esc);
    for (const f of d.facts) f.value = esc(f.value);
    for (const g of d.groups) for (const item of g.items) item.value = esc(item.value);
  },
  'review-queue': (d: QueueModel) => {
    for (const item of d.items) {
      item.name = esc(item.name);
      item.line = esc(item.line);
    }
  },
  'review-notice': (d: ReviewNoticeModel) => {
    d.title = esc(d.title);
    d.lines = d.lines.map(esc);
    d.quote = esc(d.quote);
  },
  'review-my-reports': (d: MyReportsModel) => {
    for (const item of d.items) {
      item.name = esc(item.name);
      item.note = esc(item.note);
    }
  },
};
