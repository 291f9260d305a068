import { describe, expect, it } from 'vitest'
import { cellName, greedyCdsSize, renderRoutingHtml, renderRoutingMarkdown, routingCells, routingScenario, runRoutingBench } from '../src/index.js'

describe('greedyCdsSize', () => {
  it('is 1 for a star, n − 2 for a path, and counts each component', () => {
    expect(greedyCdsSize(6, [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]])).toBe(1)
    expect(greedyCdsSize(6, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]])).toBe(4)
    // Two triangles and an isolated node: one relay per triangle, the loner counts itself.
    expect(greedyCdsSize(7, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3]])).toBe(3)
    expect(greedyCdsSize(0, [])).toBe(0)
  })

  it('returns a set that is connected and dominates (checked on random graphs)', () => {
    let seed = 7
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000)
    for (let trial = 0; trial < 20; trial++) {
      const n = 30
      const edges: Array<[number, number]> = []
      for (let i = 1; i < n; i++) edges.push([i, Math.floor(rand() * i)]) // a random tree: connected
      for (let k = 0; k < 30; k++) edges.push([Math.floor(rand() * n), Math.floor(rand() * n)])
      const size = greedyCdsSize(n, edges)
      // A dominating set of a connected graph with max degree Δ needs at least n / (Δ + 1) nodes.
      const degree = new Array<number>(n).fill(0)
      for (const [a, b] of edges) if (a !== b) (degree[a]!++, degree[b]!++)
      expect(size).toBeGreaterThanOrEqual(Math.ceil(n / (Math.max(...degree) + 1)))
      expect(size).toBeLessThan(n)
    }
  })

  it('refuses edges outside the node range', () => {
    expect(() => greedyCdsSize(2, [[0, 2]])).toThrow(RangeError)
  })
})

describe('routing matrix', () => {
  it('has the issue’s 8 cells per size with stable names and densities', () => {
    const cells = routingCells([100])
    expect(cells.map(cellName)).toEqual([
      'n100-static-loss0-dense',
      'n100-static-loss0-sparse',
      'n100-static-loss10-dense',
      'n100-static-loss10-sparse',
      'n100-walking-loss0-dense',
      'n100-walking-loss0-sparse',
      'n100-walking-loss10-dense',
      'n100-walking-loss10-sparse',
    ])
    const s = routingScenario(cells[3]!, { durationS: 60, seed: 5 })
    expect(s.area.widthM).toBeCloseTo(250) // 25 m × √100
    expect(s.radio.ble.lossRate).toBe(0.1)
    expect(s.nodes.count).toBe(100)
  })

  it('runs two policies on a small cell and renders both pages', async () => {
    const rows = await runRoutingBench({ sizes: [12], policies: ['flood', 'bitmesh'], durationS: 40, filter: 'static-loss0-dense' })
    expect(rows.map((r) => r.policy)).toEqual(['flood', 'bitmesh'])
    for (const r of rows) {
      expect(r.publicRatio).toBe(1)
      expect(r.frames).toBeGreaterThan(0)
      expect(r.cdsSize).toBeGreaterThanOrEqual(1)
    }
    const meta = { command: 'test', date: '2026-11-23', durationS: 40 }
    const md = renderRoutingMarkdown(rows, meta)
    expect(md).toContain('## n12-static-loss0-dense')
    expect(md).toMatch(/\| bitmesh \| 1 \|/)
    expect(md).toMatch(/bitmesh — \(a\) all frames: \d+ % of flood \((met|missed)\)/)
    expect(md).toMatch(/\(b\) message frames: \d+ % of flood/)
    for (const r of rows) {
      // Message frames are a part of all frames; overhead is per node per second.
      expect(r.publicFrames).toBeGreaterThan(0)
      expect(r.messageFramesPerDelivered!).toBeLessThan(r.framesPerDelivered!)
      expect(r.overheadFramesPerNodeS).toBeGreaterThan(0)
    }
    const withNotes = renderRoutingMarkdown(rows, { ...meta, notes: '**Status: noted.**' })
    expect(withNotes.indexOf('**Status: noted.**')).toBeLessThan(withNotes.indexOf('## n12'))
    const html = renderRoutingHtml(rows, meta)
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<script|https?:\/\//)
  })

  it('selects cells by mobility, loss and spacing', async () => {
    const rows = await runRoutingBench({ sizes: [8], policies: ['flood'], durationS: 30, mobility: ['static'], losses: [0.1], spacingsM: [25] })
    expect(rows.map((r) => r.cell)).toEqual(['n8-static-loss10-sparse'])
  })

  it('refuses unknown policies', async () => {
    await expect(runRoutingBench({ sizes: [5], policies: ['nope'] })).rejects.toThrow(RangeError)
  })
})

