/**
 * bitchat v2 source routing (wire §6.5): computing a route for a packet we originate, and the
 * relay step for a packet that carries one. Pure functions over caller-supplied topology.
 *
 * * A route lists **intermediate** hops only (not sender, not recipient) and needs a recipient.
 * * Topology comes from the announces' neighbour TLV; an edge is usable only if both ends list
 *   each other ({@link NeighborTable.confirmedAdjacency}).
 * * Relaying: at index i, forward to hop i + 1, or to the recipient when last; not in the route:
 *   forward to hop 0 when connected (iOS); next hop not directly connected: flood. Routes with a
 *   repeated hop are dropped (Android).
 * * Originating (iOS rules): only with TTL > 1, the recipient not directly connected, at most 4
 *   intermediates, every hop observed sending v2; a route that failed (no traffic from the
 *   recipient within 10 s) suppresses routing toward it for 60 s ({@link RouteFailureTracker}).
 * @module
 */
import { bytesToHex } from '@bitmesh/wire-format'
import { MAX_SOURCE_ROUTE_HOPS, ROUTE_FAILURE_TIMEOUT_MS, ROUTE_SUPPRESSION_MS } from '../constants.js'

/** Options of {@link computeSourceRoute}. */
export interface SourceRouteOptions {
  /** Most intermediates (default 4, iOS). */
  maxHops?: number
  /** Whether `peerId` is one of our direct links (a directly connected recipient needs no route). */
  isConnected?: (peerId: string) => boolean
  /** Whether a hop may be used (iOS: observed sending v2). Default: all. */
  usable?: (peerId: string) => boolean
  /** The packet's TTL; routes are only originated with TTL > 1. */
  ttl?: number
}

/**
 * A shortest route (BFS, fewest intermediates; ties by smaller peer ID) from us to `recipientId`.
 * @param adjacency - Confirmed edges: peer → neighbours (must include us).
 * @param selfId - Our ID.
 * @param recipientId - Recipient ID.
 * @param options - Limits and predicates.
 * @returns The intermediate hops, or null when no route applies (direct, unreachable, too long).
 */
export function computeSourceRoute(
  adjacency: ReadonlyMap<string, readonly string[]>,
  selfId: string,
  recipientId: string,
  options: SourceRouteOptions = {},
): string[] | null {
  const maxHops = options.maxHops ?? MAX_SOURCE_ROUTE_HOPS
  if (options.ttl !== undefined && options.ttl <= 1) return null
  if (recipientId === selfId || options.isConnected?.(recipientId) === true) return null
  const usable = options.usable
  const parent = new Map<string, string>([[selfId, '']])
  let frontier = [selfId]
  for (let depth = 0; depth <= maxHops && frontier.length > 0; depth++) {
    const next: string[] = []
    for (const node of frontier) {
      const neighbors = [...(adjacency.get(node) ?? [])].sort()
      for (const n of neighbors) {
        if (parent.has(n)) continue
        if (n === recipientId) {
          if (node === selfId) return null // directly adjacent: no route needed
          const route: string[] = []
          for (let at = node; at !== selfId; at = parent.get(at)!) route.push(at)
          return route.reverse()
        }
        if (usable !== undefined && !usable(n)) continue
        parent.set(n, node)
        next.push(n)
      }
    }
    frontier = next
  }
  return null
}

/** What to do with a received routed packet not addressed to us. */
export type RouteStep =
  | { readonly action: 'forward'; readonly peerId: string }
  | { readonly action: 'flood' }
  | { readonly action: 'drop'; readonly reason: 'duplicate-hops' | 'no-recipient' }

/**
 * The relay step for a routed packet (wire §6.5).
 * @param route - Intermediate hops (hex), as carried by the packet.
 * @param selfId - Our ID.
 * @param recipientId - The packet's recipient (hex), or null.
 * @param isConnected - Whether a peer is one of our direct links.
 * @returns Forward to one peer, flood, or drop.
 */
export function routeNextHop(route: readonly string[], selfId: string, recipientId: string | null, isConnected: (peerId: string) => boolean): RouteStep {
  if (recipientId === null) return { action: 'drop', reason: 'no-recipient' }
  if (new Set(route).size !== route.length) return { action: 'drop', reason: 'duplicate-hops' }
  const i = route.indexOf(selfId)
  const next = i < 0 ? route[0] : i + 1 < route.length ? route[i + 1] : recipientId
  if (next !== undefined && isConnected(next)) return { action: 'forward', peerId: next }
  return { action: 'flood' }
}

/**
 * A packet's route as hex peer IDs (empty when it has none).
 * @param route - `BitchatPacket.route`.
 * @returns Hex IDs.
 */
export function routeToHex(route: readonly Uint8Array[] | null): string[] {
  return route === null ? [] : route.map((hop) => bytesToHex(hop))
}

/** Route-failure bookkeeping (iOS, wire §6.5): 10 s to hear back, 60 s of suppression. */
export class RouteFailureTracker {
  readonly #routedAt = new Map<string, number>()
  readonly #suppressedUntil = new Map<string, number>()
  readonly #maxEntries: number
  readonly #timeoutMs: number
  readonly #suppressMs: number

  /**
   * @param maxEntries - Recipients tracked (default 1 024; oldest forgotten).
   * @param timeoutMs - Wait for traffic from the recipient (default 10 000).
   * @param suppressMs - Suppression after a failure (default 60 000).
   */
  constructor(maxEntries = 1_024, timeoutMs = ROUTE_FAILURE_TIMEOUT_MS, suppressMs = ROUTE_SUPPRESSION_MS) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1 || !(timeoutMs > 0) || !(suppressMs >= 0)) throw new RangeError('invalid tracker bounds')
    this.#maxEntries = maxEntries
    this.#timeoutMs = timeoutMs
    this.#suppressMs = suppressMs
  }

  /**
   * We sent a source-routed packet to `recipientId`.
   * @param recipientId - Recipient.
   * @param nowMs - Current time.
   */
  routed(recipientId: string, nowMs: number): void {
    if (!this.#routedAt.has(recipientId)) this.#bound(this.#routedAt).set(recipientId, nowMs)
  }

  /**
   * Traffic from `peerId` arrived: any pending route toward it worked.
   * @param peerId - Sender.
   */
  heardFrom(peerId: string): void {
    this.#routedAt.delete(peerId)
  }

  /**
   * Whether routing toward `recipientId` is suppressed now (flood instead).
   * @param recipientId - Recipient.
   * @param nowMs - Current time.
   * @returns Suppressed or not.
   */
  suppressed(recipientId: string, nowMs: number): boolean {
    const sent = this.#routedAt.get(recipientId)
    if (sent !== undefined && nowMs - sent >= this.#timeoutMs) {
      this.#routedAt.delete(recipientId)
      this.#bound(this.#suppressedUntil).set(recipientId, sent + this.#timeoutMs + this.#suppressMs)
    }
    const until = this.#suppressedUntil.get(recipientId)
    if (until === undefined) return false
    if (nowMs < until) return true
    this.#suppressedUntil.delete(recipientId)
    return false
  }

  #bound(map: Map<string, number>): Map<string, number> {
    while (map.size >= this.#maxEntries) map.delete(map.keys().next().value as string)
    return map
  }
}
