/**
 * A head's registry of its members: bounded, leased (members re-register every 30 s; a lease
 * lasts three refreshes), refused with `full` when at capacity.
 * @module
 */
import { type Beacon } from './beacon.js'
import { REGISTER_REFRESH_MS } from './constants.js'
import { idKey } from './id-key.js'

/** A registered member. */
export interface MemberRecord {
  /** Peer ID (private copy). */
  id: Uint8Array
  /** Beacon sent with the latest registration. */
  beacon: Beacon
  /** When the lease ends, ms. */
  leaseUntilMs: number
}

/** Options of {@link MemberRegistry}. */
export interface MemberRegistryOptions {
  /** Most members (default 128: a Wi-Fi hotspot serves a few dozen clients well; BLE-only members cost less). */
  capacity?: number
  /** Lease length (default 3 × {@link REGISTER_REFRESH_MS}). */
  leaseMs?: number
}

/** Bounded, leased member registry. */
export class MemberRegistry {
  /** Most members. */
  readonly capacity: number
  /** Lease length, ms. */
  readonly leaseMs: number
  private readonly map = new Map<string, MemberRecord>()

  /**
   * @param options - Capacity and lease.
   * @throws RangeError for a capacity below 1 or a non-positive lease.
   */
  constructor(options: MemberRegistryOptions = {}) {
    this.capacity = options.capacity ?? 128
    this.leaseMs = options.leaseMs ?? 3 * REGISTER_REFRESH_MS
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new RangeError('capacity must be a positive integer')
    if (!(this.leaseMs > 0)) throw new RangeError('leaseMs must be positive')
  }

  /** Members currently registered (expired leases included until {@link expire}). */
  get size(): number {
    return this.map.size
  }

  /**
   * Register or refresh a member.
   * @param beacon - The member's beacon (its id is copied).
   * @param nowMs - Current time.
   * @returns `accepted`, or `full` when a new member does not fit.
   */
  register(beacon: Beacon, nowMs: number): 'accepted' | 'full' {
    const key = idKey(beacon.id)
    const existing = this.map.get(key)
    if (existing !== undefined) {
      existing.beacon = { ...beacon, id: existing.id }
      existing.leaseUntilMs = nowMs + this.leaseMs
      return 'accepted'
    }
    if (this.map.size >= this.capacity) {
      this.expire(nowMs)
      if (this.map.size >= this.capacity) return 'full'
    }
    const id = beacon.id.slice()
    this.map.set(key, { id, beacon: { ...beacon, id }, leaseUntilMs: nowMs + this.leaseMs })
    return 'accepted'
  }

  /**
   * Remove a member.
   * @returns Whether it was registered.
   */
  remove(id: Uint8Array): boolean {
    return this.map.delete(idKey(id))
  }

  /**
   * Whether a peer is a registered member with a live lease.
   * @param id - Peer ID.
   * @param nowMs - Current time.
   */
  has(id: Uint8Array, nowMs: number): boolean {
    const r = this.map.get(idKey(id))
    return r !== undefined && r.leaseUntilMs > nowMs
  }

  /**
   * Drop expired leases.
   * @returns How many were dropped.
   */
  expire(nowMs: number): number {
    let n = 0
    for (const [k, r] of this.map) {
      if (r.leaseUntilMs <= nowMs) {
        this.map.delete(k)
        n++
      }
    }
    return n
  }

  /** Iterate members. */
  values(): IterableIterator<MemberRecord> {
    return this.map.values()
  }

  /** Forget every member (on resignation). */
  clear(): void {
    this.map.clear()
  }
}
