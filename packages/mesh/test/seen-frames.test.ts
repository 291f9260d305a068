import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { frameDigest, SeenFrames } from '../src/seen-frames.js'

describe('frameDigest', () => {
  it('ignores the TTL byte and the IS_RSR flag, as relays and sync replays change only those', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 14, maxLength: 600 }), fc.integer({ min: 0, max: 255 }), (frame, ttl) => {
        const copy = frame.slice()
        copy[2] = ttl
        copy[11] = copy[11]! ^ 0x10
        expect(frameDigest(copy)).toBe(frameDigest(frame))
      }),
    )
  })

  it('changes when any other byte changes (no collision over single-byte edits of random frames)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 14, maxLength: 600 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (frame, at, delta) => {
        const i = at % frame.length
        if (i === 2) return
        const edited = frame.slice()
        edited[i] = i === 11 ? edited[i]! ^ (delta & ~0x10 || 1) : (edited[i]! + delta) & 0xff
        expect(frameDigest(edited)).not.toBe(frameDigest(frame))
      }),
    )
  })

  it('is a non-negative safe integer and depends on the length (trailing zero bytes)', () => {
    const a = new Uint8Array(64)
    const b = new Uint8Array(65)
    expect(Number.isSafeInteger(frameDigest(a)) && frameDigest(a) >= 0).toBe(true)
    expect(frameDigest(a)).not.toBe(frameDigest(b))
  })
})

describe('SeenFrames', () => {
  it('keeps at most its capacity, forgetting the oldest first', () => {
    const seen = new SeenFrames(3)
    for (let d = 1; d <= 5; d++) seen.add(d, { key: `k${d}`, sender: 's' })
    expect(seen.size).toBe(3)
    expect(seen.get(1)).toBeUndefined()
    expect(seen.get(2)).toBeUndefined()
    expect(seen.get(5)?.key).toBe('k5')
  })

  it('does not replace an entry (the first accepted packet owns its digest)', () => {
    const seen = new SeenFrames(4)
    seen.add(7, { key: 'first', sender: 'a' })
    seen.add(7, { key: 'second', sender: 'b' })
    expect(seen.get(7)?.key).toBe('first')
    seen.clear()
    expect(seen.size).toBe(0)
  })

  it('refuses a capacity below 1', () => {
    expect(() => new SeenFrames(0)).toThrow(RangeError)
  })
})
