/**
 * Our ANNOUNCE (§2.2) and its cadence (§6.2 iOS): first 0.6 s after start, every 4 s while
 * isolated, 15 s ± 4 s with 1–5 links, 30 s ± 8 s with 6 or more; plus forced announces on a new
 * link and on first contact with a new direct peer, spaced from the previous one. A node relaying
 * by the BitMesh rules whose neighbours are unchanged since its last announce, and which knows no
 * plain bitchat peer, announces every 60 s ± 10 s instead, with a fast path when its neighbours
 * change (docs/protocol.md, "BitMesh announce cadence").
 * @module
 */
import { encodeAnnounce, MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import * as C from './constants.js'
import type { NodeContext } from './context.js'
import type { LinkEntry } from './link-entry.js'
import type { SyncStore } from './sync-store.js'
import { encodeSettled } from './transmit.js'
import { bitmeshTlv } from './bitmesh-tlv.js'
import type { UnknownTlv } from '@bitmesh/wire-format'
import { BITMESH_STABLE_ANNOUNCE_INTERVAL_MS, BITMESH_STABLE_ANNOUNCE_JITTER_MS } from '@bitmesh/gossip-router'

/**
 * A BitMesh node whose neighbour set changed announces again at least this long after its last
 * announce (the fast path of the slow BitMesh cadence; bounded so a walking crowd does not
 * announce more often than bitchat's 15 s sparse period would).
 */
export const BITMESH_CHANGE_ANNOUNCE_SPACING_MS = 20_000
/** The fast-path announce waits 1 s plus up to this much jitter after a change, ms. */
export const BITMESH_CHANGE_ANNOUNCE_JITTER_MS = 2_000

/** The announce's own TLVs: the feature TLV, then the cluster TLV when cluster mode is on. */
function clusterTlvs(features: UnknownTlv, cluster: UnknownTlv | null): UnknownTlv[] {
  return cluster === null ? [features] : [features, cluster]
}

/** What an {@link Announcer} announces and how often. */
export interface AnnouncerOptions {
  nickname: string
  noisePublicKey: Uint8Array
  signingPublicKey: Uint8Array
  /** Period with 1–5 links (jittered by ±4/15 of it). Default 15 000 ms. */
  connectedIntervalMs?: number | undefined
  /** Period with no link. Default 4 000 ms. */
  isolatedIntervalMs?: number | undefined
}

/** Sends our announces on schedule. */
export class Announcer {
  readonly #ctx: NodeContext
  readonly #options: AnnouncerOptions
  readonly #sync: SyncStore
  #periodicTimer: number | undefined
  #forcedTimer: number | undefined
  #lastSentMs = Number.NEGATIVE_INFINITY
  #lastFrame: Uint8Array | undefined
  /** Our bound neighbours as listed in the last announce (sorted, joined). */
  #lastNeighbours = ''
  /** When the periodic timer fires. */
  #periodicDueMs = Number.POSITIVE_INFINITY

  /**
   * @param ctx - The node.
   * @param options - Identity fields and periods.
   * @param sync - Our announces are offered to gossip sync too.
   */
  constructor(ctx: NodeContext, options: AnnouncerOptions, sync: SyncStore) {
    this.#ctx = ctx
    this.#options = options
    this.#sync = sync
  }

  /** Schedule the first announce ({@link C.INITIAL_ANNOUNCE_DELAY_MS}) and the periodic ones. */
  start(): void {
    this.#schedule(C.INITIAL_ANNOUNCE_DELAY_MS)
  }

  /**
   * An extra announce soon (at most one pending), at least `spacingMs` after the previous one.
   * @param spacingMs - Minimum gap to our last announce.
   */
  force(spacingMs: number): void {
    if (!this.#ctx.running() || this.#forcedTimer !== undefined) return
    const delay = Math.max(0, this.#lastSentMs + spacingMs - this.#ctx.clock.now())
    this.#forcedTimer = this.#ctx.timers.set(() => {
      this.#forcedTimer = undefined
      this.send()
    }, delay)
  }

  /**
   * Introduce ourselves on one new link (a new connection, or first contact with a direct peer).
   * Our latest announce, when still fresh, is repeated on that link only, byte for byte: the
   * neighbour binds the link to us (a direct announce, TTL 7) even if it has seen that announce
   * already, and nothing floods the mesh again — a fresh broadcast announce per new link would
   * make every connection ripple through the whole neighbourhood. Otherwise a new announce goes
   * out on every link, spaced from the last one.
   * @param entry - The link.
   */
  introduce(entry: LinkEntry): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    if (this.#lastFrame !== undefined && ctx.clock.now() - this.#lastSentMs <= C.ANNOUNCE_REPEAT_MAX_AGE_MS) {
      ctx.sendOn(entry, this.#lastFrame, false)
      return
    }
    this.force(C.FORCED_ANNOUNCE_SPACING_MS)
  }

  /** Build, sign and broadcast an announce now (neighbour list: up to 10 bound peers). */
  send(): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    const neighbours: Uint8Array[] = []
    const seen = new Set<string>()
    for (const entry of ctx.links.values()) {
      if (entry.peerId === null || seen.has(entry.peerId) || neighbours.length >= 10) continue
      seen.add(entry.peerId)
      neighbours.push(peerIdFromHex(entry.peerId))
    }
    this.#lastNeighbours = [...seen].sort().join(',')
    const payload = encodeAnnounce({
      nickname: this.#options.nickname,
      noisePublicKey: this.#options.noisePublicKey,
      signingPublicKey: this.#options.signingPublicKey,
      directNeighbors: neighbours.length > 0 ? neighbours : undefined,
      // Cluster mode (issue #6) adds TLV 0xB1 after the BitMesh feature TLV.
      unknownTlvs: clusterTlvs(bitmeshTlv(ctx.bitmeshFeatures), ctx.clusterTlv?.() ?? null),
    })
    const packet = ctx.sign(ctx.newPacket(MessageType.ANNOUNCE, payload, null, C.DEFAULT_TTL))
    const now = ctx.clock.now()
    this.#lastSentMs = now
    const frame = encodeSettled(packet)
    this.#lastFrame = frame
    this.#sync.add(packet, frame, now)
    for (const entry of ctx.links.values()) ctx.sendOn(entry, frame, false)
    ctx.carryOverBridge?.(frame, packet) // Nostr bridge (issue #9): the far islands learn us too
    ctx.counters.announcesSent++
  }

  /**
   * Whether the slow BitMesh cadence applies: we relay by the BitMesh rules, no plain bitchat
   * peer is known (its §6.2 expectations then rule), and our neighbours are those we last
   * announced.
   */
  slowCadence(): boolean {
    const ctx = this.#ctx
    return ctx.bitmeshFeatures !== 0 && this.#lastNeighbours !== '' && this.#lastNeighbours === this.#currentNeighbours() && !ctx.neighborhood.hasPlainPeer(ctx.localPeerIdHex)
  }

  /**
   * Our bound neighbours changed (a link bound or closed). Under the slow BitMesh cadence the
   * next announce is brought forward (at least {@link BITMESH_CHANGE_ANNOUNCE_SPACING_MS} after
   * the last one), so two-hop knowledge follows the topology; bitchat cadence is left alone.
   */
  onNeighborsChanged(): void {
    const ctx = this.#ctx
    if (!ctx.running() || ctx.bitmeshFeatures === 0 || this.#periodicTimer === undefined) return
    if (this.#lastNeighbours === this.#currentNeighbours()) return
    const now = ctx.clock.now()
    const due = Math.max(this.#lastSentMs + BITMESH_CHANGE_ANNOUNCE_SPACING_MS, now + 1_000 + ctx.rng.next() * BITMESH_CHANGE_ANNOUNCE_JITTER_MS)
    if (due < this.#periodicDueMs) this.#schedule(Math.round(due - now))
  }

  /** The next period for the current degree, jittered. */
  intervalMs(): number {
    const ctx = this.#ctx
    const degree = ctx.degree()
    if (degree === 0) return this.#options.isolatedIntervalMs ?? C.ISOLATED_ANNOUNCE_INTERVAL_MS
    if (this.slowCadence()) {
      const spread = BITMESH_STABLE_ANNOUNCE_JITTER_MS
      return Math.round(BITMESH_STABLE_ANNOUNCE_INTERVAL_MS - spread + ctx.rng.next() * 2 * spread)
    }
    const dense = degree >= C.DENSE_DEGREE
    const base = dense ? C.DENSE_ANNOUNCE_INTERVAL_MS : (this.#options.connectedIntervalMs ?? C.CONNECTED_ANNOUNCE_INTERVAL_MS)
    const spread = dense ? C.DENSE_ANNOUNCE_JITTER_MS : (base * C.CONNECTED_ANNOUNCE_JITTER_MS) / C.CONNECTED_ANNOUNCE_INTERVAL_MS
    return Math.max(C.MIN_ANNOUNCE_SPACING_MS, Math.round(base - spread + ctx.rng.next() * 2 * spread))
  }

  #currentNeighbours(): string {
    const peers: string[] = []
    for (const entry of this.#ctx.links.values()) if (entry.peerId !== null && !peers.includes(entry.peerId) && peers.length < 10) peers.push(entry.peerId)
    return peers.sort().join(',')
  }

  #schedule(delayMs: number): void {
    const timers = this.#ctx.timers
    timers.clear(this.#periodicTimer)
    this.#periodicDueMs = this.#ctx.clock.now() + delayMs
    this.#periodicTimer = timers.set(() => {
      this.#periodicTimer = undefined
      this.#periodicDueMs = Number.POSITIVE_INFINITY
      this.send()
      if (this.#ctx.running()) this.#schedule(this.intervalMs())
    }, delayMs)
  }
}
