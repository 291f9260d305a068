/**
 * `multipeerTransport`: iOS↔iOS fast links over one MultipeerConnectivity session. Advertises and
 * browses a service type, invites peers on `dial`, accepts invitations while the session has
 * room (at most 8 peers including this one, Apple's limit), and maps each connected peer to one
 * link. `send` uses the reliable mode; {@link MultipeerTransport.sendUnreliable} the unreliable
 * one. Links carry whole bitchat frames; the layer above runs its own Noise session per link.
 * @module
 */
import {
  AbortError,
  BitMeshError,
  CapacityError,
  ClosedError,
  ErrorCode,
  TimeoutError,
  TypedEmitter,
  transportSymbol,
  type AbortOptions,
  type Clock,
  type Link,
  type LinkCloseReason,
  type TimerHandle,
  type Transport,
  type TransportEvents,
} from '@bitmesh/interface'
import { onAbort, FastLink } from '@bitmesh/stream-link'
import type { MultipeerAdapter, MultipeerPeerState, MultipeerSendMode, MultipeerSessionDelegate } from './adapter.js'

/** Apple's limit: peers in one `MCSession`, the local peer included. */
export const MULTIPEER_MAX_SESSION_PEERS = 8
/** Default service type (1–15 lower-case ASCII letters, digits and hyphens). */
export const MULTIPEER_SERVICE_TYPE = 'bitmesh-mesh'
/** Default largest frame in bytes (64 KiB). */
export const MULTIPEER_MTU_BYTES = 65_536
/** Largest frame sent unreliably, in bytes (kept under one Wi-Fi datagram). */
export const MULTIPEER_MAX_UNRELIABLE_BYTES = 1_400
/** Default invitation timeout in ms (MC's own default is 30 s; bitchat-scale links want less). */
export const MULTIPEER_INVITE_TIMEOUT_MS = 10_000

/** Options of {@link multipeerTransport}. */
export interface MultipeerTransportInit {
  adapter: MultipeerAdapter
  clock: Clock
  /** Bonjour service type (default {@link MULTIPEER_SERVICE_TYPE}). */
  serviceType?: string
  /** `discoveryInfo` advertised with the service. */
  discoveryInfo?: Record<string, string>
  /** Session size including this peer (default and maximum 8). */
  maxSessionPeers?: number
  /** Largest frame in bytes (default 64 KiB). */
  mtu?: number
  /** Per-link high-water mark in bytes (default 512 KiB). */
  highWaterBytes?: number
  /** Per-link queue cap in bytes (default 4 MiB). */
  maxQueueBytes?: number
  /** Invitation timeout in ms (default 10 000). */
  inviteTimeoutMs?: number
  /** Accept invitations while there is room (default true). */
  acceptInvitations?: boolean
}

/** Counters of a Multipeer transport. */
export interface MultipeerTransportStats {
  linksOpened: number
  invitationsAccepted: number
  /** Invitations declined (session full, not running, or `acceptInvitations: false`). */
  invitationsDeclined: number
  dialFailures: number
  unreliableSent: number
  unreliableReceived: number
}

/** A Multipeer {@link Transport}. */
export interface MultipeerTransport extends Transport {
  readonly kind: 'multipeer'
  readonly stats: Readonly<MultipeerTransportStats>
  /** Remote peers the session can still take (pending invitations count). */
  readonly freeSlots: number
  /**
   * Send one frame in MC's unreliable mode (may be lost or reordered; no backpressure).
   * @throws BitMeshError `FRAME_TOO_LARGE` above {@link MULTIPEER_MAX_UNRELIABLE_BYTES}; `CLOSED` when the link is not open
   */
  sendUnreliable(link: Link, frame: Uint8Array): void
}

/**
 * Create a Multipeer transport (kind `multipeer`).
 * @param init - adapter, clock and optional tuning
 * @returns a stopped transport; call `start()`
 * @throws TypeError without adapter or clock; RangeError for nonsensical limits
 */
export function multipeerTransport(init: MultipeerTransportInit): MultipeerTransport {
  return new MultipeerTransportImpl(init)
}

interface PendingDial {
  resolve(link: Link): void
  reject(error: unknown): void
  timer: TimerHandle
  off: () => void
}

class MultipeerTransportImpl extends TypedEmitter<TransportEvents> implements MultipeerTransport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  readonly kind = 'multipeer' as const
  readonly stats: MultipeerTransportStats = { linksOpened: 0, invitationsAccepted: 0, invitationsDeclined: 0, dialFailures: 0, unreliableSent: 0, unreliableReceived: 0 }

  readonly #adapter: MultipeerAdapter
  readonly #clock: Clock
  readonly #serviceType: string
  readonly #discoveryInfo: Record<string, string> | undefined
  readonly #maxRemote: number
  readonly #mtu: number
  readonly #highWater: number
  readonly #maxQueue: number
  readonly #inviteTimeoutMs: number
  readonly #accept: boolean
  #running = false
  #seq = 0
  readonly #links = new Map<string, FastLink>()
  #view: ReadonlyArray<Link> | undefined
  readonly #dials = new Map<string, PendingDial>()
  /** Peers whose invitation we accepted and that are not connected yet. */
  readonly #accepted = new Set<string>()

  constructor(init: MultipeerTransportInit) {
    super()
    if (init.adapter === undefined || init.clock === undefined) throw new TypeError('multipeerTransport: adapter and clock are required')
    this.#adapter = init.adapter
    this.#clock = init.clock
    this.#serviceType = init.serviceType ?? MULTIPEER_SERVICE_TYPE
    if (!/^[a-z0-9-]{1,15}$/.test(this.#serviceType)) throw new RangeError('serviceType must be 1-15 of a-z, 0-9 and -')
    this.#discoveryInfo = init.discoveryInfo
    const peers = init.maxSessionPeers ?? MULTIPEER_MAX_SESSION_PEERS
    if (!Number.isInteger(peers) || peers < 2 || peers > MULTIPEER_MAX_SESSION_PEERS) throw new RangeError(`maxSessionPeers must be in 2..${MULTIPEER_MAX_SESSION_PEERS}`)
    this.#maxRemote = peers - 1
    this.#mtu = positive(init.mtu ?? MULTIPEER_MTU_BYTES, 'mtu')
    this.#highWater = positive(init.highWaterBytes ?? 512 * 1024, 'highWaterBytes')
    this.#maxQueue = positive(init.maxQueueBytes ?? Math.max(4 * 1024 * 1024, this.#highWater + this.#mtu), 'maxQueueBytes')
    if (this.#maxQueue < this.#highWater + this.#mtu) throw new RangeError('maxQueueBytes must be at least highWaterBytes + mtu')
    this.#inviteTimeoutMs = positive(init.inviteTimeoutMs ?? MULTIPEER_INVITE_TIMEOUT_MS, 'inviteTimeoutMs')
    this.#accept = init.acceptInvitations ?? true
  }

  get links(): ReadonlyArray<Link> {
    this.#view ??= Object.freeze([...this.#links.values()])
    return this.#view
  }

  get freeSlots(): number {
    return Math.max(0, this.#maxRemote - this.#links.size - this.#dials.size - this.#accepted.size)
  }

  async start(options?: AbortOptions): Promise<void> {
    if (this.#running) return
    if (options?.signal?.aborted) throw new AbortError()
    this.#running = true
    try {
      await this.#adapter.openSession(this.#delegate)
      await this.#adapter.startAdvertising(this.#serviceType, this.#discoveryInfo, (peer, _context, respond) => {
        const ok = this.#running && this.#accept && this.freeSlots > 0 && !this.#byPeer(peer)
        if (ok) {
          this.#accepted.add(peer)
          this.stats.invitationsAccepted++
        } else {
          this.stats.invitationsDeclined++
        }
        respond(ok)
      })
      await this.#adapter.startBrowsing(this.#serviceType, {
        foundPeer: (peer, info) => {
          if (!this.#running) return
          this.emit('peer:discovered', info === undefined ? { address: peer } : { address: peer, advertisement: encodeInfo(info) })
        },
        lostPeer: () => {},
      })
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    for (const [peer, dial] of [...this.#dials]) this.#settleDial(peer, dial, new ClosedError('transport stopped'))
    this.#accepted.clear()
    await Promise.allSettled([...this.#links.values()].map((l) => l.shutdown('transport-stopped')))
    await Promise.allSettled([this.#adapter.stopBrowsing(), this.#adapter.stopAdvertising()])
    await this.#adapter.closeSession().catch(() => {})
  }

  dial(address: string, options?: AbortOptions): Promise<Link> {
    if (typeof address !== 'string' || address.length === 0) return Promise.reject(new TypeError('dial: address must be a non-empty string'))
    if (options?.signal?.aborted) return Promise.reject(new AbortError())
    if (!this.#running) return Promise.reject(new ClosedError('multipeer transport is not running'))
    const existing = this.#byPeer(address)
    if (existing !== undefined) return Promise.resolve(existing)
    if (this.#dials.has(address)) return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, `already inviting ${address}`))
    if (this.freeSlots === 0) return Promise.reject(new CapacityError(`multipeer session full (${this.#maxRemote + 1} peers including this one)`))
    return new Promise<Link>((resolve, reject) => {
      const dial: PendingDial = {
        resolve,
        reject,
        timer: this.#clock.setTimeout(() => this.#failDial(address, new TimeoutError(`invitation to ${address} timed out`)), this.#inviteTimeoutMs),
        off: () => {},
      }
      this.#dials.set(address, dial)
      dial.off = onAbort(options?.signal, () => this.#failDial(address, new AbortError()))
      if (this.#dials.get(address) === dial) this.#adapter.invitePeer(address, undefined, this.#inviteTimeoutMs)
    })
  }

  sendUnreliable(link: Link, frame: Uint8Array): void {
    const own = this.#links.get(link.id)
    if (own === undefined || own !== link || own.status !== 'open') throw new ClosedError('not an open link of this transport')
    if (frame.length === 0 || frame.length > MULTIPEER_MAX_UNRELIABLE_BYTES) {
      throw new BitMeshError(ErrorCode.FRAME_TOO_LARGE, `unreliable frames hold 1..${MULTIPEER_MAX_UNRELIABLE_BYTES} bytes, got ${frame.length}`)
    }
    this.#adapter.send(frame, own.remoteAddress, 'unreliable')
    this.stats.unreliableSent++
  }

  readonly #delegate: MultipeerSessionDelegate = {
    peerState: (peer: string, state: MultipeerPeerState) => {
      if (state === 'connecting') return
      if (state === 'connected') return this.#onConnected(peer)
      this.#accepted.delete(peer)
      const dial = this.#dials.get(peer)
      if (dial !== undefined) {
        this.stats.dialFailures++
        this.#settleDial(peer, dial, new BitMeshError(ErrorCode.CLOSED, `${peer} declined or did not answer the invitation`))
      }
      void this.#byPeer(peer)?.shutdown('remote')
    },
    data: (peer: string, bytes: Uint8Array, mode: MultipeerSendMode) => {
      const link = this.#byPeer(peer)
      if (link === undefined || bytes.length > this.#mtu || bytes.length === 0) return
      if (mode === 'unreliable') this.stats.unreliableReceived++
      link.receive(bytes)
    },
    drain: (peer: string) => this.#byPeer(peer)?.sinkDrained(),
  }

  #onConnected(peer: string): void {
    const dial = this.#dials.get(peer)
    const inbound = this.#accepted.delete(peer)
    if (!this.#running || (dial === undefined && !inbound) || this.#byPeer(peer) !== undefined) {
      // Not ours (late answer after a timeout, or a duplicate): drop the peer from the session.
      this.#adapter.cancelConnectPeer(peer)
      return
    }
    const link = new FastLink({
      id: `multipeer-${++this.#seq}`,
      kind: 'multipeer',
      remoteAddress: peer,
      direction: dial !== undefined ? 'outbound' : 'inbound',
      mtu: this.#mtu,
      maxQueueBytes: this.#maxQueue,
      highWaterBytes: this.#highWater,
      sink: {
        write: (frame) => this.#adapter.send(frame, peer, 'reliable'),
        close: () => this.#adapter.cancelConnectPeer(peer),
      },
      onClosed: (closed, reason) => this.#onClosed(closed, reason),
    })
    this.#links.set(link.id, link)
    this.#view = undefined
    this.stats.linksOpened++
    this.emit('link:open', link)
    if (dial !== undefined) this.#settleDial(peer, dial, undefined, link)
  }

  #onClosed(link: FastLink, reason: LinkCloseReason): void {
    if (!this.#links.delete(link.id)) return
    this.#view = undefined
    this.emit('link:close', { link, reason })
  }

  #failDial(peer: string, error: unknown): void {
    const dial = this.#dials.get(peer)
    if (dial === undefined) return
    this.stats.dialFailures++
    this.#adapter.cancelConnectPeer(peer)
    this.#settleDial(peer, dial, error)
  }

  #settleDial(peer: string, dial: PendingDial, error: unknown, link?: Link): void {
    if (this.#dials.get(peer) !== dial) return
    this.#dials.delete(peer)
    this.#clock.clearTimeout(dial.timer)
    dial.off()
    if (link !== undefined) dial.resolve(link)
    else dial.reject(error)
  }

  #byPeer(peer: string): FastLink | undefined {
    for (const link of this.#links.values()) if (link.remoteAddress === peer && link.status === 'open') return link
    return undefined
  }
}

/** Discovery info as `key=value` lines (UTF-8), for `peer:discovered.advertisement`. */
function encodeInfo(info: Record<string, string>): Uint8Array {
  return new TextEncoder().encode(Object.entries(info).map(([k, v]) => `${k}=${v}`).join('\n'))
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`)
  return value
}
