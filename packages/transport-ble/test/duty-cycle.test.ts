import { describe, expect, it } from 'vitest'
import { ANDROID_POWER_MODES, CLUSTER_MEMBER_SCAN, DutyCycler, scanScheduleFor, type ScanSchedule } from '../src/index.js'
import { TestClock } from './helpers/virtual.js'

/** Records scan on/off edges (virtual ms) for a fixed or changing schedule. */
function run(schedule: () => ScanSchedule) {
  const clock = new TestClock()
  const edges: Array<[number, 'on' | 'off']> = []
  const cycler = new DutyCycler(clock, {
    schedule,
    scanOn: () => edges.push([clock.now(), 'on']),
    scanOff: () => edges.push([clock.now(), 'off']),
  })
  return { clock, edges, cycler }
}

describe('scan duty cycles (spec §6.2)', () => {
  it('has Android’s table', () => {
    expect(ANDROID_POWER_MODES.performance.schedule).toBe('continuous')
    expect(ANDROID_POWER_MODES.balanced.schedule).toEqual({ onMs: 8_000, offMs: 2_000 })
    expect(ANDROID_POWER_MODES['power-saver'].schedule).toEqual({ onMs: 2_000, offMs: 28_000 })
    expect(ANDROID_POWER_MODES['ultra-low'].schedule).toEqual({ onMs: 1_000, offMs: 29_000 })
    expect([-95, -85, -75, -65]).toEqual(
      (['performance', 'balanced', 'power-saver', 'ultra-low'] as const).map((m) => ANDROID_POWER_MODES[m].rssiGateDbm),
    )
  })

  it('cluster-member (BitMesh, not an Android profile): 3 s on / 12 s off whatever the links', () => {
    expect(scanScheduleFor('cluster-member', { linkCount: 1, msSinceTraffic: 0 })).toEqual({ onMs: 3_000, offMs: 12_000 })
    expect(scanScheduleFor('cluster-member', { linkCount: 9, msSinceTraffic: Infinity })).toEqual({ onMs: 3_000, offMs: 12_000 })
    expect(CLUSTER_MEMBER_SCAN.rssiGateDbm).toBe(-75)
  })

  it('adaptive follows iOS: continuous ≤ 2 links or recent traffic, 5/10 s sparse, 3/15 s dense', () => {
    expect(scanScheduleFor('adaptive', { linkCount: 2, msSinceTraffic: Infinity })).toBe('continuous')
    expect(scanScheduleFor('adaptive', { linkCount: 4, msSinceTraffic: 9_999 })).toBe('continuous')
    expect(scanScheduleFor('adaptive', { linkCount: 4, msSinceTraffic: 10_000 })).toEqual({ onMs: 5_000, offMs: 10_000 })
    expect(scanScheduleFor('adaptive', { linkCount: 6, msSinceTraffic: 60_000 })).toEqual({ onMs: 3_000, offMs: 15_000 })
  })

  it('balanced: 8 s on / 2 s off in virtual time', async () => {
    const r = run(() => ANDROID_POWER_MODES.balanced.schedule)
    r.cycler.start()
    await r.clock.advance(30_000)
    expect(r.edges).toEqual([
      [0, 'on'], [8_000, 'off'], [10_000, 'on'], [18_000, 'off'], [20_000, 'on'], [28_000, 'off'], [30_000, 'on'],
    ])
    r.cycler.stop()
    expect(r.edges.at(-1)).toEqual([30_000, 'off'])
    expect(r.clock.pendingTimers()).toBe(0)
  })

  it('ultra-low: 1 s of scanning per 30 s', async () => {
    const r = run(() => ANDROID_POWER_MODES['ultra-low'].schedule)
    r.cycler.start()
    await r.clock.advance(90_000)
    const on = r.edges.filter(([, e]) => e === 'on').map(([t]) => t)
    expect(on).toEqual([0, 30_000, 60_000, 90_000])
    r.cycler.stop()
  })

  it('continuous never switches off, and refresh() turns scanning back on at once', async () => {
    let schedule: ScanSchedule = 'continuous'
    const r = run(() => schedule)
    r.cycler.start()
    await r.clock.advance(60_000)
    expect(r.edges).toEqual([[0, 'on']])
    schedule = { onMs: 5_000, offMs: 10_000 }
    await r.clock.advance(10_000) // the continuous re-evaluation (every 5 s) notices, then cycles
    const offAt = r.edges.find(([, e]) => e === 'off')![0]
    expect(offAt).toBeGreaterThan(60_000)
    expect(offAt).toBeLessThanOrEqual(70_000)
    expect(r.cycler.scanning).toBe(false)
    schedule = 'continuous'
    r.cycler.refresh()
    expect(r.cycler.scanning).toBe(true)
    // Continuous → windows via refresh: a fresh 5 s on-window starts now.
    const t = r.clock.now()
    schedule = { onMs: 5_000, offMs: 10_000 }
    r.cycler.refresh()
    await r.clock.advance(5_000)
    expect(r.edges.at(-1)).toEqual([t + 5_000, 'off'])
    r.cycler.stop()
    expect(r.clock.pendingTimers()).toBe(0)
  })
})
