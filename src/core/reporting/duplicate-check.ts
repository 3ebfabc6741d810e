import type { Actor } from '../events.js';
import { pick, type Locale } from '../i18n.js';
import type { AgencyProject, AgencyProjectsQuery, ReportRepository } from '../ports.js';
import type { BotTexts } from '../texts.js';
import { nameSearchKeys, projectSimilarity, SIMILARITY } from './duplicate-names.js';
import type { ReportRecord } from './report.js';
import type { ReportingContent } from './template-types.js';

/**
 * The duplicate warning of reporting-template.md row A1: "Warn on a possible duplicate (same agency
 * + similar name)". Decisions:
 *
 * When: only when the card that holds `projectName` (the identification card) is answered validly
 * and the user moves on, also when it is answered again after "Endre" from the summary. Later cards
 * do not repeat the warning, and it never blocks: the flow goes on as without it.
 *
 * Which records count:
 * - other projects (a different `projectId`: the versions of the project being reported, e.g. the
 *   approved version 1 of an update, never count);
 * - of the same agency: `answers.agency` equal; with the "other agency" choice (an agency value
 *   that is not a configured agency id) also `answers.agencyOther` equal, ignoring case and
 *   surrounding spaces (typed names are stored trimmed by the text sanitiser). The 2016 demo
 *   records are loaded with the configured agency id ("KARTVERKET" for the appendix' "Kartverket",
 *   see configuredAgencyId in demo-projects.ts), so they match like any other record;
 * - the user's own drafts count; other users' drafts do not (they are private until submitted);
 *   every other state counts: submitted, returned, approved, shared, withdrawn, closed; and the
 *   demo records (`demo: true`, the 29 projects of the 2016 survey);
 * - one entry per project: the latest version the user may see (for a project whose newest version
 *   is someone else's draft, the version before it).
 *
 * Cost: one MongoDB query on that card only, run alongside the save. It reads only the agency's
 * versions that share a search key with the typed name (`nameKeys`, stored with every report and
 * indexed: words, 8-letter pieces of long words, the short name; see nameSearchKeys), at most
 * DUPLICATE_SCAN_LIMIT of them (newest first), with a projection of the few fields needed. So the
 * cost follows the number of candidates, not the size of the agency (measured: an agency with
 * hundreds of reports of one name made every first card cost ~10 ms of CPU before the keys).
 *
 * What the user sees: at most MAX_NAMED_DUPLICATES projects, closest names first, with their state
 * in the texts of "Mine rapporter" (demo records marked as from the 2016 survey), and what to do if
 * it is the same project. Names are user text: the channel renderers escape the whole notice
 * (Teams card Markdown, Slack mrkdwn), as for every other notice.
 */
export const DUPLICATE_SCAN_LIMIT = 50;
export const MAX_NAMED_DUPLICATES = 3;

export interface DuplicateCheckDeps {
  reports: ReportRepository;
  content: ReportingContent;
  texts: BotTexts;
}

/** true when `groupId` is the card whose answer triggers the check (the one with `projectName`). */
export function checksDuplicates(content: ReportingContent, groupId: string): boolean {
  return content.template.groups.some((g) => g.id === groupId && g.fields.includes('projectName'));
}

/** The agency part of the query from validated answers; undefined when the agency is not known yet. */
export function agencyOf(content: ReportingContent, answers: ReportRecord['answers']): Pick<AgencyProjectsQuery, 'agency' | 'agencyOther'> | undefined {
  const agency = answers['agency'];
  if (typeof agency !== 'string' || agency.trim() === '') return undefined;
  if (content.organisations.agencies.some((a) => a.id === agency)) return { agency };
  const other = answers['agencyOther'];
  if (typeof other !== 'string' || other.trim() === '') return undefined;
  return { agency, agencyOther: other.trim() };
}

/** The projects of the same agency whose name is similar to the report's, closest first. */
export async function findPossibleDuplicates(deps: DuplicateCheckDeps, answers: ReportRecord['answers'], projectId: string, actor: Actor): Promise<AgencyProject[]> {
  const name = answers['projectName'];
  const agency = agencyOf(deps.content, answers);
  if (typeof name !== 'string' || !agency) return [];
  const own = { name, shortName: typeof answers['shortName'] === 'string' ? answers['shortName'] : undefined };
  const keys = nameSearchKeys(own.name, own.shortName);
  if (keys.length === 0) return [];
  const candidates = await deps.reports.listProjectsOfAgency(
    { ...agency, excludeProjectId: projectId, keys, viewer: { platform: actor.platform, userId: actor.userId } },
    DUPLICATE_SCAN_LIMIT,
  );
  return candidates
    .map((p) => ({ p, score: projectSimilarity(own, { name: p.projectName, shortName: p.shortName }) }))
    .filter((x) => x.score !== SIMILARITY.none)
    // Stable sort: equally close matches stay newest first, as the repository lists them.
    .sort((a, b) => b.score - a.score)
    .map((x) => x.p);
}

/** The warning notice naming at most MAX_NAMED_DUPLICATES of `matches`; undefined when there are none. */
export function duplicateNotice(texts: BotTexts, matches: AgencyProject[], locale: Locale): string | undefined {
  if (matches.length === 0) return undefined;
  const m = texts.messages;
  const projects = matches.slice(0, MAX_NAMED_DUPLICATES).map((p) => {
    const stateText = texts.states[p.state]?.[locale] ?? p.state;
    const state = p.demo ? pick(m.possibleDuplicateDemo, locale, { state: stateText }) : stateText;
    const name = p.projectName?.trim() ? p.projectName : m.untitled[locale];
    return pick(m.possibleDuplicateItem, locale, { name, state });
  });
  return pick(m.possibleDuplicate, locale, {
    projects: projects.join(', '),
    myReports: texts.buttons.myReports[locale],
    update: texts.buttons.update[locale],
    continue: texts.buttons.continue[locale],
  });
}
