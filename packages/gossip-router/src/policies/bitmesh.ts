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
 *    on its path that is adjacent to it.
 * 3. **When.** Delay grows with the ingress signal (a weak link means we are far from S and cover
 *    more new ground, so we go first: Meshtastic's insight) and with congestion (more time for
 *    duplicates to arrive); a duplicate arriving on a target link prunes that target and the
 *    relay is cancelled when none is left (cancel on overhear, per link).
 *
 * Always: REQUEST_SYNC is link-local; our own packets and packets for us are not relayed; SOS
 * ({@link BITMESH_SOS_PACKET_TYPE}) goes out at once to every link but the ingress, lane 0, never
 * cancelled, one hop past TTL exhaustion (Blip §2.6–2.7). Directed packets go to the route table's
 * next hop when known. **Fallback:** when S does not advertise BitMesh, or the neighbourhood is
 * unknown, the decision is bitchat iOS's (wire §6.3: TTL caps, jitter bands, cancel on duplicate)
 * but to every link rather than the log₂ subset: step 2 lets downstream BitMesh relays skip our
 * neighbours, which is only safe if a BitMesh node that relays always reaches all of them.
 * @module
 */
import { MessageType } from '@bitmesh/wire-format'
import {
  BITMESH_MPR_COVERAGE,
  BLE_RSSI_MAX_DBM,
  BLE_RSSI_MIN_DBM,
  DEFAULT_TTL,
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
  /** Shortest relay delay, ms (default 4). */
  minDelayMs?: number
  /** Longest relay delay without congestion, ms (default 40). */
  maxDelayMs?: number
  /** Delay multiplier at full congestion is 1 + this (default 2). */
  congestionStretch?: number
  /** How long a computed MPR answer is reused for one sender and neighbourhood version, ms (default 1 000). */
  mprCacheMs?: number
  /** Senders whose MPR answers are cached (default 1 024). */
  mprCacheSize?: number
}

const SNR_RANGE = [MESHTASTIC_SNR_MIN_DB, MESHTASTIC_SNR_MAX_DB] as const
const RSSI_RANGE = [BLE_RSSI_MIN_DBM, BLE_RSSI_MAX_DBM] as const

interface MprAnswer {
  version: number
  atMs: number
  selected: boolean
}

/**
 * BitMesh's relay policy.
 * @param options - Coverage, delay window, cache bounds.
 * @returns A policy named `bitmesh`.
 * @throws RangeError for invalid options.
 */
export function bitmeshPolicy(options: BitmeshPolicyOptions = {}): RelayPolicy {
  const coverage = options.coverage ?? BITMESH_MPR_COVERAGE
  const minDelay = options.minDelayMs ?? 4
  const maxDelay = options.maxDelayMs ?? 40
  const stretch = options.congestionStretch ?? 2
  const cacheMs = options.mprCacheMs ?? 1_000
  const cacheSize = options.mprCacheSize ?? 1_024
  if (!(coverage >= 1) || !(minDelay >= 0) || !(maxDelay >= minDelay) || !(stretch >= 0) || !(cacheMs >= 0) || !(cacheSize >= 1)) {
    throw new RangeError('invalid bitmesh policy options')
  }
  const buf = new DecisionBuffer()
  const ios = new IosDecider()
  const cache = new Map<string, MprAnswer>()

  /** Whether we are in MPR(sender); `null` when we cannot tell. */
  function inMpr(view: NeighborhoodView, sender: string, self: string, nowMs: number): boolean | null {
    // Without our own fresh list (mesh keeps it current) we cannot reason about ourselves.
    if (view.neighborsOf(self, nowMs) === undefined) return null
    const hit = cache.get(sender)
    if (hit !== undefined && hit.version === view.version && nowMs - hit.atMs <= cacheMs) return hit.selected
    const eligible = (peer: string): boolean => peer === self || view.isBitmesh(peer)
    const mpr = selectMultipointRelays(view, sender, nowMs, { coverage, eligible })
    if (mpr === undefined) return null
    const selected = mpr.has(self)
    cache.delete(sender)
    cache.set(sender, { version: view.version, atMs: nowMs, selected })
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
    return selected
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
      if (senderList.has(self)) {
        const selected = inMpr(view, sender, self, now)
        if (selected === null) return ios.decide(packet, context, buf, false)
        if (!selected) return NO_RELAY
      }
      const candidates = buf.collect(context)
      const d = buf.begin(ttl - 1, delay(context, ingress), false, laneOf(packet))
      for (let i = 0; i < candidates.length; i++) {
        const link = candidates[i]!
        if (link.peerId !== null && (link.peerId === sender || senderList.has(link.peerId))) continue
        d.links.push(link.id)
      }
      if (d.links.length === 0) return NO_RELAY
      d.pruneOnDuplicate = true
      return d
    },
  }
}
