import cron, { type ScheduledTask } from 'node-cron';

/*
 * The slots of a cron expression in a time zone: the latest slot at or before a moment, for the
 * catch-up of a slot missed while every instance was down. node-cron's matcher decides whether a
 * minute is a slot (in the time zone); the search walks back minute by minute, at most
 * `lookbackDays`, and its answer is cached until the next slot.
 */

const MINUTE = 60_000;

export class SlotSchedule {
  private readonly matcher: ScheduledTask;
  private cache: { from: number; until: number; latest: Date | undefined } | undefined;

  constructor(expression: string, timezone: string, private readonly lookbackDays = 35) {
    this.matcher = cron.createTask(expression, () => undefined, { timezone, name: 'digest-slot-matcher' });
  }

  private isSlot(minute: number): boolean {
    return this.matcher.match(new Date(minute));
  }

  private search(from: number, step: number): number | undefined {
    const limit = (this.lookbackDays * 24 * 60) | 0;
    for (let i = 0, t = from; i <= limit; i += 1, t += step) if (this.isSlot(t)) return t;
    return undefined;
  }

  /** The latest slot at or before `now`, if one falls within the look-back window. */
  latestAtOrBefore(now: Date): Date | undefined {
    const t = now.getTime();
    if (this.cache && t >= this.cache.from && t < this.cache.until) return this.cache.latest;
    const minute = Math.floor(t / MINUTE) * MINUTE;
    const latest = this.search(minute, -MINUTE);
    const next = this.search(minute + MINUTE, MINUTE);
    this.cache = { from: latest ?? minute, until: next ?? minute + 60 * MINUTE, latest: latest === undefined ? undefined : new Date(latest) };
    return this.cache.latest;
  }

  /** The first slot after `now`, if one falls within the window. */
  nextAfter(now: Date): Date | undefined {
    const next = this.search(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE, MINUTE);
    return next === undefined ? undefined : new Date(next);
  }

  stop(): void {
    void this.matcher.destroy();
  }
}
