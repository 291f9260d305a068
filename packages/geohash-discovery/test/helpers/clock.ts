/**
 * Clocks and RNGs for tests: the system clock (tests may use real timers) and a manual virtual
 * clock, plus a seeded RNG.
 */
import type { Clock, Rng } from '@bitmesh/interface'
import { randomBytes } from 'node:crypto'

/** Real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/** A CSPRNG-backed Rng. */
export const cryptoRng: Rng = {
  next: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
}

/** Deterministic Rng (xorshift32), for reproducible tests. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0 || 1
  const next32 = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
  return {
    next: () => next32() / 2 ** 32,
    randomBytes: (n) => {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = next32() & 0xff
      return out
    },
  }
}

/** A virtual clock whose timers run only when the test advances it. */
export class ManualClock implements Clock {
  #now: number
  #timers = new Map<number, { at: number; fn: () => void }>()
  #nextId = 1
  constructor(startMs = 1_700_000_000_000) {
    this.#now = startMs
  }
  now(): number {
    return this.#now
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number)
  }
  /** Pending timers. */
  get pending(): number {
    return this.#timers.size
  }
  /** Advance time, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.#now + ms
    for (;;) {
      let nextId = -1
      let nextAt = Infinity
      for (const [id, t] of this.#timers) if (t.at < nextAt || (t.at === nextAt && id < nextId)) ((nextAt = t.at), (nextId = id))
      if (nextId < 0 || nextAt > end) break
      const t = this.#timers.get(nextId)!
      this.#timers.delete(nextId)
      this.#now = t.at
      t.fn()
    }
    this.#now = end
  }
}
