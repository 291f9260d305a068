/**
 * Test doubles: a manual clock (virtual time) and a seeded Rng (mulberry32).
 */

export { manualClock, seededRandom, seededRng, type ManualClock } from '@bitmesh-internal/test-doubles'

/** Let pending promise callbacks run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/** `n` bytes filled with `fill`. */
export function bytes(n: number, fill = 1): Uint8Array {
  return new Uint8Array(n).fill(fill)
}
