import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SeededRng, World, type WorldOptions } from '../src/index.js'

function world(overrides: Partial<WorldOptions> = {}): World {
  return new World(
    {
      count: 200,
      widthM: 120,
      heightM: 80,
      placement: 'random',
      mobility: { model: 'static' },
      rangeM: 20,
      lossRate: 0.05,
      seed: 9,
      rng: new SeededRng(9),
      ...overrides,
    },
    (i) => `n${i}`,
  )
}

describe('World', () => {
  it('answers neighbour queries through the grid exactly like a brute-force scan (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 5, max: 60 }), (seed, rangeM) => {
        const w = world({ seed, rng: new SeededRng(seed), rangeM, count: 80 })
        for (let i = 0; i < w.count; i += 7) {
          const brute: number[] = []
          for (let j = 0; j < w.count; j++) if (j !== i && w.sampleIndex(i, j) !== null) brute.push(j)
          expect(w.neighbourIndices(i)).toEqual(brute)
          // candidates ⊇ neighbours
          const cand = new Set(w.candidates(`n${i}`))
          for (const j of brute) expect(cand.has(`n${j}`)).toBe(true)
        }
      }),
      { numRuns: 30 },
    )
  })

  it('samples symmetric RSSI, the scenario loss rate, and null beyond range or for unknown nodes', () => {
    const w = world()
    let inRange = 0
    for (let j = 1; j < w.count; j++) {
      const s = w.sample('n0', `n${j}`)
      const back = w.sample(`n${j}`, 'n0')
      expect(s).toEqual(back)
      if (s !== null) {
        inRange++
        expect(s.lossRate).toBe(0.05)
        expect(w.distance(0, j)).toBeLessThanOrEqual(20)
        expect(s.rssiDbm).toBeGreaterThanOrEqual(-95)
      } else if (w.distance(0, j) <= 10) {
        // Within 10 m the mean RSSI is −67 dBm: only a > 7σ fade could cut it.
        throw new Error('near pair out of range')
      }
    }
    expect(inRange).toBeGreaterThan(0)
    expect(w.sample('n0', 'nope')).toBeNull()
    expect(w.sample('n0', 'n0')).toBeNull()
  })

  it('places a grid inside the area and the same seed in the same spots', () => {
    const g = world({ placement: 'grid', count: 12 })
    for (let i = 0; i < g.count; i++) {
      expect(g.x[i]).toBeGreaterThan(0)
      expect(g.x[i]).toBeLessThan(120)
      expect(g.y[i]).toBeGreaterThan(0)
      expect(g.y[i]).toBeLessThan(80)
    }
    expect(Array.from(world().x)).toEqual(Array.from(world().x))
    expect(Array.from(world({ rng: new SeededRng(10) }).x)).not.toEqual(Array.from(world().x))
  })

  it('walks random-waypoint nodes at the set speed and keeps them in the area', () => {
    const w = world({ mobility: { model: 'random-waypoint', speedMps: 1.4, pauseS: 0 } })
    const x0 = Array.from(w.x)
    const y0 = Array.from(w.y)
    w.step(1000, 1000)
    for (let i = 0; i < w.count; i++) {
      const moved = Math.hypot(w.x[i]! - x0[i]!, w.y[i]! - y0[i]!)
      expect(moved).toBeLessThanOrEqual(1.4 + 1e-9)
    }
    for (let t = 2; t < 300; t++) w.step(t * 1000, 1000)
    for (let i = 0; i < w.count; i++) {
      expect(w.x[i]).toBeGreaterThanOrEqual(0)
      expect(w.x[i]).toBeLessThanOrEqual(120)
      expect(w.y[i]).toBeGreaterThanOrEqual(0)
      expect(w.y[i]).toBeLessThanOrEqual(80)
    }
    expect(Array.from(w.x)).not.toEqual(x0)
  })
})
