import { addMonths } from '../overview/deadline-window.js';
import type { DigestDeadline, ProjectFacts } from './project-view.js';

/*
 * "Frister for kommunene neste 12 måneder" (reporting-template.md §8.2): every shared project's
 * deadlines, grouped by the month the deadline falls in (its last day), with the months where two
 * or more projects have deadlines for the same service area marked ("Flere frister samme måned").
 */

export interface CalendarEntry {
  projectId: string;
  name: string;
  deadline: DigestDeadline;
}

export interface CalendarMonth {
  /** YYYY-MM */
  month: string;
  entries: CalendarEntry[];
  /** Service areas hit by deadlines of two or more projects this month, with how many. */
  crowded: { area: string; projects: number }[];
}

function crowdedAreas(entries: CalendarEntry[], areasOf: Map<string, readonly string[]>): CalendarMonth['crowded'] {
  const projectsPerArea = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const area of areasOf.get(e.projectId) ?? []) {
      const set = projectsPerArea.get(area) ?? new Set<string>();
      set.add(e.projectId);
      projectsPerArea.set(area, set);
    }
  }
  return [...projectsPerArea.entries()]
    .filter(([, set]) => set.size >= 2)
    .map(([area, set]) => ({ area, projects: set.size }))
    .sort((a, b) => b.projects - a.projects || a.area.localeCompare(b.area));
}

/** Deadlines ending from `today` to `today + months`, month by month, soonest first. */
export function deadlineCalendar(projects: readonly ProjectFacts[], today: string, months: number): CalendarMonth[] {
  const until = addMonths(today, months);
  const byMonth = new Map<string, CalendarEntry[]>();
  const areasOf = new Map<string, readonly string[]>();
  for (const p of projects) {
    areasOf.set(p.projectId, p.serviceAreas);
    for (const d of p.deadlines) {
      if (d.end < today || d.end > until) continue;
      const month = d.end.slice(0, 7);
      const list = byMonth.get(month) ?? [];
      list.push({ projectId: p.projectId, name: p.name, deadline: d });
      byMonth.set(month, list);
    }
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, entries]) => {
      const sorted = entries.sort((a, b) => a.deadline.end.localeCompare(b.deadline.end) || a.name.localeCompare(b.name));
      return { month, entries: sorted, crowded: crowdedAreas(sorted, areasOf) };
    });
}
