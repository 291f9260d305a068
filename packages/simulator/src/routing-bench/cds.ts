/**
 * Greedy connected dominating set (Guha & Khuller 1998, algorithm I): the lower-bound yardstick
 * for how many nodes must relay a broadcast for it to reach a whole connected crowd.
 * @module
 */

/**
 * Size of a greedy connected dominating set of an undirected graph, summed over its connected
 * components (an isolated node counts 1: it must "relay" to itself). Start from the node of
 * highest degree; repeatedly turn black the grey node that covers the most still-white nodes.
 * @param nodeCount - Number of nodes (indices 0…n−1).
 * @param edges - Undirected edges as index pairs (duplicates and self-loops ignored).
 * @returns The number of black nodes.
 * @throws RangeError for an edge outside 0…n−1.
 */
export function greedyCdsSize(nodeCount: number, edges: ReadonlyArray<readonly [number, number]>): number {
  const adj: Array<Set<number>> = Array.from({ length: nodeCount }, () => new Set())
  for (const [a, b] of edges) {
    if (!(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount)) throw new RangeError(`edge ${a}–${b} outside 0…${nodeCount - 1}`)
    if (a === b) continue
    adj[a]!.add(b)
    adj[b]!.add(a)
  }
  const WHITE = 0
  const GREY = 1
  const BLACK = 2
  const colour = new Uint8Array(nodeCount)
  let black = 0
  const whiteNeighbours = (v: number): number => {
    let k = 0
    for (const u of adj[v]!) if (colour[u] === WHITE) k++
    return k
  }
  const blacken = (v: number, grey: Set<number>): void => {
    colour[v] = BLACK
    grey.delete(v)
    black++
    for (const u of adj[v]!) {
      if (colour[u] === WHITE) {
        colour[u] = GREY
        grey.add(u)
      }
    }
  }
  for (;;) {
    // Seed a new component at its highest-degree white node.
    let seed = -1
    for (let v = 0; v < nodeCount; v++) if (colour[v] === WHITE && (seed < 0 || adj[v]!.size > adj[seed]!.size)) seed = v
    if (seed < 0) return black
    const grey = new Set<number>()
    blacken(seed, grey)
    for (;;) {
      let best = -1
      let bestGain = 0
      for (const v of grey) {
        const gain = whiteNeighbours(v)
        if (gain > bestGain || (gain === bestGain && gain > 0 && v < best)) {
          best = v
          bestGain = gain
        }
      }
      if (best < 0) break
      blacken(best, grey)
    }
  }
}
