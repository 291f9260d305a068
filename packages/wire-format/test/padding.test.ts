/** §1.6 MessagePadding: block choice, the 255-byte limit, and un-padding. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { blePadsType, paddedLength, padFrame, unpadFrame } from '../src/packet/index.js'

describe('paddedLength / padFrame (§1.6)', () => {
  it('picks the smallest block ≥ length + 16 and leaves frames needing > 255 bytes alone', () => {
    // [frame length, padded length]
    const cases: [number, number][] = [
      [0, 0], // 256 would need 256 pad bytes > 255 → unpadded
      [1, 256],
      [101, 256], // worked example A: 155 × 0x9B
      [240, 256],
      [241, 241], // 257 > 256 → 512 would need 271 bytes > 255 → unpadded
      [257, 512],
      [496, 512],
      [497, 497], // 1024 would need 527 → unpadded
      [769, 1024],
      [1008, 1024],
      [1793, 2048],
      [2032, 2048],
      [2033, 2033], // + 16 > 2048 → natural length
      [5000, 5000],
    ]
    for (const [length, padded] of cases) expect(paddedLength(length), `length ${length}`).toBe(padded)
  })

  it('fills with the pad count (PKCS#7 style) and unpads back', () => {
    const frame = new Uint8Array(101).fill(7)
    const padded = padFrame(frame)
    expect(padded.length).toBe(256)
    expect(padded.subarray(101).every((b) => b === 155)).toBe(true)
    expect(Buffer.from(unpadFrame(padded)).equals(Buffer.from(frame))).toBe(true)
  })

  it('returns the input itself when nothing is added, and a view when unpadding', () => {
    const big = new Uint8Array(3000)
    expect(padFrame(big)).toBe(big)
    const padded = padFrame(new Uint8Array(50))
    expect(unpadFrame(padded).buffer).toBe(padded.buffer)
  })

  it('unpad leaves invalid padding alone', () => {
    expect(unpadFrame(Uint8Array.from([1, 2, 3, 0]))).toEqual(Uint8Array.from([1, 2, 3, 0]))
    expect(unpadFrame(Uint8Array.from([1, 2, 3, 9]))).toEqual(Uint8Array.from([1, 2, 3, 9]))
    expect(unpadFrame(Uint8Array.from([1, 3, 2, 3]))).toEqual(Uint8Array.from([1, 3, 2, 3]))
    expect(unpadFrame(Uint8Array.from([1, 3, 3, 3]))).toEqual(Uint8Array.from([1]))
    expect(unpadFrame(Uint8Array.from([2, 2]))).toEqual(new Uint8Array(0))
    expect(unpadFrame(new Uint8Array(0))).toEqual(new Uint8Array(0))
  })

  it('pad then unpad is the identity for frames that do not end in valid padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2100 }), (frame) => {
        const padded = padFrame(frame)
        expect(padded.length).toBe(paddedLength(frame.length))
        if (padded.length > frame.length) {
          expect(Buffer.from(unpadFrame(padded)).equals(Buffer.from(frame))).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('blePadsType', () => {
  it('pads only Noise handshake and Noise encrypted', () => {
    const padded = [...Array(256).keys()].filter(blePadsType)
    expect(padded).toEqual([0x10, 0x11])
  })
})
