/**
 * A token bucket on the injected clock: the bridge's rate caps.
 * @module
 */
import type { Clock } from '@bitmesh/interface'

/** `ratePerSecond` tokens a second, at most `burst` saved up. */
export class TokenBucket {
  readonly #clock: Clock
  readonly #ratePerMs: number
  readonly #burst: number
  #tokens: number
  #lastMs: number

  /**
   * @param clock - Time source.
   * @param ratePerSecond - Refill rate (> 0).
   * @param burst - Capacity (≥ 1); the bucket starts full.
   * @throws RangeError for a non-positive rate or a burst below 1.
   */
  constructor(clock: Clock, ratePerSecond: number, burst: number) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError('ratePerSecond must be a positive number')
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError('burst must be at least 1')
    this.#clock = clock
    this.#ratePerMs = ratePerSecond / 1000
    this.#burst = burst
    this.#tokens = burst
    this.#lastMs = clock.now()
  }

  /**
   * Take one token.
   * @returns Whether one was available.
   */
  take(): boolean {
    const now = this.#clock.now()
    // A clock stepping backwards refills nothing rather than draining.
    const elapsed = Math.max(0, now - this.#lastMs)
    this.#lastMs = now
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
