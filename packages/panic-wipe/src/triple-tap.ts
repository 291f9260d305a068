/**
 * The panic gesture: N taps (default 3, as bitchat's triple tap on the title), each within
 * `maxGapMs` of the previous and all within `windowMs`, timed on the injected clock.
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import { DEFAULT_TAP_COUNT, DEFAULT_TAP_MAX_GAP_MS, DEFAULT_TAP_WINDOW_MS } from './constants.js'

/** Options of {@link TripleTapDetector}. */
export interface TripleTapOptions {
  /** Time source (only `now()` is used: no timers). */
  clock: Pick<Clock, 'now'>
  /** Taps that trigger (default 3; at least 2). */
  taps?: number
  /** Longest gap between consecutive taps (default 500 ms). */
  maxGapMs?: number
  /** Longest span from first to last tap (default 1 500 ms). */
  windowMs?: number
  /** Called once per completed gesture (errors propagate to the caller of `tap`). */
  onTrigger?: () => void
}

/** Counts taps and reports a completed gesture. Feed it from the UI's tap handler. */
export class TripleTapDetector {
  readonly #clock: Pick<Clock, 'now'>
  readonly #taps: number
  readonly #maxGapMs: number
  readonly #windowMs: number
  readonly #onTrigger: (() => void) | undefined
  #count = 0
  #firstAt = 0
  #lastAt = 0

  /**
   * @param options - Clock, tap count and timing, callback.
   * @throws RangeError for a tap count below 2 or non-positive timings.
   */
  constructor(options: TripleTapOptions) {
    this.#clock = options.clock
    this.#taps = options.taps ?? DEFAULT_TAP_COUNT
    this.#maxGapMs = options.maxGapMs ?? DEFAULT_TAP_MAX_GAP_MS
    this.#windowMs = options.windowMs ?? DEFAULT_TAP_WINDOW_MS
    this.#onTrigger = options.onTrigger
    if (!Number.isSafeInteger(this.#taps) || this.#taps < 2) throw new RangeError('taps must be an integer ≥ 2')
    if (!(this.#maxGapMs > 0) || !(this.#windowMs > 0)) throw new RangeError('maxGapMs and windowMs must be positive')
  }

  /** Taps counted toward the current gesture. */
  get pendingTaps(): number {
    return this.#count
  }

  /**
   * Record one tap.
   * @returns `true` when this tap completed the gesture (the counter then starts over).
   */
  tap(): boolean {
    const now = this.#clock.now()
    const continues =
      this.#count > 0 && now >= this.#lastAt && now - this.#lastAt <= this.#maxGapMs && now - this.#firstAt <= this.#windowMs
    if (continues) {
      this.#count++
    } else {
      // First tap, too slow, or the clock went backwards: this tap starts a new gesture.
      this.#count = 1
      this.#firstAt = now
    }
    this.#lastAt = now
    if (this.#count < this.#taps) return false
    this.#count = 0
    this.#onTrigger?.()
    return true
  }

  /** Forget pending taps. */
  reset(): void {
    this.#count = 0
  }
}
