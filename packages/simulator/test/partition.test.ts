import { describe, expect, it } from 'vitest'
import { MESH_SIZE_CAPS } from '@bitmesh/mesh'
import {
  applyOverrides,
  builtinScenario,
  parseScenario,
  runScenario,
  ScenarioError,
  SeededRng,
  World,
  type ScenarioInput,
} from '../src/index.js'
import { CourierWalk, crowdOf, type PartitionLayout } from '../src/partition.js'

const LAYOUT: PartitionLayout = {
  crowds: [
    { xM: 10, yM: 10, radiusM: 4, count: 3 },
    { xM: 60, yM: 10, radiusM: 4, count: 2 },
  ],
  couriers: { count: 1, speedMps: 2, pauseS: 5 },
}

describe('partition layout', () => {
  it('places crowd members in their discs and the courier on the first centre', () => {
    const walk = new CourierWalk(LAYOUT)
    const x = new Float64Array(6)
    const y = new Float64Array(6)
    walk.place(x, y, new SeededRng(3))
    for (let i = 0; i < 5; i++) {
      const c = LAYOUT.crowds[crowdOf(LAYOUT, i)]!
      expect(Math.hypot(x[i]! - c.xM, y[i]! - c.yM)).toBeLessThanOrEqual(c.radiusM)
    }
    expect([crowdOf(LAYOUT, 0), crowdOf(LAYOUT, 2), crowdOf(LAYOUT, 3), crowdOf(LAYOUT, 4), crowdOf(LAYOUT, 5)]).toEqual([0, 0, 1, 1, -1])
    expect([x[5], y[5]]).toEqual([10, 10])
  })

  it('walks the courier to the next crowd at its speed, pauses, and comes back', () => {
    const walk = new CourierWalk(LAYOUT)
    const x = new Float64Array(6)
    const y = new Float64Array(6)
    walk.place(x, y, new SeededRng(3))
    const crowdX = Array.from(x.subarray(0, 5))
    let t = 0
    const step = (): void => {
      t += 1000
      walk.step(x, y, t, 1000)
    }
    step()
    expect(x[5]).toBeCloseTo(12) // 2 m/s
    for (let k = 0; k < 24; k++) step()
    expect(x[5]).toBe(60) // 50 m in 25 s: arrived, pausing 5 s
    for (let k = 0; k < 5; k++) step()
    expect(x[5]).toBe(60)
    step()
    expect(x[5]).toBeCloseTo(58) // heading back
    expect(Array.from(x.subarray(0, 5))).toEqual(crowdX) // crowd members never move
  })

  it('validates the node count and the other-crowd recipients against the partition', () => {
    const base = structuredClone(builtinScenario('partition-courier')!) as ScenarioInput
    expect(() => parseScenario({ ...base, nodes: { ...base.nodes, count: 12 } })).toThrow(/nodes\.count: must equal the partition's crowd members plus couriers \(13\)/)
    const { partition: _omit, ...flat } = base
    try {
      parseScenario(flat)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError)
      expect((error as ScenarioError).issues).toEqual([
        { path: 'traffic.privateRecipients', message: '"other-crowd" needs a partition with at least two crowds' },
      ])
    }
    expect(applyOverrides(builtinScenario('partition-courier')!, { storeForward: false }).storeForward).toBe(false)
  })

  it('partition-courier keeps the two crowds out of range of each other', () => {
    const s = builtinScenario('partition-courier')!
    const p = s.partition!
    const world = new World(
      {
        count: s.nodes.count,
        widthM: s.area.widthM,
        heightM: s.area.heightM,
        placement: s.nodes.placement,
        mobility: s.nodes.mobility,
        rangeM: s.radio.ble.rangeM,
        lossRate: 0,
        partition: p,
        seed: s.seed,
        rng: new SeededRng(s.seed).fork('world'),
      },
      (i) => `n${i}`,
    )
    for (let i = 0; i < s.nodes.count; i++) {
      const c = crowdOf(p, i)
      if (c < 0) continue
      for (const j of world.neighbourIndices(i)) expect([c, -1]).toContain(crowdOf(p, j))
    }
  })
})

describe('partition-courier: store-and-forward against none', () => {
  it('delivers strictly more cross-partition private messages with store-and-forward (seed 8, 600 s)', async () => {
    const scenario = builtinScenario('partition-courier')!
    const on = (await runScenario(scenario)).metrics
    const off = (await runScenario(applyOverrides(scenario, { storeForward: false }))).metrics
    expect(on.storeForward).toBe(true)
    expect(off.storeForward).toBe(false)
    // Same seed, same traffic: only the nodes differ.
    expect(on.partition!.crossSent).toBe(off.partition!.crossSent)
    expect(on.partition!.crossSent).toBeGreaterThan(20)
    expect(on.partition!.crossDelivered).toBeGreaterThan(off.partition!.crossDelivered)
    // Delivery over time: running totals, never decreasing, ending at the final count.
    for (const m of [on, off]) {
      const points = m.deliveryOverTime
      expect(points.at(-1)).toMatchObject({ t: 600, privateDelivered: m.private.delivered, privateSent: m.private.sent })
      for (let k = 1; k < points.length; k++) expect(points[k]!.privateDelivered).toBeGreaterThanOrEqual(points[k - 1]!.privateDelivered)
    }
    // The store-and-forward structures were used and stayed within their caps.
    expect(on.nodeStats.outboxResent).toBeGreaterThan(0)
    expect(off.nodeStats.outboxResent).toBe(0)
    for (const key of ['outbox', 'spool', 'spoolBytes', 'relayCache', 'relayCacheBytes'] as const) {
      expect(on.memory.sizes[key]!.max, key).toBeLessThanOrEqual(MESH_SIZE_CAPS[key])
      expect(off.memory.sizes[key]!.max, key).toBe(0)
    }
  })
})
