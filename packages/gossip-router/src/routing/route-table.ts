/**
 * Route table for directed traffic (blip §2.10 with its gaps fixed, §5.1.6): destination → next
 * hop, learned from direct links, from relayed announces (the originator is reached through the
 * link the announce came on, `hops = 7 − TTL + 1`) and from announced neighbour lists (a listed
 * neighbour of the originator is one hop further through the same link). Entries expire after
 * 5 minutes; a newer answer replaces an entry when it is shorter, equally short, through the same
 * next hop, or the entry is older than 60 s (freshness preference). Routes through a link that
 * went down are dropped. Bounded: the least recently updated destination is forgotten first.
 * @module
 */
import { DEFAULT_TTL, ROUTE_EXPIRY_MS, ROUTE_FRESH_MS } from '../constants.js'

/** One route. */
export interface RouteEntry {
  /** Direct neighbour to send through (peer ID hex). */
  readonly nextHop: string
  /** Estimated hops to the destination (1 = direct neighbour). */
  readonly hops: number
  /** When it was last confirmed, ms. */
  readonly updatedAt: number
}

/** Options of {@link RouteTable}. */
export interface RouteTableOptions {
  /** Entry lifetime, ms (default 300 000). */
  expiryMs?: number
  /** Entries younger than this are fresh, ms (default 60 000). */
  freshMs?: number
  /** Destinations kept (default 4 096). */
  maxRoutes?: number
  /** TTL originators use, to turn a received TTL into hops (default 7). */
  originTtl?: number
}

/** Destination → next hop. */
export class RouteTable {
  readonly #routes = new Map<string, RouteEntry>()
  readonly #expiryMs: number
  readonly #freshMs: number
  readonly #maxRoutes: number
  readonly #originTtl: number

  /**
   * @param options - Lifetimes and bounds.
   * @throws RangeError for invalid bounds.
   */
  constructor(options: RouteTableOptions = {}) {
    this.#expiryMs = options.expiryMs ?? ROUTE_EXPIRY_MS
    this.#freshMs = options.freshMs ?? ROUTE_FRESH_MS
    this.#maxRoutes = options.maxRoutes ?? 4_096
    this.#originTtl = options.originTtl ?? DEFAULT_TTL
    if (!(this.#expiryMs > 0) || !(this.#freshMs >= 0) || !Number.isInteger(this.#maxRoutes) || this.#maxRoutes < 1) throw new RangeError('invalid route table bounds')
  }

  /** Destinations held (expired ones until touched or pruned). */
  get size(): number {
    return this.#routes.size
  }

  /**
   * A direct link to `peerId` is up (or it sent us its direct announce).
   * @param peerId - Neighbour.
   * @param nowMs - Current time.
   */
  learnLink(peerId: string, nowMs: number): void {
    this.#offer(peerId, peerId, 1, nowMs)
  }

  /**
   * A verified announce from `originId` arrived through neighbour `viaPeerId` with TTL `ttl`.
   * @param originId - Announcing peer.
   * @param viaPeerId - Peer bound to the ingress link.
   * @param ttl - TTL as received.
   * @param nowMs - Current time.
   * @param neighbors - The announce's direct-neighbour list, if any.
   * @param selfId - Our ID (never a destination).
   */
  learnAnnounce(originId: string, viaPeerId: string, ttl: number, nowMs: number, neighbors?: Iterable<string>, selfId?: string): void {
    if (originId === selfId) return
    const hops = originId === viaPeerId ? 1 : Math.max(2, this.#originTtl - Math.min(ttl, this.#originTtl) + 1)
    this.#offer(originId, viaPeerId, hops, nowMs)
    if (neighbors === undefined) return
    for (const n of neighbors) {
      if (n === selfId || n === originId || n === viaPeerId) continue
      this.#offer(n, viaPeerId, hops + 1, nowMs)
    }
  }

  /**
   * A link went down: forget every route through it.
   * @param peerId - The neighbour lost.
   */
  linkDown(peerId: string): void {
    for (const [dest, e] of this.#routes) if (e.nextHop === peerId) this.#routes.delete(dest)
  }

  /**
   * The live route to `destination`.
   * @param destination - Peer ID hex.
   * @param nowMs - Current time.
   * @returns The entry, or undefined.
   */
  route(destination: string, nowMs: number): RouteEntry | undefined {
    const e = this.#routes.get(destination)
    if (e === undefined) return undefined
    if (nowMs - e.updatedAt >= this.#expiryMs) {
      this.#routes.delete(destination)
      return undefined
    }
    return e
  }

  /**
   * The next hop toward `destination`, or null.
   * @param destination - Peer ID hex.
   * @param nowMs - Current time.
   * @returns Neighbour ID, or null.
   */
  nextHop(destination: string, nowMs: number): string | null {
    return this.route(destination, nowMs)?.nextHop ?? null
  }

  /**
   * Known destinations by hop count: `h[i]` = destinations `i` hops away (index 0 unused).
   * @param nowMs - Current time.
   * @returns The histogram (length = longest route + 1).
   */
  hopHistogram(nowMs: number): number[] {
    const h: number[] = [0]
    for (const e of this.#routes.values()) {
      if (nowMs - e.updatedAt >= this.#expiryMs) continue
      while (h.length <= e.hops) h.push(0)
      h[e.hops]!++
    }
    return h
  }

  /**
   * Drop expired entries.
   * @param nowMs - Current time.
   */
  prune(nowMs: number): void {
    for (const [dest, e] of this.#routes) if (nowMs - e.updatedAt >= this.#expiryMs) this.#routes.delete(dest)
  }

  /** Forget everything. */
  clear(): void {
    this.#routes.clear()
  }

  #offer(destination: string, nextHop: string, hops: number, nowMs: number): void {
    const old = this.#routes.get(destination)
    if (old !== undefined && nowMs - old.updatedAt < this.#expiryMs) {
      const better = hops <= old.hops || nextHop === old.nextHop || nowMs - old.updatedAt > this.#freshMs
      if (!better) return
    }
    this.#routes.delete(destination)
    this.#routes.set(destination, { nextHop, hops, updatedAt: nowMs })
    if (this.#routes.size > this.#maxRoutes) this.#routes.delete(this.#routes.keys().next().value as string)
  }
}
