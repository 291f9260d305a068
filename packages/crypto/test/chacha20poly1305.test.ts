/**
 * ChaCha20-Poly1305 against RFC 8439 and Wycheproof chacha20_poly1305_test.json for both
 * providers, plus cross-provider seal/open.
 *
 * The provider exposes only the AEAD. RFC 8439's ChaCha20 block/encryption vectors are still
 * reached through it when their block counter is ≥ 1: the AEAD encrypts with counter 1 onward,
 * so the keystream for block c is `seal(key, nonce, zeros(64·c))[64·(c−1) .. 64·c]`. Vectors
 * with counter 0 (that block only feeds the Poly1305 key), the raw Poly1305 vectors and the
 * Poly1305 key-generation vectors have no route through the AEAD API and are not run here.
 */
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { providerPairs, providers, type WycheproofFile, type WycheproofTest } from './providers.js'

interface Rfc8439File {
  chacha20_block: Array<{ source: string; key: string; nonce: string; counter: string; keystream: string }>
  chacha20_encrypt: Array<{ source: string; key: string; nonce: string; counter: string; plaintext: string; ciphertext: string }>
  aead_chacha20_poly1305: Array<{ source: string; key: string; nonce: string; aad: string; plaintext: string; ciphertext: string; tag: string }>
}
interface AeadGroup {
  ivSize: string
  tests: Array<WycheproofTest & { key: string; iv: string; aad: string; msg: string; ct: string; tag: string }>
}

const rfc8439 = loadJsonVectors<Rfc8439File>('rfc8439', 'rfc8439.json')
const wycheproof = loadJsonVectors<WycheproofFile<AeadGroup>>('wycheproof', 'chacha20_poly1305_test.json')
const BLOCK_BYTES = 64

describe.each(providers)('ChaCha20-Poly1305 $name', (p) => {
  const aead = p.chacha20poly1305

  it.each(rfc8439.aead_chacha20_poly1305)('$source', (v) => {
    const key = hex(v.key)
    const nonce = hex(v.nonce)
    const aad = hex(v.aad)
    const sealed = aead.seal(key, nonce, hex(v.plaintext), aad)
    expect(toHex(sealed)).toBe(v.ciphertext + v.tag)
    expect(toHex(aead.open(key, nonce, sealed, aad)!)).toBe(v.plaintext)
    expect(aead.open(key, nonce, sealed, hex(v.aad.slice(2)))).toBeNull() // AAD changed
  })

  it('RFC 8439 §2.3.2/A.1 ChaCha20 blocks with counter ≥ 1, via the AEAD keystream', () => {
    const reachable = rfc8439.chacha20_block.filter((v) => Number(v.counter) >= 1)
    expect(reachable).toHaveLength(4)
    for (const v of reachable) {
      const c = Number(v.counter)
      const sealed = aead.seal(hex(v.key), hex(v.nonce), new Uint8Array(BLOCK_BYTES * c))
      expect(toHex(sealed.subarray(BLOCK_BYTES * (c - 1), BLOCK_BYTES * c)), v.source).toBe(v.keystream)
    }
  })

  it('RFC 8439 §2.4.2/A.2 ChaCha20 encryption with counter ≥ 1, via the AEAD', () => {
    const reachable = rfc8439.chacha20_encrypt.filter((v) => Number(v.counter) >= 1)
    expect(reachable).toHaveLength(3)
    for (const v of reachable) {
      const skip = BLOCK_BYTES * (Number(v.counter) - 1)
      const plaintext = hex(v.plaintext)
      const input = new Uint8Array(skip + plaintext.length)
      input.set(plaintext, skip)
      const sealed = aead.seal(hex(v.key), hex(v.nonce), input)
      expect(toHex(sealed.subarray(skip, skip + plaintext.length)), v.source).toBe(v.ciphertext)
    }
  })

  it('Wycheproof chacha20_poly1305_test.json: 12-byte-nonce cases match; other nonce sizes are RangeErrors', () => {
    let valid = 0
    let invalid = 0
    let otherNonce = 0
    for (const group of wycheproof.testGroups) {
      for (const t of group.tests) {
        const label = `tcId ${t.tcId} ${t.comment}`
        const key = hex(t.key)
        const iv = hex(t.iv)
        const aad = hex(t.aad)
        if (iv.length !== 12) {
          expect(t.result, label).toBe('invalid')
          expect(() => aead.seal(key, iv, hex(t.msg), aad), label).toThrow(RangeError)
          otherNonce++
          continue
        }
        const opened = aead.open(key, iv, hex(t.ct + t.tag), aad)
        if (t.result === 'valid') {
          expect(toHex(aead.seal(key, iv, hex(t.msg), aad)), label).toBe(t.ct + t.tag)
          expect(opened && toHex(opened), label).toBe(t.msg)
          valid++
        } else {
          expect(t.result, label).toBe('invalid')
          expect(opened, label).toBeNull()
          invalid++
        }
      }
    }
    expect({ valid, invalid, otherNonce }).toEqual({ valid: 256, invalid: 60, otherNonce: 9 })
  })

  it('open returns null (never throws) for short or tampered input', () => {
    const key = new Uint8Array(32).fill(7)
    const nonce = new Uint8Array(12).fill(1)
    const sealed = aead.seal(key, nonce, new TextEncoder().encode('attack at dawn'))
    for (let len = 0; len < 16; len++) expect(aead.open(key, nonce, sealed.subarray(0, len))).toBeNull()
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice()
      bad[i]! ^= 0x80
      expect(aead.open(key, nonce, bad)).toBeNull()
    }
    expect(aead.open(key, nonce, sealed)).toEqual(new TextEncoder().encode('attack at dawn'))
    expect(aead.open(key, nonce, aead.seal(key, nonce, new Uint8Array(0)))).toEqual(new Uint8Array(0))
  })

  it('undefined and empty associated data are the same', () => {
    const key = new Uint8Array(32).fill(2)
    const nonce = new Uint8Array(12)
    const pt = Uint8Array.of(1, 2, 3)
    expect(aead.seal(key, nonce, pt)).toEqual(aead.seal(key, nonce, pt, new Uint8Array(0)))
  })

  it('rejects wrong key/nonce lengths with RangeError and non-arrays with TypeError', () => {
    expect(() => aead.seal(new Uint8Array(31), new Uint8Array(12), new Uint8Array(1))).toThrow(RangeError)
    expect(() => aead.open(new Uint8Array(32), new Uint8Array(24), new Uint8Array(32))).toThrow(RangeError)
    expect(() => aead.seal(new Uint8Array(32), new Uint8Array(12), 'x' as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => aead.seal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1), [] as unknown as Uint8Array)).toThrow(TypeError)
  })
})

describe('ChaCha20-Poly1305 interop (fast-check)', () => {
  it.each(providerPairs)('%s: seal with one, open with the other; identical ciphertexts', (_label, a, b) => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 600 }),
        fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
        fc.nat(),
        (key, nonce, plaintext, aad, flip) => {
          const sealed = a.chacha20poly1305.seal(key, nonce, plaintext, aad)
          expect(b.chacha20poly1305.seal(key, nonce, plaintext, aad)).toEqual(sealed)
          const opened = b.chacha20poly1305.open(key, nonce, sealed, aad)
          expect(opened).toEqual(plaintext)
          expect(Object.getPrototypeOf(opened)).toBe(Uint8Array.prototype)
          const bad = sealed.slice()
          bad[flip % bad.length]! ^= 1 << flip % 8
          expect(a.chacha20poly1305.open(key, nonce, bad, aad)).toBeNull()
          expect(b.chacha20poly1305.open(key, nonce, bad, aad)).toBeNull()
        },
      ),
      { numRuns: 150 },
    )
  })
})
