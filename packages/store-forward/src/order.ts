/**
 * The total order of queue items: `createdAt`, then insertion `seq`.
 * @module
 */
import type { StoredItem } from './types.js'

/**
 * Compare two items by (`createdAt`, `seq`).
 * @returns Negative, zero or positive, as `Array.prototype.sort` expects.
 */
export function compareItems(a: StoredItem, b: StoredItem): number {
  return a.createdAt - b.createdAt || a.seq - b.seq
}

/**
 * Index at which `item` sits (or would be inserted) in `sorted`, by binary search.
 * @param sorted - Items sorted by {@link compareItems}.
 * @param item - The probe.
 * @returns The first index whose element does not sort before `item`.
 */
export function lowerBound(sorted: readonly StoredItem[], item: StoredItem): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareItems(sorted[mid]!, item) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
