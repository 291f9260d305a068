/**
 * Executing relay decisions: ask the {@link RelayPolicy}, wait out its jitter, forward the received
 * frame unchanged but for the TTL byte (so received DEFLATE bytes and padding survive, §3.3), and cancel the pending relay
 * when a duplicate arrives first and the policy asked for that (§6.3).
 * @module
 */
import { dedupKeyOf } from '@bitmesh/gossip-router'
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

  /**
   * @param ctx - The node.
   * @param policy - Decides whether, when, with which TTL and on which links.
   */
  constructor(ctx: NodeContext, policy: RelayPolicy) {
    this.#ctx = ctx
    this.#policy = policy
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
    let decision: RelayDecision
    try {
      decision = this.#policy.decide(packet, {
        degree: ctx.degree(),
        fromSelf: false,
        forSelf: false,
        ingressLinkId: ingress.key,
        links: [...ctx.links.values()].map((e) => ({
          id: e.key,
          peerId: e.peerId,
          rssi: e.link.quality.rssiDbm,
          bitmesh: e.peerId !== null && ctx.neighborhood.isBitmesh(e.peerId),
        })),
        messageId: key,
        rng: ctx.rng,
        crypto: ctx.crypto,
        selfId: ctx.localPeerIdHex,
        nowMs: ctx.clock.now(),
        // Only blip reads it; derive it only then.
        get key() {
          return dedupKeyOf(packet)
        },
        networkSize: ctx.peers.size + 1,
        congestion: this.#pending.size / MAX_PENDING_RELAYS,
        neighborhood: ctx.neighborhood,
      })
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
