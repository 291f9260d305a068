/**
 * A fixed-size, log-binned latency histogram: latencies span a few ms (one hop) to tens of
 * seconds (gossip-sync repair), so ten bins per decade keep every scale readable in 64 counters.
 * @module
 */
import { LATENCY_BINS } from './protocol.js'

/** Bins per decade of milliseconds. */
export const BINS_PER_DECADE = 10

/**
 * Bin of a latency: bin 0 holds everything below 10^(1/10) ms, bin k ≥ 1 holds
 * [10^(k/10), 10^((k+1)/10)) ms, and the last bin also holds everything above.
 * @param latencyMs - Latency, ms (negative and NaN count as 0).
 * @returns Bin index in `[0, LATENCY_BINS)`.
 */
export function latencyBin(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0
  const k = Math.floor(Math.log10(latencyMs) * BINS_PER_DECADE)
  return Math.min(LATENCY_BINS - 1, Math.max(0, k))
}

/**
 * Lower edge of a bin.
 * @param bin - Bin index.
 * @returns Milliseconds (0 for bin 0).
 */
export function binLowerMs(bin: number): number {
  return bin <= 0 ? 0 : 10 ** (bin / BINS_PER_DECADE)
}

/**
 * Upper edge of a bin (the last bin is open: its nominal edge is returned).
 * @param bin - Bin index.
 * @returns Milliseconds.
 */
export function binUpperMs(bin: number): number {
  return 10 ** ((bin + 1) / BINS_PER_DECADE)
}

/**
 * Percentile estimated from bin counts (geometric middle of the bin that holds it): within
 * ±12 % of the true value, enough for a live chart; the final figures come from the simulator.
 * @param bins - Counts per bin.
 * @param q - Quantile in `[0, 1]`.
 * @returns Milliseconds, or `null` when the histogram is empty.
 * @throws {RangeError} When `q` is outside `[0, 1]`.
 */
export function binnedPercentile(bins: ArrayLike<number>, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} outside [0, 1]`)
  let total = 0
  for (let k = 0; k < bins.length; k++) total += bins[k]!
  if (total === 0) return null
  // Rank of the sample, 1-based, as in nearest-rank percentiles.
  const rank = Math.max(1, Math.ceil(q * total))
  let seen = 0
  for (let k = 0; k < bins.length; k++) {
    seen += bins[k]!
    if (seen >= rank) return k === 0 ? binUpperMs(0) / 2 : Math.sqrt(binLowerMs(k) * binUpperMs(k))
  }
  return binUpperMs(bins.length - 1)
}
