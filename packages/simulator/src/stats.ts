/**
 * Small statistics helpers for the metrics.
 * @module
 */

/** Latency percentiles, ms (`null` when there were no samples). */
export interface Percentiles {
  p50: number | null
  p95: number | null
  p99: number | null
}

/**
 * Nearest-rank percentile of sorted samples.
 * @param sorted - Ascending samples.
 * @param q - Quantile in [0, 1].
 * @returns The sample at rank ⌈q·n⌉, or `null` when empty.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)))
  return sorted[rank - 1]!
}

/**
 * p50/p95/p99 of unsorted samples (rounded to 0.1 ms).
 * @param samples - Latencies in ms.
 * @returns The percentiles.
 */
export function latencyPercentiles(samples: readonly number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort()
  const r = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10)
  return { p50: r(percentile(sorted, 0.5)), p95: r(percentile(sorted, 0.95)), p99: r(percentile(sorted, 0.99)) }
}

/**
 * A ratio rounded to 4 decimals, `null` when the denominator is 0.
 * @param num - Numerator.
 * @param den - Denominator.
 * @returns `num / den`.
 */
export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num / den) * 10_000) / 10_000
}
