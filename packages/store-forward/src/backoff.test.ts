import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRng } from '../test/helpers.js'
import { backoffDelayMs, backoffPolicy } from './backoff.js'

describe('backoff', () => {
  it('doubles from the base and stops at the ceiling', () => {
    const policy = backoffPolicy({ baseMs: 100, maxMs: 1000, jitter: 0 })
    const rng = seededRng(1)
    expect([1, 2, 3, 4, 5, 6, 100].map((n) => backoffDelayMs(n, policy, rng))).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
  })

  it('property: delay lies within [(1−jitter)·d, d] and uses the rng', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, jitter, seed) => {
        const policy = backoffPolicy({ baseMs: 1000, maxMs: 600_000, jitter })
        const d = Math.min(600_000, 1000 * 2 ** Math.min(n - 1, 30))
        const delay = backoffDelayMs(n, policy, seededRng(seed))
        expect(delay).toBeGreaterThanOrEqual(Math.floor((1 - jitter) * d))
        expect(delay).toBeLessThanOrEqual(Math.ceil(d))
      }),
    )
    const policy = backoffPolicy({ baseMs: 1000, maxMs: 1000, jitter: 1 })
    const rng = seededRng(5)
    const seen = new Set(Array.from({ length: 20 }, () => backoffDelayMs(1, policy, rng)))
    expect(seen.size).toBeGreaterThan(10)
  })

  it('rejects bad options', () => {
    expect(() => backoffPolicy({ baseMs: -1 })).toThrow(RangeError)
    expect(() => backoffPolicy({ baseMs: 10, maxMs: 5 })).toThrow(RangeError)
    expect(() => backoffPolicy({ jitter: 2 })).toThrow(RangeError)
  })
})
