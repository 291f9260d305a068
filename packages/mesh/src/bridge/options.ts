/**
 * Options of the Nostr bridge (`MeshNodeOptions.bridge`) and their validation.
 * @module
 */
import { isValidGeohash, RelayPool, type RelayPoolOptions, type WebSocketConstructor } from '@bitmesh/geohash-discovery'
import {
  DEFAULT_BRIDGE_INJECT_BURST,
  DEFAULT_BRIDGE_INJECT_PER_SECOND,
  DEFAULT_BRIDGE_PUBLISH_BURST,
  DEFAULT_BRIDGE_PUBLISH_PER_SECOND,
} from './constants.js'

/**
 * Make this node a gateway joining its mesh island to others over Nostr relays. Give either a
 * `pool` you own (the node never closes it), or `relays` and a `WebSocket` constructor (the node
 * opens a pool on `start()` and closes it on `stop()`; reconnect backoff 1 s doubling to 300 s).
 */
export interface MeshBridgeOptions {
  /** An existing relay pool (left open by `stop()`). */
  pool?: RelayPool
  /** Relay URLs for a pool the node owns (with `WebSocket`). */
  relays?: readonly string[]
  /** WebSocket constructor for the node's own pool (`ws` in Node, the global in browsers / React Native). */
  WebSocket?: WebSocketConstructor
  /** Extra settings of the node's own pool (backoff, limits, status callback). */
  poolOptions?: Omit<RelayPoolOptions, 'WebSocket' | 'clock' | 'relays'>
  /** Rendezvous geohash cell (lower case, 1–12 characters): every gateway of the joined islands uses the same. */
  cell: string
  /** 32-byte device seed; the gateway signs with `deriveBridgeIdentity(seed, cell)` (§7.1, `"bridge|" + cell`). */
  seed: Uint8Array
  /** Bridge events published per second (token bucket). Default 50. */
  publishPerSecond?: number
  /** Burst of published events. Default 100. */
  publishBurst?: number
  /** Relay events injected into the mesh per second. Default 100. */
  injectPerSecond?: number
  /** Burst of injected events. Default 200. */
  injectBurst?: number
  /** Carry announces (needed for the far island to verify senders). Default `true`. */
  carryAnnounces?: boolean
  /**
   * Broadcast events of the cell that are not BitMesh bridge events (iOS's own bridge traffic)
   * into the mesh as nostrCarrier `0x28` fromBridge packets, for iOS peers. Default `true`.
   */
  forwardForeignEvents?: boolean
}

/** Bridge settings with defaults applied. */
export interface ResolvedBridgeOptions {
  readonly pool: RelayPool | null
  readonly relays: readonly string[]
  readonly WebSocket: WebSocketConstructor | null
  readonly poolOptions: Omit<RelayPoolOptions, 'WebSocket' | 'clock' | 'relays'>
  readonly cell: string
  readonly seed: Uint8Array
  readonly publishPerSecond: number
  readonly publishBurst: number
  readonly injectPerSecond: number
  readonly injectBurst: number
  readonly carryAnnounces: boolean
  readonly forwardForeignEvents: boolean
}

/**
 * Validate `MeshNodeOptions.bridge` and apply defaults.
 * @param o - The option.
 * @returns The settings.
 * @throws TypeError for a malformed option (no pool and no relays + WebSocket, bad cell or seed).
 */
export function resolveBridgeOptions(o: MeshBridgeOptions): ResolvedBridgeOptions {
  if (o === null || typeof o !== 'object') throw new TypeError('options.bridge must be an object')
  if (!isValidGeohash(o.cell, { lowercaseOnly: true })) throw new TypeError('options.bridge.cell must be a lower-case geohash')
  if (!(o.seed instanceof Uint8Array) || o.seed.length !== 32) throw new TypeError('options.bridge.seed must be 32 bytes')
  const pool = o.pool ?? null
  if (pool !== null && !(pool instanceof RelayPool)) throw new TypeError('options.bridge.pool must be a RelayPool')
  if (pool === null && (typeof o.WebSocket !== 'function' || !Array.isArray(o.relays) || o.relays.length === 0)) {
    throw new TypeError('options.bridge needs a pool, or relays and a WebSocket constructor')
  }
  return {
    pool,
    relays: [...(o.relays ?? [])],
    WebSocket: o.WebSocket ?? null,
    poolOptions: { ...o.poolOptions },
    cell: o.cell,
    seed: o.seed,
    publishPerSecond: o.publishPerSecond ?? DEFAULT_BRIDGE_PUBLISH_PER_SECOND,
    publishBurst: o.publishBurst ?? DEFAULT_BRIDGE_PUBLISH_BURST,
    injectPerSecond: o.injectPerSecond ?? DEFAULT_BRIDGE_INJECT_PER_SECOND,
    injectBurst: o.injectBurst ?? DEFAULT_BRIDGE_INJECT_BURST,
    carryAnnounces: o.carryAnnounces ?? true,
    forwardForeignEvents: o.forwardForeignEvents ?? true,
  }
}
