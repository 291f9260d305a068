/**
 * `bitmesh`: relay selection from two-hop knowledge, for BLE's one-frame-per-link sending.
 *
 * For a broadcast received from a BitMesh peer S whose neighbour list is fresh:
 * 1. **Who relays.** This node relays only if it is in MPR(S), the multipoint-relay set S's
 *    neighbours all compute alike from the announced neighbour lists ({@link selectMultipointRelays},
 *    coverage 2 by default so a lost frame rarely orphans a two-hop node). A node S does not list
 *    (stale or truncated list) relays anyway: unknown means "not covered".
 * 2. **To whom.** Only to neighbours S does not list: S itself sent to its own neighbours (the
 *    originator sends to all; a BitMesh relay sends to all of its neighbours its upstream does not
 *    list), so by induction every neighbour of every relay gets the packet from the first relay
 *    on its path that is adjacent to it. Of S's MPRs that list a given two-hop node, only the
 *    first `coverage` by peer ID send to it (all compute the same set, so the node still gets
 *    `coverage` copies); a node missing from our own announced list is always sent to.
 * 4. **Announces** (with ≥ {@link DENSE_DEGREE} links) use coverage 1, wait 6× longer and are
 *    cancelled by a duplicate: they repeat every period and are most of a crowd's frames.
 * 3. **When.** Delay grows with the ingress signal (a weak link means we are far from S and cover
 *    more new ground, so we go first: Meshtastic's insight) and with congestion (more time for
 *    duplicates to arrive); a duplicate arriving on a target link prunes that target and the
 *    relay is cancelled when none is left (cancel on overhear, per link).
 *
 * Always: REQUEST_SYNC is link-local; our own packets and packets for us are not relayed; SOS
 * ({@link BITMESH_SOS_PACKET_TYPE}) goes out at once to every link but the ingress, lane 0, never
 * cancelled, one hop past TTL exhaustion (Blip §2.6–2.7). Directed packets go to the recipient's
 * link when it is a neighbour, else along the braid {@link RelayContext.nextHopsFor} names (the
 * neighbours closest to the recipient over the announced neighbour lists), else to the route
 * table's next hop, else they are flooded by the fallback rules. **Fallback:** when S does not advertise BitMesh, or the neighbourhood is
 * unknown, the decision is bitchat iOS's (wire §6.3: TTL caps, jitter bands, cancel on duplicate)
 * but to every link rather than the log₂ subset: step 2 lets downstream BitMesh relays skip our
 * neighbours, which is only safe if a BitMesh node that relays always reaches all of them.
 * @module
 */
import { MessageType } from '@bitmesh/wire-format'
import {
  BITMESH_ANNOUNCE_MPR_COVERAGE,
  BITMESH_MPR_COVERAGE,
  BLE_RSSI_MAX_DBM,
  BLE_RSSI_MIN_DBM,
  DEFAULT_TTL,
  DENSE_DEGREE,
  MESHTASTIC_SNR_MAX_DB,
  MESHTASTIC_SNR_MIN_DB,
} from '../constants.js'
import { selectMultipointRelays, type NeighborhoodView } from '../neighborhood.js'
import type { RelayContext, RelayDecision, RelayLinkInfo, RelayPolicy } from '../types.js'
import { nextHopLink } from './blip.js'
import { DecisionBuffer, ingressLink, isDirected, isSos, laneOf, NO_RELAY, signalQuality } from './common.js'
import { IosDecider } from './ios.js'

/** Options of {@link bitmeshPolicy}. */
export interface BitmeshPolicyOptions {
  /** MPR coverage of each two-hop neighbour (default {@link BITMESH_MPR_COVERAGE}). */
  coverage?: number
  /**
   * MPR coverage for ANNOUNCE packets when we have at least {@link DENSE_DEGREE} links (default
   * {@link BITMESH_ANNOUNCE_MPR_COVERAGE}; fewer links: `coverage`): a lost
   * announce costs little (the next one comes within a period and lists live three periods),
   * and announces are most of a crowd's frames.
   */
  announceCoverage?: number
  /** Shortest relay delay, ms (default 4). */
  minDelayMs?: number
  /** Longest relay delay without congestion, ms (default 40). */
  maxDelayMs?: number
  /**
   * Announces wait this many times longer before relaying (default 6): they are not latency
   * critical, and the longer wait lets duplicates from neighbours prune more targets.
   */
  announceDelayFactor?: number
  /**
   * Drop a routed directed packet when we are not closer to its recipient than the neighbour
   * that sent it (default false; see {@link RelayContext.routeDistance}).
   */
  dropOffRoute?: boolean
  /** Cancel an announce relay when a duplicate arrives before it fires (default true). */
  cancelAnnouncesOnDuplicate?: boolean
  /** Delay multiplier at full congestion is 1 + this (default 2). */
  congestionStretch?: number
  /** How long a computed MPR answer is reused for one sender and neighbourhood version, ms (default 1 000). */
  mprCacheMs?: number
  /** Senders whose MPR answers are cached (default 1 024). */
  mprCacheSize?: number
}

const SNR_RANGE = [MESHTASTIC_SNR_MIN_DB, MESHTASTIC_SNR_MAX_DB] as const
const HEX = '0123456789abcdef'
/** Scratch for {@link routeLinks} (policies run on one thread; consumed before the next call). */
const ROUTED: string[] = []
/** {@link routeLinks}' answer "on a route, but not ours to carry". */
const OFF_ROUTE: readonly string[] = Object.freeze([])

/**
 * Links toward a directed packet's recipient: the recipient's own link when it is a neighbour,
 * else the links of {@link RelayContext.nextHopsFor}'s peers (BitMesh peers first: a plain peer
 * floods directed packets onward, which is safe but costs frames).
 * @returns Link IDs, or `null` when no route is known (the caller floods).
 */
function routeLinks(packet: { recipientId: Uint8Array | null }, context: RelayContext, candidates: readonly RelayLinkInfo[], dropOffRoute: boolean): readonly string[] | null {
  const r = packet.recipientId
  if (r === null || context.nextHopsFor === undefined) return null
  let recipient = ''
  for (let i = 0; i < 8; i++) recipient += HEX[(r[i] ?? 0) >>> 4]! + HEX[(r[i] ?? 0) & 15]!
  ROUTED.length = 0
  for (let i = 0; i < candidates.length; i++) {
    if (candidates[i]!.peerId === recipient) {
      ROUTED.push(candidates[i]!.id)
      return ROUTED
    }
  }
  const hops = context.nextHopsFor(recipient)
  if (hops.length === 0) return null
  // Off the braid: a neighbour that sent us this is at least as close as we are, so the peers
  // it chose could carry it on alone (its originator sends to every link). Off by default: the
  // extra braids from an originator's other neighbours are what keeps delivery up when lists
  // are stale (walking crowds: 0.71 → 1.0 private delivery in the 100-node cells).
  const from = dropOffRoute ? (ingressLink(context)?.peerId ?? null) : null
  const self = context.selfId
  if (from !== null && self !== undefined && context.routeDistance !== undefined) {
    const mine = context.routeDistance(recipient, self)
    const theirs = context.routeDistance(recipient, from)
    if (mine !== undefined && theirs !== undefined && mine >= theirs) return OFF_ROUTE
  }
  for (let pass = 1; pass >= 0; pass--) {
    for (let h = 0; h < hops.length; h++) {
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i]!
        if (c.peerId === hops[h] && (c.bitmesh === true) === (pass === 1)) ROUTED.push(c.id)
      }
    }
  }
  return ROUTED.length > 0 ? ROUTED : null
}
const RSSI_RANGE = [BLE_RSSI_MIN_DBM, BLE_RSSI_MAX_DBM] as const

interface MprAnswer {
  version: number
  atMs: number
  /** MPR(sender) as computed, or `null` when it could not be. */
  mpr: ReadonlySet<string> | null
  /** Our neighbours that enough lower-ID members of `mpr` cover: we do not send to them. */
  notMine: ReadonlySet<string>
}

const NONE: ReadonlySet<string> = new Set()

/**
 * BitMesh's relay policy.
 * @param options - Coverage, delay window, cache bounds.
 * @returns A policy named `bitmesh`.
 * @throws RangeError for invalid options.
 */
export function bitmeshPolicy(options: BitmeshPolicyOptions = {}): RelayPolicy {
  const coverage = options.coverage ?? BITMESH_MPR_COVERAGE
  const announceCoverage = options.announceCoverage ?? BITMESH_ANNOUNCE_MPR_COVERAGE
  const minDelay = options.minDelayMs ?? 4
  const maxDelay = options.maxDelayMs ?? 40
  const stretch = options.congestionStretch ?? 2
  const announceFactor = options.announceDelayFactor ?? 6
  const cancelAnnounces = options.cancelAnnouncesOnDuplicate ?? true
  const dropOffRoute = options.dropOffRoute ?? false
  const cacheMs = options.mprCacheMs ?? 1_000
  const cacheSize = options.mprCacheSize ?? 1_024
  if (!(coverage >= 1) || !(announceCoverage >= 1) || !(announceFactor >= 0) || !(minDelay >= 0) || !(maxDelay >= minDelay) || !(stretch >= 0) || !(cacheMs >= 0) || !(cacheSize >= 1)) {
    throw new RangeError('invalid bitmesh policy options')
  }
  const buf = new DecisionBuffer()
  const ios = new IosDecider()
  const caches = [new Map<string, MprAnswer>(), new Map<string, MprAnswer>()] as const

  /**
   * MPR(sender) for the packet class (coverage of messages or of cheap announces), with the
   * neighbours we leave to lower-ID members; `null` when we cannot tell. Cached per sender while
   * the neighbourhood version holds, so a decision is a couple of map lookups.
   */
  function mprOf(view: NeighborhoodView, sender: string, self: string, nowMs: number, announce: boolean): MprAnswer | null {
    // Without our own fresh list (mesh keeps it current) we cannot reason about ourselves.
    const own = view.neighborsOf(self, nowMs)
    if (own === undefined) return null
    const cache = caches[announce ? 1 : 0]
    const hit = cache.get(sender)
    if (hit !== undefined && hit.version === view.version && nowMs - hit.atMs <= cacheMs) return hit.mpr === null ? null : hit
    const eligible = (peer: string): boolean => peer === self || view.isBitmesh(peer)
    const cover = announce ? announceCoverage : coverage
    const mpr = selectMultipointRelays(view, sender, nowMs, { coverage: cover, eligible }) ?? null
    const answer: MprAnswer = { version: view.version, atMs: nowMs, mpr, notMine: mpr === null ? NONE : notMine(view, mpr, self, own, cover, nowMs) }
    cache.delete(sender)
    cache.set(sender, answer)
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
    return mpr === null ? null : answer
  }

  /**
   * Our neighbours we should not send to: only the first `cover` members (by peer ID, so all
   * compute alike) of MPR(sender) that list a peer send to it. A peer our own announced list
   * lacks (a link newer than our last announce) is never in it: the others cannot have counted
   * us for it.
   */
  function notMine(view: NeighborhoodView, mpr: ReadonlySet<string>, self: string, own: ReadonlySet<string>, cover: number, nowMs: number): ReadonlySet<string> {
    let counts: Map<string, number> | null = null
    for (const y of mpr) {
      if (!(y < self)) continue
      const ly = view.neighborsOf(y, nowMs)
      if (ly === undefined) continue
      for (const p of ly) {
        if (p === y || !own.has(p)) continue
        counts ??= new Map()
        counts.set(p, (counts.get(p) ?? 0) + 1)
      }
    }
    if (counts === null) return NONE
    const out = new Set<string>()
    for (const [p, n] of counts) if (n >= cover) out.add(p)
    return out
  }

  function delay(context: RelayContext, ingress: RelayLinkInfo | undefined): number {
    const q = signalQuality(ingress, SNR_RANGE, RSSI_RANGE) ?? 0.5
    const c = Math.min(1, Math.max(0, context.congestion ?? 0))
    const base = minDelay + (maxDelay - minDelay) * (0.5 * q + 0.5 * context.rng.next())
    return Math.round(base * (1 + stretch * c))
  }

  return {
    name: 'bitmesh',
    decide(packet, context): RelayDecision {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf) return NO_RELAY
      const ttl = Math.min(packet.ttl, DEFAULT_TTL)
      if (isSos(packet)) {
        if (ttl <= 0 || buf.collect(context).length === 0) return NO_RELAY
        return buf.allCandidates(ttl - 1, 0, false, 0)
      }
      if (ttl <= 1) return NO_RELAY
      const ingress = ingressLink(context)
      if (isDirected(packet)) {
        const candidates = buf.collect(context)
        const routed = routeLinks(packet, context, candidates, dropOffRoute)
        if (routed === OFF_ROUTE) return NO_RELAY
        if (routed !== null) {
          // Along the braid of shortest paths: no cancel, no prune (each target is a different path).
          const d = buf.begin(ttl - 1, delay(context, ingress) >> 2, false, laneOf(packet))
          for (let i = 0; i < routed.length; i++) d.links.push(routed[i]!)
          return d
        }
        const hop = nextHopLink(packet, context, candidates)
        if (hop !== null) {
          const d = buf.begin(ttl - 1, delay(context, ingress) >> 1, false, laneOf(packet))
          d.links.push(hop)
          return d
        }
        return ios.decide(packet, context, buf, false)
      }
      const view = context.neighborhood
      const self = context.selfId
      const now = context.nowMs
      const sender = ingress?.peerId ?? null
      if (view === undefined || self === undefined || now === undefined || sender === null || ingress?.bitmesh !== true) {
        return ios.decide(packet, context, buf, false)
      }
      const senderList = view.neighborsOf(sender, now)
      if (senderList === undefined) return ios.decide(packet, context, buf, false)
      // A sender that does not list us could not have counted us: relay as uncovered.
      const announce = packet.type === MessageType.ANNOUNCE
      // Announce shortcuts (coverage 1, cancel on duplicate) only with many links: in a sparse
      // crowd a missed announce leaves its sender's messages unverifiable for a whole period.
      const cheapAnnounce = announce && context.degree >= DENSE_DEGREE
      let skip: ReadonlySet<string> = NONE
      if (senderList.has(self)) {
        const answer = mprOf(view, sender, self, now, cheapAnnounce)
        if (answer === null) return ios.decide(packet, context, buf, false)
        if (!answer.mpr!.has(self)) return NO_RELAY
        skip = answer.notMine
      }
      const candidates = buf.collect(context)
      const wait = delay(context, ingress)
      const d = buf.begin(ttl - 1, announce ? Math.round(wait * announceFactor) : wait, false, laneOf(packet))
      for (let i = 0; i < candidates.length; i++) {
        const link = candidates[i]!
        const peer = link.peerId
        if (peer !== null && (peer === sender || senderList.has(peer))) continue
        if (peer !== null && skip.has(peer)) continue
        d.links.push(link.id)
      }
      if (d.links.length === 0) return NO_RELAY
      // Announces: a duplicate before our turn means a neighbour relayed it already; they come
      // again within a period, so giving up the relay (bitchat's cancel-on-duplicate) is cheap where
      // we have many links (dense); with few links each relay matters more.
      // Messages: only the target that sent us the duplicate is dropped.
      if (cheapAnnounce && cancelAnnounces) d.cancelOnDuplicate = true
      else d.pruneOnDuplicate = true
      return d
    },
  }
}
