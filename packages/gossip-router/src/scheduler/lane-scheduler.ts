/**
 * Blip's traffic shaper (blip §2.9) made real: four lanes, per-peer rate limits, bounded queue
 * with typed drops, driven by an injected {@link Clock} (it never sets timers itself; the caller
 * asks {@link LaneScheduler.nextReadyMs} when to come back).
 *
 * * Lane 0 (SOS) is strict priority, bypasses rate limits and is never dropped: when the queue is
 *   full an SOS evicts the oldest packet of the lowest non-empty lane; only when the queue *and*
 *   the SOS reserve are all SOS is an SOS refused (`sos-overflow`), the single bound that keeps
 *   memory finite.
 * * Lanes 1–3 share what remains 60/30/10 by smooth weighted round robin (Blip's code dequeues
 *   strictly by priority and never enforces the shares: that defect is fixed here).
 * * Outbound limit per destination peer: 15 packets/s, bursts ×2 for 3 s; an item whose peer is
 *   out of tokens waits without blocking other peers' items behind it.
 * * Queue of 500: relays are refused from 80 % fill (`relay-backpressure`), Lane 3 is shed from
 *   95 % (`low-lane-shed`), and a full queue admits only Lane 0 (`queue-full`).
 * * Inbound: {@link LaneScheduler.admitInbound} applies 20 packets/s per peer (SOS exempt).
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import {
  INBOUND_PACKETS_PER_SECOND,
  LANE_WEIGHTS,
  LOW_LANE_SHED_FILL,
  OUTBOUND_PACKETS_PER_SECOND,
  RELAY_BACKPRESSURE_FILL,
  SCHEDULER_CAPACITY,
} from '../constants.js'
import type { Lane } from '../types.js'
import { PeerRateLimiter, burstCapacity } from './rate-limit.js'

/** Why a packet was not queued (or was removed). */
export type DropReason = 'queue-full' | 'low-lane-shed' | 'relay-backpressure' | 'evicted' | 'sos-overflow' | 'inbound-rate-limit'

/** Options of {@link LaneScheduler}. */
export interface LaneSchedulerOptions {
  /** Packets queued at most, all lanes (default 500). */
  capacity?: number
  /** Extra Lane-0 room beyond `capacity` once nothing else is left to evict (default 64). */
  sosReserve?: number
  /** Outbound packets per second per destination peer (default 15). */
  outboundPerSecond?: number
  /** Inbound packets per second per source peer (default 20). */
  inboundPerSecond?: number
  /** Weights of lanes 1, 2, 3 (default 6, 3, 1). */
  weights?: readonly [number, number, number]
  /** Peers tracked by each rate limiter (default 4 096). */
  maxPeers?: number
}

/** The outcome of {@link LaneScheduler.enqueue}. */
export interface EnqueueResult<T> {
  /** Whether the item was queued. */
  readonly accepted: boolean
  /** Why not, when refused. */
  readonly reason?: DropReason
  /** An item evicted to make room for an SOS (its drop reason is `evicted`). */
  readonly evicted?: T
}

/** What {@link LaneScheduler.next} hands out. */
export interface Dequeued<T> {
  /** The item. */
  readonly item: T
  /** Its lane. */
  readonly lane: Lane
  /** Its destination peer, or null. */
  readonly peerId: string | null
}

interface Entry<T> {
  item: T
  peerId: string | null
}

/** Per-reason drop counters. */
export type DropCounts = Record<DropReason, number>

const ACCEPTED = Object.freeze({ accepted: true }) as EnqueueResult<never>

/** A four-lane, rate-limited, bounded packet scheduler. */
export class LaneScheduler<T> {
  readonly #clock: Clock
  readonly #lanes: Entry<T>[][] = [[], [], [], []]
  readonly #capacity: number
  readonly #sosReserve: number
  readonly #weights: readonly number[]
  readonly #current = new Float64Array(3)
  readonly #out: PeerRateLimiter
  readonly #in: PeerRateLimiter
  #size = 0
  /** Drops by reason since construction. */
  readonly drops: DropCounts = { 'queue-full': 0, 'low-lane-shed': 0, 'relay-backpressure': 0, evicted: 0, 'sos-overflow': 0, 'inbound-rate-limit': 0 }
  /** Items handed out per lane since construction. */
  readonly served: [number, number, number, number] = [0, 0, 0, 0]

  /**
   * @param clock - Time source.
   * @param options - Bounds and rates; defaults are Blip's.
   * @throws RangeError for invalid options.
   */
  constructor(clock: Clock, options: LaneSchedulerOptions = {}) {
    this.#clock = clock
    this.#capacity = options.capacity ?? SCHEDULER_CAPACITY
    this.#sosReserve = options.sosReserve ?? 64
    this.#weights = options.weights ?? (LANE_WEIGHTS as [number, number, number])
    if (!Number.isInteger(this.#capacity) || this.#capacity < 1) throw new RangeError('capacity must be a positive integer')
    if (!Number.isInteger(this.#sosReserve) || this.#sosReserve < 0) throw new RangeError('sosReserve must be a non-negative integer')
    if (this.#weights.length !== 3 || this.#weights.some((w) => !(w > 0))) throw new RangeError('weights must be three positive numbers')
    const outRate = options.outboundPerSecond ?? OUTBOUND_PACKETS_PER_SECOND
    const inRate = options.inboundPerSecond ?? INBOUND_PACKETS_PER_SECOND
    const maxPeers = options.maxPeers ?? 4_096
    this.#out = new PeerRateLimiter(outRate, burstCapacity(outRate), maxPeers)
    this.#in = new PeerRateLimiter(inRate, burstCapacity(inRate), maxPeers)
  }

  /** Items queued. */
  get size(): number {
    return this.#size
  }

  /** Queue fill, 0…1 (feeds the congestion factors of the policies). */
  get fill(): number {
    return Math.min(1, this.#size / this.#capacity)
  }

  /** Whether relays should stop (fill ≥ 80 %). */
  get relayBackpressured(): boolean {
    return this.#size >= RELAY_BACKPRESSURE_FILL * this.#capacity
  }

  /**
   * Items queued in a lane.
   * @param lane - The lane.
   * @returns Count.
   */
  laneSize(lane: Lane): number {
    return this.#lanes[lane]!.length
  }

  /**
   * Inbound rate limit: whether to accept a packet from `peerId` (20/s per peer; SOS exempt).
   * @param peerId - The sending peer (or link key).
   * @param lane - The packet's lane.
   * @returns Whether to accept it; a refusal counts `inbound-rate-limit`.
   */
  admitInbound(peerId: string, lane: Lane): boolean {
    if (lane === 0) return true
    if (this.#in.allow(peerId, this.#clock.now())) return true
    this.drops['inbound-rate-limit']++
    return false
  }

  /**
   * Queue an item.
   * @param item - The payload (frame, link, …).
   * @param lane - Its lane.
   * @param peerId - Destination peer for the outbound rate limit (`null`: not limited).
   * @param relay - Whether it is a relay (refused under backpressure) rather than our own traffic.
   * @returns Accepted, or the drop reason; may name an item evicted for an SOS.
   */
  enqueue(item: T, lane: Lane, peerId: string | null, relay = false): EnqueueResult<T> {
    if (lane !== 0 && lane !== 1 && lane !== 2 && lane !== 3) throw new RangeError('lane must be 0…3')
    const cap = this.#capacity
    if (lane === 0) {
      let evicted: T | undefined
      if (this.#size >= cap) {
        evicted = this.#evictLowest()
        if (evicted === undefined && this.#size >= cap + this.#sosReserve) {
          this.drops['sos-overflow']++
          return { accepted: false, reason: 'sos-overflow' }
        }
      }
      this.#push(0, item, peerId)
      return evicted === undefined ? ACCEPTED : { accepted: true, evicted }
    }
    const reason: DropReason | null =
      this.#size >= cap ? 'queue-full' : relay && this.relayBackpressured ? 'relay-backpressure' : lane === 3 && this.#size >= LOW_LANE_SHED_FILL * cap ? 'low-lane-shed' : null
    if (reason !== null) {
      this.drops[reason]++
      return { accepted: false, reason }
    }
    this.#push(lane, item, peerId)
    return ACCEPTED
  }

  /**
   * Hand out the next item: Lane 0 first; then lanes 1–3 by weighted round robin among those
   * with an item whose peer has an outbound token.
   * @returns The item, or null when nothing may go now (see {@link LaneScheduler.nextReadyMs}).
   */
  next(): Dequeued<T> | null {
    const now = this.#clock.now()
    const sos = this.#lanes[0]!
    if (sos.length > 0) {
      const e = sos.shift()!
      this.#size--
      this.served[0]++
      return { item: e.item, lane: 0, peerId: e.peerId }
    }
    // Smooth weighted round robin over the lanes that can send now.
    let total = 0
    let best = -1
    let bestIndex = -1
    for (let l = 1; l <= 3; l++) {
      const index = this.#eligibleIndex(l, now)
      if (index < 0) continue
      const w = this.#weights[l - 1]!
      this.#current[l - 1] = this.#current[l - 1]! + w
      total += w
      if (best < 0 || this.#current[l - 1]! > this.#current[best - 1]!) {
        best = l
        bestIndex = index
      }
    }
    if (best < 0) return null
    this.#current[best - 1] = this.#current[best - 1]! - total
    const lane = this.#lanes[best]!
    const e = lane.splice(bestIndex, 1)[0]!
    if (e.peerId !== null) this.#out.allow(e.peerId, now)
    this.#size--
    this.served[best as Lane]++
    return { item: e.item, lane: best as Lane, peerId: e.peerId }
  }

  /**
   * When {@link LaneScheduler.next} can next return an item.
   * @returns Now if something can go now, the earliest token time if all queued items wait on
   *   rate limits, or null when empty.
   */
  nextReadyMs(): number | null {
    if (this.#size === 0) return null
    const now = this.#clock.now()
    if (this.#lanes[0]!.length > 0) return now
    let earliest = Infinity
    for (let l = 1; l <= 3; l++) {
      for (const e of this.#lanes[l]!) {
        const t = e.peerId === null ? now : this.#out.bucket(e.peerId, now).nextTokenMs(now)
        if (t < earliest) earliest = t
        if (earliest === now) return now
      }
    }
    return earliest
  }

  /** Forget every queued item (not the counters). */
  clear(): void {
    for (const lane of this.#lanes) lane.length = 0
    this.#size = 0
  }

  #push(lane: Lane, item: T, peerId: string | null): void {
    this.#lanes[lane]!.push({ item, peerId })
    this.#size++
  }

  /** Index of the first item of the lane whose peer may send now, or −1. */
  #eligibleIndex(lane: number, now: number): number {
    const items = this.#lanes[lane]!
    for (let i = 0; i < items.length; i++) {
      const peer = items[i]!.peerId
      if (peer === null || this.#out.bucket(peer, now).available(now)) return i
    }
    return -1
  }

  /** Remove the oldest item of the lowest non-empty lane among 3, 2, 1. */
  #evictLowest(): T | undefined {
    for (let l = 3; l >= 1; l--) {
      const lane = this.#lanes[l]!
      if (lane.length > 0) {
        const e = lane.shift()!
        this.#size--
        this.drops.evicted++
        return e.item
      }
    }
    return undefined
  }
}
