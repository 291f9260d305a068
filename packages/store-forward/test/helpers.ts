/**
 * Test doubles: a manual clock (virtual time) and a seeded Rng (mulberry32).
 */
import type { Clock, Rng } from '@bitmesh/interface'

/** A {@link Clock} whose time moves only through `advance`. */
export interface ManualClock extends Clock {
  /** Move time forward, firing due timers in order. */
  advance(ms: number): void
  /** Pending timers. */
  pending(): number
}

/** @returns A manual clock starting at `start` ms. */
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

/** mulberry32: a tiny seeded PRNG. */
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

/** @returns A seeded {@link Rng}. */
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

/** Let pending promise callbacks run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/** `n` bytes filled with `fill`. */
export function bytes(n: number, fill = 1): Uint8Array {
  return new Uint8Array(n).fill(fill)
}
