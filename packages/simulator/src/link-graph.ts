/**
 * The current link graph (open links between nodes, from the nodes' own link events), used to
 * count expected deliveries: the nodes connected to a sender by any path when it sends.
 * @module
 */

/** An undirected multigraph of open links over node indices. */
export class LinkGraph {
  /** Per node: neighbour → number of open links (either side may report a link). */
  readonly #adj: Array<Map<number, number>>
  readonly #queue: Int32Array

  /** @param count - Number of nodes. */
  constructor(count: number) {
    this.#adj = Array.from({ length: count }, () => new Map())
    this.#queue = new Int32Array(count)
  }

  /**
   * Record one link end opening between `a` and `b`.
   * @param a - Node index.
   * @param b - Node index.
   */
  add(a: number, b: number): void {
    if (a === b) return
    this.#bump(a, b, 1)
    this.#bump(b, a, 1)
  }

  /**
   * Record one link end closing.
   * @param a - Node index.
   * @param b - Node index.
   */
  remove(a: number, b: number): void {
    if (a === b) return
    this.#bump(a, b, -1)
    this.#bump(b, a, -1)
  }

  #bump(a: number, b: number, delta: number): void {
    const m = this.#adj[a]!
    const next = (m.get(b) ?? 0) + delta
    if (next <= 0) m.delete(b)
    else m.set(b, next)
  }

  /**
   * @param a - Node index.
   * @returns Number of distinct neighbours linked to `a`.
   */
  degree(a: number): number {
    return this.#adj[a]!.size
  }

  /**
   * The nodes reachable from `from` over open links (breadth-first search).
   * @param from - Sender index.
   * @returns A 0/1 mask over node indices; `from` itself is 0.
   */
  componentMask(from: number): Uint8Array {
    const mask = new Uint8Array(this.#adj.length)
    const queue = this.#queue
    let head = 0
    let tail = 0
    mask[from] = 1
    queue[tail++] = from
    while (head < tail) {
      const v = queue[head++]!
      for (const w of this.#adj[v]!.keys()) {
        if (mask[w] === 0) {
          mask[w] = 1
          queue[tail++] = w
        }
      }
    }
    mask[from] = 0
    return mask
  }

  /** @returns Every linked pair once, as `[i, j]` with i < j, in ascending order. */
  edges(): Array<[number, number]> {
    const out: Array<[number, number]> = []
    for (let i = 0; i < this.#adj.length; i++) {
      const js = [...this.#adj[i]!.keys()].filter((j) => j > i).sort((p, q) => p - q)
      for (const j of js) out.push([i, j])
    }
    return out
  }
}
