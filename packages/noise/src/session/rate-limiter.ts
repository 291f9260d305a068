/**
 * Exact sliding-window rate limits, per peer and global (`bitchat-wire.md` §5.3: iOS allows
 * 10 handshakes/min per peer, 30/min globally, 100 messages/s per peer, 500/s globally).
 * @module
 */

/** Initial ring capacity; it doubles up to the limit as events accumulate within a window. */
const INITIAL_CAPACITY = 8

/**
 * At most `limit` events in any window of `windowMs`: an exact sliding log. It keeps the times
 * of the events still inside the window in a ring (oldest first), dropping expired ones as time
 * moves, so memory is 8 bytes per event in the busiest window seen (never more than `limit`
 * entries) and a generous limit costs nothing until traffic reaches it.
 *
 * Time comes from the caller (the manager's `Clock`). A clock that steps backwards makes old
 * entries look like they are in the future; they are then treated as expired rather than
 * blocking the peer until the clock catches up.
 */
export class SlidingWindowLimit {
  readonly #limit: number
  readonly #windowMs: number
  #times: Float64Array
  #head = 0
  #count = 0

  /**
   * @param limit - events allowed per window; a positive integer.
   * @param windowMs - window length in milliseconds; positive.
   * @throws RangeError for a non-positive or non-integer limit, or a non-positive window.
   */
  constructor(limit: number, windowMs: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`)
    if (!(windowMs > 0)) throw new RangeError(`rate window must be positive, got ${windowMs}`)
    this.#limit = limit
    this.#windowMs = windowMs
    this.#times = new Float64Array(Math.min(limit, INITIAL_CAPACITY))
  }

  /** Events inside the window as of the last call. */
  get count(): number {
    return this.#count
  }

  /**
   * Whether one more event at `nowMs` fits. Does not record it.
   * @param nowMs - current time.
   * @returns `true` when allowed.
   */
  check(nowMs: number): boolean {
    this.#expire(nowMs)
    return this.#count < this.#limit
  }

  /**
   * Record an event at `nowMs` (call after {@link SlidingWindowLimit.check} returned `true`;
   * beyond the limit the oldest entry is overwritten).
   * @param nowMs - current time.
   */
  record(nowMs: number): void {
    this.#expire(nowMs)
    let times = this.#times
    if (this.#count === times.length) {
      if (times.length < this.#limit) {
        times = this.#grow()
      } else {
        this.#head = (this.#head + 1) % times.length
        this.#count--
      }
    }
    times[(this.#head + this.#count) % times.length] = nowMs
    this.#count++
  }

  #expire(nowMs: number): void {
    const times = this.#times
    while (this.#count > 0) {
      const elapsed = nowMs - times[this.#head]!
      if (elapsed < this.#windowMs && elapsed >= 0) return
      this.#head = (this.#head + 1) % times.length
      this.#count--
    }
  }

  #grow(): Float64Array {
    const old = this.#times
    const grown = new Float64Array(Math.min(this.#limit, old.length * 2))
    for (let i = 0; i < this.#count; i++) grown[i] = old[(this.#head + i) % old.length]!
    this.#times = grown
    this.#head = 0
    return grown
  }
}

/** One kind of rate limit: a per-peer limit and a global one over the same window. */
export interface RateLimitSpec {
  /** Events allowed per peer per window. */
  readonly perPeer: number
  /** Events allowed over all peers per window. */
  readonly global: number
  /** Window length in milliseconds. */
  readonly windowMs: number
}

/**
 * A per-peer limit plus a global one. An event is allowed only when both have room, and is then
 * counted in both. Per-peer histories live in a bounded map: when `maxPeers` is reached the
 * oldest history is forgotten (that peer then starts afresh, still under the global limit).
 */
export class PeerRateLimiter {
  readonly #spec: RateLimitSpec
  readonly #global: SlidingWindowLimit
  readonly #peers = new Map<string, SlidingWindowLimit>()
  readonly #maxPeers: number

  /**
   * @param spec - limits and window.
   * @param maxPeers - per-peer histories kept; a positive integer.
   * @throws RangeError for invalid limits.
   */
  constructor(spec: RateLimitSpec, maxPeers: number) {
    if (!Number.isInteger(maxPeers) || maxPeers < 1) throw new RangeError(`maxPeers must be a positive integer, got ${maxPeers}`)
    this.#spec = spec
    this.#global = new SlidingWindowLimit(spec.global, spec.windowMs)
    // Validate the per-peer limit now rather than on the first event.
    void new SlidingWindowLimit(spec.perPeer, spec.windowMs)
    this.#maxPeers = maxPeers
  }

  /**
   * Count one event for `peer` if both limits allow it.
   * @param peer - peer key (lowercase hex peer ID).
   * @param nowMs - current time.
   * @returns `true` when allowed (and counted), `false` when either limit is reached (nothing counted).
   */
  tryAcquire(peer: string, nowMs: number): boolean {
    if (!this.#global.check(nowMs)) return false
    const limit = this.#peers.get(peer)
    if (limit !== undefined && !limit.check(nowMs)) return false
    this.#global.record(nowMs)
    this.#peerLimit(peer, limit).record(nowMs)
    return true
  }

  /**
   * Whether an event for `peer` would be allowed now, without counting it.
   * @param peer - peer key.
   * @param nowMs - current time.
   * @returns `true` when both limits have room.
   */
  check(peer: string, nowMs: number): boolean {
    const limit = this.#peers.get(peer)
    return this.#global.check(nowMs) && (limit === undefined || limit.check(nowMs))
  }

  /** Number of peers whose history is held (at most `maxPeers`). */
  get trackedPeers(): number {
    return this.#peers.size
  }

  #peerLimit(peer: string, existing: SlidingWindowLimit | undefined): SlidingWindowLimit {
    if (existing !== undefined) return existing
    if (this.#peers.size >= this.#maxPeers) {
      const oldest = this.#peers.keys().next()
      if (oldest.done !== true) this.#peers.delete(oldest.value)
    }
    const created = new SlidingWindowLimit(this.#spec.perPeer, this.#spec.windowMs)
    this.#peers.set(peer, created)
    return created
  }
}
