/**
 * Cluster mode in the simulator (issue #6): the scenario flag, the device profiles, the drain
 * bookkeeping per role and radio state, and a small seeded crowd with clusters on and off.
 */
import { bitchatBaselineDrainMah, drainMah } from '@bitmesh/cluster-election'
import { describe, expect, it } from 'vitest'
import {
  ANDROID_SHARE,
  applyOverrides,
  builtinScenario,
  clusterProfile,
  ClusterTracker,
  parseScenario,
  runScenario,
  SeededRng,
  type SimulationMetrics,
} from '../src/index.js'

describe('scenario flag', () => {
  it('defaults to off and is switched by overrides', () => {
    const s = builtinScenario('room-25')!
    expect(s.clusters).toBe(false)
    expect(applyOverrides(s, { clusters: true }).clusters).toBe(true)
    expect(s.clusterSleep).toBe('light')
    expect(applyOverrides(s, { clusters: true, clusterSleep: false }).clusterSleep).toBe(false)
    expect(applyOverrides(s, { clusters: true, clusterSleep: 'deep' }).clusterSleep).toBe('deep')
    expect(() => parseScenario({ ...s, clusterSleep: 'nap' })).toThrow(/clusterSleep/)
    expect(() => parseScenario({ ...s, clusters: 'yes' })).toThrow(/clusters/)
  })
})

describe('clusterProfile', () => {
  it('draws a mixed crowd: ~70 % Android with hotspots, batteries 20–100 %', () => {
    const root = new SeededRng(5)
    let android = 0
    let charging = 0
    const n = 2_000
    for (let i = 0; i < n; i++) {
      const p = clusterProfile(root.fork(`node:${i}`).fork('cluster'))
      const b = p.battery()
      expect(p.hotspotSupport).toBe(p.os === 'android')
      expect(b.level).toBeGreaterThanOrEqual(20)
      expect(b.level).toBeLessThanOrEqual(100)
      if (p.os === 'android') android++
      if (b.charging) charging++
    }
    expect(Math.abs(android / n - ANDROID_SHARE)).toBeLessThan(0.04)
    expect(Math.abs(charging / n - 0.1)).toBeLessThan(0.03)
  })
})

describe('ClusterTracker', () => {
  const state = (role: 'none' | 'member' | 'head', phase: 'awake' | 'listen' | 'sleep', headChanges = 0) => ({
    cluster: { role, phase, headChanges, roleChanges: role === 'head' ? 1 : 0, beaconIntervalMs: 500, controlSent: 2 },
  })

  it('charges each role its radio state and compares with the always-scanning bitchat node', () => {
    const nodes = [state('head', 'awake'), state('member', 'sleep'), state('member', 'listen'), state('none', 'awake')]
    const t = new ClusterTracker(4, true, 10_000)
    const started = Uint8Array.of(1, 1, 1, 1)
    const degree = (i: number) => (i === 3 ? 0 : 2)
    t.frame(0, 1, 1_000)
    for (let ms = 1_000; ms <= 10_000; ms += 1_000) t.sample(nodes, started, degree, ms, 1_000)
    const m = t.metrics(nodes)
    // Counting starts at the warm-up (half of 10 s here): samples at 5 … 10 s, 6 s per node.
    const h = 6_000 / 3_600_000
    expect(m.nodeHours).toBeCloseTo(4 * h, 3)
    expect(m.drainMahPerHour.head).toBeCloseTo(drainMah('head', 'ble-connected', 6_000) / h, 1)
    expect(m.drainMahPerHour.member).toBeCloseTo((drainMah('member', 'ble-advertise', 6_000) + drainMah('member', 'ble-scan', 6_000)) / (2 * h), 1)
    expect(m.drainMahPerHour.none).toBeCloseTo(drainMah('none', 'ble-scan', 6_000) / h, 1)
    expect(m.baselineMahPerHour).toBeCloseTo(bitchatBaselineDrainMah(6_000) / h, 1)
    expect(m.shareWithHead).toBeCloseTo(0.75, 3)
    expect(m.shareHeads).toBeCloseTo(0.25, 3)
    expect(m.memberSleepShare).toBeCloseTo(0.5, 3)
    expect(m.memberSavingVsBaseline).toBeGreaterThan(0.3)
    expect(m.controlSent).toBe(8)
  })

  it('charges a member in light sleep as ble-member, and reports the CPU-awake bound beside it', () => {
    const node = { cluster: { role: 'member', phase: 'awake', headChanges: 0, roleChanges: 0, beaconIntervalMs: 2_000, controlSent: 0, lowPower: true } }
    const t = new ClusterTracker(1, true, 10_000)
    for (let ms = 1_000; ms <= 10_000; ms += 1_000) t.sample([node], Uint8Array.of(1), () => 3, ms, 1_000)
    const m = t.metrics([node])
    const h = 6_000 / 3_600_000
    expect(m.drainMahPerHour.member).toBeCloseTo(drainMah('member', 'ble-member', 6_000, 0, { beaconIntervalMs: 2_000 }) / h, 1)
    // cluster-member scanning: 3 s of 15 s.
    expect(m.memberSavingVsBaseline).toBeCloseTo(1 - (5 + 55 * 0.2 + 8 + 0.25) / 61, 2)
    expect(m.memberSavingCpuAwakeBound).toBeCloseTo(1 - (5 + 25 + 30 * 0.2 + 8 + 0.25) / 61, 2)
  })

  it('counts head changes only after the warm-up', () => {
    const node = state('member', 'awake', 3)
    const t = new ClusterTracker(1, true, 7_200_000)
    t.sample([node], Uint8Array.of(1), () => 1, 60_000, 1_000) // warm-up ends: 3 changes so far
    node.cluster.headChanges = 5
    for (let ms = 61_000; ms <= 3_660_000; ms += 1_000) t.sample([node], Uint8Array.of(1), () => 1, ms, 1_000)
    const m = t.metrics([node])
    expect(m.nodeHours).toBeCloseTo(1, 3)
    expect(m.headChangesPerNodeHour).toBeCloseTo(2, 2)
  })
})

describe('a seeded crowd with clusters on and off', () => {
  const base = parseScenario({
    name: 'cluster-small',
    seed: 3,
    durationS: 150,
    area: { widthM: 50, heightM: 50 },
    nodes: { count: 30, placement: 'random', mobility: 'static', bootSpreadS: 5 },
    radio: { ble: { rangeM: 30, lossRate: 0.05, maxLinks: 8 } },
    traffic: { publicMessagesPerSecond: 0.2, privateMessagesPerSecond: 0.05, payloadBytes: 64, startS: 20, quietS: 40 },
    policy: { relay: 'bitmesh' },
  })
  let on: SimulationMetrics
  let off: SimulationMetrics

  it('forms clusters from scanned beacons; members in light sleep stay awake and save energy', async () => {
    on = (await runScenario(applyOverrides(base, { clusters: true }))).metrics
    const c = on.clusters
    expect(c.enabled).toBe(true)
    expect(c.shareHeads).toBeGreaterThan(0)
    expect(c.shareWithHead).toBeGreaterThan(0.5)
    expect(c.controlSent).toBeGreaterThan(0)
    expect(c.memberSleepShare).toBe(0) // light sleep: links kept, scanner duty-cycled
    expect(c.memberSavingVsBaseline).toBeGreaterThan(0.3)
    expect(c.leadershipChangesPerNodeHour).toBeLessThan(2)
    expect(on.public.deliveryRatio).toBeGreaterThan(0.8)
  }, 120_000)

  it('deep sleep puts idle members to sleep (radio off)', async () => {
    const deep = (await runScenario(applyOverrides(base, { clusters: true, clusterSleep: 'deep' }))).metrics.clusters
    expect(deep.memberSleepShare).toBeGreaterThan(0.3)
    expect(deep.memberSavingVsBaseline).toBeGreaterThan(0.3)
  }, 120_000)

  it('with clusters off every node is role none and the model charges it as connected bitchat', async () => {
    off = (await runScenario(base)).metrics
    const c = off.clusters
    expect(c.enabled).toBe(false)
    expect(c.shareWithHead).toBe(0)
    expect(c.drainMahPerHour.member).toBeNull()
    expect(c.drainMahPerHour.head).toBeNull()
    expect(c.drainMahPerHour.none).toBeGreaterThan(c.baselineMahPerHour!)
    expect(c.controlSent).toBe(0)
  }, 120_000)
})
