/**
 * Per-peer token buckets (Blip's traffic shaper, blip §2.9: 20 packets/s in and 15 packets/s out
 * per peer, bursts of twice the rate for 3 s). Pure arithmetic on caller-supplied times.
 * @module
 */
import { RATE_BURST_MS, RATE_BURST_MULTIPLIER } from '../constants.js'

/**
 * Bucket size that lets a full bucket sustain `multiplier` × the rate for `burstMs`: it must
 * supply the excess (multiplier − 1) × rate × burst, the refill pays the rest.
 * @param perSecond - Sustained rate.
 * @param multiplier - Burst multiplier (≥ 1).
 * @param burstMs - Burst duration.
 * @returns Tokens (≥ 1).
 */
export function burstCapacity(perSecond: number, multiplier = RATE_BURST_MULTIPLIER, burstMs = RATE_BURST_MS): number {
  return Math.max(1, (perSecond * (multiplier - 1) * burstMs) / 1000)
}

/** A token bucket. */
export class TokenBucket {
  /** Tokens per ms. */
  readonly ratePerMs: number
  /** Bucket size. */
  readonly capacity: number
  #tokens: number
  #lastMs: number

  /**
   * @param perSecond - Refill rate.
   * @param capacity - Bucket size (starts full).
   * @param nowMs - Creation time.
   * @throws RangeError for non-positive rate or capacity < 1.
   */
  constructor(perSecond: number, capacity: number, nowMs: number) {
    if (!(perSecond > 0) || !(capacity >= 1)) throw new RangeError('rate must be positive and capacity ≥ 1')
    this.ratePerMs = perSecond / 1000
    this.capacity = capacity
    this.#tokens = capacity
    this.#lastMs = nowMs
  }

  #refill(nowMs: number): void {
    if (nowMs > this.#lastMs) {
      const t = this.#tokens + (nowMs - this.#lastMs) * this.ratePerMs
      this.#tokens = t > this.capacity ? this.capacity : t
      this.#lastMs = nowMs
    }
  }

  /**
   * Whether a token is available now (without taking it).
   * @param nowMs - Current time.
   * @returns Availability.
   */
  available(nowMs: number): boolean {
    this.#refill(nowMs)
    return this.#tokens >= 1
  }

  /**
   * Take one token if available.
   * @param nowMs - Current time.
   * @returns Whether one was taken.
   */
  take(nowMs: number): boolean {
    this.#refill(nowMs)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /**
   * When the next token will be available.
   * @param nowMs - Current time.
   * @returns A time ≥ `nowMs`.
   */
  nextTokenMs(nowMs: number): number {
    this.#refill(nowMs)
    return this.#tokens >= 1 ? nowMs : nowMs + Math.ceil((1 - this.#tokens) / this.ratePerMs)
  }
}

/** Token buckets keyed by peer, bounded (least recently used peer forgotten; it restarts full). */
export class PeerRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>()
  readonly #perSecond: number
  readonly #capacity: number
  readonly #maxPeers: number

  /**
   * @param perSecond - Sustained packets per second per peer.
   * @param capacity - Bucket size (default: {@link burstCapacity}).
   * @param maxPeers - Peers tracked (default 4 096).
   * @throws RangeError for invalid bounds.
   */
  constructor(perSecond: number, capacity = burstCapacity(perSecond), maxPeers = 4_096) {
    if (!(perSecond > 0) || !(capacity >= 1) || !Number.isInteger(maxPeers) || maxPeers < 1) throw new RangeError('invalid rate limiter bounds')
    this.#perSecond = perSecond
    this.#capacity = capacity
    this.#maxPeers = maxPeers
  }

  /** Peers tracked. */
  get size(): number {
    return this.#buckets.size
  }

  /**
   * The peer's bucket, created full on first use.
   * @param peerId - Peer key.
   * @param nowMs - Current time.
   * @returns The bucket.
   */
  bucket(peerId: string, nowMs: number): TokenBucket {
    let b = this.#buckets.get(peerId)
    if (b === undefined) {
      b = new TokenBucket(this.#perSecond, this.#capacity, nowMs)
      this.#buckets.set(peerId, b)
      if (this.#buckets.size > this.#maxPeers) this.#buckets.delete(this.#buckets.keys().next().value as string)
    }
    return b
  }

  /**
   * Take a token for `peerId`.
   * @param peerId - Peer key.
   * @param nowMs - Current time.
   * @returns Whether the packet is within the limit.
   */
  allow(peerId: string, nowMs: number): boolean {
    return this.bucket(peerId, nowMs).take(nowMs)
  }

  /**
   * Forget a peer.
   * @param peerId - Peer key.
   */
  forget(peerId: string): void {
    this.#buckets.delete(peerId)
  }
}
