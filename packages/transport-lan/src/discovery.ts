/**
 * mDNS / DNS-SD discovery of BitMesh LAN nodes over an injected {@link MdnsSocket}: announce
 * (start-up burst, then periodic re-announce), answer queries for our service, browse (start-up
 * burst, then periodic queries), keep a bounded peer table that expires with the records' TTLs,
 * and say goodbye (TTL 0) on stop. All timers run on the injected clock.
 * @module
 */
import { TypedEmitter, type Clock } from '@bitmesh/interface'
import {
  LAN_QUERY_INTERVAL_MS,
  LAN_REANNOUNCE_INTERVAL_MS,
  LAN_RECORD_TTL_S,
  LAN_STARTUP_BURST_MS,
  LAN_SWEEP_INTERVAL_MS,
} from './constants.js'
import { parseServiceResponse, queriesFor, serviceRecords, type LanServiceInfo, type MdnsPacket } from './mdns-records.js'
import { LanPeerTable, type LanPeer, type LanPeerChange } from './peer-table.js'

/** Where mDNS packets come from and go to (multicast on Node, an in-memory bus in tests). */
export interface MdnsSocket {
  /** Multicast one packet to the group (fire and forget). */
  send(packet: MdnsPacket): void
  /** Register the receiver of every packet (at most one). */
  onPacket(handler: (packet: MdnsPacket, from: { address: string; port: number }) => void): void
  /** Leave the group and close. */
  close(): Promise<void>
}

/** Options of {@link LanDiscovery}. */
export interface LanDiscoveryOptions {
  socket: MdnsSocket
  clock: Clock
  /** What we announce. */
  self: LanServiceInfo
  /** Service type (default `_bitmesh._tcp.local`). */
  service: string
  /** Record TTL in seconds (default 120). */
  ttlS?: number
  /** Re-announce period in ms (default 30 000). */
  reannounceIntervalMs?: number
  /** Browse query period in ms (default 30 000). */
  queryIntervalMs?: number
  /** Peer table capacity (default 64). */
  maxPeers?: number
}

/** Events of {@link LanDiscovery}. */
export interface LanDiscoveryEvents {
  /** A peer appeared, moved, or (change `refreshed`) re-announced. */
  found: { peer: LanPeer; change: LanPeerChange }
  /** A peer said goodbye, its records expired, or it was evicted from the full table. */
  lost: { peer: LanPeer; reason: 'goodbye' | 'expired' | 'evicted' }
}

/** Counters of discovery. */
export interface LanDiscoveryStats {
  announcesSent: number
  queriesSent: number
  queriesAnswered: number
  responsesReceived: number
}

/** The announce / browse / expiry state machine. */
export class LanDiscovery extends TypedEmitter<LanDiscoveryEvents> {
  readonly table: LanPeerTable
  readonly stats: LanDiscoveryStats = { announcesSent: 0, queriesSent: 0, queriesAnswered: 0, responsesReceived: 0 }
  readonly #o: Required<Omit<LanDiscoveryOptions, 'maxPeers'>>
  readonly #timers = new Set<unknown>()
  #running = false

  /**
   * @param options - socket, clock, what to announce, periods
   * @throws RangeError for a non-positive period or TTL
   */
  constructor(options: LanDiscoveryOptions) {
    super()
    this.#o = {
      socket: options.socket,
      clock: options.clock,
      self: options.self,
      service: options.service,
      ttlS: options.ttlS ?? LAN_RECORD_TTL_S,
      reannounceIntervalMs: options.reannounceIntervalMs ?? LAN_REANNOUNCE_INTERVAL_MS,
      queryIntervalMs: options.queryIntervalMs ?? LAN_QUERY_INTERVAL_MS,
    }
    for (const key of ['ttlS', 'reannounceIntervalMs', 'queryIntervalMs'] as const) {
      const v = this.#o[key]
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${key} must be a positive integer`)
    }
    this.table = new LanPeerTable(options.maxPeers)
  }

  /** Begin announcing and browsing. Idempotent. */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#o.socket.onPacket((packet, from) => this.#onPacket(packet, from.address))
    for (const delay of LAN_STARTUP_BURST_MS) {
      this.#after(delay, () => {
        this.announce()
        this.query()
      })
    }
    this.#every(this.#o.reannounceIntervalMs, () => this.announce())
    this.#every(this.#o.queryIntervalMs, () => this.query())
    this.#every(LAN_SWEEP_INTERVAL_MS, () => this.#sweep())
  }

  /** Send our goodbye, cancel every timer, close the socket. Idempotent. */
  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    for (const t of this.#timers) this.#o.clock.clearTimeout(t)
    this.#timers.clear()
    try {
      this.#o.socket.send({ type: 'response', answers: serviceRecords(this.#o.self, this.#o.service, 0) })
    } catch {
      // The socket may already be gone; peers then expire us by TTL.
    }
    this.table.clear()
    await this.#o.socket.close().catch(() => {})
  }

  /** Send our records unsolicited (also done on a timer). */
  announce(): void {
    if (!this.#running) return
    this.stats.announcesSent++
    this.#safeSend({ type: 'response', answers: serviceRecords(this.#o.self, this.#o.service, this.#o.ttlS) })
  }

  /** Ask for every node of the service (also done on a timer). */
  query(): void {
    if (!this.#running) return
    this.stats.queriesSent++
    this.#safeSend({ type: 'query', questions: [{ name: this.#o.service, type: 'PTR' }] })
  }

  #safeSend(packet: MdnsPacket): void {
    try {
      this.#o.socket.send(packet)
    } catch {
      // A send failing (interface down) is retried by the next period.
    }
  }

  #onPacket(packet: MdnsPacket, fromHost: string): void {
    if (!this.#running || typeof packet !== 'object' || packet === null) return
    if (packet.type === 'query') {
      if (queriesFor(packet, this.#o.self, this.#o.service)) {
        this.stats.queriesAnswered++
        this.announce()
      }
      return
    }
    if (packet.type !== 'response') return
    this.stats.responsesReceived++
    const now = this.#o.clock.now()
    for (const record of parseServiceResponse(packet, this.#o.service, fromHost)) {
      if (record.id === this.#o.self.id) continue // our own multicast looped back
      if (record.ttlS === 0) {
        const gone = this.table.remove(record.id)
        if (gone !== undefined) this.emit('lost', { peer: gone, reason: 'goodbye' })
        continue
      }
      const peer: LanPeer = { id: record.id, host: record.host, port: record.port, version: record.version, expiresAtMs: now + record.ttlS * 1_000 }
      const { change, evicted } = this.table.upsert(peer)
      if (evicted !== undefined) this.emit('lost', { peer: evicted, reason: 'evicted' })
      this.emit('found', { peer, change })
    }
  }

  #sweep(): void {
    for (const peer of this.table.sweep(this.#o.clock.now())) this.emit('lost', { peer, reason: 'expired' })
  }

  #after(ms: number, fn: () => void): void {
    const handle = this.#o.clock.setTimeout(() => {
      this.#timers.delete(handle)
      if (this.#running) fn()
    }, ms)
    this.#timers.add(handle)
  }

  #every(ms: number, fn: () => void): void {
    this.#after(ms, () => {
      fn()
      this.#every(ms, fn)
    })
  }
}
