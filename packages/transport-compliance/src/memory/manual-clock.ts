/**
 * A hand-driven {@link Clock} for tests and compliance harnesses: time moves only when
 * {@link ManualClock.advance} is awaited, so runs are deterministic and never wait on the wall.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'

interface Timer {
  readonly id: number
  readonly at: number
  readonly callback: () => void
}

/**
 * Microtask rounds flushed before and after each timer fires. Promise chains settle one link per
 * round; 32 covers the `await` depth of the transports here, and callers that poll a condition
 * (the compliance suite) advance again anyway.
 */
const MICROTASK_ROUNDS = 32

/** Let pending promise callbacks run (no timers involved). */
export async function flushMicrotasks(rounds: number = MICROTASK_ROUNDS): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/**
 * A virtual clock. Timers fire in deadline order (ties in scheduling order) while
 * {@link ManualClock.advance} moves time forward; nothing fires on its own.
 *
 * @example
 * ```ts
 * const clock = new ManualClock()
 * clock.setTimeout(() => console.log('fired at', clock.now()), 50)
 * await clock.advance(100) // logs "fired at 50"
 * ```
 */
export class ManualClock implements Clock {
  #now: number
  #nextId = 1
  /** Live timers sorted by (at, id). */
  readonly #timers: Timer[] = []
  /** Settles when the last queued {@link ManualClock.advance} finished. */
  #idle: Promise<void> = Promise.resolve()

  /** @param startMs initial value of {@link ManualClock.now} in milliseconds (default 0). */
  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw new RangeError('startMs must be a finite number')
    this.#now = startMs
  }

  /** Current virtual time in milliseconds. */
  now(): number {
    return this.#now
  }

  /**
   * Schedule `callback` after `delayMs` virtual milliseconds (negative or NaN counts as 0).
   * A bound property rather than a method, so it can be passed around detached like the global.
   */
  readonly setTimeout = (callback: () => void, delayMs: number): TimerHandle => this.#schedule(callback, delayMs)

  #schedule(callback: () => void, delayMs: number): TimerHandle {
    if (typeof callback !== 'function') throw new TypeError('callback must be a function')
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0
    const timer: Timer = { id: this.#nextId++, at: this.#now + delay, callback }
    // Binary search for the first timer due strictly later; ids grow, so ties keep FIFO order.
    let lo = 0
    let hi = this.#timers.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.#timers[mid] as Timer).at <= timer.at) lo = mid + 1
      else hi = mid
    }
    this.#timers.splice(lo, 0, timer)
    return timer.id
  }

  /** Cancel a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void {
    const index = this.#timers.findIndex((t) => t.id === handle)
    if (index >= 0) this.#timers.splice(index, 1)
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number {
    return this.#timers.length
  }

  /**
   * Move time forward by `ms`, firing every timer that falls due, in order, with microtasks
   * flushed between firings so promise chains observe each step.
   * @param ms milliseconds to advance, ≥ 0.
   * Calls made while one is running wait their turn.
   * @throws (rejects) RangeError for a negative or non-finite `ms`; the first error a timer callback throws.
   */
  advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('ms must be a finite number >= 0'))
    // Overlapping calls queue up: each one's target is computed when its turn comes, so time never runs backwards.
    const run = this.#idle.then(() => this.#advance(ms))
    this.#idle = run.catch(() => undefined)
    return run
  }

  async #advance(ms: number): Promise<void> {
    const target = this.#now + ms
    await flushMicrotasks()
    for (;;) {
      const next = this.#timers[0]
      if (next === undefined || next.at > target) break
      this.#timers.shift()
      this.#now = next.at
      next.callback()
      await flushMicrotasks()
    }
    this.#now = target
    await flushMicrotasks()
  }
}
