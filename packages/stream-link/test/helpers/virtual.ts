/** Virtual time and seeded randomness for the tests (no wall clock anywhere). */
import type { Clock, Rng, TimerHandle } from '@bitmesh/interface'

/** A hand-driven clock: timers fire in deadline order while {@link TestClock.advance} runs. */
export class TestClock implements Clock {
  #now = 0
  #seq = 0
  readonly #timers = new Map<number, { at: number; fn: () => void }>()

  now(): number {
    return this.#now
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = ++this.#seq
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs || 0), fn })
    return id
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }

  pendingTimers(): number {
    return this.#timers.size
  }

  /** Advance `ms`, firing due timers in order and letting promise chains settle between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms
    await flush()
    for (;;) {
      let nextId = -1
      let next: { at: number; fn: () => void } | undefined
      for (const [id, t] of this.#timers) if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && id < nextId))) [nextId, next] = [id, t]
      if (next === undefined) break
      this.#timers.delete(nextId)
      this.#now = next.at
      next.fn()
      await flush()
    }
    this.#now = target
    await flush()
  }
}

/** Let pending promise callbacks run. */
export async function flush(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/** mulberry32: small, seedable, good enough for jitter and loss draws. */
export function seededRng(seed = 1): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  }
}
