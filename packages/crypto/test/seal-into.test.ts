/**
 * The optional `sealInto` of both AEAD providers: byte for byte `seal`'s output, written at an
 * offset into a caller's buffer without touching the bytes around it.
 */
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { providers } from './providers.js'

interface Rfc8439File {
  aead_chacha20_poly1305: Array<{ source: string; key: string; nonce: string; aad: string; plaintext: string; ciphertext: string; tag: string }>
}

const rfc8439 = loadJsonVectors<Rfc8439File>('rfc8439', 'rfc8439.json')
const TAG_BYTES = 16
const MAX_BYTES = 64 * 1024
const GUARD = 0xa5

describe.each(providers)('ChaCha20-Poly1305 sealInto $name', (p) => {
  const aead = p.chacha20poly1305
  const sealInto = aead.sealInto!.bind(aead)

  it('is implemented', () => {
    expect(typeof aead.sealInto).toBe('function')
  })

  it.each(rfc8439.aead_chacha20_poly1305)('$source at offset 7', (v) => {
    const pt = hex(v.plaintext)
    const out = new Uint8Array(7 + pt.length + TAG_BYTES + 3).fill(GUARD)
    expect(sealInto(hex(v.key), hex(v.nonce), pt, hex(v.aad), out, 7)).toBe(pt.length + TAG_BYTES)
    expect(toHex(out.subarray(7, 7 + pt.length + TAG_BYTES))).toBe(v.ciphertext + v.tag)
    expect([...out.subarray(0, 7), ...out.subarray(7 + pt.length + TAG_BYTES)].every((b) => b === GUARD)).toBe(true)
  })

  it('equals seal byte for byte at any size and offset, leaving other bytes alone (property)', () => {
    const size = fc.oneof(fc.constantFrom(0, 1, 63, 64, 65, MAX_BYTES), fc.integer({ min: 0, max: 4096 }))
    const offset = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }))
    const ad = fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined })
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        size,
        offset,
        fc.nat({ max: 8 }),
        ad,
        fc.integer({ min: 0, max: 255 }),
        (key, nonce, length, off, slack, aad, seed) => {
          const pt = Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff)
          const expected = aead.seal(key, nonce, pt, aad)
          const out = new Uint8Array(off + expected.length + slack).fill(GUARD)
          expect(sealInto(key, nonce, pt, aad, out, off)).toBe(expected.length)
          expect(Buffer.from(out.subarray(off, off + expected.length)).equals(Buffer.from(expected))).toBe(true)
          expect(out.subarray(0, off).every((b) => b === GUARD)).toBe(true)
          expect(out.subarray(off + expected.length).every((b) => b === GUARD)).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('writes into a view with a non-zero byteOffset', () => {
    const key = new Uint8Array(32).fill(1)
    const nonce = new Uint8Array(12).fill(2)
    const pt = new Uint8Array(100).fill(3)
    const backing = new Uint8Array(300).fill(GUARD)
    const view = backing.subarray(50, 250)
    expect(sealInto(key, nonce, pt, undefined, view, 5)).toBe(116)
    expect(toHex(backing.subarray(55, 171))).toBe(toHex(aead.seal(key, nonce, pt)))
    expect(backing.subarray(0, 55).every((b) => b === GUARD) && backing.subarray(171).every((b) => b === GUARD)).toBe(true)
  })

  it('encrypts in place (plaintext already at the destination) and opens back', () => {
    const key = new Uint8Array(32).fill(9)
    const nonce = new Uint8Array(12).fill(8)
    const pt = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff)
    const expected = aead.seal(key, nonce, pt)
    const buf = new Uint8Array(4 + pt.length + TAG_BYTES)
    buf.set(pt, 4)
    sealInto(key, nonce, buf.subarray(4, 4 + pt.length), undefined, buf, 4)
    expect(toHex(buf.subarray(4))).toBe(toHex(expected))
    expect(toHex(aead.open(key, nonce, buf.subarray(4))!)).toBe(toHex(pt))
  })

  it('throws RangeError, writing nothing, when output is too small or the offset is bad', () => {
    const key = new Uint8Array(32)
    const nonce = new Uint8Array(12)
    const pt = new Uint8Array(10)
    for (const [size, off] of [
      [25, 0],
      [26, 1],
      [0, 0],
      [26, 27],
      [100, -1],
      [100, 1.5],
      [100, Number.NaN],
    ] as const) {
      const out = new Uint8Array(size).fill(GUARD)
      expect(() => sealInto(key, nonce, pt, undefined, out, off), `${size}@${off}`).toThrow(RangeError)
      expect(out.every((b) => b === GUARD)).toBe(true)
    }
    // Exactly enough room is accepted.
    expect(sealInto(key, nonce, pt, undefined, new Uint8Array(27), 1)).toBe(26)
  })

  it('checks its other arguments like seal', () => {
    const out = new Uint8Array(64)
    expect(() => sealInto(new Uint8Array(31), new Uint8Array(12), new Uint8Array(1), undefined, out, 0)).toThrow(RangeError)
    expect(() => sealInto(new Uint8Array(32), new Uint8Array(11), new Uint8Array(1), undefined, out, 0)).toThrow(RangeError)
    expect(() => sealInto(new Uint8Array(32), new Uint8Array(12), [1] as unknown as Uint8Array, undefined, out, 0)).toThrow(TypeError)
    expect(() => sealInto(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1), 'x' as unknown as Uint8Array, out, 0)).toThrow(TypeError)
    expect(() => sealInto(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1), undefined, [] as unknown as Uint8Array, 0)).toThrow(TypeError)
  })
})
