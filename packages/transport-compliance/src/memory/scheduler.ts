/**
 * One-shot tasks on an optional injected clock: a delay of 0 runs on the microtask queue (no timer,
 * so zero-latency networks need no clock), a positive delay uses `clock.setTimeout`.
 * @module
 */
import type { Clock } from '@bitmesh/interface'

/** A scheduled task; {@link Task.cancel} is idempotent and safe after it ran. */
export interface Task {
  cancel(): void
}

/** Runs tasks and remembers which are pending so an owner can cancel them all on stop. */
export class Scheduler {
  readonly #clock: Clock | undefined

  /** @param clock required for positive delays; may be omitted when every delay is 0. */
  constructor(clock: Clock | undefined) {
    this.#clock = clock
  }

  /** Current time in milliseconds, or 0 without a clock (every delay is then 0 anyway). */
  now(): number {
    return this.#clock === undefined ? 0 : this.#clock.now()
  }

  /**
   * Run `fn` after `delayMs` milliseconds.
   * @throws TypeError when `delayMs > 0` and no clock was given.
   */
  schedule(fn: () => void, delayMs: number): Task {
    let live = true
    if (delayMs <= 0) {
      void Promise.resolve().then(() => {
        if (!live) return
        live = false
        fn()
      })
      return {
        cancel: () => {
          live = false
        },
      }
    }
    if (this.#clock === undefined) throw new TypeError('a clock is required for a positive delay')
    const clock = this.#clock
    const handle = clock.setTimeout(() => {
      if (!live) return
      live = false
      fn()
    }, delayMs)
    return {
      cancel: () => {
        if (!live) return
        live = false
        clock.clearTimeout(handle)
      },
    }
  }
}
