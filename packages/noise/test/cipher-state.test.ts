import { describe, expect, it } from 'vitest'
import { toHex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { CipherState, MAX_CIPHER_NONCE } from '../src/index.js'
import { providers } from './helpers/providers.js'

const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const ad = new Uint8Array([9, 8, 7])
const pt = new Uint8Array([1, 2, 3, 4, 5])

/** 4 zero bytes ‖ n as 8-byte little endian. */
function nonce12(n: bigint): Uint8Array {
  const out = new Uint8Array(12)
  for (let i = 0; i < 8; i++) out[4 + i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}

for (const crypto of providers) {
  describe(`CipherState [${crypto.name}]`, () => {
    it('without a key, encrypt and decrypt are the identity (Noise §5.1)', () => {
      const cs = new CipherState(crypto)
      expect(cs.hasKey()).toBe(false)
      expect(cs.encryptWithAd(ad, pt)).toBe(pt)
      expect(cs.decryptWithAd(ad, pt)).toBe(pt)
      expect(cs.nonce).toBe(0)
    })

    it('uses nonce = 4 zero bytes ‖ 8-byte little-endian counter and advances it', () => {
      const cs = new CipherState(crypto, key)
      for (const n of [0n, 1n, 2n]) {
        expect(toHex(cs.encryptWithAd(ad, pt))).toBe(toHex(crypto.chacha20poly1305.seal(key, nonce12(n), pt, ad)))
      }
      expect(cs.nonce).toBe(3)
      // High counters: both 32-bit halves are encoded.
      for (const n of [0xffff_ffff, 0x1_0000_0000, 0x1_2345_6789_abcd, MAX_CIPHER_NONCE]) {
        cs.setNonce(n)
        expect(toHex(cs.encryptWithAd(ad, pt))).toBe(toHex(crypto.chacha20poly1305.seal(key, nonce12(BigInt(n)), pt, ad)))
      }
    })

    it('copies its key: changing the caller array later has no effect', () => {
      const k = key.slice()
      const cs = new CipherState(crypto, k)
      k.fill(0)
      expect(toHex(cs.encryptWithAd(ad, pt))).toBe(toHex(crypto.chacha20poly1305.seal(key, nonce12(0n), pt, ad)))
    })

    it('decrypt round trip; a bad tag throws AUTH_FAILED and does not advance the counter', () => {
      const tx = new CipherState(crypto, key)
      const rx = new CipherState(crypto, key)
      const c0 = tx.encryptWithAd(ad, pt)
      const bad = c0.slice()
      bad[bad.length - 1]! ^= 1
      expect(rx.tryDecryptWithAd(ad, bad)).toBeNull()
      expect(() => rx.decryptWithAd(ad, bad)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
      expect(rx.tryDecryptWithAd(ad, new Uint8Array(15))).toBeNull()
      expect(rx.nonce).toBe(0)
      expect(toHex(rx.decryptWithAd(ad, c0))).toBe(toHex(pt))
      expect(rx.nonce).toBe(1)
      // wrong AD fails too
      const c1 = tx.encryptWithAd(ad, pt)
      expect(rx.tryDecryptWithAd(new Uint8Array(0), c1)).toBeNull()
    })

    it('refuses to encrypt past the last nonce (2^53−2) with CRYPTO_ERROR', () => {
      const cs = new CipherState(crypto, key)
      cs.setNonce(MAX_CIPHER_NONCE)
      cs.encryptWithAd(ad, pt)
      expect(cs.nonce).toBe(Number.MAX_SAFE_INTEGER)
      let caught: unknown
      try {
        cs.encryptWithAd(ad, pt)
      } catch (e) {
        caught = e
      }
      expect(isBitMeshError(caught) && caught.code).toBe('CRYPTO_ERROR')
      expect(() => cs.tryDecryptWithAd(ad, new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'CRYPTO_ERROR' }))
    })

    it('setNonce rejects non-integers and negatives with RangeError', () => {
      const cs = new CipherState(crypto, key)
      for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, Infinity]) expect(() => cs.setNonce(bad)).toThrow(RangeError)
    })

    it('rekey: k ← first 32 bytes of ENCRYPT(k, 2^64−1, ε, zeros(32)); the counter is kept', () => {
      const cs = new CipherState(crypto, key)
      cs.encryptWithAd(ad, pt)
      cs.rekey()
      const maxNonce = new Uint8Array([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
      const newKey = crypto.chacha20poly1305.seal(key, maxNonce, new Uint8Array(32), new Uint8Array(0)).subarray(0, 32)
      expect(cs.nonce).toBe(1)
      expect(toHex(cs.encryptWithAd(ad, pt))).toBe(toHex(crypto.chacha20poly1305.seal(newKey, nonce12(1n), pt, ad)))
      expect(() => new CipherState(crypto).rekey()).toThrow(TypeError)
    })

    it('rejects keys that are not 32 bytes', () => {
      expect(() => new CipherState(crypto, new Uint8Array(31))).toThrow(TypeError)
    })

    it('destroy zeroes the key it owns and makes the state key-less', () => {
      const seen: Uint8Array[] = []
      const spy = {
        ...crypto,
        chacha20poly1305: {
          seal: (k: Uint8Array, n: Uint8Array, p: Uint8Array, a?: Uint8Array) => {
            seen.push(k)
            return crypto.chacha20poly1305.seal(k, n, p, a)
          },
          open: crypto.chacha20poly1305.open,
        },
      }
      const cs = new CipherState(spy, key)
      cs.encryptWithAd(ad, pt)
      expect(toHex(seen[0]!)).toBe(toHex(key))
      cs.destroy()
      expect(seen[0]!.every((b) => b === 0)).toBe(true)
      expect(cs.hasKey()).toBe(false)
    })
  })
}
