import cron, { parse, type ScheduledTask } from 'node-cron';

/*
 * The slots of a cron expression in a time zone: the latest slot at or before a moment, for the
 * catch-up of a slot missed while every instance was down. node-cron's matcher decides whether a
 * minute is a slot (in the time zone); the search walks back minute by minute, at most
 * `lookbackDays`, and its answer is cached until the next slot. node-cron's matcher formats each
 * minute in the time zone (a few µs), so minutes that cannot be a slot are skipped first by
 * arithmetic: every time zone in use is offset from UTC by a multiple of 15 minutes, so a slot's
 * UTC minute-of-hour is congruent, modulo 15, to one of the expression's minutes. A weekly slot is
 * then found with ~1,300 matcher calls instead of ~20,000, which blocked the event loop ~120 ms.
 */

const MINUTE = 60_000;

export class SlotSchedule {
  private readonly matcher: ScheduledTask;
  /** The expression's minutes modulo 15 (see above). */
  private readonly minuteResidues: Set<number>;
  private cache: { from: number; until: number; latest: Date | undefined } | undefined;

  constructor(expression: string, timezone: string, private readonly lookbackDays = 35) {
    this.matcher = cron.createTask(expression, () => undefined, { timezone, name: 'digest-slot-matcher' });
    this.minuteResidues = new Set(parse(expression).minute.map((m) => m % 15));
  }

  private isSlot(minute: number): boolean {
    const date = new Date(minute);
    return this.minuteResidues.has(date.getUTCMinutes() % 15) && this.matcher.match(date);
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
