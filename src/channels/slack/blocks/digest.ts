import type { DigestProjectsModel, DigestSummaryModel, Link } from '../../../core/digest/digest-cards.js';
import type { DigestListModel } from '../../../core/digest/digest-chat-context.js';
import { actions, bold, context, divider, esc, header, sections, textLines, titledList, type Block, type ButtonSpec } from './kit.js';
import type { RenderedMessage } from './messages.js';

/** Link buttons only for absolute http(s) addresses (a relative overview path stays text). */
function linkButtons(links: Link[]): ButtonSpec[] {
  return links.filter((l) => /^https?:\/\//.test(l.url)).map((l) => ({ text: l.title, verb: 'overview.link', url: l.url }));
}

export function digestSummary(d: DigestSummaryModel): RenderedMessage {
  const months = d.months.flatMap((m) => titledList(`${m.title}${m.flag ? ` ${m.flag}` : ''}`, m.lines));
  return {
    text: `${d.title} – ${d.period}`,
    blocks: [
      header(d.title),
      ...context([esc(d.period)]),
      ...textLines([d.counts, d.emptyWeek, d.overview]),
      ...actions(linkButtons(d.link ? [d.link] : []), 'digest-link'),
      ...(d.calendarTitle ? sections(bold(d.calendarTitle)) : []),
      ...textLines([d.calendarNone]),
      ...months,
      ...titledList(d.withdrawnTitle, d.withdrawn),
      ...context([esc(d.footer)]),
    ],
  };
}

function project(p: DigestProjectsModel['projects'][number], i: number): Block[] {
  const facts = p.facts.map((f) => `${esc(f.title)}: ${esc(f.value)}`);
  const changes = p.changes.map((f) => `${esc(f.title)}: ${esc(f.value)}`);
  return [
    divider(),
    ...sections([bold(p.name), ...facts].join('\n')),
    ...(p.changesTitle ? sections([bold(p.changesTitle), ...changes].join('\n')) : []),
    ...context([esc(p.others), p.flags ? `:warning: ${esc(p.flags)}` : '']),
    ...actions(linkButtons(p.links), `project-${i}`),
  ];
}

export function digestProjects(d: DigestProjectsModel): RenderedMessage {
  return {
    text: d.title,
    blocks: [...sections(bold(d.title)), ...d.projects.flatMap(project), ...textLines([d.more]), ...actions(linkButtons(d.link ? [d.link] : []), 'digest-more')],
  };
}

export function digestList(d: DigestListModel): RenderedMessage {
  const items = d.items.flatMap((item, i) => [
    ...sections(esc(item.text)),
    ...(item.action ? actions([{ text: item.action.title, verb: item.action.verb, data: item.action.data }], `digest-item-${i}`) : []),
  ]);
  return { text: d.title || d.lines[0] || ' ', blocks: [...(d.title ? sections(bold(d.title)) : []), ...textLines(d.lines), ...items, ...context([esc(d.footer)])] };
}
