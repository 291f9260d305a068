/**
 * The relay-policy contract. A superset of `@bitmesh/mesh`'s current `RelayPolicy` slot: every
 * field mesh fills today keeps its name and meaning; the optional fields are what the newer
 * policies read (link quality, congestion, two-hop neighbourhood, network size). A policy that
 * lacks an optional input falls back to a documented default, never throws.
 * @module
 */
import type { CryptoProvider, Rng } from '@bitmesh/interface'
import type { BitchatPacket } from '@bitmesh/wire-format'
import type { NeighborhoodView } from './neighborhood.js'

/** One of our open links, as a policy sees it. */
export interface RelayLinkInfo {
  /** Node-unique link ID. */
  readonly id: string
  /** Peer bound to the link (16 lowercase hex), or `null` before its direct announce. */
  readonly peerId: string | null
  /** Received signal strength on this link, dBm (BLE RSSI). Optional. */
  readonly rssi?: number | undefined
  /** Signal-to-noise ratio on this link, dB, where the transport reports one. Optional. */
  readonly snr?: number | undefined
  /**
   * Whether the peer advertises BitMesh (its announce carries the BitMesh TLV). `undefined` and
   * `false` both mean "plain bitchat": BitMesh-only shortcuts are never taken toward it.
   */
  readonly bitmesh?: boolean | undefined
}

/** What the node knows when it asks a policy about a received packet. */
export interface RelayContext {
  /** Connected peers (open links, links to one peer counted once). */
  readonly degree: number
  /** Whether we originated the packet. */
  readonly fromSelf: boolean
  /** Whether it is addressed to us. */
  readonly forSelf: boolean
  /** Link it arrived on (`null` for locally injected packets). */
  readonly ingressLinkId: string | null
  /** Our open links. */
  readonly links: readonly RelayLinkInfo[]
  /** A stable ID of the packet (the dedup key) for deterministic fan-out. */
  readonly messageId: string
  /** The node's randomness (jitter, probabilities). */
  readonly rng: Rng
  /** The node's crypto (iOS fan-out ordering hash). */
  readonly crypto: CryptoProvider

  // ---- optional inputs of the newer policies ----

  /** Our peer ID (16 lowercase hex). Needed by `bitmesh` to find itself in neighbour lists. */
  readonly selfId?: string | undefined
  /** Local wall clock, ms (freshness in `blip`, neighbour-list age in `bitmesh`). */
  readonly nowMs?: number | undefined
  /** The 16-byte dedup key ({@link dedupKeyOf}) of the packet; seeds `blip`'s K-of-N shuffle. */
  readonly key?: Uint8Array | undefined
  /** Peers known in the mesh (peer table size); `bitchat-android` bands on it. Default: `degree`. */
  readonly networkSize?: number | undefined
  /** Outbound queue fill, 0…1 (the lane scheduler's {@link LaneScheduler.fill}). Default 0. */
  readonly congestion?: number | undefined
  /** Measured channel / airtime utilisation, 0…1 (Meshtastic's channel utilisation). Default: `congestion`. */
  readonly channelUtilization?: number | undefined
  /** Two-hop knowledge from announces' direct-neighbour TLVs (`bitmesh`). */
  readonly neighborhood?: NeighborhoodView | undefined
  /**
   * Known peers by hop distance: `hopHistogram[h]` = peers `h` hops away (index 1 = direct).
   * Meshtastic hop scaling reads it (the route table's {@link RouteTable.hopHistogram}).
   */
  readonly hopHistogram?: readonly number[] | undefined
  /**
   * Next hop (peer ID hex) toward a recipient, or `null` when unknown: the route table's
   * {@link RouteTable.nextHop}. Directed packets then go to that one link (`blip`, `meshtastic`,
   * `bitmesh`); without it they are flooded as bitchat does.
   */
  readonly nextHopFor?: ((recipientId: string) => string | null) | undefined
  /**
   * Next hops (peer IDs hex, peers on our links) toward a recipient, closest first, empty when no
   * route is known: the mesh's hop-by-hop routes over confirmed neighbour lists
   * (`HopDistances.nextHops`). `bitmesh` forwards directed packets to these; it is preferred
   * over {@link RelayContext.nextHopFor} when both are given.
   */
  readonly nextHopsFor?: ((recipientId: string) => readonly string[]) | undefined
  /**
   * Hops from a peer to a recipient over the announced neighbour lists, `undefined` when
   * unknown (`HopDistances.distance`). `bitmesh` drops a routed directed packet that would make
   * no progress: when we are not closer to the recipient than the peer that sent it to us.
   */
  readonly routeDistance?: ((recipientId: string, peerId: string) => number | undefined) | undefined
}

/** Priority lane of a packet (Blip's four lanes, blip-gozzip §2.9): 0 critical … 3 low. */
export type Lane = 0 | 1 | 2 | 3

/** A policy's answer. */
export interface RelayDecision {
  /** Forward at all. */
  relay: boolean
  /** TTL of the forwarded copy. */
  ttl: number
  /** Delay before forwarding (jitter / contention window), ms. */
  delayMs: number
  /** Link IDs to forward on (never the ingress link). */
  links: string[]
  /** Cancel the scheduled relay if a duplicate arrives before it fires. */
  cancelOnDuplicate: boolean
  /**
   * Drop a target link from the scheduled relay when a duplicate arrives *on* it (that peer has
   * the packet), and cancel the relay when no target is left. Optional; `false` when absent.
   */
  pruneOnDuplicate?: boolean
  /** Lane the relay should be queued in. Optional; executors without lanes ignore it. */
  lane?: Lane
}

/** Decides whether and how a received packet is forwarded. */
export interface RelayPolicy {
  /** Short name for logs and `--policy`. */
  readonly name: string
  /**
   * Decide for one received, verified, not-yet-seen packet.
   *
   * The returned object may be reused by the next `decide` call of the same policy instance
   * (that keeps the hot path allocation-free): consume it before asking again.
   * @param packet - The decoded packet (TTL as received).
   * @param context - See {@link RelayContext}.
   * @returns The decision. Never throws.
   */
  decide(packet: BitchatPacket, context: RelayContext): RelayDecision
}
