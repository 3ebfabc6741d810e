/** Percentiles and a one-line summary of latency samples (milliseconds). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export interface LatencySummary {
  count: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  throughput: number;
}

export function summarise(samples: number[], wallMs: number): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    throughput: sorted.length / (wallMs / 1000),
  };
}

export function formatRow(label: string, s: LatencySummary): string {
  const f = (n: number) => n.toFixed(2).padStart(8);
  return `${label.padEnd(34)} n=${String(s.count).padStart(5)}  median=${f(s.median)} ms  p95=${f(s.p95)} ms  p99=${f(s.p99)} ms  max=${f(s.max)} ms  ${s.throughput.toFixed(0).padStart(5)} turns/s`;
}
