import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Beacon } from './beacon.js'
import { ClusterNeighborTable } from './neighbor-table.js'
import { idOf } from './testing.test-helpers.js'

function beacon(n: number, extra: Partial<Beacon> = {}): Beacon {
  return { id: idOf(n), os: 'android', role: 'none', hotspotSupport: true, charging: false, batteryLevel: 50, estBatteryLifeMin: 300, wake: false, neighborhoodRssiDbm: null, ...extra }
}

describe('ClusterNeighborTable statistics', () => {
  it('publishes mean, sample variance and count when a 5 s window closes', () => {
    const t = new ClusterNeighborTable()
    const samples = [-60, -62, -64, -66]
    samples.forEach((r, i) => t.observe(beacon(1), r, i * 500))
    expect(t.tick(4_999)).toBe(false)
    const e = t.get(idOf(1))!
    expect(e.windowCount).toBe(0) // nothing published before the window closes
    expect(t.tick(5_000)).toBe(true)
    expect(e.windowCount).toBe(4)
    expect(e.windowMeanDbm).toBeCloseTo(-63, 10)
    expect(e.windowVarianceDb2).toBeCloseTo(20 / 3, 10) // Σ(x−x̄)² = 9+1+1+9 = 20, n−1 = 3
    expect(e.totalSamples).toBe(4)
    expect(e.missedWindows).toBe(0)
  })

  it('keeps an EWMA with the configured weight', () => {
    const t = new ClusterNeighborTable({ ewmaAlpha: 0.5 })
    t.observe(beacon(1), -60, 0)
    t.observe(beacon(1), -70, 1)
    t.observe(beacon(1), -70, 2)
    expect(t.get(idOf(1))!.ewmaDbm).toBeCloseTo(-67.5, 10) // −60 → −65 → −67.5
  })

  it('counts missed windows and evicts stale entries', () => {
    const t = new ClusterNeighborTable({ staleAfterMs: 12_000 })
    t.observe(beacon(1), -60, 0)
    t.observe(beacon(2), -60, 0)
    expect(t.tick(5_000)).toBe(true)
    t.observe(beacon(2), -60, 6_000) // the scanner heard someone: a window, not a deaf one
    expect(t.tick(10_000)).toBe(true)
    const e = t.get(idOf(1))!
    expect(e.missedWindows).toBe(1)
    expect(e.windowCount).toBe(0)
    expect(Number.isNaN(e.windowMeanDbm)).toBe(true)
    t.observe(beacon(2), -60, 11_000)
    t.tick(15_000)
    expect(t.get(idOf(1))).toBeUndefined()
    expect(t.evictedStale).toBe(1)
  })

  it('skips deaf windows: no scanned sample, no missed window, no step; announce samples do not count as heard', () => {
    const t = new ClusterNeighborTable({ staleAfterMs: 60_000 })
    t.observe(beacon(1), -60, 0)
    expect(t.tick(5_000)).toBe(true)
    const e = t.get(idOf(1))!
    t.observe(beacon(3), -65, 6_000, false) // from an announce, not the scanner
    expect(t.tick(10_000)).toBe(false)
    expect(t.tick(15_000)).toBe(false)
    expect(e.missedWindows).toBe(0)
    expect(e.windowCount).toBe(1) // last heard window's statistics are kept
    expect(t.deafWindows).toBe(2)
    t.observe(beacon(2), -70, 16_000)
    expect(t.tick(20_000)).toBe(true)
    expect(e.missedWindows).toBe(1)
    // A window the scanner was on for is heard even when silent.
    t.markHeard()
    expect(t.tick(25_000)).toBe(true)
    expect(e.missedWindows).toBe(2)
    // A deaf window that evicts a stale entry still reports a close (the election must notice).
    expect(t.tick(66_000)).toBe(true)
    expect(t.get(idOf(1))).toBeUndefined()
  })

  it('with scan time reported, a short scan does not count an unheard neighbour as missed', () => {
    const t = new ClusterNeighborTable()
    t.observe(beacon(1, { batteryLevel: 80 }), -60, 0) // a 500 ms advertiser
    t.observe(beacon(2, { batteryLevel: 15 }), -60, 0) // a low battery: slow beacon
    expect(t.tick(5_000)).toBe(true)
    const fast = t.get(idOf(1))!
    const slow = t.get(idOf(2))!
    // 1 s of scanning, a third neighbour heard: the window is heard but too short for a miss.
    t.reportScanTime(1_000)
    t.observe(beacon(3), -70, 6_000)
    expect(t.tick(10_000)).toBe(true)
    expect(fast.missedWindows).toBe(0)
    expect(slow.missedWindows).toBe(0)
    expect(t.shortScanSkips).toBe(2)
    // 2 s: enough for the 500 ms advertiser (floor 2 s), not for the slow one (2 × its interval).
    t.reportScanTime(1_000)
    t.reportScanTime(0)
    t.reportScanTime(1_000)
    t.observe(beacon(3), -70, 11_000)
    expect(t.tick(15_000)).toBe(true)
    expect(fast.missedWindows).toBe(1)
    expect(slow.missedWindows).toBe(0)
    // Without a report the old rule holds: a heard window counts for everyone.
    t.observe(beacon(3), -70, 16_000)
    expect(t.tick(20_000)).toBe(true)
    expect(fast.missedWindows).toBe(2)
    expect(slow.missedWindows).toBe(1)
    expect(() => t.reportScanTime(-1)).toThrow(RangeError)
    expect(() => new ClusterNeighborTable({ missMinScanMs: -1 })).toThrow(RangeError)
  })

  it('is bounded: a full table evicts the entry heard least recently', () => {
    const t = new ClusterNeighborTable({ capacity: 3 })
    t.observe(beacon(1), -60, 10)
    t.observe(beacon(2), -60, 5)
    t.observe(beacon(3), -60, 20)
    t.observe(beacon(4), -60, 30)
    expect(t.size).toBe(3)
    expect(t.get(idOf(2))).toBeUndefined()
    expect(t.evictedFull).toBe(1)
  })

  it('refuses impossible RSSI and copies the id out of the scan buffer', () => {
    const t = new ClusterNeighborTable()
    expect(t.observe(beacon(1), Number.NaN, 0)).toBeNull()
    expect(t.observe(beacon(1), 50, 0)).toBeNull()
    expect(t.rejectedSamples).toBe(2)
    const buf = idOf(7)
    t.observe(beacon(0, { id: buf }), -50, 0)
    buf.fill(0xee)
    expect(t.get(idOf(7))).toBeDefined()
  })

  it('refreshes the beacon fields on each sample', () => {
    const t = new ClusterNeighborTable()
    t.observe(beacon(1), -60, 0)
    t.observe(beacon(1, { batteryLevel: 12, role: 'head' }), -60, 500)
    expect(t.get(idOf(1))!.beacon.batteryLevel).toBe(12)
    expect(t.get(idOf(1))!.beacon.role).toBe('head')
  })

  it('neighbourhood score: mean of the 8 strongest, padded with −100 dBm', () => {
    const t = new ClusterNeighborTable()
    expect(t.neighborhoodScore()).toBeNull()
    for (let i = 0; i < 10; i++) t.observe(beacon(i), -50 - i, 0)
    t.tick(0)
    t.tick(5_000)
    expect(t.neighborhoodScore()).toBe(Math.round((-50 - 51 - 52 - 53 - 54 - 55 - 56 - 57) / 8))
    const sparse = new ClusterNeighborTable()
    sparse.observe(beacon(1), -40, 0)
    sparse.tick(5_000)
    expect(sparse.neighborhoodScore()).toBe(Math.round((-40 - 7 * 100) / 8))
  })

  it('property: window mean and variance match a direct computation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: -30 }), { minLength: 2, maxLength: 50 }), (xs) => {
        const t = new ClusterNeighborTable()
        xs.forEach((x, i) => t.observe(beacon(1), x, i))
        t.closeWindow(100)
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length
        const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
        const e = t.get(idOf(1))!
        expect(e.windowMeanDbm).toBeCloseTo(mean, 9)
        expect(e.windowVarianceDb2).toBeCloseTo(variance, 8)
      }),
    )
  })
})
