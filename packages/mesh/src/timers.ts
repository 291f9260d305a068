/**
 * Every timer the node schedules goes through one {@link TimerSet}, so `stop()` can prove it
 * released them all.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'

/** Tracks the clock timers of one owner. */
export class TimerSet {
  readonly #clock: Clock
  readonly #live = new Map<number, TimerHandle>()
  #next = 0

  /** @param clock - The clock whose timers are used. */
  constructor(clock: Clock) {
    this.#clock = clock
  }

  /** Timers scheduled and not yet fired or cleared. */
  get size(): number {
    return this.#live.size
  }

  /**
   * Schedule `callback` after `delayMs`.
   * @returns An ID for {@link TimerSet.clear}.
   */
  set(callback: () => void, delayMs: number): number {
    const id = ++this.#next
    const handle = this.#clock.setTimeout(() => {
      this.#live.delete(id)
      callback()
    }, Math.max(0, delayMs))
    this.#live.set(id, handle)
    return id
  }

  /** Cancel one timer (unknown IDs are ignored). */
  clear(id: number | undefined): void {
    if (id === undefined) return
    const handle = this.#live.get(id)
    if (handle === undefined) return
    this.#live.delete(id)
    this.#clock.clearTimeout(handle)
  }

  /** Cancel every timer. */
  clearAll(): void {
    for (const handle of this.#live.values()) this.#clock.clearTimeout(handle)
    this.#live.clear()
  }
}
