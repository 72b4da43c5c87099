/** Latency summary in milliseconds, exact (not histogram buckets). */
export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Keeps every sample. autocannon's own histogram records whole milliseconds, which is a 10–20 %
 * error at the latencies this gateway should have; a few hundred thousand doubles cost nothing.
 */
export class LatencyRecorder {
  private samples = new Float64Array(16_384);
  private length = 0;

  record(valueMs: number): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = valueMs;
  }

  summarize(): LatencySummary {
    const sorted = this.samples.slice(0, this.length).sort();
    const count = sorted.length;
    if (count === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      count,
      meanMs: sum / count,
      p50Ms: nearestRank(sorted, 50),
      p90Ms: nearestRank(sorted, 90),
      p99Ms: nearestRank(sorted, 99),
      maxMs: sorted[count - 1],
    };
  }
}

/** The smallest sample with at least `percentile` % of samples at or below it. */
export function nearestRank(sorted: Float64Array, percentile: number): number {
  if (sorted.length === 0) throw new Error('nearestRank of no samples');
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
