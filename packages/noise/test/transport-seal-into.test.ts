/**
 * `BitchatTransport.encrypt` with and without the provider's optional `sealInto`: the frames must
 * be identical, so the one-allocation path is purely an optimisation.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { toHex } from '@bitmesh-internal/test-vectors'
import type { AeadProvider, CryptoProvider } from '@bitmesh/interface'
import { BitchatTransport, CipherState, TRANSPORT_OVERHEAD_BYTES } from '../src/index.js'
import { node, noble, providers } from './helpers/providers.js'

/** The same provider with `sealInto` hidden, forcing the seal-and-copy fallback. */
function withoutSealInto(crypto: CryptoProvider): CryptoProvider {
  const inner = crypto.chacha20poly1305
  const aead: AeadProvider = {
    seal: (k, n, p, ad) => inner.seal(k, n, p, ad),
    open: (k, n, c, ad) => inner.open(k, n, c, ad),
  }
  return { ...crypto, name: `${crypto.name} (no sealInto)`, chacha20poly1305: aead }
}

/** The same provider counting `seal` and `sealInto` calls. */
function counting(crypto: CryptoProvider): { crypto: CryptoProvider; calls: { seal: number; sealInto: number } } {
  const inner = crypto.chacha20poly1305
  const calls = { seal: 0, sealInto: 0 }
  const aead: AeadProvider = {
    seal: (k, n, p, ad) => (calls.seal++, inner.seal(k, n, p, ad)),
    open: (k, n, c, ad) => inner.open(k, n, c, ad),
  }
  if (inner.sealInto) {
    const sealInto = inner.sealInto.bind(inner)
    aead.sealInto = (k, n, p, ad, o, off) => (calls.sealInto++, sealInto(k, n, p, ad, o, off))
  }
  return { crypto: { ...crypto, chacha20poly1305: aead }, calls }
}

function transport(crypto: CryptoProvider, key: Uint8Array): BitchatTransport {
  return new BitchatTransport({ send: new CipherState(crypto, key), receive: new CipherState(crypto, key.map((x) => x ^ 0xff)) })
}

for (const crypto of providers) {
  describe(`BitchatTransport sealInto path [${crypto.name}]`, () => {
    it('uses sealInto when the provider has it, seal otherwise', () => {
      const key = new Uint8Array(32).fill(7)
      const on = counting(crypto)
      transport(on.crypto, key).encrypt(new Uint8Array(10))
      const has = crypto.chacha20poly1305.sealInto !== undefined
      // Both @bitmesh/crypto providers implement it; only the independent test provider lacks it.
      expect(has).toBe(crypto === noble || crypto === node)
      expect(on.calls).toEqual(has ? { seal: 0, sealInto: 1 } : { seal: 1, sealInto: 0 })
      const off = counting(withoutSealInto(crypto))
      transport(off.crypto, key).encrypt(new Uint8Array(10))
      expect(off.calls).toEqual({ seal: 1, sealInto: 0 })
    })

    it('frames are identical with and without sealInto, and decrypt on either side (property)', () => {
      const plain = withoutSealInto(crypto)
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.array(fc.oneof(fc.constantFrom(0, 1, 65_535), fc.integer({ min: 0, max: 2048 })), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 0, max: 255 }),
          (key, sizes, seed) => {
            const fast = transport(crypto, key)
            const slow = transport(plain, key)
            // The peer receives with our send key; it decrypts through the provider's plain `open`.
            const peerSwapped = new BitchatTransport({ send: new CipherState(plain, key.map((x) => x ^ 0xff)), receive: new CipherState(crypto, key) })
            for (const size of sizes) {
              const pt = Uint8Array.from({ length: size }, (_, i) => (i * 13 + seed) & 0xff)
              const a = fast.encrypt(pt)
              const b = slow.encrypt(pt)
              expect(a.length).toBe(size + TRANSPORT_OVERHEAD_BYTES)
              expect(toHex(a)).toBe(toHex(b))
              expect(toHex(peerSwapped.decrypt(a))).toBe(toHex(pt))
            }
          },
        ),
        { numRuns: 25 },
      )
    })

    it('CipherState.encryptWithAdInto: RangeError on a short output leaves the counter, both paths', () => {
      for (const c of [crypto, withoutSealInto(crypto)]) {
        const cs = new CipherState(c, new Uint8Array(32).fill(3))
        const out = new Uint8Array(4 + 10 + 15).fill(0xee)
        expect(() => cs.encryptWithAdInto(new Uint8Array(0), new Uint8Array(10), out, 4), c.name).toThrow(RangeError)
        expect(() => cs.encryptWithAdInto(new Uint8Array(0), new Uint8Array(10), new Uint8Array(40), -1), c.name).toThrow(RangeError)
        expect(out.every((b) => b === 0xee)).toBe(true)
        expect(cs.nonce).toBe(0)
        const ok = new Uint8Array(4 + 10 + 16)
        expect(cs.encryptWithAdInto(new Uint8Array(0), new Uint8Array(10), ok, 4)).toBe(26)
        expect(cs.nonce).toBe(1)
        expect(() => new CipherState(c).encryptWithAdInto(new Uint8Array(0), new Uint8Array(1), ok, 0)).toThrow(TypeError)
      }
    })
  })
}
