/** The small pure pieces: histogram, pacer, waves, controls → scenario, formatting, Node-global stand-ins. */
import { ScenarioError } from '@bitmesh/simulator'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { binLowerMs, binnedPercentile, binUpperMs, latencyBin } from '../src/shared/latency-histogram.js'
import { LATENCY_BINS, type RunControls } from '../src/shared/protocol.js'
import { formatMs, formatRatio, liveRatio } from '../src/ui/format.js'
import { MAX_WAVES, WaveStore, waveHue } from '../src/ui/waves.js'
import { MAX_PACE_WAIT_MS, Pacer } from '../src/worker/pacer.js'
import { scenarioFromControls } from '../src/worker/scenario-from-controls.js'
import { installNodeGlobals, setYieldGate } from '../src/worker/shims/node-globals.js'

describe('latency histogram', () => {
  it('bins by tenths of a decade', () => {
    expect(latencyBin(0)).toBe(0)
    expect(latencyBin(-5)).toBe(0)
    expect(latencyBin(Number.NaN)).toBe(0)
    expect(latencyBin(1)).toBe(0)
    expect(latencyBin(10)).toBe(10)
    expect(latencyBin(99)).toBe(19)
    expect(latencyBin(100)).toBe(20)
    expect(latencyBin(1e9)).toBe(LATENCY_BINS - 1)
    expect(binLowerMs(20)).toBeCloseTo(100)
    expect(binUpperMs(19)).toBeCloseTo(100)
  })

  it('estimates percentiles within 12 % of the nearest-rank value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 2, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, q) => {
        const bins = new Uint32Array(LATENCY_BINS)
        for (const s of samples) bins[latencyBin(s)]!++
        const sorted = [...samples].sort((a, b) => a - b)
        const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!
        const estimate = binnedPercentile(bins, q)!
        expect(estimate / exact).toBeGreaterThan(1 / 1.13)
        expect(estimate / exact).toBeLessThan(1.13)
      }),
    )
  })

  it('has no percentile when empty and refuses a bad quantile', () => {
    expect(binnedPercentile(new Uint32Array(LATENCY_BINS), 0.5)).toBeNull()
    expect(() => binnedPercentile([1], 1.5)).toThrow(RangeError)
  })
})

describe('Pacer', () => {
  it('holds virtual time to the speed, in bounded waits', () => {
    let wall = 0
    const pacer = new Pacer(10, () => wall)
    // 1 virtual s at 10× is due 100 wall ms after the start.
    expect(pacer.waitMs(1_000)).toBe(MAX_PACE_WAIT_MS)
    wall = 80
    expect(pacer.waitMs(1_000)).toBe(20)
    wall = 100
    expect(pacer.waitMs(1_000)).toBe(0)
  })

  it('does not burst to catch up after falling behind', () => {
    let wall = 0
    const pacer = new Pacer(1, () => wall)
    wall = 5_000 // 5 s of wall time for 1 virtual s: far behind
    expect(pacer.waitMs(1_000)).toBe(0)
    // Re-anchored: the next virtual second is due one wall second later, not at once.
    expect(pacer.waitMs(2_000)).toBe(MAX_PACE_WAIT_MS)
    wall = 5_990
    expect(pacer.waitMs(2_000)).toBe(10)
  })

  it('0 means unpaced; a negative speed is refused', () => {
    expect(new Pacer(0, () => 0).waitMs(1e9)).toBe(0)
    expect(() => new Pacer(-1, () => 0)).toThrow(RangeError)
  })
})

describe('WaveStore', () => {
  it('groups receipts per message, keeps at most MAX_WAVES and prunes old ones', () => {
    const store = new WaveStore()
    store.add([7, 2, 100], [7, 3, 120, 7, 4, 130])
    const wave = [...store.values()][0]!
    expect(wave).toMatchObject({ id: 7, from: 2, sentMs: 100, receipts: [3, 120, 4, 130], lastMs: 130 })
    expect(wave.hue).toBe(waveHue(7))
    const many: number[] = []
    for (let id = 100; id < 100 + MAX_WAVES + 10; id++) many.push(id, 0, 1_000 + id)
    store.add(many, [])
    expect(store.size).toBe(MAX_WAVES)
    expect([...store.values()][0]!.id).toBe(110)
    store.prune(1_000 + 100 + MAX_WAVES + 10 + 500, 500)
    expect(store.size).toBeLessThan(MAX_WAVES)
    store.prune(1e9, 1)
    expect(store.size).toBe(0)
  })

  it('gives every message a stable hue away from the hostile red', () => {
    for (let id = 0; id < 1_000; id++) {
      expect(waveHue(id)).toBeGreaterThanOrEqual(35)
      expect(waveHue(id)).toBeLessThan(335)
    }
    expect(waveHue(1)).not.toBe(waveHue(2))
  })

  it('keeps a receipt whose send it never saw (sender unknown)', () => {
    const store = new WaveStore()
    store.add([], [3, 1, 50])
    expect([...store.values()][0]).toMatchObject({ id: 3, from: -1, sentMs: 50 })
  })
})

describe('scenarioFromControls', () => {
  const base: RunControls = { builtin: 'room-25', policy: 'default', nodes: null, lossRate: null, mobility: 'scenario', seed: null, durationS: null, speed: 0 }

  it('keeps the built-in when nothing is set', () => {
    const s = scenarioFromControls(base)
    expect(s.nodes.count).toBe(25)
    expect(s.radio.ble.lossRate).toBe(0.05)
    expect(s.nodes.mobility).toEqual({ model: 'static' })
  })

  it('applies crowd (area rescaled), loss, walking, seed, duration and policy', () => {
    const s = scenarioFromControls({ ...base, nodes: 100, lossRate: 0.2, mobility: 'walking', seed: 9, durationS: 30, policy: 'flood' })
    expect(s.nodes.count).toBe(100)
    expect(s.area.widthM).toBeCloseTo(40)
    expect(s.radio.ble.lossRate).toBe(0.2)
    expect(s.nodes.mobility).toEqual({ model: 'random-waypoint', speedMps: 1.4, pauseS: 0 })
    expect(s.seed).toBe(9)
    expect(s.durationS).toBe(30)
    expect(s.policy.relay).toBe('flood')
  })

  it('reports what the schema refuses, by path', () => {
    expect(() => scenarioFromControls({ ...base, builtin: 'nope' })).toThrow(ScenarioError)
    try {
      scenarioFromControls({ ...base, lossRate: 2 })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError)
      expect((err as ScenarioError).issues.map((i) => i.path)).toContain('radio.ble.lossRate')
    }
    expect(() => scenarioFromControls({ ...base, nodes: 0 })).toThrow(/nodes\.count/)
  })
})

describe('format', () => {
  it('formats ratios and milliseconds', () => {
    expect(formatRatio(1)).toBe('1')
    expect(formatRatio(null)).toBe('–')
    expect(formatRatio(0.99876)).toBe('0.9988')
    expect(formatMs(9.84)).toBe('9.8')
    expect(formatMs(1234.5)).toBe('1235')
    expect(liveRatio(1, 0)).toBeNull()
    expect(liveRatio(2, 3)).toBe(0.6667)
  })
})

describe('Node-global stand-ins', () => {
  const g = globalThis as Record<string, unknown>
  const realSetImmediate = g.setImmediate
  afterEach(() => {
    g.setImmediate = realSetImmediate
    setYieldGate(null)
  })

  it('leave a real setImmediate and process alone', () => {
    const realProcess = g.process
    installNodeGlobals()
    expect(g.setImmediate).toBe(realSetImmediate)
    expect(g.process).toBe(realProcess)
  })

  it('provide an unclamped, ordered setImmediate that consults the yield gate', async () => {
    delete g.setImmediate
    installNodeGlobals()
    const shim = g.setImmediate as (cb: () => void) => void
    expect(shim).not.toBe(realSetImmediate)
    const order: number[] = []
    await new Promise<void>((resolve) => {
      shim(() => order.push(1))
      shim(() => order.push(2))
      shim(() => {
        order.push(3)
        resolve()
      })
    })
    expect(order).toEqual([1, 2, 3])
    let asked = 0
    setYieldGate(() => {
      asked++
      return 5
    })
    await new Promise<void>((resolve) => shim(resolve))
    expect(asked).toBe(1)
  })
})
