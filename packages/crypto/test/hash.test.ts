/**
 * SHA-256 (NIST CAVP SHAVS), HMAC-SHA256 and HKDF-SHA256 (Wycheproof; HKDF tcId 1-3 are
 * RFC 5869 A.1-A.3) for both providers, and cross-provider agreement on random inputs.
 */
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { providers, type WycheproofFile, type WycheproofTest } from './providers.js'

interface CavpFile {
  short_msg: Array<{ len_bits: number; msg: string; md: string }>
  long_msg_first8: Array<{ len_bits: number; msg: string; md: string }>
}
interface HmacGroup {
  tagSize: string
  tests: Array<WycheproofTest & { key: string; msg: string; tag: string }>
}
interface HkdfGroup {
  tests: Array<WycheproofTest & { ikm: string; salt: string; info: string; size: number; okm: string }>
}

const cavp = loadJsonVectors<CavpFile>('sha256-nist', 'sha256-cavp.json')
const hmacFile = loadJsonVectors<WycheproofFile<HmacGroup>>('wycheproof', 'hmac_sha256_test.json')
const hkdfFile = loadJsonVectors<WycheproofFile<HkdfGroup>>('wycheproof', 'hkdf_sha256_test.json')

describe.each(providers)('hashes $name', (p) => {
  it('SHA-256 NIST CAVP SHA256ShortMsg (65) and first 8 of SHA256LongMsg', () => {
    expect(cavp.short_msg).toHaveLength(65)
    expect(cavp.long_msg_first8).toHaveLength(8)
    for (const v of [...cavp.short_msg, ...cavp.long_msg_first8]) {
      const msg = hex(v.msg)
      expect(msg.length * 8).toBe(v.len_bits)
      expect(toHex(p.sha256(msg)), `Len = ${v.len_bits}`).toBe(v.md)
    }
  })

  it('Wycheproof hmac_sha256_test.json: valid tags match, invalid (modified/truncated) do not', () => {
    let valid = 0
    let invalid = 0
    for (const group of hmacFile.testGroups) {
      const tagBytes = Number(group.tagSize) / 8
      for (const t of group.tests) {
        const tag = toHex(p.hmacSha256(hex(t.key), hex(t.msg)).subarray(0, tagBytes))
        if (t.result === 'valid') {
          expect(tag, `tcId ${t.tcId}`).toBe(t.tag)
          valid++
        } else {
          expect(t.result).toBe('invalid')
          expect(tag, `tcId ${t.tcId} ${t.comment}`).not.toBe(t.tag)
          invalid++
        }
      }
    }
    expect({ valid, invalid }).toEqual({ valid: 66, invalid: 108 })
  })

  it('Wycheproof hkdf_sha256_test.json: valid outputs match; oversize requests are RangeErrors', () => {
    let valid = 0
    let invalid = 0
    for (const group of hkdfFile.testGroups) {
      for (const t of group.tests) {
        const run = (): Uint8Array => p.hkdfSha256(hex(t.ikm), hex(t.salt), hex(t.info), t.size)
        if (t.result === 'valid') {
          expect(toHex(run()), `tcId ${t.tcId} ${t.comment}`).toBe(t.okm)
          valid++
        } else {
          expect(t.size, `tcId ${t.tcId}`).toBeGreaterThan(255 * 32)
          expect(run, `tcId ${t.tcId}`).toThrow(RangeError)
          invalid++
        }
      }
    }
    expect({ valid, invalid }).toEqual({ valid: 83, invalid: 3 })
  })

  it('HKDF output length bounds: 0 and 8160 allowed; -1, 8161, 1.5 refused', () => {
    const z = new Uint8Array(0)
    expect(p.hkdfSha256(z, z, z, 0)).toEqual(new Uint8Array(0))
    expect(p.hkdfSha256(z, z, z, 8160)).toHaveLength(8160)
    for (const bad of [-1, 8161, 1.5, Number.NaN]) expect(() => p.hkdfSha256(z, z, z, bad)).toThrow(RangeError)
  })

  it('digests are plain Uint8Arrays', () => {
    expect(Object.getPrototypeOf(p.sha256(new Uint8Array(1)))).toBe(Uint8Array.prototype)
    expect(Object.getPrototypeOf(p.hmacSha256(new Uint8Array(1), new Uint8Array(1)))).toBe(Uint8Array.prototype)
    expect(Object.getPrototypeOf(p.hkdfSha256(new Uint8Array(1), new Uint8Array(0), new Uint8Array(0), 32))).toBe(Uint8Array.prototype)
  })
})

describe('hash interop (fast-check)', () => {
  const [noble, node] = providers as [(typeof providers)[number], (typeof providers)[number]]
  const bytes = (max: number) => fc.uint8Array({ maxLength: max })

  it('SHA-256 and HMAC-SHA256 agree on random inputs', () => {
    fc.assert(
      fc.property(bytes(200), bytes(200), (key, data) => {
        expect(node.sha256(data)).toEqual(noble.sha256(data))
        expect(node.hmacSha256(key, data)).toEqual(noble.hmacSha256(key, data))
      }),
      { numRuns: 200 },
    )
  })

  it('HKDF agrees on random inputs, including info longer than node:crypto hkdfSync accepts (1024 B)', () => {
    fc.assert(
      fc.property(bytes(80), bytes(80), fc.oneof(bytes(64), fc.uint8Array({ minLength: 1020, maxLength: 3000 })), fc.integer({ min: 0, max: 600 }), (ikm, salt, info, length) => {
        expect(node.hkdfSha256(ikm, salt, info, length)).toEqual(noble.hkdfSha256(ikm, salt, info, length))
      }),
      { numRuns: 150 },
    )
  })
})
