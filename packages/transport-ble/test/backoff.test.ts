import { describe, expect, it } from 'vitest'
import { ConnectBackoff } from '../src/index.js'
import { seededRng } from './helpers/virtual.js'

describe('ConnectBackoff', () => {
  it('doubles from the base to the cap, within ±20 % jitter', () => {
    const b = new ConnectBackoff({ baseMs: 5_000, maxMs: 60_000, rng: seededRng(3) })
    const delays = Array.from({ length: 6 }, () => b.fail('X', 0))
    const nominal = [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(nominal[i]! * 0.8)
      expect(d).toBeLessThanOrEqual(nominal[i]! * 1.2)
    })
    expect(b.failures('X')).toBe(6)
  })

  it('blocks automatic attempts until the delay passed; success forgets', () => {
    const b = new ConnectBackoff({ baseMs: 1_000, maxMs: 1_000, rng: { next: () => 0.5, randomBytes: (n) => new Uint8Array(n) } })
    expect(b.canAttempt('X', 0)).toBe(true)
    expect(b.fail('X', 100)).toBe(1_000)
    expect(b.canAttempt('X', 1_099)).toBe(false)
    expect(b.canAttempt('X', 1_100)).toBe(true)
    expect(b.canAttempt('Y', 0)).toBe(true)
    b.succeed('X')
    expect(b.failures('X')).toBe(0)
  })

  it('is bounded: the oldest address is forgotten', () => {
    const b = new ConnectBackoff({ baseMs: 10, maxMs: 10, rng: seededRng(1), maxEntries: 3 })
    for (const a of ['a', 'b', 'c', 'd']) b.fail(a, 0)
    expect(b.size).toBe(3)
    expect(b.failures('a')).toBe(0)
    expect(b.failures('d')).toBe(1)
  })

  it('rejects nonsense', () => {
    expect(() => new ConnectBackoff({ baseMs: 10, maxMs: 5, rng: seededRng(1) })).toThrow(RangeError)
  })
})
