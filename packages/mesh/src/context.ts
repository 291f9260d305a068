/**
 * What the node's parts (announcer, gossip sync, relay, private messaging, ingress) share: the
 * injected clock, randomness and crypto, the timers, the peer table, the links and a few
 * primitives to build and send packets. The node implements it once and hands it to each part.
 * @module
 */
import type { NeighborTable } from '@bitmesh/gossip-router'
import type { Clock, CryptoProvider, Rng } from '@bitmesh/interface'
import type { BitchatPacket, UnknownTlv } from '@bitmesh/wire-format'
import type { LinkEntry } from './link-entry.js'
import type { PeerTable } from './peer-table.js'
import type { Counters } from './stats.js'
import type { TimerSet } from './timers.js'
import type { DropEvent, DropReason, MeshEvents } from './types.js'

/** Shared state and primitives of one node. */
export interface NodeContext {
  readonly clock: Clock
  readonly rng: Rng
  readonly crypto: CryptoProvider
  /** Every timer of the node (cleared by `stop()`). */
  readonly timers: TimerSet
  readonly peers: PeerTable
  readonly counters: Counters
  /** Open links by node-unique key. */
  readonly links: ReadonlyMap<string, LinkEntry>
  /** Our peer ID, 8 bytes. */
  readonly localPeerId: Uint8Array
  /** Our peer ID, 16 lowercase hex. */
  readonly localPeerIdHex: string
  /** Announced direct-neighbour lists (ours included), for two-hop relay selection. */
  readonly neighborhood: NeighborTable
  /** BitMesh feature bits we advertise (`bitmesh-tlv.ts`). */
  readonly bitmeshFeatures: number
  /** Record our own neighbour list after a link is bound or closed. */
  refreshOwnNeighbors(): void
  /** Whether the node is running (parts stop acting once it is not). */
  running(): boolean
  /** Connected neighbours: bound peers once each, plus each not-yet-bound link. */
  degree(): number
  /** Count a drop and emit the `drop` event. */
  drop(reason: DropReason, detail?: Omit<DropEvent, 'reason'>): void
  /** Emit a node event. */
  emit<K extends keyof MeshEvents>(event: K, detail: MeshEvents[K]): void
  /** A new packet from us: v1 (v2 above 64 KiB), strictly increasing timestamp, unsigned. */
  newPacket(type: number, payload: Uint8Array, recipientId: Uint8Array | null, ttl: number): BitchatPacket
  /** Sign with our Ed25519 key (§3). */
  sign(packet: BitchatPacket): BitchatPacket
  /** Send an encoded frame on one link, fragmenting and pacing it above the MTU. */
  sendOn(entry: LinkEntry, frame: Uint8Array, directed: boolean): void
  // ── cluster mode (issue #6) ──
  /** Our announce TLV `0xB1` (cluster state), or `null` when cluster mode is off. */
  clusterTlv?(): UnknownTlv | null
  // ── Nostr bridge (issue #9) ──
  /** A frame of our own went out on the mesh: the gateway carries it over the relays when it should cross. */
  carryOverBridge?(frame: Uint8Array, packet?: BitchatPacket): void
}
