import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SeededRng, deriveSeed } from '../src/index.js'

describe('SeededRng (sfc32)', () => {
  it('repeats exactly for one seed and differs across seeds', () => {
    const a = new SeededRng(42)
    const b = new SeededRng(42)
    const c = new SeededRng(43)
    const sa = Array.from({ length: 16 }, () => a.nextUint32())
    const sb = Array.from({ length: 16 }, () => b.nextUint32())
    const sc = Array.from({ length: 16 }, () => c.nextUint32())
    expect(sa).toEqual(sb)
    expect(sa).not.toEqual(sc)
  })

  it('forks streams that depend on (seed, label) only', () => {
    const root1 = new SeededRng(7)
    root1.next() // consuming the parent must not change its forks
    const root2 = new SeededRng(7)
    expect(root1.fork('node:1').randomBytes(16)).toEqual(root2.fork('node:1').randomBytes(16))
    expect(root2.fork('node:1').randomBytes(16)).not.toEqual(root2.fork('node:2').randomBytes(16))
    expect(deriveSeed(7, 'a')).not.toBe(deriveSeed(8, 'a'))
  })

  it('stays in range for next, int and randomBytes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 37 }), (seed, max, len) => {
        const rng = new SeededRng(seed)
        for (let i = 0; i < 20; i++) {
          const x = rng.next()
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThan(1)
          const k = rng.int(max)
          expect(Number.isInteger(k) && k >= 0 && k < max).toBe(true)
        }
        expect(rng.randomBytes(len).length).toBe(len)
      }),
    )
  })

  it('is roughly uniform and its normal() has mean ≈ 0 and sd ≈ 1', () => {
    const rng = new SeededRng(1)
    const n = 20_000
    let sum = 0
    let sumN = 0
    let sumN2 = 0
    for (let i = 0; i < n; i++) {
      sum += rng.next()
      const z = rng.normal()
      sumN += z
      sumN2 += z * z
    }
    expect(sum / n).toBeCloseTo(0.5, 1)
    expect(sumN / n).toBeCloseTo(0, 1)
    expect(Math.sqrt(sumN2 / n)).toBeCloseTo(1, 1)
  })

  it('rejects non-integer seeds', () => {
    expect(() => new SeededRng(1.5)).toThrow(TypeError)
  })
})
