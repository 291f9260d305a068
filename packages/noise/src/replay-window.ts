/**
 * Sliding replay window for bitchat's explicit transport nonces (`bitchat-wire.md` §5.4).
 * @module
 */
import { REPLAY_WINDOW_NONCES } from './constants.js'

const WINDOW_MASK = REPLAY_WINDOW_NONCES - 1
const WORDS = REPLAY_WINDOW_NONCES / 32

/**
 * Accepts each nonce at most once, and only nonces newer than `highest − 1024`, so out-of-order
 * delivery within 1 024 messages works. Same acceptance rule as bitchat iOS and Android: a nonce
 * n is valid iff `n + 1024 > highest` and it is either above `highest` or not yet seen; the
 * fresh window has `highest = 0` and nothing seen.
 *
 * The 128-byte bitmap is a ring indexed by `n mod 1024` rather than a shifted array, so an
 * in-order message costs one bit write instead of a 128-byte shift. Fixed size, no allocation
 * after construction.
 *
 * {@link ReplayWindow.check} and {@link ReplayWindow.accept} are separate so the caller can
 * authenticate in between: a forged message must not move the window.
 */
export class ReplayWindow {
  readonly #bits = new Uint32Array(WORDS)
  #highest = 0

  /** Highest accepted nonce (0 before any). */
  get highest(): number {
    return this.#highest
  }

  /**
   * Whether `nonce` would be accepted. Does not change the window.
   * @param nonce - integer in [0, 2^32−1].
   * @returns `true` when fresh, `false` when too old or already seen.
   */
  check(nonce: number): boolean {
    if (nonce + REPLAY_WINDOW_NONCES <= this.#highest) return false
    if (nonce > this.#highest) return true
    const i = nonce & WINDOW_MASK
    return (this.#bits[i >>> 5]! & (1 << (i & 31))) === 0
  }

  /**
   * Record `nonce` as seen, sliding the window forward when it is the new highest. Call only
   * after {@link ReplayWindow.check} returned `true` and the message authenticated.
   * @param nonce - integer in [0, 2^32−1].
   */
  accept(nonce: number): void {
    const highest = this.#highest
    if (nonce > highest) {
      const gap = nonce - highest
      if (gap >= REPLAY_WINDOW_NONCES) this.#bits.fill(0)
      else this.#clear(highest + 1, gap)
      this.#highest = nonce
    }
    const i = nonce & WINDOW_MASK
    this.#bits[i >>> 5]! |= 1 << (i & 31)
  }

  /** Forget every nonce (back to the fresh state). */
  reset(): void {
    this.#bits.fill(0)
    this.#highest = 0
  }

  /** Clear `count` (< 1024) ring slots starting at nonce `from`: they now stand for new nonces. */
  #clear(from: number, count: number): void {
    const bits = this.#bits
    let n = from
    let left = count
    while (left > 0) {
      const i = n & WINDOW_MASK
      if ((i & 31) === 0 && left >= 32) {
        bits[i >>> 5] = 0
        n += 32
        left -= 32
      } else {
        bits[i >>> 5]! &= ~(1 << (i & 31))
        n++
        left--
      }
    }
  }
}
