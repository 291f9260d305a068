import { describe, expect, it } from 'vitest'
import { bitchatBaselineDrainMah, DRAIN_CONSTANTS, drainMah, stateCurrentMa } from './drain.js'

const HOUR = 3_600_000

describe('drain model', () => {
  it('charges current × time plus a per-byte cost', () => {
    // none + ble-scan: 5 base + 25 CPU + 1 advertising + 30 scan = 61 mA
    expect(stateCurrentMa('none', 'ble-scan')).toBe(61)
    expect(drainMah('none', 'ble-scan', HOUR)).toBeCloseTo(61, 10)
    expect(drainMah('none', 'ble-scan', HOUR, 1_000_000)).toBeCloseTo(61 + 1e6 * DRAIN_CONSTANTS.bleMahPerByte, 10)
    expect(drainMah('member', 'wifi-client', 0, 1_000_000)).toBeCloseTo(1e6 * DRAIN_CONSTANTS.wifiMahPerByte, 12)
  })

  it('a sleeping node pays base plus advertising; advertising scales with the beacon interval', () => {
    expect(stateCurrentMa('member', 'ble-advertise')).toBe(6)
    expect(stateCurrentMa('member', 'ble-advertise', { beaconIntervalMs: 5_000 })).toBeCloseTo(5.1, 10)
    expect(stateCurrentMa('member', 'off')).toBe(5)
  })

  it('a head holds the CPU awake even when only advertising and pays for the hotspot', () => {
    expect(stateCurrentMa('head', 'ble-advertise')).toBe(31)
    expect(stateCurrentMa('head', 'wifi-ap')).toBe(5 + 25 + 1 + 110 + 30)
  })

  it('a member on the 30 s / 2 s sleep cycle uses ≥ 30 % less than an always-scanning bitchat node', () => {
    const member = drainMah('member', 'ble-advertise', 28 * 120_000 / 4) + drainMah('member', 'ble-scan', 2 * 120_000 / 4)
    const baseline = bitchatBaselineDrainMah(30 * 120_000 / 4)
    expect(member / baseline).toBeLessThan(0.7)
    expect(member / baseline).toBeCloseTo((28 * 6 + 2 * 61) / (30 * 61), 10)
  })

  it('a member in light sleep (links kept, 3 s / 15 s scan, 2 s beacon) saves ≥ 30 %; the CPU-always-awake bound is reported', () => {
    // 5 base + (25 CPU + 30 scan) × 3/15 + 8 links + 1 × 500/2000 advertising.
    const light = stateCurrentMa('member', 'ble-member', { beaconIntervalMs: 2_000 })
    expect(light).toBeCloseTo(5 + 55 * 0.2 + 8 + 0.25, 10)
    expect(1 - light / 61).toBeGreaterThanOrEqual(0.3)
    const pessimistic = stateCurrentMa('member', 'ble-member', { beaconIntervalMs: 2_000, memberCpuAlwaysAwake: true })
    expect(pessimistic).toBeCloseTo(5 + 25 + 30 * 0.2 + 8 + 0.25, 10)
    // Android's power-saver duty (2 s of 30 s) for comparison.
    expect(stateCurrentMa('member', 'ble-member', { beaconIntervalMs: 2_000, scanDuty: 2 / 30 })).toBeCloseTo(5 + 55 / 15 + 8 + 0.25, 10)
    expect(stateCurrentMa('member', 'ble-member', { scanDuty: 1, memberCpuAlwaysAwake: true })).toBe(stateCurrentMa('member', 'ble-connected'))
    expect(() => stateCurrentMa('member', 'ble-member', { scanDuty: 1.5 })).toThrow(RangeError)
  })

  it('accepts constant overrides and rejects negative inputs', () => {
    expect(stateCurrentMa('none', 'ble-scan', { constants: { bleScanMa: 10 } })).toBe(41)
    expect(() => drainMah('none', 'off', -1)).toThrow(RangeError)
    expect(() => drainMah('none', 'off', 1, -1)).toThrow(RangeError)
    expect(() => stateCurrentMa('none', 'off', { beaconIntervalMs: 0 })).toThrow(RangeError)
  })
})
