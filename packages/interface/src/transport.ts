/**
 * The transport seam (DESIGN §2). A {@link Transport} discovers neighbours and opens
 * {@link Link}s to them; a link carries whole frames (bitchat packets or fragments of them) up to
 * its MTU. Transports know nothing of routing, peers' identities or Noise: the mesh layer binds a
 * link to a peer when it hears that peer's announce over it.
 *
 * Versioned like a spec: every transport declares `specificationVersion: 'v1'` and carries the
 * {@link transportSymbol} brand, so a `v2` contract can later sit beside this one.
 * @module
 */
import type { Emitter } from './events.js'

/** Brand carried by every transport object; test with {@link isTransport}. */
export const transportSymbol: unique symbol = Symbol.for('@bitmesh/transport') as never

/**
 * The part of the standard `AbortSignal` the seam uses. Declared structurally so the contract
 * needs no DOM or Node type library; a real `AbortSignal` satisfies it.
 */
export interface AbortSignalLike {
  readonly aborted: boolean
  readonly reason?: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** Options of every async operation at the seam. */
export interface AbortOptions {
  /** Aborting rejects the operation with an `AbortError` and releases what it held. */
  signal?: AbortSignalLike
}

/** The physical family of a link; the transport manager ranks them. */
export type TransportKind = 'ble' | 'wifi-direct' | 'hotspot' | 'multipeer' | 'lan' | 'memory' | (string & {})

/** Measured or reported quality of a link. Every field is optional: transports fill what they can. */
export interface LinkQuality {
  /** Received signal strength in dBm (BLE, Wi-Fi). */
  rssiDbm?: number
  /** Measured throughput in bytes per second. */
  throughputBytesPerSecond?: number
  /** Round-trip time in milliseconds. */
  rttMs?: number
  /** Fraction of frames lost, 0–1, where measurable. */
  lossRate?: number
}

/** Why a link closed. */
export type LinkCloseReason = 'local' | 'remote' | 'timeout' | 'error' | 'out-of-range' | 'transport-stopped'

/** Events of a {@link Link}. */
export interface LinkEvents {
  /** A whole frame arrived. The array is owned by the listener (transports never reuse it). */
  frame: Uint8Array
  /** The send queue drained below its low-water mark after {@link Link.send} returned `false`. */
  drain: undefined
  /** Link quality changed. */
  quality: LinkQuality
  /** The link closed (emitted once). */
  close: { reason: LinkCloseReason; error?: unknown }
}

/** Lifecycle of a link. */
export type LinkStatus = 'open' | 'closing' | 'closed'

/** A frame-oriented connection to one neighbour over one transport. */
export interface Link extends Emitter<LinkEvents> {
  /** Unique among the links of its transport. */
  readonly id: string
  /** Kind of the transport that owns this link. */
  readonly kind: TransportKind
  /** Platform address of the remote side (BLE device ID, `ip:port`, …); not a peer ID. */
  readonly remoteAddress: string
  /** Which side opened it: `outbound` (we dialled / central) or `inbound` (they did / peripheral). */
  readonly direction: 'inbound' | 'outbound'
  /** Largest frame, in bytes, that {@link Link.send} accepts. */
  readonly mtu: number
  /** Current lifecycle state. */
  readonly status: LinkStatus
  /** Latest link quality. */
  readonly quality: LinkQuality
  /**
   * Queue one whole frame. Returns `false` when the send queue is above its high-water mark: the
   * frame is still queued, but the caller should wait for `drain` before sending more.
   * @throws BitMeshError `FRAME_TOO_LARGE` when `frame.length > mtu`; `CLOSED` when not open;
   *   `CAPACITY_EXCEEDED` when the bounded queue is full (the frame is not queued).
   */
  send(frame: Uint8Array): boolean
  /** Bytes queued and not yet handed to the radio. */
  readonly bufferedBytes: number
  /** Close the link (idempotent). Resolves once `close` has been emitted. */
  close(): Promise<void>
}

/** Events of a {@link Transport}. */
export interface TransportEvents {
  /** A link opened (inbound or outbound). */
  'link:open': Link
  /** A link closed. */
  'link:close': { link: Link; reason: LinkCloseReason }
  /** A neighbour was seen by discovery (advertisement, mDNS, …) with optional metadata. */
  'peer:discovered': DiscoveredNeighbour
  /**
   * Optional capability: a scanned advertisement carrying a BitMesh cluster beacon, reported for
   * every advertiser in range whatever the dial gate (transports without beacons never emit it).
   */
  advertisement: ScannedAdvertisement
  /** The transport failed in a way the app should know about (radio off, permission revoked). */
  error: unknown
}

/** A neighbour seen by discovery before (or without) a link. */
export interface DiscoveredNeighbour {
  /** Platform address to dial. */
  address: string
  /** RSSI in dBm when known. */
  rssiDbm?: number
  /** Transport-specific advertisement data (for example BLE service data). */
  advertisement?: Uint8Array
}

/** A scanned advertisement with a BitMesh cluster beacon (the `advertisement` event). */
export interface ScannedAdvertisement {
  /** Platform address of the advertiser. */
  address: string
  /** RSSI of this advertisement, dBm. */
  rssiDbm: number
  /** Beacon service data (BLE: the BitMesh beacon service's data, 12 bytes in version 1). */
  serviceData: Uint8Array
}

/** A link-layer technology: discovery plus links. */
export interface Transport extends Emitter<TransportEvents> {
  readonly [transportSymbol]: true
  /** Contract version this transport implements. */
  readonly specificationVersion: 'v1'
  /** Kind of link this transport makes. */
  readonly kind: TransportKind
  /** Open links. */
  readonly links: ReadonlyArray<Link>
  /** Start discovery and accept links. Idempotent. */
  start(options?: AbortOptions): Promise<void>
  /** Close every link, stop discovery, release every timer and listener. Idempotent. */
  stop(): Promise<void>
  /** Open a link to an address seen by discovery. */
  dial(address: string, options?: AbortOptions): Promise<Link>
}

/** True when `value` carries the transport brand. */
export function isTransport(value: unknown): value is Transport {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[transportSymbol] === true
}
