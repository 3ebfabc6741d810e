import type { CardId } from '../outbound.js';
import { escapeCardMarkdown as esc } from '../text/sanitize.js';
import type { DigestProjectsModel, DigestSummaryModel } from './digest-cards.js';
import type { DigestListModel } from './digest-chat-context.js';

/**
 * Where report text (project names, deadline texts, answers quoted in "før → nå") sits in the
 * digest's card models, for channels that render Markdown in text (Teams TextBlock and FactSet).
 * The Teams card renderer applies these before expanding a template (reporting-template.md §6).
 */
export const DIGEST_CARD_ESCAPERS: Partial<Record<CardId, (data: any) => void>> = {
  'digest-summary': (d: DigestSummaryModel) => {
    for (const m of d.months) m.lines = m.lines.map(esc);
    d.withdrawn = d.withdrawn.map(esc);
  },
  'digest-projects': (d: DigestProjectsModel) => {
    for (const p of d.projects) {
      p.name = esc(p.name);
      for (const f of p.facts) f.value = esc(f.value);
      for (const c of p.changes) c.value = esc(c.value);
      p.others = esc(p.others);
    }
  },
  'digest-list': (d: DigestListModel) => {
    d.title = esc(d.title);
    d.lines = d.lines.map(esc);
    for (const item of d.items) item.text = esc(item.text);
  },
};
