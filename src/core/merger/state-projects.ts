/**
 * State projects from the register whose municipal deadlines fall inside a merger's window and
 * whose service areas match a guide area: the merger team should know they are coming.
 */
export interface StateProjectDeadlines {
  name: string;
  serviceAreas: string[];
  /** YYYY-MM-DD, the last day of each municipal deadline. */
  deadlines: string[];
}

export interface StateProjectSource {
  /** Latest submitted or approved versions, not demo records, that carry municipal deadlines. */
  projectsWithDeadlines(): Promise<StateProjectDeadlines[]>;
}

/** guide area id → names of projects with a deadline in [from, to] touching that area's service areas. */
export function projectsByArea(
  projects: StateProjectDeadlines[],
  areaServiceAreas: Record<string, string[]>,
  from: string,
  to: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [areaId, serviceAreas] of Object.entries(areaServiceAreas)) {
    const names = projects
      .filter((p) => p.serviceAreas.some((s) => serviceAreas.includes(s)) && p.deadlines.some((d) => d >= from && d <= to))
      .map((p) => p.name);
    if (names.length > 0) out.set(areaId, [...new Set(names)].slice(0, 3));
  }
  return out;
}
