/**
 * A head's hold queue for members in deep sleep ("wake on advertisement", DESIGN §6): directed
 * frames for a member whose radio is off wait here until it polls or re-registers awake. Bounded
 * in frames, bytes and frames per member; a frame older than 2 minutes is dropped. Every frame
 * that leaves without being taken is counted by reason.
 * Pure state machine: time comes in as `nowMs`.
 * @module
 */
import { HOLD_MAX_AGE_MS, HOLD_PER_MEMBER, HOLD_QUEUE_BYTES, HOLD_QUEUE_CAPACITY } from './constants.js'
import { idKey } from './id-key.js'

/** Why a held frame left the queue without being taken. */
export type HoldDropReason = 'expired' | 'evicted' | 'tooLarge'

/** Options of {@link HoldQueue}. */
export interface HoldQueueOptions {
  /** Most frames held in all (default {@link HOLD_QUEUE_CAPACITY}). */
  capacity?: number
  /** Most bytes held in all (default {@link HOLD_QUEUE_BYTES}). */
  bytes?: number
  /** Most frames held for one member (default {@link HOLD_PER_MEMBER}). */
  perMember?: number
  /** A frame older than this is dropped, ms (default {@link HOLD_MAX_AGE_MS}). */
  maxAgeMs?: number
}

interface Held {
  key: string
  frame: Uint8Array
  atMs: number
}

/** Bounded, aged, per-member queue of held frames (oldest first). */
export class HoldQueue {
  /** Most frames held in all. */
  readonly capacity: number
  /** Most bytes held in all. */
  readonly maxBytes: number
  /** Most frames held per member. */
  readonly perMember: number
  /** Age limit, ms. */
  readonly maxAgeMs: number
  /** Frames dropped, per reason. */
  readonly drops: Record<HoldDropReason, number> = { expired: 0, evicted: 0, tooLarge: 0 }
  // One FIFO for all members: at most a few hundred entries, so linear scans are cheap and the
  // age order is global (expiry only ever looks at the front).
  #queue: Held[] = []
  readonly #counts = new Map<string, number>()
  #bytes = 0

  /**
   * @param options - Bounds.
   * @throws RangeError for a bound that is not a positive number.
   */
  constructor(options: HoldQueueOptions = {}) {
    this.capacity = options.capacity ?? HOLD_QUEUE_CAPACITY
    this.maxBytes = options.bytes ?? HOLD_QUEUE_BYTES
    this.perMember = options.perMember ?? HOLD_PER_MEMBER
    this.maxAgeMs = options.maxAgeMs ?? HOLD_MAX_AGE_MS
    for (const v of [this.capacity, this.maxBytes, this.perMember, this.maxAgeMs]) {
      if (!(v > 0)) throw new RangeError('hold queue bounds must be positive')
    }
  }

  /** Frames held now (all members). */
  get size(): number {
    return this.#queue.length
  }

  /** Bytes held now (all members). */
  get bytes(): number {
    return this.#bytes
  }

  /**
   * Frames held for one member.
   * @param member - Its peer ID.
   * @returns How many.
   */
  heldFor(member: Uint8Array): number {
    return this.#counts.get(idKey(member)) ?? 0
  }

  /**
   * Hold a frame for a member, evicting the member's oldest frame past its per-member bound and
   * the oldest frames overall past the capacity or byte budget.
   * @param member - The recipient's peer ID.
   * @param frame - The encoded frame (kept by reference; do not mutate).
   * @param nowMs - Current time.
   * @returns Whether it was held (`false`: larger than the whole byte budget, counted `tooLarge`).
   */
  hold(member: Uint8Array, frame: Uint8Array, nowMs: number): boolean {
    if (frame.length > this.maxBytes) {
      this.drops.tooLarge++
      return false
    }
    const key = idKey(member)
    if ((this.#counts.get(key) ?? 0) >= this.perMember) {
      const i = this.#queue.findIndex((h) => h.key === key)
      this.#remove(i)
      this.drops.evicted++
    }
    while (this.#queue.length >= this.capacity || this.#bytes + frame.length > this.maxBytes) {
      this.#remove(0)
      this.drops.evicted++
    }
    this.#queue.push({ key, frame, atMs: nowMs })
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
    this.#bytes += frame.length
    return true
  }

  /**
   * Take every live frame held for a member, oldest first (expired ones are dropped first).
   * @param member - Its peer ID.
   * @param nowMs - Current time.
   * @returns The frames (empty when none).
   */
  take(member: Uint8Array, nowMs: number): Uint8Array[] {
    this.expire(nowMs)
    const key = idKey(member)
    if (!this.#counts.has(key)) return []
    const out: Uint8Array[] = []
    const kept: Held[] = []
    for (const h of this.#queue) {
      if (h.key === key) {
        out.push(h.frame)
        this.#bytes -= h.frame.length
      } else kept.push(h)
    }
    this.#queue = kept
    this.#counts.delete(key)
    return out
  }

  /**
   * Drop everything held for a member (it left the cluster), counted as `evicted`.
   * @param member - Its peer ID.
   * @returns How many frames were dropped.
   */
  forget(member: Uint8Array): number {
    const n = this.take(member, Number.NEGATIVE_INFINITY).length
    this.drops.evicted += n
    return n
  }

  /**
   * Drop frames older than the age limit.
   * @param nowMs - Current time.
   * @returns How many were dropped.
   */
  expire(nowMs: number): number {
    let n = 0
    while (this.#queue.length > 0 && nowMs - this.#queue[0]!.atMs > this.maxAgeMs) {
      this.#remove(0)
      n++
    }
    this.drops.expired += n
    return n
  }

  /** Forget everything (on resignation); not counted as drops. */
  clear(): void {
    this.#queue = []
    this.#counts.clear()
    this.#bytes = 0
  }

  #remove(i: number): void {
    const [h] = this.#queue.splice(i, 1)
    if (h === undefined) return
    this.#bytes -= h.frame.length
    const c = (this.#counts.get(h.key) ?? 1) - 1
    if (c === 0) this.#counts.delete(h.key)
    else this.#counts.set(h.key, c)
  }
}
