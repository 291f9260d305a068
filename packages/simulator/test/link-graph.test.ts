import { describe, expect, it } from 'vitest'
import { LinkGraph } from '../src/index.js'

describe('LinkGraph', () => {
  it('counts nodes reachable by any path, excluding the sender', () => {
    const g = new LinkGraph(6)
    g.add(0, 1)
    g.add(1, 2)
    g.add(3, 4)
    expect(Array.from(g.componentMask(0))).toEqual([0, 1, 1, 0, 0, 0])
    expect(Array.from(g.componentMask(4))).toEqual([0, 0, 0, 1, 0, 0])
    expect(Array.from(g.componentMask(5))).toEqual([0, 0, 0, 0, 0, 0])
    expect(g.edges()).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
    ])
  })

  it('keeps a pair linked until every link end between them has closed', () => {
    const g = new LinkGraph(3)
    g.add(0, 1) // reported by node 0
    g.add(1, 0) // reported by node 1
    g.remove(0, 1)
    expect(g.degree(0)).toBe(1)
    g.remove(1, 0)
    expect(g.degree(0)).toBe(0)
    expect(g.componentMask(0)[1]).toBe(0)
  })
})
