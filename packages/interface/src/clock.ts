/**
 * Injected time. Nothing below the composition layer reads `Date.now()` or calls the global
 * timers: it takes a {@link Clock}, so the simulator can run the same code in virtual time.
 * @module
 */

/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown

/** A source of wall-clock time and one-shot timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch (wall clock: bitchat timestamps are wall-clock ms). */
  now(): number
  /** Schedule `callback` after `delayMs` milliseconds of this clock's time. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  /** Cancel a timer; unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void
}
