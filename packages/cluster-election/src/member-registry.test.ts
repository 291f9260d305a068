import { describe, expect, it } from 'vitest'
import { type Beacon } from './beacon.js'
import { MemberRegistry } from './member-registry.js'
import { idOf } from './testing.test-helpers.js'

const m = (n: number): Beacon => ({ id: idOf(n), os: 'ios', role: 'member', hotspotSupport: false, charging: false, batteryLevel: 50, estBatteryLifeMin: null, wake: false, neighborhoodRssiDbm: null })

describe('MemberRegistry', () => {
  it('leases for 90 s, refreshes on re-registration, refuses when full', () => {
    const r = new MemberRegistry({ capacity: 2 })
    expect(r.register(m(1), 0)).toBe('accepted')
    expect(r.register(m(2), 0)).toBe('accepted')
    expect(r.register(m(3), 0)).toBe('full')
    expect(r.register(m(1), 60_000)).toBe('accepted') // refresh
    expect(r.has(idOf(2), 89_999)).toBe(true)
    expect(r.has(idOf(2), 90_000)).toBe(false)
    expect(r.register(m(3), 90_000)).toBe('accepted') // 2's lease ran out, making room
    expect(r.has(idOf(1), 149_999)).toBe(true)
    expect(r.size).toBe(2)
  })
  it('removes and clears', () => {
    const r = new MemberRegistry()
    r.register(m(1), 0)
    expect(r.remove(idOf(1))).toBe(true)
    expect(r.remove(idOf(1))).toBe(false)
    r.register(m(2), 0)
    r.clear()
    expect(r.size).toBe(0)
  })
})
