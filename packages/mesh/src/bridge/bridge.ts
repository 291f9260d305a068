/**
 * The gateway: joins this node's mesh island to other islands through Nostr relays.
 *
 * Out: packets accepted from our own mesh (and our own) that should cross — announces, public
 * messages, leaves, broadcast fragments, and directed Noise packets and fragments for peers not
 * reachable on our mesh — each become one bridge event (bridge-event.ts) signed by our bridge
 * identity and published to the pool, under a token-bucket cap.
 *
 * In: verified bridge events of the cell (the pool checks signatures and drops copies from other
 * relays) are injected into the node's normal receive path on a virtual link, TTL 6, so the
 * node verifies, delivers and relays them into the island like any frame; plain bitchat peers
 * there see ordinary packets.
 *
 * Loops: our own events (by author) and events seen before (bounded ID set) are dropped; a packet
 * carried once is remembered by its stable ID, so a copy carried back by another gateway is
 * dropped; injected packets enter the mesh dedup (§6.4), so their copies relayed back to us are
 * duplicates and never carried again; and nothing that arrived over the bridge is published.
 *
 * nostrCarrier `0x28` (§2.10): a `toGateway` / `toBridge` carrier addressed to us is published
 * as is (its event must verify); events of the cell that are not BitMesh bridge events are
 * broadcast into the mesh as `fromBridge` carriers for iOS peers.
 * @module
 */
import {
  BoundedSet,
  deriveBridgeIdentity,
  RelayPool,
  verifyEvent,
  type NostrEvent,
  type NostrKeyPair,
  type Subscription,
} from '@bitmesh/geohash-discovery'
import {
  bytesToHex,
  decodeNostrCarrier,
  encodeNostrCarrier,
  isBroadcastRecipient,
  MAX_NOSTR_EVENT_JSON_BYTES,
  MessageType,
  NostrCarrierDirection,
  packetIdHex,
  tryDecodePacket,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import * as C from '../constants.js'
import type { NodeContext } from '../context.js'
import { LinkEntry } from '../link-entry.js'
import { isLinked } from '../peer-info.js'
import { encodeSettled } from '../transmit.js'
import { createBridgeEvent, parseBridgeEvent } from './bridge-event.js'
import { BridgeLink } from './bridge-link.js'
import {
  BRIDGE_EVENT_KIND,
  BRIDGE_REMOTE_PEER_TTL_MS,
  BRIDGE_REMOTE_PEERS_CAPACITY,
  BRIDGE_SEEN_CAPACITY,
  BRIDGE_SUBSCRIPTION_LOOKBACK_S,
  MAX_BRIDGE_FRAME_BYTES,
} from './constants.js'
import type { ResolvedBridgeOptions } from './options.js'
import { TokenBucket } from './token-bucket.js'

/** What the node lends the bridge. */
export interface BridgeHooks {
  /** Run a frame through the node's receive path as if it arrived on `entry`. */
  inject(entry: LinkEntry, frame: Uint8Array): void
  /** A path to `peerId` exists now (flush the store-and-forward outbox towards it). */
  onReachable(peerId: string): void
}

const encoder = /* @__PURE__ */ new TextEncoder()
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true })

/** One node's gateway to the relays of one cell. */
export class NostrBridge {
  /** The virtual ingress link of injected frames (never in the node's link table). */
  readonly entry: LinkEntry
  readonly #ctx: NodeContext
  readonly #o: ResolvedBridgeOptions
  readonly #hooks: BridgeHooks
  readonly #keys: NostrKeyPair
  readonly #publishBucket: TokenBucket
  readonly #injectBucket: TokenBucket
  /** Event IDs seen or published (loop prevention, cross-relay dedup). */
  readonly #seenEvents = new BoundedSet(BRIDGE_SEEN_CAPACITY)
  /** Stable packet IDs carried either way. */
  readonly #seenPackets = new BoundedSet(BRIDGE_SEEN_CAPACITY)
  /** Peers heard only over the bridge → `clock.now()` when last heard (LRU order). */
  readonly #remote = new Map<string, number>()
  #pool: RelayPool | null = null
  #subscription: Subscription | null = null
  #closed = false

  /**
   * @param ctx - The node.
   * @param options - Resolved bridge options.
   * @param hooks - Injection and reachability callbacks.
   */
  constructor(ctx: NodeContext, options: ResolvedBridgeOptions, hooks: BridgeHooks) {
    this.#ctx = ctx
    this.#o = options
    this.#hooks = hooks
    this.#keys = deriveBridgeIdentity(options.seed, options.cell)
    this.#publishBucket = new TokenBucket(ctx.clock, options.publishPerSecond, options.publishBurst)
    this.#injectBucket = new TokenBucket(ctx.clock, options.injectPerSecond, options.injectBurst)
    this.entry = new LinkEntry(`bridge:${options.cell}`, new BridgeLink(options.cell), ctx.timers, { onSent: () => undefined, onFailed: () => undefined }, 1)
  }

  /** Our bridge identity's public key (hex). */
  get publicKey(): string {
    return this.#keys.publicKey
  }

  /** Peers currently counted as reachable only over the bridge (≤ {@link BRIDGE_REMOTE_PEERS_CAPACITY}). */
  get remotePeers(): number {
    return this.#remote.size
  }

  /** Open the pool (when the node owns it) and subscribe to the cell. */
  start(): void {
    const o = this.#o
    this.#pool = o.pool ?? new RelayPool({ ...o.poolOptions, WebSocket: o.WebSocket!, clock: this.#ctx.clock, relays: o.relays })
    const filter = { kinds: [BRIDGE_EVENT_KIND], '#r': [o.cell], since: Math.floor(this.#ctx.clock.now() / 1000) - BRIDGE_SUBSCRIPTION_LOOKBACK_S }
    this.#subscription = this.#pool.subscribe([filter], {
      onEvent: (event) => this.#onEvent(event),
      // A relay (re)connected and replayed our subscription: the Nostr path is up again, so what
      // the outbox holds for peers behind it can go now (store-and-forward's 'nostr' transport).
      onEose: () => {
        for (const peer of [...this.#remote.keys()]) if (this.#isRemote(peer)) this.#hooks.onReachable(peer)
      },
    })
  }

  /** Unsubscribe, close the pool if the node owns it, zero the bridge key. Idempotent. */
  stop(): void {
    if (this.#closed) return
    this.#closed = true
    this.#subscription?.close()
    this.#subscription = null
    if (this.#o.pool === null) this.#pool?.close()
    this.#pool = null
    this.#remote.clear()
    this.#keys.secretKey.fill(0)
    this.entry.dispose()
  }

  /**
   * A packet passed the receive path (valid, first seen). Called by the ingress.
   * @param packet - The packet.
   * @param frame - Its frame (`null` for a reassembled packet: its fragments were handled).
   * @param entry - Its ingress link.
   * @param forSelf - Addressed to us.
   */
  onAccepted(packet: BitchatPacket, frame: Uint8Array | null, entry: LinkEntry | null, forSelf: boolean): void {
    if (this.#closed) return
    const sender = bytesToHex(packet.senderId)
    if (entry === this.entry) {
      this.#markRemote(sender)
      return
    }
    // Heard on our own mesh (sync replies may echo bridged packets: they prove nothing).
    if (!packet.isRsr) this.#remote.delete(sender)
    if (frame === null) return
    if (packet.type === MessageType.NOSTR_CARRIER) {
      if (forSelf) this.#onCarrierRequest(packet, sender)
      return
    }
    if (!forSelf && this.#shouldCarry(packet)) this.#publish(packet, frame)
  }

  /**
   * A packet of our own is going out on the mesh: carry it too when it should cross.
   * @param frame - Its frame.
   * @param packet - The packet (decoded from `frame` when omitted).
   */
  carryOwn(frame: Uint8Array, packet?: BitchatPacket): void {
    if (this.#closed || !this.#ctx.running()) return
    let p = packet
    if (p === undefined) {
      const decoded = tryDecodePacket(frame)
      if (!decoded.ok) return
      p = decoded.packet
    }
    if (this.#shouldCarry(p)) this.#publish(p, frame)
  }

  #shouldCarry(packet: BitchatPacket): boolean {
    if (packet.isRsr) return false // sync replies answer one neighbour's request
    const broadcast = isBroadcastRecipient(packet.recipientId)
    switch (packet.type) {
      case MessageType.ANNOUNCE:
        return this.#o.carryAnnounces
      case MessageType.MESSAGE:
      case MessageType.LEAVE:
        return true
      case MessageType.FRAGMENT:
        return broadcast || this.#crossesFor(bytesToHex(packet.recipientId!))
      case MessageType.NOISE_HANDSHAKE:
      case MessageType.NOISE_ENCRYPTED:
        return !broadcast && this.#crossesFor(bytesToHex(packet.recipientId!))
      default:
        return false
    }
  }

  /** A directed packet crosses when its recipient is behind the bridge or unknown here. */
  #crossesFor(recipient: string): boolean {
    if (this.#isRemote(recipient)) return true
    if (isLinked(this.#ctx, recipient)) return false
    return this.#ctx.peers.get(recipient) === undefined
  }

  #isRemote(peerId: string): boolean {
    const at = this.#remote.get(peerId)
    if (at === undefined) return false
    if (this.#ctx.clock.now() - at <= BRIDGE_REMOTE_PEER_TTL_MS) return true
    this.#remote.delete(peerId)
    return false
  }

  #markRemote(peerId: string): void {
    this.#remote.delete(peerId) // re-insert: most recent last
    this.#remote.set(peerId, this.#ctx.clock.now())
    if (this.#remote.size > BRIDGE_REMOTE_PEERS_CAPACITY) this.#remote.delete(this.#remote.keys().next().value!)
  }

  #publish(packet: BitchatPacket, frame: Uint8Array): void {
    const ctx = this.#ctx
    const pool = this.#pool
    if (pool === null) return
    if (frame.length > MAX_BRIDGE_FRAME_BYTES) {
      ctx.drop('capacity', { detail: `bridge: frame of ${frame.length} bytes not carried` })
      return
    }
    // Another gateway already carried it (a second gateway of the far island sees the injected
    // copy on its mesh after the relay's event, in all but the rarest races).
    const stableId = packetIdHex(packet)
    if (this.#seenPackets.has(stableId)) {
      ctx.counters.bridgeEchoes++
      return
    }
    if (!this.#publishBucket.take()) {
      ctx.drop('rate-limit', { peerId: bytesToHex(packet.senderId), detail: 'bridge publish' })
      return
    }
    const event = createBridgeEvent(packet, frame, this.#o.cell, this.#keys, ctx.clock, ctx.rng, stableId)
    this.#seenEvents.add(event.id)
    this.#seenPackets.add(stableId)
    ctx.counters.bridgePublished++
    this.#send(pool, event)
  }

  #send(pool: RelayPool, event: NostrEvent): void {
    try {
      // Per-relay results are not needed: a relay that is down gets it queued (bounded) by the pool.
      pool.publish(event).catch(() => undefined)
    } catch {
      // The pool was closed under us (stop() racing a late packet): nothing to carry it on.
    }
  }

  #onEvent(event: NostrEvent): void {
    const ctx = this.#ctx
    if (this.#closed || !ctx.running()) return
    if (event.pubkey === this.#keys.publicKey || this.#seenEvents.has(event.id)) {
      ctx.counters.bridgeEchoes++
      return
    }
    this.#seenEvents.add(event.id)
    if (!this.#injectBucket.take()) {
      ctx.drop('rate-limit', { detail: 'bridge inject' })
      return
    }
    const bridged = parseBridgeEvent(event, this.#o.cell)
    if (bridged === null) {
      this.#forwardForeign(event)
      return
    }
    if (this.#seenPackets.has(bridged.stableId) || bridged.senderPeerId === ctx.localPeerIdHex) {
      ctx.counters.bridgeEchoes++
      return
    }
    this.#seenPackets.add(bridged.stableId)
    ctx.counters.bridgeInjected++
    this.#hooks.inject(this.entry, bridged.frame)
  }

  /** A `toGateway` / `toBridge` carrier addressed to us: publish its event if it verifies. */
  #onCarrierRequest(packet: BitchatPacket, sender: string): void {
    const ctx = this.#ctx
    const pool = this.#pool
    if (pool === null) return
    let event: unknown
    try {
      const carrier = decodeNostrCarrier(packet.payload)
      if (carrier.direction !== NostrCarrierDirection.TO_GATEWAY && carrier.direction !== NostrCarrierDirection.TO_BRIDGE) return
      event = JSON.parse(decoder.decode(carrier.eventJson))
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: `nostr carrier: ${(error as Error).message}` })
      return
    }
    if (!verifyEvent(event)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'nostr carrier event' })
      return
    }
    if (this.#seenEvents.has(event.id)) return
    if (!this.#publishBucket.take()) {
      ctx.drop('rate-limit', { peerId: sender, detail: 'bridge carrier publish' })
      return
    }
    this.#seenEvents.add(event.id)
    ctx.counters.bridgeCarrierPublished++
    this.#send(pool, event)
  }

  /** An event of the cell that is not ours to decode: hand it to iOS peers as a `fromBridge` carrier. */
  #forwardForeign(event: NostrEvent): void {
    const ctx = this.#ctx
    if (!this.#o.forwardForeignEvents || ctx.links.size === 0) return
    const json = encoder.encode(JSON.stringify(event))
    if (json.length > MAX_NOSTR_EVENT_JSON_BYTES) return
    const payload = encodeNostrCarrier({ direction: NostrCarrierDirection.FROM_BRIDGE, geohash: this.#o.cell, eventJson: json })
    const frame = encodeSettled(ctx.sign(ctx.newPacket(MessageType.NOSTR_CARRIER, payload, null, C.DEFAULT_TTL)))
    for (const entry of ctx.links.values()) ctx.sendOn(entry, frame, false)
    ctx.counters.bridgeCarrierBroadcast++
  }
}
