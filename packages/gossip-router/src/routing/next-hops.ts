/**
 * Hop-by-hop routing of directed packets over the announced neighbour lists: every relay picks
 * the neighbours closest to the recipient, so a packet follows a narrow braid of shortest paths
 * instead of a flood. No packet field changes (the frame is relayed byte for byte), so plain
 * bitchat peers on or off the path see ordinary directed packets.
 *
 * Distances come from a breadth-first search from the recipient over announced edges (one end
 * listing the other suffices: unlike a §6.5 source route, a hop-by-hop route only ever sends to a
 * peer we are linked to now, so a stale edge further on costs at most a flood fallback there).
 * @module
 */
import type { NeighborhoodView } from '../neighborhood.js'

/** Options of {@link HopDistances}. */
export interface HopDistancesOptions {
  /** Recipients whose distance maps are cached (default 64). */
  maxRecipients?: number
  /** A cached map is reused this long, ms (default 2 000). */
  maxAgeMs?: number
  /** Search depth: farther nodes count as unreachable (default 32). */
  maxHops?: number
}

/** A view that can list every announced edge at once ({@link NeighborTable.undirectedAdjacency}). */
interface AdjacencySource {
  undirectedAdjacency(nowMs: number): Map<string, string[]>
}

function hasAdjacency(view: NeighborhoodView): view is NeighborhoodView & AdjacencySource {
  return typeof (view as Partial<AdjacencySource>).undirectedAdjacency === 'function'
}

interface Cached {
  atMs: number
  distances: Map<string, number>
}

/**
 * Hop distances to recipients, cached per recipient for a short time (a neighbourhood's lists
 * change every few seconds in a crowd; routes a couple of seconds old are good enough and the
 * cost stays one search per recipient per window).
 */
export class HopDistances {
  readonly #view: NeighborhoodView
  readonly #cache = new Map<string, Cached>()
  readonly #maxRecipients: number
  readonly #maxAgeMs: number
  readonly #maxHops: number
  #graph: { atMs: number; adjacency: Map<string, string[]> } | null = null

  /**
   * @param view - Neighbour lists (must hold our own list to route from us).
   * @param options - Cache bounds and search depth.
   * @throws RangeError for non-positive bounds.
   */
  constructor(view: NeighborhoodView, options: HopDistancesOptions = {}) {
    this.#view = view
    this.#maxRecipients = options.maxRecipients ?? 64
    this.#maxAgeMs = options.maxAgeMs ?? 2_000
    this.#maxHops = options.maxHops ?? 32
    if (!(this.#maxRecipients >= 1) || !(this.#maxAgeMs >= 0) || !(this.#maxHops >= 1)) throw new RangeError('invalid HopDistances options')
  }

  /**
   * Hops from `peerId` to `recipientId` over confirmed edges.
   * @param recipientId - Destination (hex).
   * @param peerId - Start (hex).
   * @param nowMs - Current time.
   * @returns Hop count, or `undefined` when no confirmed path is known.
   */
  distance(recipientId: string, peerId: string, nowMs: number): number | undefined {
    return this.#distances(recipientId, nowMs).get(peerId)
  }

  /**
   * The next hops from `selfId` toward `recipientId`: up to `fanOut` of `candidates` that are
   * strictly closer to the recipient than we are, closest first (ties: smaller ID, so every run
   * picks alike). Empty when none is (the caller floods).
   * @param recipientId - Destination (hex).
   * @param selfId - Our ID (hex).
   * @param candidates - Peers on our open links (hex).
   * @param fanOut - Most hops returned.
   * @param nowMs - Current time.
   * @returns The hops (possibly empty: no route known).
   */
  nextHops(recipientId: string, selfId: string, candidates: readonly string[], fanOut: number, nowMs: number): string[] {
    const d = this.#distances(recipientId, nowMs)
    const own = d.get(selfId)
    const out: string[] = []
    for (const peer of candidates) {
      const dp = peer === recipientId ? 0 : d.get(peer)
      if (dp === undefined || (own !== undefined && dp >= own)) continue
      out.push(peer)
    }
    out.sort((a, b) => (d.get(a) ?? 0) - (d.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    if (out.length > fanOut) out.length = fanOut
    return out
  }

  /** Forget every cached map (e.g. after a link closed). */
  clear(): void {
    this.#cache.clear()
    this.#graph = null
  }

  #distances(recipientId: string, nowMs: number): Map<string, number> {
    const hit = this.#cache.get(recipientId)
    if (hit !== undefined && nowMs - hit.atMs <= this.#maxAgeMs && nowMs >= hit.atMs) return hit.distances
    const view = this.#view
    let distances: Map<string, number>
    if (hasAdjacency(view)) {
      // One snapshot of every edge per window, shared by the recipients searched in it.
      let g = this.#graph
      if (g === null || nowMs - g.atMs > this.#maxAgeMs || nowMs < g.atMs) this.#graph = g = { atMs: nowMs, adjacency: view.undirectedAdjacency(nowMs) }
      distances = bfsAdjacency(g.adjacency, recipientId, this.#maxHops)
    } else {
      distances = bfs(view, recipientId, nowMs, this.#maxHops)
    }
    this.#cache.delete(recipientId)
    this.#cache.set(recipientId, { atMs: nowMs, distances })
    if (this.#cache.size > this.#maxRecipients) this.#cache.delete(this.#cache.keys().next().value as string)
    return distances
  }
}

/**
 * Breadth-first hop distances from `origin` over edges both ends list.
 * @param view - Neighbour lists.
 * @param origin - Start (hex).
 * @param nowMs - Current time (stale lists ignored).
 * @param maxHops - Depth bound.
 * @returns Peer → hops (origin at 0).
 */
export function confirmedHopDistances(view: NeighborhoodView, origin: string, nowMs: number, maxHops: number): Map<string, number> {
  return bfs(view, origin, nowMs, maxHops, true)
}

function bfs(view: NeighborhoodView, origin: string, nowMs: number, maxHops: number, confirmed = false): Map<string, number> {
  const dist = new Map<string, number>([[origin, 0]])
  let frontier = [origin]
  for (let h = 1; h <= maxHops && frontier.length > 0; h++) {
    const next: string[] = []
    for (const u of frontier) {
      const nu = view.neighborsOf(u, nowMs)
      if (nu === undefined) continue
      for (const v of nu) {
        // A stale or missing list at v does not hide u's link to it: v is only ever a hop for
        // whoever is linked to it now, and a wrong guess costs a flood fallback at worst.
        if (dist.has(v) || (confirmed && view.neighborsOf(v, nowMs)?.has(u) !== true)) continue
        dist.set(v, h)
        next.push(v)
      }
    }
    frontier = next
  }
  return dist
}

function bfsAdjacency(adjacency: Map<string, string[]>, origin: string, maxHops: number): Map<string, number> {
  const dist = new Map<string, number>([[origin, 0]])
  let frontier = [origin]
  for (let h = 1; h <= maxHops && frontier.length > 0; h++) {
    const next: string[] = []
    for (const u of frontier) {
      for (const v of adjacency.get(u) ?? []) {
        if (dist.has(v)) continue
        dist.set(v, h)
        next.push(v)
      }
    }
    frontier = next
  }
  return dist
}
