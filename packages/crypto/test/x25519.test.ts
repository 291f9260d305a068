/**
 * X25519 against RFC 7748 §5.2/§6.1 and Wycheproof x25519_test.json for both providers, the
 * low-order policy, and cross-provider Diffie-Hellman agreement.
 *
 * Wycheproof "acceptable" here means the library may either compute the listed value or refuse
 * the key. Our policy leaves no such freedom: a case whose listed shared secret is all zeros
 * (a low-order public key) must throw CryptoError('CRYPTO_ERROR'); every other case must
 * produce the listed secret. Both providers are held to that.
 */
import { isBitMeshError } from '@bitmesh/interface'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { providerPairs, providers, thrown, type WycheproofFile, type WycheproofTest } from './providers.js'

interface Rfc7748File {
  x25519_scalarmult: Array<{ source: string; scalar: string; u: string; output: string }>
  x25519_iterated: { start: string; after: Record<string, string> }
  x25519_dh: Array<{ alice_private: string; alice_public: string; bob_private: string; bob_public: string; shared: string }>
}
interface XGroup {
  tests: Array<WycheproofTest & { public: string; private: string; shared: string }>
}

const rfc7748 = loadJsonVectors<Rfc7748File>('rfc7748', 'rfc7748.json')
const wycheproof = loadJsonVectors<WycheproofFile<XGroup>>('wycheproof', 'x25519_test.json')
const ALL_ZERO = '00'.repeat(32)

function expectLowOrderError(error: unknown): void {
  expect(isBitMeshError(error)).toBe(true)
  expect((error as { code: string }).code).toBe('CRYPTO_ERROR')
  expect((error as Error).name).toBe('CryptoError')
}

describe.each(providers)('X25519 $name', (p) => {
  it.each(rfc7748.x25519_scalarmult)('$source', (v) => {
    expect(toHex(p.x25519.sharedSecret(hex(v.scalar), hex(v.u)))).toBe(v.output)
  })

  it('RFC 7748 §6.1 Diffie-Hellman: public keys and the shared secret', () => {
    for (const v of rfc7748.x25519_dh) {
      expect(toHex(p.x25519.getPublicKey(hex(v.alice_private)))).toBe(v.alice_public)
      expect(toHex(p.x25519.getPublicKey(hex(v.bob_private)))).toBe(v.bob_public)
      expect(toHex(p.x25519.sharedSecret(hex(v.alice_private), hex(v.bob_public)))).toBe(v.shared)
      expect(toHex(p.x25519.sharedSecret(hex(v.bob_private), hex(v.alice_public)))).toBe(v.shared)
    }
  })

  it('RFC 7748 §5.2 iterated: after 1 and 1,000 iterations', () => {
    let k = hex(rfc7748.x25519_iterated.start)
    let u = k
    for (let i = 1; i <= 1000; i++) {
      const next = p.x25519.sharedSecret(k, u)
      u = k
      k = next
      if (i === 1) expect(toHex(k)).toBe(rfc7748.x25519_iterated.after['1'])
    }
    expect(toHex(k)).toBe(rfc7748.x25519_iterated.after['1000'])
  })

  it('Wycheproof x25519_test.json: valid computes; acceptable computes or (iff all-zero) throws CRYPTO_ERROR', () => {
    const counts = { valid: 0, acceptableComputed: 0, acceptableRejected: 0 }
    for (const group of wycheproof.testGroups) {
      for (const t of group.tests) {
        const label = `tcId ${t.tcId} ${t.comment}`
        expect(t.result, label).not.toBe('invalid')
        if (t.shared === ALL_ZERO) {
          expect(t.result, label).toBe('acceptable')
          expectLowOrderError(thrown(() => p.x25519.sharedSecret(hex(t.private), hex(t.public))))
          counts.acceptableRejected++
        } else {
          expect(toHex(p.x25519.sharedSecret(hex(t.private), hex(t.public))), label).toBe(t.shared)
          if (t.result === 'valid') counts.valid++
          else counts.acceptableComputed++
        }
      }
    }
    expect(counts).toEqual({ valid: 264, acceptableComputed: 223, acceptableRejected: 31 })
  })

  it('refuses the textbook low-order points, including non-canonical and top-bit-set encodings', () => {
    const p25519 = 2n ** 255n - 19n
    const u = (n: bigint, topBit = false): Uint8Array => {
      const out = new Uint8Array(32)
      for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
      if (topBit) out[31]! |= 0x80
      return out
    }
    const lowOrder = [0n, 1n, p25519 - 1n, p25519, p25519 + 1n]
    const priv = p.randomBytes(32)
    for (const n of lowOrder) {
      for (const top of [false, true]) {
        if (n >= p25519 && top) continue // would exceed 2^256
        expectLowOrderError(thrown(() => p.x25519.sharedSecret(priv, u(n, top))))
      }
    }
  })

  it('rejects wrong key lengths with RangeError', () => {
    expect(() => p.x25519.sharedSecret(new Uint8Array(31), new Uint8Array(32).fill(9))).toThrow(RangeError)
    expect(() => p.x25519.sharedSecret(new Uint8Array(32), new Uint8Array(33))).toThrow(RangeError)
    expect(() => p.x25519.getPublicKey(new Uint8Array(0))).toThrow(RangeError)
  })
})

describe('X25519 interop (fast-check)', () => {
  it.each(providerPairs)('%s: same public keys and shared secret', (_label, a, b) => {
    const key = fc.uint8Array({ minLength: 32, maxLength: 32 })
    fc.assert(
      fc.property(key, key, (alice, bob) => {
        const alicePub = a.x25519.getPublicKey(alice)
        const bobPub = b.x25519.getPublicKey(bob)
        expect(b.x25519.getPublicKey(alice)).toEqual(alicePub)
        const s1 = a.x25519.sharedSecret(alice, bobPub)
        const s2 = b.x25519.sharedSecret(bob, alicePub)
        expect(s2).toEqual(s1)
        expect(Object.getPrototypeOf(s2)).toBe(Uint8Array.prototype)
      }),
      { numRuns: 40 },
    )
  })

  it('both providers agree (value or low-order refusal) on arbitrary public keys', () => {
    const [noble, node] = providers as [(typeof providers)[number], (typeof providers)[number]]
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (priv, pub) => {
        expect(node.x25519.sharedSecret(priv, pub)).toEqual(noble.x25519.sharedSecret(priv, pub))
      }),
      { numRuns: 40 },
    )
  })
})

describe.skipIf(process.env.BITMESH_SLOW !== '1')('X25519 slow (BITMESH_SLOW=1)', () => {
  it('RFC 7748 §5.2 iterated 1,000,000 times (node provider only; minutes)', () => {
    const p = providers[1]!
    let k = hex(rfc7748.x25519_iterated.start)
    let u = k
    for (let i = 0; i < 1_000_000; i++) {
      const next = p.x25519.sharedSecret(k, u)
      u = k
      k = next
    }
    expect(toHex(k)).toBe(rfc7748.x25519_iterated.after['1000000'])
  }, 3_600_000)
})
