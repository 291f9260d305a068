import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { beaconIntervalMs, SleepSchedule } from './power.js'

describe('beaconIntervalMs', () => {
  it('500 ms while charging or at ≥ 60 %, 5 s at ≤ 10 %, geometric between', () => {
    expect(beaconIntervalMs({ charging: true, batteryLevel: 3 })).toBe(500)
    expect(beaconIntervalMs({ charging: false, batteryLevel: 60 })).toBe(500)
    expect(beaconIntervalMs({ charging: false, batteryLevel: 10 })).toBe(5_000)
    expect(beaconIntervalMs({ charging: false, batteryLevel: 0 })).toBe(5_000)
    expect(beaconIntervalMs({ charging: false, batteryLevel: 35 })).toBe(1_580) // 500·√10
    expect(beaconIntervalMs({ charging: false, batteryLevel: 50 })).toBe(790) // 500·10^(1/5)
  })
  it('property: monotone non-increasing in battery and within 500–5 000 ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        const slow = beaconIntervalMs({ charging: false, batteryLevel: lo })
        const fast = beaconIntervalMs({ charging: false, batteryLevel: hi })
        expect(slow).toBeGreaterThanOrEqual(fast)
        expect(fast).toBeGreaterThanOrEqual(500)
        expect(slow).toBeLessThanOrEqual(5_000)
      }),
    )
  })
  it('rejects impossible battery levels', () => {
    expect(() => beaconIntervalMs({ charging: false, batteryLevel: 101 })).toThrow(RangeError)
  })
})

describe('SleepSchedule', () => {
  it('sleeps in 30 s cycles with a 2 s listen window after 30 s without conversation', () => {
    const s = new SleepSchedule()
    s.noteConversation(0)
    expect(s.phaseAt(29_999)).toBe('awake')
    expect(s.phaseAt(30_000)).toBe('listen')
    expect(s.phaseAt(31_999)).toBe('listen')
    expect(s.phaseAt(32_000)).toBe('sleep')
    expect(s.nextChangeMs(32_000)).toBe(60_000)
    expect(s.phaseAt(60_500)).toBe('listen')
    expect(s.nextChangeMs(60_500)).toBe(62_000)
  })
  it('wakes on an advertisement that asks for it, not on others', () => {
    const s = new SleepSchedule()
    s.noteConversation(0)
    expect(s.onAdvertisement(30_500, false)).toBe(false)
    expect(s.phaseAt(30_600)).toBe('listen')
    expect(s.onAdvertisement(30_700, true)).toBe(true)
    expect(s.phaseAt(31_000)).toBe('awake')
    expect(s.phaseAt(60_699)).toBe('awake')
    expect(s.phaseAt(60_700)).toBe('listen')
    expect(s.wakeUps).toBe(1)
  })
  it('heads never sleep', () => {
    const s = new SleepSchedule()
    s.setRole('head', 0)
    expect(s.phaseAt(1_000_000)).toBe('awake')
    expect(s.nextChangeMs(1_000_000)).toBeNull()
    s.setRole('member', 1_000_000)
    expect(s.phaseAt(1_030_000)).toBe('listen')
  })
  it('property: the radio listens exactly listenMs of every cycle while idle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), (cycles) => {
        const s = new SleepSchedule()
        s.noteConversation(0)
        let listening = 0
        for (let t = 30_000; t < 30_000 + cycles * 30_000; t += 100) if (s.phaseAt(t) === 'listen') listening += 100
        expect(listening).toBe(cycles * 2_000)
      }),
      { numRuns: 10 },
    )
  })
})
