/**
 * Two-hop neighbourhood knowledge from announces' direct-neighbour TLV (`0x04`, wire §2.2: up to
 * 10 peer IDs of the sender's direct links), and multipoint-relay (MPR) selection over it.
 *
 * Announces are relayed mesh-wide, so every node learns the neighbour lists of the peers around it
 * and can compute, for a sender S, the MPR set S *would* pick (OLSR's greedy heuristic, RFC 3626
 * §8.3.1, with RFC 7181 §18.4's MPR_COVERAGE): the fewest one-hop neighbours of S that reach every
 * strict two-hop neighbour of S (each `coverage` times where possible). A receiver relays only if it
 * is in that set; no signalling is needed, so plain bitchat announces suffice.
 * @module
 */
import { BITMESH_NEIGHBOR_LIST_MAX_AGE_MS, NEIGHBOR_LIST_MAX_AGE_MS } from './constants.js'

/** Read access to neighbour lists (what policies need). */
export interface NeighborhoodView {
  /** Changes whenever any list changes (a cache key). */
  readonly version: number
  /**
   * The announced direct neighbours of a peer, if announced within the freshness window.
   * @param peerId - Peer ID hex.
   * @param nowMs - Current time.
   */
  neighborsOf(peerId: string, nowMs: number): ReadonlySet<string> | undefined
  /**
   * Whether the peer advertises BitMesh (so it follows the MPR rules).
   * @param peerId - Peer ID hex.
   */
  isBitmesh(peerId: string): boolean
}

/** Options of {@link NeighborTable}. */
export interface NeighborTableOptions {
  /** Peers whose lists are kept; the least recently updated is evicted beyond it (default 4 096). */
  maxPeers?: number
  /** A list older than this is ignored, ms (default {@link NEIGHBOR_LIST_MAX_AGE_MS}). */
  maxAgeMs?: number
  /**
   * The same for peers that advertise BitMesh, which announce less often in a stable
   * neighbourhood (default {@link BITMESH_NEIGHBOR_LIST_MAX_AGE_MS}; never below `maxAgeMs`).
   */
  bitmeshMaxAgeMs?: number
}

interface Entry {
  neighbors: Set<string>
  at: number
  bitmesh: boolean
}

/** Bounded store of announced neighbour lists. */
export class NeighborTable implements NeighborhoodView {
  readonly #entries = new Map<string, Entry>()
  readonly #maxPeers: number
  readonly #maxAgeMs: number
  readonly #bitmeshMaxAgeMs: number
  #version = 0

  /**
   * @param options - Bounds.
   * @throws RangeError for non-positive bounds.
   */
  constructor(options: NeighborTableOptions = {}) {
    this.#maxPeers = options.maxPeers ?? 4_096
    this.#maxAgeMs = options.maxAgeMs ?? NEIGHBOR_LIST_MAX_AGE_MS
    if (!Number.isInteger(this.#maxPeers) || this.#maxPeers < 1) throw new RangeError('maxPeers must be a positive integer')
    if (!(this.#maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive')
    this.#bitmeshMaxAgeMs = Math.max(this.#maxAgeMs, options.bitmeshMaxAgeMs ?? BITMESH_NEIGHBOR_LIST_MAX_AGE_MS)
  }

  /** Changes whenever any list changes. */
  get version(): number {
    return this.#version
  }

  /** Peers held. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * Record a peer's announced neighbour list (from a verified announce), or our own links (call
   * with our own ID whenever a link is bound or closes).
   * @param peerId - Announcing peer (hex).
   * @param neighbors - Its direct neighbours (hex), at most 10 on the wire.
   * @param nowMs - Time of the announce.
   * @param bitmesh - Whether it advertises BitMesh.
   */
  update(peerId: string, neighbors: Iterable<string>, nowMs: number, bitmesh = false): void {
    const set = new Set<string>()
    for (const n of neighbors) if (n !== peerId) set.add(n)
    this.#entries.delete(peerId)
    this.#entries.set(peerId, { neighbors: set, at: nowMs, bitmesh })
    while (this.#entries.size > this.#maxPeers) this.#entries.delete(this.#entries.keys().next().value as string)
    this.#version++
  }

  /**
   * Forget a peer (it left or was evicted from the peer table).
   * @param peerId - Peer ID hex.
   */
  remove(peerId: string): void {
    if (this.#entries.delete(peerId)) this.#version++
  }

  /** Forget everything. */
  clear(): void {
    this.#entries.clear()
    this.#version++
  }

  /** @inheritdoc */
  neighborsOf(peerId: string, nowMs: number): ReadonlySet<string> | undefined {
    const e = this.#entries.get(peerId)
    if (e === undefined || nowMs - e.at > (e.bitmesh ? this.#bitmeshMaxAgeMs : this.#maxAgeMs)) return undefined
    return e.neighbors
  }

  /** @inheritdoc */
  isBitmesh(peerId: string): boolean {
    return this.#entries.get(peerId)?.bitmesh === true
  }

  /**
   * Whether any peer other than `selfId` whose list is held does not advertise BitMesh: then a
   * plain bitchat node is around and expects bitchat's announce cadence (wire §6.2).
   * @param selfId - Our own ID (our entry is skipped).
   * @returns True when a plain peer is known.
   */
  hasPlainPeer(selfId: string): boolean {
    for (const [id, e] of this.#entries) if (!e.bitmesh && id !== selfId) return true
    return false
  }

  /**
   * Every announced edge, either end listing the other, as undirected adjacency (fresh lists
   * only). A peer whose own list we missed is still reachable through those who list it; the
   * BitMesh hop-by-hop routes use it ({@link HopDistances}).
   * @param nowMs - Current time.
   * @returns Peer → neighbours.
   */
  undirectedAdjacency(nowMs: number): Map<string, string[]> {
    const out = new Map<string, string[]>()
    const link = (a: string, b: string): void => {
      let list = out.get(a)
      if (list === undefined) out.set(a, (list = []))
      if (!list.includes(b)) list.push(b)
    }
    for (const [a, e] of this.#entries) {
      if (nowMs - e.at > (e.bitmesh ? this.#bitmeshMaxAgeMs : this.#maxAgeMs)) continue
      for (const b of e.neighbors) {
        link(a, b)
        link(b, a)
      }
    }
    return out
  }

  /**
   * Edges where both ends list each other (wire §6.5: "an edge is usable only if both ends list
   * each other"), as adjacency; used by source routing.
   * @param nowMs - Current time (stale lists ignored).
   * @returns Peer → confirmed neighbours.
   */
  confirmedAdjacency(nowMs: number): Map<string, string[]> {
    const out = new Map<string, string[]>()
    for (const [a, e] of this.#entries) {
      if (nowMs - e.at > (e.bitmesh ? this.#bitmeshMaxAgeMs : this.#maxAgeMs)) continue
      const list: string[] = []
      for (const b of e.neighbors) if (this.neighborsOf(b, nowMs)?.has(a) === true) list.push(b)
      out.set(a, list)
    }
    return out
  }
}

/** Options of {@link selectMultipointRelays}. */
export interface MprOptions {
  /** Times each strict two-hop neighbour should be covered where possible (default 1). */
  coverage?: number
  /** Only these neighbours may be selected (default: all). `bitmesh` passes BitMesh peers. */
  eligible?: (peerId: string) => boolean
}

/**
 * The MPR set of `nodeId` as its neighbours can compute it (RFC 3626 §8.3.1 greedy with RFC 7181
 * coverage): one-hop neighbours N = peers `nodeId` lists that are eligible and (when their own
 * list is known) list it back; strict two-hop neighbours N2 = peers listed by members of N that
 * are neither `nodeId` nor listed by it. First every member of N that is one of at most `coverage`
 * coverers of some node of N2 is taken; then, while some node of N2 is under-covered, the member
 * covering most under-covered nodes (ties: more N2 nodes, then the smaller ID) is added.
 * @param view - Neighbour lists.
 * @param nodeId - The node whose MPRs are computed.
 * @param nowMs - Current time.
 * @param options - Coverage and eligibility.
 * @returns The MPR set, or `undefined` when `nodeId`'s list is unknown or stale.
 */
export function selectMultipointRelays(view: NeighborhoodView, nodeId: string, nowMs: number, options: MprOptions = {}): Set<string> | undefined {
  const coverage = Math.max(1, Math.floor(options.coverage ?? 1))
  const eligible = options.eligible
  const own = view.neighborsOf(nodeId, nowMs)
  if (own === undefined) return undefined
  // One-hop candidates with the two-hop nodes each reaches.
  const reach = new Map<string, string[]>()
  const coverers = new Map<string, number>()
  for (const y of own) {
    if (eligible !== undefined && !eligible(y)) continue
    const ny = view.neighborsOf(y, nowMs)
    if (ny === undefined || !ny.has(nodeId)) continue
    const list: string[] = []
    for (const z of ny) {
      if (z === nodeId || own.has(z)) continue
      list.push(z)
      coverers.set(z, (coverers.get(z) ?? 0) + 1)
    }
    reach.set(y, list)
  }
  const mpr = new Set<string>()
  const covered = new Map<string, number>()
  const need = (z: string): number => Math.min(coverage, coverers.get(z) ?? 0)
  const take = (y: string): void => {
    mpr.add(y)
    for (const z of reach.get(y)!) covered.set(z, (covered.get(z) ?? 0) + 1)
  }
  // Step 1: coverers that are indispensable for some two-hop node.
  for (const [y, list] of reach) {
    for (const z of list) {
      if ((coverers.get(z) ?? 0) <= coverage) {
        take(y)
        break
      }
    }
  }
  // Step 2: greedy by the number of still under-covered two-hop nodes reached.
  for (;;) {
    let best: string | null = null
    let bestGain = 0
    let bestSize = 0
    for (const [y, list] of reach) {
      if (mpr.has(y)) continue
      let gain = 0
      for (const z of list) if ((covered.get(z) ?? 0) < need(z)) gain++
      if (gain === 0) continue
      if (gain > bestGain || (gain === bestGain && (list.length > bestSize || (list.length === bestSize && best !== null && y < best)))) {
        best = y
        bestGain = gain
        bestSize = list.length
      }
    }
    if (best === null) break
    take(best)
  }
  return mpr
}
