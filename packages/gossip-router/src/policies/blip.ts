/**
 * `blip`: Blip's adaptive relay (blip §2.3–2.7) on bitchat packets, with its defects fixed.
 *
 * As designed: P = base × urgency × freshness × congestion clamped to [0.05, 1]; base by
 * connected peers (< 10: 1.0, < 30: 0.7, < 60: 0.4, else 0.2); urgency by class; freshness by
 * age (< 5 s: 1.0, < 30 s: 0.5, else 0.1); congestion by outbound queue fill (< 0.5: 1.0, < 0.8:
 * 0.5, else 0.2); uniform 8–25 ms jitter on every non-SOS relay; K-of-N fan-out (n ≤ 3: all;
 * 4–10: 3; then max(3, ⌊n/3⌋), ⌊n/5⌋, ⌊n/8⌋) by a Fisher–Yates shuffle seeded from the packet;
 * SOS always relayed, at once, to every link, one hop past TTL exhaustion (§2.6, §2.7); directed
 * packets to the route table's next hop when it knows one (§2.1 step 8).
 *
 * Fixed (each a defect blip §2 documents):
 * 1. congestion comes from a real queue (`RelayContext.congestion`); the app hard-codes 0 (§2.3);
 * 2. packets addressed to us and our own echoes are not relayed (§2.1 notes);
 * 3. small meshes (< 10 links) relay with P = 1, never below bitchat, which always relays (§5.1.1:
 *    Blip relays public posts at 0.5 even with 2 neighbours);
 * 4. fragments, announces, sync and directed packets are never subset (§5.1.2; Blip subsets all);
 * 5. REQUEST_SYNC stays link-local (wire §2.7);
 * 6. next hops come from a route table that learns multi-hop routes from relayed announces and
 *    neighbour TLVs (`RouteTable`), not Blip's 1-hop-only heuristic (§2.10).
 * The seed uses 32-bit FNV-1a and xorshift32 (13, 17, 5) over the dedup key and TTL instead of
 * Blip's 64-bit versions over the first 24 wire bytes: the choice only has to be deterministic per
 * packet and hop, and the key (unlike raw bytes) is the same for every copy.
 * @module
 */
import { MessageType, type BitchatPacket } from '@bitmesh/wire-format'
import {
  BLIP_FRESH_MS,
  BLIP_JITTER_MAX_MS,
  BLIP_JITTER_MIN_MS,
  BLIP_MIN_PROBABILITY,
  BLIP_STALE_MS,
  DEFAULT_TTL,
} from '../constants.js'
import type { RelayContext, RelayDecision, RelayLinkInfo, RelayPolicy } from '../types.js'
import { DecisionBuffer, isDirected, isSos, jitter, laneOf, NO_RELAY } from './common.js'

/** Options of {@link blipPolicy}. */
export interface BlipPolicyOptions {
  /** Fix 3 (default true): P = 1 below 10 links. `false` reproduces Blip's app. */
  smallMeshFloor?: boolean
}

/**
 * Base factor by connected peers (blip §2.3).
 * @param degree - Connected peers.
 * @returns base.
 */
export function blipBase(degree: number): number {
  if (degree < 10) return 1
  if (degree < 30) return 0.7
  if (degree < 60) return 0.4
  return 0.2
}

/**
 * Urgency factor by bitchat type (blip §2.3 table mapped onto bitchat types: Noise, announce,
 * leave and unknown 1.0; fragment 0.8; public and group messages 0.5; sync, files, voice 0.3).
 * @param type - Outer packet type.
 * @returns urgency.
 */
export function blipUrgency(type: number): number {
  switch (type) {
    case MessageType.FRAGMENT:
      return 0.8
    case MessageType.MESSAGE:
    case MessageType.GROUP_MESSAGE:
    case MessageType.BOARD_POST:
      return 0.5
    case MessageType.REQUEST_SYNC:
    case MessageType.FILE_TRANSFER:
    case MessageType.VOICE_FRAME:
      return 0.3
    default:
      return 1
  }
}

/**
 * Freshness factor by packet age (blip §2.3).
 * @param ageMs - Local time minus the packet timestamp (negative counts as fresh).
 * @returns freshness.
 */
export function blipFreshness(ageMs: number): number {
  if (ageMs < BLIP_FRESH_MS) return 1
  if (ageMs < BLIP_STALE_MS) return 0.5
  return 0.1
}

/**
 * Congestion factor by outbound queue fill (blip §2.3).
 * @param fill - Queue fill, 0…1.
 * @returns congestion.
 */
export function blipCongestion(fill: number): number {
  if (fill < 0.5) return 1
  if (fill < 0.8) return 0.5
  return 0.2
}

/**
 * K of the K-of-N fan-out (blip §2.4).
 * @param n - Eligible links.
 * @returns k.
 */
export function blipFanOut(n: number): number {
  if (n <= 3) return n
  if (n <= 10) return 3
  if (n <= 30) return Math.max(3, Math.floor(n / 3))
  if (n <= 60) return Math.max(3, Math.floor(n / 5))
  return Math.max(3, Math.floor(n / 8))
}

/**
 * Blip's relay probability for a non-SOS packet, clamped to [0.05, 1] (blip §2.3).
 * @param packet - The packet.
 * @param context - Degree, `nowMs`, `congestion`.
 * @param smallMeshFloor - Fix 3.
 * @returns P.
 */
export function blipProbability(packet: BitchatPacket, context: RelayContext, smallMeshFloor = true): number {
  if (smallMeshFloor && context.degree < 10) return 1
  const age = context.nowMs === undefined ? 0 : context.nowMs - Number(packet.timestamp)
  const p = blipBase(context.degree) * blipUrgency(packet.type) * blipFreshness(age) * blipCongestion(context.congestion ?? 0)
  return p < BLIP_MIN_PROBABILITY ? BLIP_MIN_PROBABILITY : p > 1 ? 1 : p
}

/** Whether the K-of-N subset applies (never fragments, announces, sync or directed: fix 4). */
function subsettable(packet: BitchatPacket): boolean {
  const t = packet.type
  return t !== MessageType.FRAGMENT && t !== MessageType.ANNOUNCE && t !== MessageType.REQUEST_SYNC && !isDirected(packet)
}

/**
 * FNV-1a (32-bit) over the dedup key, then the TTL.
 * @internal
 */
export function blipSeed(key: Uint8Array | undefined, messageId: string, ttl: number): number {
  let h = 0x811c9dc5
  if (key !== undefined) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i]!, 0x01000193)
  } else {
    for (let i = 0; i < messageId.length; i++) h = Math.imul(h ^ (messageId.charCodeAt(i) & 0xff), 0x01000193)
  }
  h = Math.imul(h ^ (ttl & 0xff), 0x01000193)
  return h >>> 0 || 1 // xorshift must not start at 0
}

/** Partial Fisher–Yates over link indices driven by xorshift32. */
class Shuffler {
  readonly #order: number[] = []

  pick(links: readonly RelayLinkInfo[], k: number, seed: number, out: string[]): void {
    const order = this.#order
    const n = links.length
    order.length = 0
    for (let i = 0; i < n; i++) order.push(i)
    let s = seed
    for (let i = 0; i < k; i++) {
      s ^= s << 13
      s >>>= 0
      s ^= s >>> 17
      s ^= s << 5
      s >>>= 0
      const j = i + (s % (n - i))
      const t = order[i]!
      order[i] = order[j]!
      order[j] = t
      out.push(links[order[i]!]!.id)
    }
  }
}

/**
 * Blip's adaptive relay with its defects fixed.
 * @param options - See {@link BlipPolicyOptions}.
 * @returns A policy named `blip`.
 */
export function blipPolicy(options: BlipPolicyOptions = {}): RelayPolicy {
  const smallMeshFloor = options.smallMeshFloor ?? true
  const buf = new DecisionBuffer()
  const shuffler = new Shuffler()
  return {
    name: 'blip',
    decide(packet, context): RelayDecision {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf) return NO_RELAY
      const sos = isSos(packet)
      const ttl = Math.min(packet.ttl, DEFAULT_TTL)
      // §2.6: TTL 0 is never relayed; a non-SOS packet whose decremented TTL is 0 is not either;
      // SOS goes one hop further.
      if (ttl <= 0 || (!sos && ttl <= 1)) return NO_RELAY
      const candidates = buf.collect(context)
      if (candidates.length === 0) return NO_RELAY
      const lane = laneOf(packet)
      const nextTtl = ttl - 1
      if (!sos && !(context.rng.next() < blipProbability(packet, context, smallMeshFloor))) return NO_RELAY
      const delayMs = sos ? 0 : jitter(context.rng, BLIP_JITTER_MIN_MS, BLIP_JITTER_MAX_MS)
      if (isDirected(packet) && context.nextHopFor !== undefined && packet.recipientId !== null) {
        const hop = nextHopLink(packet, context, candidates)
        if (hop !== null) {
          const d = buf.begin(nextTtl, delayMs, false, lane)
          d.links.push(hop)
          return d
        }
      }
      if (sos || !subsettable(packet)) return buf.allCandidates(nextTtl, delayMs, false, lane)
      const k = blipFanOut(candidates.length)
      if (k >= candidates.length) return buf.allCandidates(nextTtl, delayMs, false, lane)
      const d = buf.begin(nextTtl, delayMs, false, lane)
      shuffler.pick(candidates, k, blipSeed(context.key, context.messageId, packet.ttl), d.links)
      return d
    },
  }
}

/**
 * The candidate link to the route table's next hop for a directed packet, or null.
 * @internal
 */
export function nextHopLink(packet: BitchatPacket, context: RelayContext, candidates: readonly RelayLinkInfo[]): string | null {
  const recipient = packet.recipientId
  if (recipient === null || context.nextHopFor === undefined) return null
  const recipientHex = hex8(recipient)
  // The recipient itself is a neighbour: straight to it.
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.peerId === recipientHex) return candidates[i]!.id
  const hop = context.nextHopFor(recipientHex)
  if (hop === null) return null
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.peerId === hop) return candidates[i]!.id
  return null
}

const HEX = '0123456789abcdef'
/** 8 bytes → 16 lowercase hex characters. */
function hex8(id: Uint8Array): string {
  let s = ''
  for (let i = 0; i < 8; i++) {
    const b = id[i] ?? 0
    s += HEX[b >>> 4]! + HEX[b & 15]!
  }
  return s
}
