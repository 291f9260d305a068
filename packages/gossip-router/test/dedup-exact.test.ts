import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEDUP_CAPACITY, DEDUP_TTL_MS, dedupKeyHex, dedupKeyOf, ExactDedup } from '../src/index.js'
import { packet, seededRng } from './helpers.js'

function key(n: number): Uint8Array {
  const k = new Uint8Array(16)
  new DataView(k.buffer).setUint32(0, n)
  k[15] = n & 0xff
  return k
}

/** Reference model: bitchat iOS semantics on a Map (insertion order = age). */
class Model {
  readonly map = new Map<string, number>()
  constructor(readonly capacity: number, readonly ttl: number) {}
  has(k: string, now: number): boolean {
    const e = this.map.get(k)
    if (e === undefined) return false
    if (e <= now) {
      this.map.delete(k)
      return false
    }
    return true
  }
  add(k: string, now: number): void {
    this.map.delete(k)
    this.map.set(k, now + this.ttl)
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string)
  }
}

describe('dedup key (wire §2.7.1 packet ID)', () => {
  it('is 16 bytes, ignores TTL, route, recipient and signature, and depends on type, sender, timestamp, payload', () => {
    const a = packet()
    const k = dedupKeyOf(a)
    expect(k.length).toBe(16)
    expect(dedupKeyHex(dedupKeyOf({ ...a, ttl: 3, recipientId: new Uint8Array(8).fill(1), signature: new Uint8Array(64) }))).toBe(dedupKeyHex(k))
    expect(dedupKeyHex(dedupKeyOf({ ...a, type: 0x03 }))).not.toBe(dedupKeyHex(k))
    expect(dedupKeyHex(dedupKeyOf({ ...a, timestamp: a.timestamp + 1n }))).not.toBe(dedupKeyHex(k))
    expect(dedupKeyHex(dedupKeyOf({ ...a, payload: new Uint8Array([1, 2, 4]) }))).not.toBe(dedupKeyHex(k))
  })
})

describe('ExactDedup (bitchat iOS MessageDeduplicator, wire §6.4)', () => {
  it('defaults to 1 000 entries and 300 s', () => {
    const d = new ExactDedup()
    expect(d.capacity).toBe(DEDUP_CAPACITY)
    expect(d.ttlMs).toBe(DEDUP_TTL_MS)
    expect(DEDUP_CAPACITY).toBe(1000)
    expect(DEDUP_TTL_MS).toBe(300_000)
  })

  it('remembers a key for exactly 300 s after first seen; a duplicate does not extend it', () => {
    const d = new ExactDedup()
    expect(d.checkAndAdd(key(1), 0)).toBe(false)
    expect(d.checkAndAdd(key(1), 299_999)).toBe(true)
    expect(d.has(key(1), 299_999)).toBe(true)
    expect(d.has(key(1), 300_000)).toBe(false)
    expect(d.checkAndAdd(key(1), 300_000)).toBe(false)
  })

  it('forgets the oldest key beyond 1 000', () => {
    const d = new ExactDedup()
    for (let i = 0; i < 1001; i++) d.add(key(i), i)
    expect(d.size).toBe(1000)
    expect(d.has(key(0), 2000)).toBe(false)
    expect(d.has(key(1), 2000)).toBe(true)
    expect(d.has(key(1000), 2000)).toBe(true)
  })

  it('add refreshes position and lifetime', () => {
    const d = new ExactDedup({ capacity: 2, ttlMs: 100 })
    d.add(key(1), 0)
    d.add(key(2), 10)
    d.add(key(1), 20) // key 1 newest now
    d.add(key(3), 30) // evicts key 2
    expect(d.has(key(2), 31)).toBe(false)
    expect(d.has(key(1), 119)).toBe(true)
    expect(d.has(key(1), 120)).toBe(false)
  })

  it('prune drops exactly the expired keys', () => {
    const d = new ExactDedup({ capacity: 10, ttlMs: 100 })
    for (let i = 0; i < 5; i++) d.add(key(i), i * 10)
    d.prune(125) // keys added at 0, 10, 20 expire at 100, 110, 120
    expect(d.size).toBe(2)
    expect(d.has(key(3), 125)).toBe(true)
  })

  it('supports 8-byte keys and keys at an offset', () => {
    const d = new ExactDedup({ keyBytes: 8 })
    const buf = new Uint8Array(20)
    buf.set([1, 2, 3, 4, 5, 6, 7, 8], 4)
    d.add(buf, 0, 4)
    expect(d.has(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 1)).toBe(true)
    expect(d.has(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]), 1)).toBe(false)
  })

  it('rejects short keys and bad options with RangeError', () => {
    const d = new ExactDedup()
    expect(() => d.has(new Uint8Array(8), 0)).toThrow(RangeError)
    expect(() => d.add(new Uint8Array(16), 0, 1)).toThrow(RangeError)
    expect(() => new ExactDedup({ capacity: 0 })).toThrow(RangeError)
    expect(() => new ExactDedup({ ttlMs: 0 })).toThrow(RangeError)
    expect(() => new ExactDedup({ keyBytes: 12 as 8 })).toThrow(RangeError)
  })

  it('matches the reference model on random operation sequences (probing, eviction, backward shift)', () => {
    const op = fc.record({
      kind: fc.constantFrom('add', 'has', 'check', 'prune'),
      k: fc.integer({ min: 0, max: 40 }),
      dt: fc.integer({ min: 0, max: 30 }),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (ops, capacity) => {
        const d = new ExactDedup({ capacity, ttlMs: 100 })
        const m = new Model(capacity, 100)
        let now = 0
        for (const o of ops) {
          now += o.dt
          const kb = key(o.k)
          const ks = String(o.k)
          if (o.kind === 'add') {
            d.add(kb, now)
            m.add(ks, now)
          } else if (o.kind === 'has') {
            expect(d.has(kb, now)).toBe(m.has(ks, now))
          } else if (o.kind === 'check') {
            const expected = m.has(ks, now)
            if (!expected) m.add(ks, now)
            expect(d.checkAndAdd(kb, now)).toBe(expected)
          } else {
            d.prune(now)
            for (const [mk, e] of m.map) {
              if (e > now) break
              m.map.delete(mk)
            }
          }
          expect(d.size).toBe(m.map.size)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('stays exact under heavy churn of random 16-byte keys', () => {
    const rng = seededRng(7)
    const d = new ExactDedup({ capacity: 1000, ttlMs: 1e12 })
    const recent: Uint8Array[] = []
    for (let i = 0; i < 20_000; i++) {
      const k = rng.randomBytes(16)
      expect(d.checkAndAdd(k, i)).toBe(false)
      recent.push(k)
      if (recent.length > 1000) recent.shift()
    }
    for (const k of recent) expect(d.has(k, 20_000)).toBe(true)
    expect(d.size).toBe(1000)
    expect(d.memoryBytes).toBeLessThan(64 * 1024)
  })
})
