/** Real time for tests over real sockets (tests may use wall-clock timers; the code under test takes them injected). */
import type { Clock } from '@bitmesh/interface'

/** Wall clock with `pendingTimers()` so leaks show up. */
export class RealClock implements Clock {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>()
  now(): number {
    return Date.now()
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const t = setTimeout(() => {
      this.#timers.delete(t)
      fn()
    }, ms)
    this.#timers.add(t)
    return t
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as ReturnType<typeof setTimeout>)
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
  pendingTimers(): number {
    return this.#timers.size
  }
}
