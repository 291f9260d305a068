/**
 * Executing relay decisions: ask the {@link RelayPolicy}, wait out its jitter, forward the received
 * frame unchanged but for the TTL byte (so received DEFLATE bytes and padding survive, §3.3), and cancel the pending relay
 * when a duplicate arrives first and the policy asked for that (§6.3).
 * @module
 */
import { BITMESH_ROUTE_FAN_OUT, dedupKeyOf, HopDistances, type NeighborhoodView, type RelayContext, type RelayLinkInfo } from '@bitmesh/gossip-router'
import type { CryptoProvider, Rng } from '@bitmesh/interface'
import { bytesToHex, isBroadcastRecipient, type BitchatPacket } from '@bitmesh/wire-format'
import { MAX_PENDING_RELAYS } from './constants.js'
import type { NodeContext } from './context.js'
import type { LinkEntry } from './link-entry.js'
import type { RelayDecision, RelayPolicy } from './relay-policy.js'

/** Offset of the TTL byte in v1 and v2 headers (§1.1). */
const TTL_OFFSET = 2

interface PendingRelay {
  readonly timer: number
  readonly cancelOnDuplicate: boolean
  readonly pruneOnDuplicate: boolean
  /** Links still to forward on (pruned as duplicates arrive on them, when asked). */
  readonly targets: string[]
}

/** Schedules and cancels relays for one node. */
export class Relayer {
  readonly #ctx: NodeContext
  readonly #policy: RelayPolicy
  readonly #pending = new Map<string, PendingRelay>()
  readonly #infos: MutableLinkInfo[] = []
  readonly #infoView: MutableLinkInfo[] = []
  readonly #linkedPeers: string[] = []
  readonly #routes: HopDistances
  readonly #context: ReusableContext

  /**
   * @param ctx - The node.
   * @param policy - Decides whether, when, with which TTL and on which links.
   */
  constructor(ctx: NodeContext, policy: RelayPolicy) {
    this.#ctx = ctx
    this.#policy = policy
    this.#routes = new HopDistances(ctx.neighborhood)
    this.#context = new ReusableContext(
      ctx,
      (recipient) => this.#nextHops(recipient),
      (recipient, peer) => this.#routes.distance(recipient, peer, ctx.clock.now()),
    )
  }

  /** Our open links as policy inputs, refreshed in place (objects reused across decisions). */
  #linkInfos(): MutableLinkInfo[] {
    const ctx = this.#ctx
    const view = this.#infoView
    view.length = 0
    for (const e of ctx.links.values()) {
      let info = this.#infos[view.length]
      if (info === undefined) {
        info = { id: '', peerId: null, rssi: undefined, bitmesh: false }
        this.#infos.push(info)
      }
      info.id = e.key
      info.peerId = e.peerId
      info.rssi = e.link.quality.rssiDbm
      info.bitmesh = e.peerId !== null && ctx.neighborhood.isBitmesh(e.peerId)
      view.push(info)
    }
    return view
  }

  /** Hop-by-hop next hops toward `recipient` among our bound peers (BitMesh routing, issue #5). */
  #nextHops(recipient: string): readonly string[] {
    const ctx = this.#ctx
    const peers = this.#linkedPeers
    peers.length = 0
    for (const e of ctx.links.values()) if (e.peerId !== null) peers.push(e.peerId)
    return this.#routes.nextHops(recipient, ctx.localPeerIdHex, peers, BITMESH_ROUTE_FAN_OUT, ctx.clock.now())
  }

  /** Relays waiting for their jitter. */
  get pending(): number {
    return this.#pending.size
  }

  /**
   * Offer a received, valid, first-seen packet to the policy and schedule its relay.
   * @param packet - The packet as received.
   * @param frame - The frame it was decoded from (forwarded byte for byte but for the TTL).
   * @param ingress - The link it came on (never a target).
   * @param key - Its dedup key (also the fan-out seed).
   */
  consider(packet: BitchatPacket, frame: Uint8Array, ingress: LinkEntry, key: string): void {
    const ctx = this.#ctx
    const c = this.#context
    // One reusable context and link list per node: a decision allocates nothing once they have grown.
    c.packet = packet
    c.selfId = ctx.localPeerIdHex
    c.degree = ctx.degree()
    c.ingressLinkId = ingress.key
    c.links = this.#linkInfos()
    c.messageId = key
    c.nowMs = ctx.clock.now()
    c.networkSize = ctx.peers.size + 1
    c.congestion = this.#pending.size / MAX_PENDING_RELAYS
    let decision: RelayDecision
    try {
      decision = this.#policy.decide(packet, c)
    } catch {
      return // a throwing third-party policy means "do not relay"
    }
    if (!decision.relay) return
    let targets = decision.links.filter((id) => id !== ingress.key && ctx.links.has(id))
    const directed = !isBroadcastRecipient(packet.recipientId)
    if (directed) {
      // A directed packet whose recipient is our neighbour goes to that neighbour only.
      const recipient = bytesToHex(packet.recipientId!)
      const direct = targets.filter((id) => ctx.links.get(id)?.peerId === recipient)
      if (direct.length > 0) targets = direct.slice(0, 1)
    }
    if (targets.length === 0) return
    const previous = this.#pending.get(key)
    if (previous !== undefined) ctx.timers.clear(previous.timer)
    else if (this.#pending.size >= MAX_PENDING_RELAYS) {
      ctx.drop('capacity', { detail: 'relay queue full' })
      return
    }
    const ttl = Math.max(0, Math.min(255, Math.floor(decision.ttl)))
    const timer = ctx.timers.set(() => this.#forward(frame, ttl, targets, directed, key), Math.max(0, decision.delayMs))
    this.#pending.set(key, { timer, cancelOnDuplicate: decision.cancelOnDuplicate, pruneOnDuplicate: decision.pruneOnDuplicate === true, targets })
  }

  /**
   * A duplicate of `key` arrived on `linkKey`: cancel its pending relay if the policy asked for
   * that, or (`pruneOnDuplicate`) stop targeting that link — its peer has the packet — and cancel
   * once no target is left.
   * @returns Whether a relay was cancelled.
   */
  onDuplicate(key: string, linkKey?: string): boolean {
    const pending = this.#pending.get(key)
    if (pending === undefined) return false
    if (!pending.cancelOnDuplicate) {
      if (!pending.pruneOnDuplicate || linkKey === undefined) return false
      const at = pending.targets.indexOf(linkKey)
      if (at >= 0) pending.targets.splice(at, 1)
      if (pending.targets.length > 0) return false
    }
    this.#ctx.timers.clear(pending.timer)
    this.#pending.delete(key)
    this.#ctx.counters.relaysCancelled++
    return true
  }

  /** Forget pending relays (their timers belong to the node's TimerSet, cleared with it). */
  clear(): void {
    for (const pending of this.#pending.values()) this.#ctx.timers.clear(pending.timer)
    this.#pending.clear()
  }

  #forward(received: Uint8Array, ttl: number, targets: readonly string[], directed: boolean, key: string): void {
    const ctx = this.#ctx
    this.#pending.delete(key)
    if (!ctx.running()) return
    // Relays forward the received bytes unchanged (DESIGN §3) but for the TTL, at offset 2 in both
    // header versions; TTL is outside the signature (§3.2). A copy, as links may keep the array.
    const frame = received.slice()
    frame[TTL_OFFSET] = ttl
    for (const id of targets) {
      const entry = ctx.links.get(id)
      if (entry !== undefined) ctx.sendOn(entry, frame, directed)
    }
    ctx.counters.relayed++
  }
}

/** A {@link RelayLinkInfo} the relayer refreshes in place. */
interface MutableLinkInfo {
  id: string
  peerId: string | null
  rssi: number | undefined
  bitmesh: boolean
}

/**
 * The relay context of one node, reused for every decision (policies must not keep it: the
 * `RelayPolicy` contract already says a decision is consumed before the next call).
 */
class ReusableContext implements RelayContext {
  degree = 0
  readonly fromSelf = false
  readonly forSelf = false
  ingressLinkId: string | null = null
  links: readonly RelayLinkInfo[] = []
  messageId = ''
  readonly rng: Rng
  readonly crypto: CryptoProvider
  nowMs = 0
  networkSize = 1
  congestion = 0
  readonly neighborhood: NeighborhoodView
  readonly nextHopsFor: (recipientId: string) => readonly string[]
  readonly routeDistance: (recipientId: string, peerId: string) => number | undefined
  /** Our peer ID (refreshed per decision: the identity may be replaced while the node is stopped). */
  selfId = ''
  /** The packet being decided (for the lazy `key`). */
  packet: BitchatPacket | null = null
  /** Only blip reads it; derived only then (an own enumerable accessor, so copies of the context keep it). */
  declare readonly key: Uint8Array | undefined

  constructor(ctx: NodeContext, nextHopsFor: (recipientId: string) => readonly string[], routeDistance: (recipientId: string, peerId: string) => number | undefined) {
    this.routeDistance = routeDistance
    this.rng = ctx.rng
    this.crypto = ctx.crypto
    Object.defineProperty(this, 'key', { enumerable: true, get: () => (this.packet === null ? undefined : dedupKeyOf(this.packet)) })
    this.neighborhood = ctx.neighborhood
    this.nextHopsFor = nextHopsFor
  }

}
