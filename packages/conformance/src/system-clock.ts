/**
 * The real-time {@link Clock} the runner uses unless given another. The runner drives external
 * processes, so real time is its natural default; tests may inject a fake clock.
 * @module
 */
import type { Clock } from '@bitmesh/interface'

/** Wall-clock time and the host's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
