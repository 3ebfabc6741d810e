import type { Document } from 'bson';
import type { CollectionStore } from './collection-store.js';
import { valuesAtPath } from './document-values.js';
import type { IndexSpec } from './index-catalog.js';
import { compileFilter, queryOptions } from './query-engine.js';
import type { Storage } from './storage.js';

/** mongod's default TTL monitor period (ttlMonitorSleepSecs = 60). */
export const DEFAULT_TTL_SWEEP_MS = 60_000;

function expiresAt(doc: Document, spec: IndexSpec): number | undefined {
  const field = Object.keys(spec.key)[0] as string;
  const times = valuesAtPath(doc, field)
    .values.filter((value): value is Date => value instanceof Date)
    .map((date) => date.getTime());
  if (times.length === 0) return undefined;
  return Math.min(...times) + (spec.expireAfterSeconds ?? 0) * 1000;
}

function sweepIndex(collection: CollectionStore, spec: IndexSpec, now: number): number {
  const covered = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression, queryOptions()) : () => true;
  const expired = collection.documents().filter((doc) => {
    const expiry = expiresAt(doc, spec);
    return expiry !== undefined && expiry <= now && covered(doc);
  });
  for (const doc of expired) collection.remove(doc);
  return expired.length;
}

/** Removes documents whose TTL index date (+ expireAfterSeconds) is in the past, like mongod's TTL monitor. */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly intervalMs: number = DEFAULT_TTL_SWEEP_MS,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass over all TTL indexes; returns the number of removed documents. */
  sweep(now: Date = new Date()): number {
    let removed = 0;
    for (const db of this.storage.list()) {
      for (const collection of db.list()) {
        for (const spec of collection.indexes.ttlIndexes()) removed += sweepIndex(collection, spec, now.getTime());
      }
    }
    return removed;
  }
}
