import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_PATH_LOSS, maxRangeM, meanRssiDbm, pairShadowingDb } from '../src/index.js'

describe('log-distance path loss', () => {
  it('gives the reference loss at 1 m and 10·n dB per decade beyond', () => {
    expect(meanRssiDbm(1)).toBeCloseTo(-40, 10)
    expect(meanRssiDbm(10)).toBeCloseTo(-40 - 27, 10)
    expect(meanRssiDbm(100)).toBeCloseTo(-40 - 54, 10)
    expect(meanRssiDbm(0.2)).toBe(meanRssiDbm(1)) // clamped to the reference distance
  })

  it('is monotonically non-increasing in distance (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (a, b) => {
        const [near, far] = a <= b ? [a, b] : [b, a]
        expect(meanRssiDbm(far)).toBeLessThanOrEqual(meanRssiDbm(near))
      }),
    )
  })

  it('reaches the sensitivity exactly at maxRangeM', () => {
    const r = maxRangeM()
    expect(meanRssiDbm(r)).toBeCloseTo(DEFAULT_PATH_LOSS.sensitivityDbm, 9)
    expect(r).toBeGreaterThan(100)
    expect(r).toBeLessThan(120)
  })

  it('shadowing is symmetric, deterministic per seed, and ~N(0, σ)', () => {
    expect(pairShadowingDb(1, 3, 9, 4)).toBe(pairShadowingDb(1, 9, 3, 4))
    expect(pairShadowingDb(1, 3, 9, 4)).toBe(pairShadowingDb(1, 3, 9, 4))
    expect(pairShadowingDb(1, 3, 9, 4)).not.toBe(pairShadowingDb(2, 3, 9, 4))
    expect(pairShadowingDb(1, 3, 9, 0)).toBe(0)
    let s = 0
    let s2 = 0
    const n = 10_000
    for (let i = 0; i < n; i++) {
      const x = pairShadowingDb(5, i, i + 1, 4)
      s += x
      s2 += x * x
    }
    expect(s / n).toBeCloseTo(0, 0)
    expect(Math.sqrt(s2 / n)).toBeGreaterThan(3.8)
    expect(Math.sqrt(s2 / n)).toBeLessThan(4.2)
  })
})
