/**
 * Number formatting for the stats panel.
 * @module
 */

/**
 * A ratio as shown: `–` for none, `1` and `0` exactly, else up to 4 decimals.
 * @param value - Ratio in [0, 1] or `null`.
 * @returns Display text.
 */
export function formatRatio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  if (value === 1 || value === 0) return String(value)
  return String(Math.round(value * 10_000) / 10_000)
}

/**
 * Milliseconds as shown: `–` for none, whole ms from 10 ms up, one decimal below.
 * @param ms - Milliseconds or `null`.
 * @returns Display text.
 */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–'
  return ms >= 10 ? String(Math.round(ms)) : ms.toFixed(1)
}

/**
 * A count with thin thousands separators.
 * @param n - Integer.
 * @returns Display text.
 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * `delivered / expected`, rounded like the simulator's `ratio` (4 decimals), or `null`.
 * @param num - Numerator.
 * @param den - Denominator.
 * @returns The ratio.
 */
export function liveRatio(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num / den) * 10_000) / 10_000
}
