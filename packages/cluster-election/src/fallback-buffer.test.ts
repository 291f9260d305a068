import { describe, expect, it } from 'vitest'
import { FallbackBuffer, type FallbackDropReason } from './fallback-buffer.js'
import { idOf } from './testing.test-helpers.js'

function rig(opts = {}) {
  const drops: FallbackDropReason[] = []
  const buf = new FallbackBuffer({ onDrop: (r) => drops.push(r), ...opts })
  return { buf, drops }
}

describe('FallbackBuffer', () => {
  it('holds messages until a link comes up, then hands them over oldest first', () => {
    const { buf } = rig()
    buf.push(Uint8Array.of(1), 0, idOf(1))
    buf.push(Uint8Array.of(2), 10, null)
    buf.push(Uint8Array.of(3), 20, idOf(2))
    const out = buf.takeFor(idOf(1), 1_000)
    expect(out.map((m) => m.frame[0])).toEqual([1, 2]) // its own and the "any link" one
    expect(out.every((m) => m.attempts === 1)).toBe(true)
    expect(buf.size).toBe(1)
    expect(buf.byteSize).toBe(1)
  })

  it('a failed retry goes back with its original time; 2 minutes is the total bound', () => {
    const { buf, drops } = rig()
    buf.push(Uint8Array.of(1), 0)
    const [m] = buf.takeFor(idOf(1), 60_000)
    expect(buf.push(m!, 60_000)).toBe(true)
    expect(buf.takeFor(idOf(1), 120_001)).toEqual([])
    expect(drops).toEqual(['expired'])
  })

  it('gives up after the attempt limit', () => {
    const { buf, drops } = rig({ maxAttempts: 2 })
    buf.push(Uint8Array.of(1), 0)
    for (let i = 0; i < 2; i++) {
      const [m] = buf.takeFor(idOf(1), i)
      buf.push(m!, i)
    }
    expect(buf.size).toBe(0)
    expect(drops).toEqual(['retriesExhausted'])
  })

  it('is bounded by entries and bytes: oldest evicted, oversize refused', () => {
    const { buf, drops } = rig({ maxEntries: 2, maxBytes: 8 })
    buf.push(new Uint8Array(3), 0)
    buf.push(new Uint8Array(3), 1)
    buf.push(new Uint8Array(3), 2) // entries: evicts one
    buf.push(new Uint8Array(6), 3) // entries, then bytes (3 + 6 > 8): evicts both
    expect(buf.push(new Uint8Array(9), 4)).toBe(false)
    expect(drops).toEqual(['evicted', 'evicted', 'evicted', 'tooLarge'])
    expect(buf.size).toBe(1)
    expect(buf.byteSize).toBe(6)
  })

  it('expire() drops old messages wherever they sit', () => {
    const { buf, drops } = rig()
    buf.push(Uint8Array.of(1), 50_000)
    const [m] = buf.takeFor(idOf(1), 50_000)
    buf.push(Uint8Array.of(2), 60_000)
    buf.push(m!, 60_000) // older message now at the tail
    expect(buf.expire(170_001)).toBe(1)
    expect(drops).toEqual(['expired'])
    expect(buf.size).toBe(1)
  })

  it('rejects nonsense bounds', () => {
    expect(() => new FallbackBuffer({ maxEntries: 0 })).toThrow(RangeError)
  })
})
