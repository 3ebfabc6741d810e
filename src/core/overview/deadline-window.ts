import type { DateWindow } from './published-filter.js';
import type { PublishedDeadline, PublishedProject } from './published-project.js';

/** YYYY-MM-DD of a moment, in UTC (as the reporting flow counts "today"). */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `iso` plus `months` calendar months; the day is clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return isoDay(target);
}

/** "Deadlines in the next N months": a deadline period that overlaps today … today + N months. */
export function deadlineWindow(today: string, months: number): DateWindow {
  return { from: today, to: addMonths(today, months) };
}

/** The first deadline that has not passed (its period ends today or later). */
export function nextDeadline(project: Pick<PublishedProject, 'deadlines'>, today: string): PublishedDeadline | undefined {
  return project.deadlines.find((d) => d.end >= today);
}
