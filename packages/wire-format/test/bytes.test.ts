/** Shared byte helpers (src/packet/bytes.ts). */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  bytesToHex,
  concatBytes,
  decodePacket,
  equalBytes,
  hexToBytes,
  isBytes,
  utf8DecodeStrict,
  utf8Encode,
} from '../src/packet/index.js'

describe('byte helpers', () => {
  it('hex round-trips and agrees with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = bytesToHex(bytes)
        expect(h).toBe(Buffer.from(bytes).toString('hex'))
        expect(equalBytes(hexToBytes(h), bytes)).toBe(true)
        expect(equalBytes(hexToBytes(h.toUpperCase()), bytes)).toBe(true)
      }),
    )
  })

  it('hexToBytes rejects odd length and non-hex characters', () => {
    expect(() => hexToBytes('abc')).toThrow(TypeError)
    expect(() => hexToBytes('0g')).toThrow(TypeError)
    expect(() => hexToBytes(' 0')).toThrow(TypeError)
  })

  it('utf8DecodeStrict rejects malformed UTF-8 with DecodeError BAD_UTF8', () => {
    expect(utf8DecodeStrict(utf8Encode('héllo 🎉'))).toBe('héllo 🎉')
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(() => utf8DecodeStrict(Uint8Array.from(bad))).toThrowError(
        expect.objectContaining({ name: 'DecodeError', reason: 'BAD_UTF8', code: 'DECODE_ERROR' }),
      )
    }
    // a BOM is kept, not stripped
    expect(utf8DecodeStrict(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA')
  })

  it('concatBytes always returns a fresh array; equalBytes compares length and content', () => {
    const a = Uint8Array.from([1, 2])
    const joined = concatBytes(a)
    expect(joined).not.toBe(a)
    expect(concatBytes(a, Uint8Array.from([3]), new Uint8Array(0))).toEqual(Uint8Array.from([1, 2, 3]))
    expect(concatBytes()).toEqual(new Uint8Array(0))
    expect(equalBytes(a, Uint8Array.from([1, 2]))).toBe(true)
    expect(equalBytes(a, Uint8Array.from([1, 3]))).toBe(false)
    expect(equalBytes(a, Uint8Array.from([1, 2, 3]))).toBe(false)
  })

  it('isBytes accepts Uint8Arrays from other realms and rejects look-alikes', () => {
    const foreign = runInNewContext('new Uint8Array([1, 2, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])') as Uint8Array
    expect(foreign instanceof Uint8Array).toBe(false)
    expect(isBytes(foreign)).toBe(true)
    expect(isBytes(Buffer.from([1]))).toBe(true)
    expect(isBytes(new Uint16Array(2))).toBe(false)
    expect(isBytes([1, 2])).toBe(false)
    expect(isBytes(null)).toBe(false)
    expect(decodePacket(foreign).type).toBe(2)
  })

  it('bytesToHex handles inputs longer than one chunk (4 096 bytes) and the empty array', () => {
    const big = new Uint8Array(10_001).map((_, i) => (i * 31 + 7) & 0xff)
    const hexText = bytesToHex(big)
    expect(hexText.length).toBe(20_002)
    expect(hexText.slice(8_190, 8_196)).toBe(bytesToHex(big.subarray(4_095, 4_098)))
    expect(hexToBytes(hexText)).toEqual(big)
    expect(bytesToHex(new Uint8Array(0))).toBe('')
  })
})

