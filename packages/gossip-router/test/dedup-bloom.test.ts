import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BloomFilter, bloomFalsePositiveRate, bloomSize, WindowedBloomDedup, type BloomAlarm } from '../src/index.js'
import { seededRng } from './helpers.js'

/** Binomial upper bound: mean + 4σ (a correct filter exceeds it with probability < 10⁻⁴). */
function upperBound(rate: number, trials: number): number {
  const mean = rate * trials
  return mean + 4 * Math.sqrt(mean * (1 - rate))
}

describe('bloomSize (m = −n ln p / ln²2, k = m/n · ln 2)', () => {
  it('matches the textbook optimum', () => {
    const s = bloomSize(1_000_000, 1e-6)
    // −ln(10⁻⁶) / ln²2 = 28.755 bits per item, k = 19.93 → 20
    expect(s.bits / 1e6).toBeCloseTo(28.755, 2)
    expect(s.hashes).toBe(20)
    expect(s.bits % 32).toBe(0)
    expect(bloomFalsePositiveRate(s.bits, s.hashes, 1_000_000)).toBeLessThanOrEqual(1.0001e-6)
  })

  it('rejects nonsense', () => {
    expect(() => bloomSize(0, 0.01)).toThrow(RangeError)
    expect(() => bloomSize(10, 1)).toThrow(RangeError)
  })
})

describe('BloomFilter', () => {
  it('never forgets an added key (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 200 }), (keys) => {
        const f = new BloomFilter(4096, 5)
        for (const k of keys) f.add(k)
        for (const k of keys) expect(f.has(k)).toBe(true)
      }),
    )
  })

  it('false-positive rate at design load stays within the computed bound', () => {
    const n = 20_000
    const p = 0.01
    const { bits, hashes } = bloomSize(n, p)
    const f = new BloomFilter(bits, hashes)
    const rng = seededRng(42)
    for (let i = 0; i < n; i++) f.add(rng.randomBytes(16))
    const expected = bloomFalsePositiveRate(bits, hashes, f.count)
    expect(expected).toBeLessThanOrEqual(p)
    const trials = 200_000
    let fp = 0
    for (let i = 0; i < trials; i++) if (f.has(rng.randomBytes(16))) fp++
    expect(fp).toBeLessThanOrEqual(upperBound(p, trials))
    // And the filter is really loaded (not trivially empty): within a factor of the estimate.
    expect(fp).toBeGreaterThan(0.5 * expected * trials)
  })
})

describe('WindowedBloomDedup', () => {
  const base = { windowMs: 300_000, capacity: 4_000, falsePositiveRate: 1e-3, generations: 4 }

  it('sizes each generation from load and target: ⌈capacity/G⌉ keys at 1 − (1 − p)^(1/G)', () => {
    const d = new WindowedBloomDedup(base)
    const s = d.stats(0)
    expect(s.generations).toBe(4)
    expect(s.designCountPerGeneration).toBe(1000)
    const perGen = 1 - Math.pow(1 - 1e-3, 1 / 4)
    expect(s.bitsPerGeneration).toBe(bloomSize(1000, perGen).bits)
    expect(s.hashes).toBe(bloomSize(1000, perGen).hashes)
    expect(d.spanMs).toBe(100_000)
  })

  it('states memory for 1 000 000 keys at 10⁻⁶: ≤ 4 MB', () => {
    const d = new WindowedBloomDedup({ windowMs: 300_000, capacity: 1_000_000, falsePositiveRate: 1e-6, generations: 4 })
    expect(d.memoryBytes).toBeLessThanOrEqual(4_000_000)
    expect(d.memoryBytes).toBeGreaterThan(3_500_000) // 31.6 bits per key: nothing is missing either
  })

  it('remembers every key for at least the window under steady traffic (Blip’s cascade defect fixed)', () => {
    const d = new WindowedBloomDedup(base)
    const rng = seededRng(3)
    const first = rng.randomBytes(16)
    d.add(first, 0)
    // One new key per second for 299 s: Blip's hot→warm cascade would lose `first` after ~122 s.
    for (let t = 1; t < 300; t++) {
      d.add(rng.randomBytes(16), t * 1000)
      expect(d.has(first, t * 1000)).toBe(true)
    }
    expect(d.has(first, 299_999)).toBe(true)
    // Gone by window + span.
    for (let t = 300; t <= 400; t++) d.add(rng.randomBytes(16), t * 1000)
    expect(d.has(first, 400_000)).toBe(false)
  })

  it('each generation ages on its own, also across idle gaps', () => {
    const d = new WindowedBloomDedup(base)
    const a = new Uint8Array(16).fill(1)
    const b = new Uint8Array(16).fill(2)
    d.add(a, 0)
    d.add(b, 150_000) // rotates: a's generation retired at 150 000
    expect(d.has(a, 449_999)).toBe(true)
    expect(d.has(a, 450_000)).toBe(false) // its own window ended
    expect(d.has(b, 450_000)).toBe(true)
  })

  it('raises the fill alarm and counts overloads when load exceeds design', () => {
    const alarms: BloomAlarm[] = []
    const d = new WindowedBloomDedup({ ...base, capacity: 400, onAlarm: (a) => alarms.push(a) })
    const rng = seededRng(9)
    for (let i = 0; i < 89; i++) d.add(rng.randomBytes(16), 0)
    expect(alarms).toHaveLength(0)
    d.add(rng.randomBytes(16), 0) // 90 = 0.9 × 100
    expect(alarms.map((a) => a.kind)).toEqual(['fill'])
    expect(d.stats(0).alarm).toBe(true)
    // 500 keys in one instant: generations fill and rotate early; the ring laps itself.
    for (let i = 0; i < 500; i++) d.add(rng.randomBytes(16), 0)
    expect(d.overloads).toBeGreaterThan(0)
    expect(alarms.some((a) => a.kind === 'overload')).toBe(true)
    expect(d.stats(0).counts.every((c) => c <= 100)).toBe(true)
  })

  it('false-positive rate with every generation at design load stays within the target bound', () => {
    const p = 1e-3
    const capacity = 40_000
    const d = new WindowedBloomDedup({ windowMs: 300_000, capacity, falsePositiveRate: p, generations: 4 })
    const rng = seededRng(1234)
    // Design rate: capacity keys per G spans; fill all four generations.
    const perGen = capacity / 4
    for (let g = 0; g < 4; g++) {
      const t = g * d.spanMs
      for (let i = 0; i < perGen - 1; i++) d.add(rng.randomBytes(16), t)
    }
    const stats = d.stats(3 * d.spanMs)
    expect(stats.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.99 * capacity)
    expect(stats.estimatedFalsePositiveRate).toBeLessThanOrEqual(p)
    const trials = 400_000
    let fp = 0
    for (let i = 0; i < trials; i++) if (d.has(rng.randomBytes(16), 3 * d.spanMs)) fp++
    expect(fp).toBeLessThanOrEqual(upperBound(p, trials))
    expect(fp).toBeGreaterThan(0.5 * stats.estimatedFalsePositiveRate * trials)
  })

  it('rejects invalid options', () => {
    expect(() => new WindowedBloomDedup({ ...base, generations: 1 })).toThrow(RangeError)
    expect(() => new WindowedBloomDedup({ ...base, falsePositiveRate: 0 })).toThrow(RangeError)
    expect(() => new WindowedBloomDedup({ ...base, capacity: 2 })).toThrow(RangeError)
  })
})
