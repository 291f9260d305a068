/**
 * The relay policy slot and its default, bitchat iOS's `RelayController` rules
 * (`shared/spec/bitchat-wire.md` §6.3).
 * @module
 */
import type { CryptoProvider, Rng } from '@bitmesh/interface'
import { bytesToHex, isBroadcastRecipient, MessageType, utf8Encode, type BitchatPacket } from '@bitmesh/wire-format'
import { DEFAULT_TTL, DENSE_DEGREE } from './constants.js'

/** One of our open links, as a policy sees it. */
export interface RelayLinkInfo {
  /** Node-unique link ID. */
  readonly id: string
  /** Peer bound to the link (hex), or `null` before its direct announce. */
  readonly peerId: string | null
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
  /** The node's randomness (jitter). */
  readonly rng: Rng
  /** The node's crypto (fan-out ordering hash). */
  readonly crypto: CryptoProvider
}

/** A policy's answer. */
export interface RelayDecision {
  /** Forward at all. */
  relay: boolean
  /** TTL of the forwarded copy. */
  ttl: number
  /** Delay before forwarding (jitter), ms. */
  delayMs: number
  /** Link IDs to forward on (never the ingress link). */
  links: string[]
  /** Cancel the scheduled relay if a duplicate arrives before it fires. */
  cancelOnDuplicate: boolean
}

/** Decides whether and how a received packet is forwarded. */
export interface RelayPolicy {
  /** Short name for logs. */
  readonly name: string
  /**
   * Decide for one received, verified, not-yet-seen packet.
   * @param packet - The decoded packet (TTL as received).
   * @param context - See {@link RelayContext}.
   * @returns The decision. Must not throw.
   */
  decide(packet: BitchatPacket, context: RelayContext): RelayDecision
}

const NO_RELAY: RelayDecision = Object.freeze({ relay: false, ttl: 0, delayMs: 0, links: [] as string[], cancelOnDuplicate: false }) as RelayDecision

function jitter(rng: Rng, minMs: number, maxMs: number): number {
  return minMs + Math.floor(rng.next() * (maxMs - minMs + 1))
}

/** Links other than the ingress, with several links to one bound peer collapsed to the first. */
function candidateLinks(context: RelayContext): RelayLinkInfo[] {
  const seenPeers = new Set<string>()
  const out: RelayLinkInfo[] = []
  for (const link of context.links) {
    if (link.id === context.ingressLinkId) continue
    if (link.peerId !== null) {
      if (seenPeers.has(link.peerId)) continue
      seenPeers.add(link.peerId)
    }
    out.push(link)
  }
  return out
}

/**
 * iOS fan-out: all links when there are at most 2, else the first ⌈log₂ n⌉ + 1 by the order of
 * SHA-256(messageId + "::" + linkId) — deterministic per message, different per node.
 * @param messageId - Packet ID string.
 * @param links - Candidate links.
 * @param crypto - SHA-256 provider.
 * @returns The chosen link IDs.
 */
export function fanOutSubset(messageId: string, links: readonly RelayLinkInfo[], crypto: CryptoProvider): string[] {
  const n = links.length
  if (n <= 2) return links.map((l) => l.id)
  const k = Math.min(n, Math.ceil(Math.log2(n)) + 1)
  return links
    .map((l) => ({ id: l.id, rank: bytesToHex(crypto.sha256(utf8Encode(`${messageId}::${l.id}`))) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, k)
    .map((l) => l.id)
}

/** iOS broadcast jitter band by degree (§6.3). */
function broadcastJitter(rng: Rng, degree: number): number {
  if (degree <= 2) return jitter(rng, 10, 40)
  if (degree <= 5) return jitter(rng, 60, 150)
  if (degree <= 9) return jitter(rng, 80, 180)
  return jitter(rng, 100, 220)
}

/**
 * bitchat iOS's relay rules (§6.3): never relay REQUEST_SYNC, TTL ≤ 1, our own packets or packets
 * for us; TTL capped at 7; directed packets always relayed with TTL − 1 and 10–35 ms (handshake)
 * or 20–60 ms jitter; broadcast fragments and voice capped at 7 (5 when dense) with 8–25 ms; other
 * broadcasts clamp TTL by degree, jitter by degree band, (except announces) go to a log₂ fan-out
 * subset, and are cancelled by a duplicate arriving first when degree > 2.
 * @returns The policy.
 */
export function iosRelayPolicy(): RelayPolicy {
  return {
    name: 'bitchat-ios',
    decide(packet, context) {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf) return NO_RELAY
      const ttl = Math.min(packet.ttl, DEFAULT_TTL)
      if (ttl <= 1) return NO_RELAY
      const degree = context.degree
      const dense = degree >= DENSE_DEGREE
      const candidates = candidateLinks(context)
      if (candidates.length === 0) return NO_RELAY
      const all = candidates.map((l) => l.id)
      const { rng } = context

      // Duplicate cancellation applies to the "other broadcasts" only (§6.3): directed packets
      // and fragments must get through, and one lost fragment loses the whole set.
      if (!isBroadcastRecipient(packet.recipientId)) {
        const delayMs = packet.type === MessageType.NOISE_HANDSHAKE ? jitter(rng, 10, 35) : jitter(rng, 20, 60)
        return { relay: true, ttl: ttl - 1, delayMs, links: all, cancelOnDuplicate: false }
      }
      if (packet.type === MessageType.FRAGMENT || packet.type === MessageType.VOICE_FRAME) {
        const capped = Math.min(ttl, dense ? 5 : 7)
        if (capped <= 1) return NO_RELAY
        return { relay: true, ttl: capped - 1, delayMs: jitter(rng, 8, 25), links: all, cancelOnDuplicate: false }
      }
      const cancelOnDuplicate = degree > 2
      const typeCap = packet.type === MessageType.ANNOUNCE ? 7 : 6
      const limit = dense ? Math.max(2, Math.min(ttl, 5)) : degree <= 2 ? ttl : Math.max(2, Math.min(ttl, typeCap))
      const links = packet.type === MessageType.ANNOUNCE ? all : fanOutSubset(context.messageId, candidates, context.crypto)
      return { relay: true, ttl: limit - 1, delayMs: broadcastJitter(rng, degree), links, cancelOnDuplicate }
    },
  }
}

/**
 * A policy that floods everything (TTL − 1, no jitter, every link but the ingress) while TTL > 1;
 * useful as a baseline in simulations.
 * @returns The policy.
 */
export function floodRelayPolicy(): RelayPolicy {
  return {
    name: 'flood',
    decide(packet, context) {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf || packet.ttl <= 1) return NO_RELAY
      const links = candidateLinks(context).map((l) => l.id)
      if (links.length === 0) return NO_RELAY
      return { relay: true, ttl: Math.min(packet.ttl, DEFAULT_TTL) - 1, delayMs: 0, links, cancelOnDuplicate: false }
    },
  }
}
