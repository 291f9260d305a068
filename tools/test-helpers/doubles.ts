/**
 * Test doubles shared by the packages' test suites (never shipped): a synchronous manual clock
 * and seeded randomness (mulberry32). Imported as `@bitmesh-internal/test-doubles` through the
 * vitest and tsconfig aliases.
 */
import type { Clock, Rng } from '@bitmesh/interface'

/** A {@link Clock} whose time moves only through `advance`. */
export interface ManualClock extends Clock {
  /** Move time forward, firing due timers in order (synchronously). */
  advance(ms: number): void
  /** Pending timers. */
  pending(): number
}

/**
 * @param start - Initial time, ms since the epoch.
 * @returns A manual clock.
 */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let now = start
  let nextId = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout: (fn, delayMs) => {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, delayMs), fn })
      return id
    },
    clearTimeout: (h) => {
      timers.delete(h as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        let best: [number, { at: number; fn: () => void }] | undefined
        for (const e of timers) if (e[1].at <= end && (best === undefined || e[1].at < best[1].at)) best = e
        if (best === undefined) break
        timers.delete(best[0])
        now = best[1].at
        best[1].fn()
      }
      now = end
    },
    pending: () => timers.size,
  }
}

/**
 * mulberry32: a tiny seeded PRNG.
 * @param seed - Any 32-bit integer.
 * @returns A function giving floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param seed - Any 32-bit integer.
 * @returns A seeded {@link Rng}.
 */
export function seededRng(seed = 1): Rng {
  const next = seededRandom(seed)
  return {
    next,
    randomBytes: (length) => {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256)
      return out
    },
  }
}
