import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { applyOverrides, builtinScenario, floodStack, meshStack, parseScenario, runScenario, simulate, type SimulationMetrics } from '../src/index.js'

/** Everything except the two wall-clock figures. */
function deterministicPart(m: SimulationMetrics): Omit<SimulationMetrics, 'wallS' | 'peakRssMb'> {
  const { wallS: _w, peakRssMb: _p, ...rest } = m
  return rest
}

const room25Short = applyOverrides(builtinScenario('room-25')!, { durationS: 60 })

describe('simulate() on the stand-in flood stack', () => {
  const scenario = parseScenario({
    name: 'flood-small',
    seed: 11,
    durationS: 40,
    area: { widthM: 60, heightM: 60 },
    nodes: { count: 40, placement: 'random', mobility: 'random-waypoint' },
    radio: { ble: { rangeM: 20, lossRate: 0.05, maxLinks: 4 } },
    traffic: { publicMessagesPerSecond: 2, privateMessagesPerSecond: 1, payloadBytes: 40, startS: 5, quietS: 5 },
  })
  const run = (s = scenario) => simulate(s, { stack: floodStack(), crypto: nodeCryptoProvider })

  it('gives identical results for one seed and different ones for another', async () => {
    const a = await run()
    const b = await run()
    const c = await run(applyOverrides(scenario, { seed: 12 }))
    expect(deterministicPart(a.metrics)).toEqual(deterministicPart(b.metrics))
    expect(a.report.edges).toEqual(b.report.edges)
    expect(deterministicPart(c.metrics)).not.toEqual(deterministicPart(a.metrics))
    expect(a.metrics.public.sent).toBeGreaterThan(40)
    expect(a.metrics.public.expectedDeliveries).toBeGreaterThan(0)
    expect(a.metrics.drops['radio-loss']).toBeGreaterThan(0)
    expect(a.metrics.links.opened).toBeGreaterThan(0)
  })

  it('counts transmissions, battery use and a timeline consistent with the totals', async () => {
    const { metrics, report } = await run()
    const sum = (k: 'publicSent' | 'publicDelivered' | 'privateSent' | 'privateDelivered' | 'frames') => report.timeline.reduce((s, b) => s + b[k], 0)
    expect(sum('publicSent')).toBe(metrics.public.sent)
    expect(sum('publicDelivered')).toBe(metrics.public.delivered)
    expect(sum('privateSent')).toBe(metrics.private.sent)
    expect(sum('privateDelivered')).toBe(metrics.private.delivered)
    expect(sum('frames')).toBe(metrics.transmissions.frames)
    expect(metrics.transmissions.perDeliveredMessage).toBeCloseTo(metrics.transmissions.frames / (metrics.public.delivered + metrics.private.delivered), 1)
    expect(metrics.public.delivered).toBeLessThanOrEqual(metrics.public.expectedDeliveries)
    expect(metrics.battery.meanUsedMah).toBeGreaterThan(0)
    expect(report.x).toHaveLength(40)
  })
})

describe('simulate() on the real transport-ble + mesh stack', () => {
  it('two-nodes delivers every public and private message', async () => {
    const { metrics } = await runScenario(builtinScenario('two-nodes')!)
    expect(metrics.stack).toBe('mesh')
    expect(metrics.public.sent).toBeGreaterThan(10)
    expect(metrics.public.expectedDeliveries).toBe(metrics.public.sent)
    expect(metrics.public.deliveryRatio).toBe(1)
    expect(metrics.private.sent).toBeGreaterThan(10)
    expect(metrics.private.deliveryRatio).toBe(1)
    expect(metrics.verifyCache.misses).toBeGreaterThan(0)
  })

  it('room-25 (60 s) delivers ≥ 99 % of expected public messages, identically for one seed', async () => {
    const a = await runScenario(room25Short)
    const b = await runScenario(room25Short)
    expect(deterministicPart(a.metrics)).toEqual(deterministicPart(b.metrics))
    expect(a.metrics.public.sent).toBeGreaterThan(15)
    expect(a.metrics.public.expectedDeliveries).toBeGreaterThan(a.metrics.public.sent * 20)
    expect(a.metrics.public.deliveryRatio!).toBeGreaterThanOrEqual(0.99)
    // Signed packets are verified by many receivers: the shared cache must be doing work.
    expect(a.metrics.verifyCache.hits).toBeGreaterThan(a.metrics.verifyCache.misses)
  })

  it('changes with the seed', async () => {
    const a = await runScenario(applyOverrides(builtinScenario('two-nodes')!, { durationS: 20 }))
    const b = await runScenario(applyOverrides(builtinScenario('two-nodes')!, { durationS: 20, seed: 2 }))
    expect(deterministicPart(a.metrics)).not.toEqual(deterministicPart(b.metrics))
  })

  it('rejects an unknown relay policy', async () => {
    const bad = parseScenario({ ...builtinScenario('two-nodes')!, policy: { relay: 'telepathy' } })
    await expect(runScenario(bad, { stack: meshStack() })).rejects.toThrow(/unknown relay policy "telepathy"/)
  })
})
