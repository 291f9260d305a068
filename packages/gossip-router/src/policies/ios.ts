/**
 * `bitchat-ios`: bitchat iOS's `RelayController` (wire §6.3), as `@bitmesh/mesh`'s
 * `iosRelayPolicy` implements it, with the fan-out ranking done without sorting or per-link
 * arrays beyond the SHA-256 digests.
 *
 * * Never relay REQUEST_SYNC, TTL ≤ 1, our own packets, packets for us. TTL first capped at 7.
 * * Directed packets: always, TTL − 1, jitter 10–35 ms (handshake) or 20–60 ms, all links.
 * * Broadcast fragments and voice frames: cap 7 (sparse) / 5 (dense, ≥ 6 links), TTL − 1,
 *   jitter 8–25 ms, all links.
 * * Other broadcasts: limit = dense ? max(2, min(ttl, 5)) : degree ≤ 2 ? ttl : max(2, min(ttl, 7
 *   for announces, else 6)); new TTL = limit − 1; jitter 10–40 (≤ 2 links), 60–150 (3–5), 80–180
 *   (6–9), 100–220 ms (≥ 10); cancelled by a duplicate when degree > 2; announces to all links,
 *   the rest to ⌈log₂ n⌉ + 1 links (all when n ≤ 2) ranked by SHA-256(messageId + "::" + linkId).
 * @module
 */
import type { CryptoProvider, Rng } from '@bitmesh/interface'
import { MessageType, utf8Encode, type BitchatPacket } from '@bitmesh/wire-format'
import { DEFAULT_TTL, DENSE_DEGREE } from '../constants.js'
import type { RelayContext, RelayDecision, RelayLinkInfo, RelayPolicy } from '../types.js'
import { DecisionBuffer, isDirected, jitter, laneOf, NO_RELAY } from './common.js'

/**
 * iOS fan-out size: all links when n ≤ 2, else ⌈log₂ n⌉ + 1 (wire §6.3).
 * @param n - Candidate links.
 * @returns How many to use.
 */
export function iosFanOut(n: number): number {
  return n <= 2 ? n : Math.min(n, Math.ceil(Math.log2(n)) + 1)
}

/**
 * iOS broadcast jitter band by degree (wire §6.3).
 * @param degree - Connected peers.
 * @returns [min, max] ms.
 */
export function iosBroadcastJitterBand(degree: number): readonly [number, number] {
  if (degree <= 2) return BAND_SPARSE
  if (degree <= 5) return BAND_3_5
  if (degree <= 9) return BAND_6_9
  return BAND_10
}
const BAND_SPARSE = Object.freeze([10, 40] as const)
const BAND_3_5 = Object.freeze([60, 150] as const)
const BAND_6_9 = Object.freeze([80, 180] as const)
const BAND_10 = Object.freeze([100, 220] as const)

/**
 * iOS's TTL limit for "other broadcasts" (wire §6.3).
 * @param ttl - Received TTL, already capped at 7.
 * @param degree - Connected peers.
 * @param announce - Whether the packet is an announce (cap 7 instead of 6).
 * @returns The limit; the relayed TTL is limit − 1.
 */
export function iosBroadcastTtlLimit(ttl: number, degree: number, announce: boolean): number {
  if (degree >= DENSE_DEGREE) return Math.max(2, Math.min(ttl, 5))
  if (degree <= 2) return ttl
  return Math.max(2, Math.min(ttl, announce ? 7 : 6))
}

/** Ranks candidates by SHA-256(messageId::linkId) and keeps the k smallest. */
class FanOutRanker {
  readonly #hi: number[] = []
  readonly #lo: number[] = []
  readonly #order: number[] = []

  select(messageId: string, links: readonly RelayLinkInfo[], k: number, crypto: CryptoProvider, out: string[]): void {
    const n = links.length
    const hi = this.#hi
    const lo = this.#lo
    const order = this.#order
    hi.length = lo.length = order.length = 0
    for (let i = 0; i < n; i++) {
      const d = crypto.sha256(utf8Encode(`${messageId}::${links[i]!.id}`))
      // The first 8 digest bytes decide the order (ties beyond 64 bits: ~2⁻⁶⁴).
      hi.push(((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0)
      lo.push(((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0)
      order.push(i)
    }
    // Partial selection sort: k ≤ ⌈log₂ n⌉ + 1 is small.
    for (let a = 0; a < k; a++) {
      let best = a
      for (let b = a + 1; b < n; b++) {
        const x = order[b]!
        const y = order[best]!
        if (hi[x]! < hi[y]! || (hi[x] === hi[y] && lo[x]! < lo[y]!)) best = b
      }
      const t = order[a]!
      order[a] = order[best]!
      order[best] = t
      out.push(links[order[a]!]!.id)
    }
  }
}

/**
 * bitchat iOS's deterministic fan-out subset (wire §6.3), as a standalone function.
 * @param messageId - Packet ID string.
 * @param links - Candidate links (ingress excluded, peers collapsed).
 * @param crypto - SHA-256 provider.
 * @returns The chosen link IDs.
 */
export function iosFanOutSubset(messageId: string, links: readonly RelayLinkInfo[], crypto: CryptoProvider): string[] {
  const out: string[] = []
  new FanOutRanker().select(messageId, links, iosFanOut(links.length), crypto, out)
  return out
}

/** The iOS decision procedure over a caller's buffer (the `bitmesh` policy falls back to it). */
export class IosDecider {
  readonly #ranker = new FanOutRanker()

  /**
   * Decide like bitchat iOS.
   * @param packet - The packet.
   * @param context - The context.
   * @param buf - Decision buffer to fill (its candidates are collected here).
   * @param subset - Apply the log₂ fan-out subset (default true; `bitmesh` falls back without it).
   * @returns The decision.
   */
  decide(packet: BitchatPacket, context: RelayContext, buf: DecisionBuffer, subset = true): RelayDecision {
    if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf) return NO_RELAY
    const ttl = Math.min(packet.ttl, DEFAULT_TTL)
    if (ttl <= 1) return NO_RELAY
    const degree = context.degree
    const dense = degree >= DENSE_DEGREE
    const candidates = buf.collect(context)
    if (candidates.length === 0) return NO_RELAY
    const rng: Rng = context.rng
    const lane = laneOf(packet)
    if (isDirected(packet)) {
      const delayMs = packet.type === MessageType.NOISE_HANDSHAKE ? jitter(rng, 10, 35) : jitter(rng, 20, 60)
      return buf.allCandidates(ttl - 1, delayMs, false, lane)
    }
    if (packet.type === MessageType.FRAGMENT || packet.type === MessageType.VOICE_FRAME) {
      const capped = Math.min(ttl, dense ? 5 : 7)
      return buf.allCandidates(capped - 1, jitter(rng, 8, 25), false, lane)
    }
    const announce = packet.type === MessageType.ANNOUNCE
    const limit = iosBroadcastTtlLimit(ttl, degree, announce)
    const band = iosBroadcastJitterBand(degree)
    const delayMs = jitter(rng, band[0], band[1])
    const cancel = degree > 2
    if (announce || !subset) return buf.allCandidates(limit - 1, delayMs, cancel, lane)
    const d = buf.begin(limit - 1, delayMs, cancel, lane)
    this.#ranker.select(context.messageId, candidates, iosFanOut(candidates.length), context.crypto, d.links)
    return d
  }
}

/**
 * bitchat iOS's relay rules (wire §6.3).
 * @returns A policy named `bitchat-ios`.
 */
export function bitchatIosPolicy(): RelayPolicy {
  const buf = new DecisionBuffer()
  const decider = new IosDecider()
  return { name: 'bitchat-ios', decide: (packet, context) => decider.decide(packet, context, buf) }
}
