/**
 * Bloom filter sizing (Bloom 1970; the standard optimum, e.g. Broder & Mitzenmacher 2004):
 * for n items at false-positive rate p, m = −n·ln p / (ln 2)² bits and k = (m/n)·ln 2 hashes;
 * a filter of m bits with k hashes holding n items answers falsely with ≈ (1 − e^(−kn/m))^k.
 * @module
 */

/** Bits and hash count of one filter. */
export interface BloomSize {
  /** Bits, rounded up to a whole number of 32-bit words. */
  readonly bits: number
  /** Hash functions. */
  readonly hashes: number
}

/**
 * Optimal size for `items` items at false-positive rate `rate`.
 * @param items - Design load (≥ 1).
 * @param rate - Target false-positive rate, 0 < rate < 1.
 * @returns Bits (multiple of 32) and hash count (1…32).
 * @throws RangeError for an invalid load or rate.
 */
export function bloomSize(items: number, rate: number): BloomSize {
  if (!(items >= 1) || !Number.isFinite(items)) throw new RangeError('items must be ≥ 1')
  if (!(rate > 0 && rate < 1)) throw new RangeError('rate must be in (0, 1)')
  const ln2 = Math.LN2
  const raw = Math.ceil((-items * Math.log(rate)) / (ln2 * ln2))
  const bits = Math.max(32, Math.ceil(raw / 32) * 32)
  const hashes = Math.min(32, Math.max(1, Math.round((bits / items) * ln2)))
  return { bits, hashes }
}

/**
 * Expected false-positive rate of a filter.
 * @param bits - Filter bits m.
 * @param hashes - Hash count k.
 * @param items - Items inserted n.
 * @returns (1 − e^(−kn/m))^k.
 */
export function bloomFalsePositiveRate(bits: number, hashes: number, items: number): number {
  if (items <= 0) return 0
  return Math.pow(1 - Math.exp((-hashes * items) / bits), hashes)
}
