/**
 * REQUEST_SYNC gossip on both sides (§2.7, §2.7.3, §6.8): periodic unicast requests to every
 * linked peer carrying a GCS filter of what we hold, answers with the packets a requester lacks
 * (TTL 0, IS_RSR set, on the requester's link only), and the 30 s window in which solicited
 * replies are accepted.
 * @module
 */
import { buildGcsFilterFromHashes, decodeRequestSync, DEFAULT_SYNC_TYPES, encodeRequestSync, MessageType, PacketFlag, peerIdFromHex, verifyPacketSignature, type BitchatPacket, type RequestSyncPayload } from '@bitmesh/wire-format'
import * as C from './constants.js'
import type { NodeContext } from './context.js'
import type { LinkEntry } from './link-entry.js'
import { SyncStore, type StoredPacket } from './sync-store.js'
import { encodeSettled } from './transmit.js'

/** Header offsets (§1.1), the same in v1 and v2. */
const TTL_OFFSET = 2
const FLAGS_OFFSET = 11

/** Both sides of gossip sync for one node. */
export class GossipSync {
  /** What we offer: latest announce per peer and recent public messages. */
  readonly store = new SyncStore({
    maxAnnounces: C.SYNC_ANNOUNCE_CAPACITY,
    maxMessages: C.SYNC_MESSAGE_CAPACITY,
    announceMaxAgeMs: C.SYNC_ANNOUNCE_MAX_AGE_MS,
    messageMaxAgeMs: C.MAX_PUBLIC_MESSAGE_AGE_MS,
  })
  readonly #ctx: NodeContext
  readonly #intervalMs: number
  /** Response times per requester, for the responder rate limit (bounded by MAX_PEERS). */
  readonly #responses = new Map<string, number[]>()
  /**
   * The last request payload and what it was built from: a round asks every linked peer at the
   * same instant with the same filter, so it is built once per round, not once per link.
   */
  #lastRequest: { atMs: number; storeVersion: number; payload: Uint8Array } | null = null

  /**
   * @param ctx - The node.
   * @param intervalMs - Period of our requests; 0 disables periodic requests.
   */
  constructor(ctx: NodeContext, intervalMs: number) {
    this.#ctx = ctx
    this.#intervalMs = intervalMs
  }

  /** Begin the periodic requests. */
  start(): void {
    this.#schedule(this.#intervalMs)
  }

  /** A link was just bound to a new direct peer: request 5 s later (§6.8). */
  onLinkBound(entry: LinkEntry): void {
    const peer = entry.peerId
    this.#ctx.timers.set(() => {
      if (this.#ctx.links.get(entry.key) === entry && entry.peerId === peer) this.request(entry)
    }, C.INITIAL_SYNC_DELAY_MS)
  }

  /**
   * Whether an IS_RSR packet arriving on `entry` is solicited: we sent a request there within
   * {@link C.SYNC_RESPONSE_WINDOW_MS}.
   */
  solicited(entry: LinkEntry | null, nowMs: number): boolean {
    return entry !== null && nowMs - entry.lastSyncRequestMs <= C.SYNC_RESPONSE_WINDOW_MS
  }

  /** Send one REQUEST_SYNC to the peer bound to `entry`: TTL 0, signed, announce + message filter. */
  request(entry: LinkEntry): void {
    const ctx = this.#ctx
    if (!ctx.running() || entry.peerId === null || entry.link.status !== 'open') return
    const now = ctx.clock.now()
    const packet = ctx.sign(ctx.newPacket(MessageType.REQUEST_SYNC, this.#requestPayload(now), peerIdFromHex(entry.peerId), 0))
    entry.lastSyncRequestMs = now
    ctx.sendOn(entry, encodeSettled(packet), true)
    ctx.counters.syncRequestsSent++
  }

  /**
   * Answer a REQUEST_SYNC addressed to us or broadcast (§2.7.3): TTL must be 0, the requester
   * must be verified and its signature valid, at most 8 answers per requester per 30 s.
   * @returns Whether the request was valid (it is never relayed).
   */
  respond(packet: BitchatPacket, sender: string, entry: LinkEntry | null, nowMs: number): boolean {
    const ctx = this.#ctx
    if (packet.ttl !== 0) {
      ctx.drop('protocol', { peerId: sender, detail: 'REQUEST_SYNC with TTL ≠ 0' })
      return false
    }
    const peer = ctx.peers.get(sender)
    if (peer === undefined) {
      ctx.drop('unknown-sender', { peerId: sender, detail: 'REQUEST_SYNC' })
      return false
    }
    if (!verifyPacketSignature(packet, peer.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'REQUEST_SYNC' })
      return false
    }
    const history = (this.#responses.get(sender) ?? []).filter((t) => nowMs - t < C.SYNC_RESPONDER_WINDOW_MS)
    if (history.length >= C.MAX_SYNC_RESPONSES_PER_WINDOW) {
      this.#responses.set(sender, history)
      ctx.drop('rate-limit', { peerId: sender, detail: 'REQUEST_SYNC responder' })
      return false
    }
    let request: RequestSyncPayload
    try {
      request = decodeRequestSync(packet.payload)
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: (error as Error).message })
      return false
    }
    history.push(nowMs)
    this.#responses.delete(sender)
    this.#responses.set(sender, history)
    while (this.#responses.size > C.MAX_PEERS) this.#responses.delete(this.#responses.keys().next().value as string)
    ctx.peers.touch(sender, nowMs)
    if (entry === null) return true
    for (const stored of this.#answer(request, sender, nowMs)) {
      // Unchanged except TTL 0 and IS_RSR (§2.7.3), so the original signature still verifies:
      // both live in the fixed header (offsets 2 and 11 in v1 and v2) outside the signed bytes.
      const frame = stored.frame.slice()
      frame[TTL_OFFSET] = 0
      frame[FLAGS_OFFSET] = frame[FLAGS_OFFSET]! | PacketFlag.IS_RSR
      ctx.sendOn(entry, frame, true)
      ctx.counters.syncPacketsSent++
    }
    return true
  }

  /**
   * What to send back: every message the requester lacks, and the announces it lacks of those
   * messages' senders (so it can verify them), announces first. Other "missing" announces are not
   * sent: announces are re-flooded every 15–30 s anyway, and every re-announce changes a peer's
   * latest announce ID, so between busy neighbours they are mostly other versions of what the
   * requester has. Answering them made sync more than half of all frames in a 1 000-node crowd.
   */
  #answer(request: RequestSyncPayload, requester: string, nowMs: number): StoredPacket[] {
    return this.store.missing(request, nowMs, C.MAX_SYNC_REPLY_PACKETS, { announcesOfMessageSenders: true, exceptSender: requester })
  }

  /** The REQUEST_SYNC payload for `now`: announce + message filter of what we hold. */
  #requestPayload(now: number): Uint8Array {
    const last = this.#lastRequest
    if (last !== null && last.atMs === now && last.storeVersion === this.store.version) return last.payload
    const held = this.store.newestFirst(now)
    const filter = buildGcsFilterFromHashes(held.map((s) => s.gcsHash))
    // When the 400-byte filter could not cover everything, say from when it does (TLV 05, as iOS),
    // so the responder does not send back the older packets we already hold.
    const oldestIncluded = filter.includedCount < held.length && filter.includedCount > 0 ? held[filter.includedCount - 1]!.timestamp : undefined
    const payload = encodeRequestSync({ p: filter.p, m: filter.m, data: filter.data, types: DEFAULT_SYNC_TYPES, sinceTimestamp: oldestIncluded })
    this.#lastRequest = { atMs: now, storeVersion: this.store.version, payload }
    return payload
  }

  /** Forget requesters whose window has passed. */
  prune(nowMs: number): void {
    for (const [peer, history] of this.#responses) {
      if (history.every((t) => nowMs - t >= C.SYNC_RESPONDER_WINDOW_MS)) this.#responses.delete(peer)
    }
  }

  /** Forget everything. */
  clear(): void {
    this.store.clear()
    this.#responses.clear()
    this.#lastRequest = null
  }

  #schedule(delayMs: number): void {
    if (delayMs <= 0) return
    const ctx = this.#ctx
    ctx.timers.set(() => {
      if (!ctx.running()) return
      for (const entry of ctx.links.values()) if (entry.peerId !== null) this.request(entry)
      // ±10 % so neighbours' rounds drift apart instead of colliding.
      this.#schedule(Math.round(this.#intervalMs * (0.9 + 0.2 * ctx.rng.next())))
    }, delayMs)
  }
}
