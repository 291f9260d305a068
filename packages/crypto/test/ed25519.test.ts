/**
 * Ed25519 against RFC 8032 §7.1, the Ed25519 reference sign.input (first 128 lines) and
 * Wycheproof ed25519_test.json, for both providers; plus the policy edge cases where strict
 * RFC 8032 implementations disagree, and cross-provider interop.
 */
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import { ed25519 as nobleEd } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { verify as rawNodeVerify, createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { labelledProviders, providerPairs, providers, uncachedProviders, type WycheproofFile, type WycheproofTest } from './providers.js'

interface SignVector {
  secret_key: string
  public_key: string
  message: string
  signature: string
}
interface Rfc8032File {
  ed25519: Array<SignVector & { name: string }>
}
interface SignInputFile {
  vectors: SignVector[]
}
interface EdGroup {
  publicKey: { pk: string }
  tests: Array<WycheproofTest & { msg: string; sig: string }>
}

const rfc8032 = loadJsonVectors<Rfc8032File>('rfc8032', 'rfc8032-ed25519.json').ed25519
const signInput = loadJsonVectors<SignInputFile>('ed25519-sign-input', 'sign-input-first128.json').vectors
const wycheproof = loadJsonVectors<WycheproofFile<EdGroup>>('wycheproof', 'ed25519_test.json')

const all = [...providers, ...uncachedProviders]

describe.each(providers)('Ed25519 $name', (p) => {
  it.each(rfc8032)('RFC 8032 §7.1 $name: public key, signature, verify', (v) => {
    const seed = hex(v.secret_key)
    expect(toHex(p.ed25519.getPublicKey(seed))).toBe(v.public_key)
    expect(toHex(p.ed25519.sign(hex(v.message), seed))).toBe(v.signature)
    expect(p.ed25519.verify(hex(v.signature), hex(v.message), hex(v.public_key))).toBe(true)
  })

  it('sign.input lines 1-128 (messages of 0..127 bytes)', () => {
    expect(signInput).toHaveLength(128)
    for (const v of signInput) {
      const seed = hex(v.secret_key)
      const message = hex(v.message)
      expect(toHex(p.ed25519.getPublicKey(seed))).toBe(v.public_key)
      expect(toHex(p.ed25519.sign(message, seed))).toBe(v.signature)
      expect(p.ed25519.verify(hex(v.signature), message, hex(v.public_key))).toBe(true)
      // The same signature over a message one byte longer must fail.
      expect(p.ed25519.verify(hex(v.signature), Uint8Array.of(...message, 0), hex(v.public_key))).toBe(false)
    }
  })

  it('results are plain Uint8Arrays, not Buffers', () => {
    const seed = hex(rfc8032[0]!.secret_key)
    expect(Object.getPrototypeOf(p.ed25519.sign(new Uint8Array(1), seed))).toBe(Uint8Array.prototype)
    expect(Object.getPrototypeOf(p.ed25519.getPublicKey(seed))).toBe(Uint8Array.prototype)
  })

  it('rejects a seed of the wrong length with RangeError and a non-array with TypeError', () => {
    expect(() => p.ed25519.getPublicKey(new Uint8Array(31))).toThrow(RangeError)
    expect(() => p.ed25519.sign(new Uint8Array(1), new Uint8Array(33))).toThrow(RangeError)
    expect(() => p.ed25519.sign('hi' as unknown as Uint8Array, new Uint8Array(32))).toThrow(TypeError)
  })
})

describe.each(labelledProviders)('Wycheproof ed25519_test.json, %s', (_label, p) => {
  it('matches every valid/invalid verdict (no "acceptable" results in this file)', () => {
    let valid = 0
    let invalid = 0
    for (const group of wycheproof.testGroups) {
      const pk = hex(group.publicKey.pk)
      for (const t of group.tests) {
        expect(t.result).not.toBe('acceptable')
        const expected = t.result === 'valid'
        // Twice: the second call takes the cached-key path where a cache exists.
        expect(p.ed25519.verify(hex(t.sig), hex(t.msg), pk), `tcId ${t.tcId} ${t.comment}`).toBe(expected)
        expect(p.ed25519.verify(hex(t.sig), hex(t.msg), pk), `tcId ${t.tcId} (again)`).toBe(expected)
        if (expected) valid++
        else invalid++
      }
    }
    expect([valid, invalid]).toEqual([88, 63])
  })
})

// ---- Policy edge cases: built with noble's point arithmetic, checked against both providers ----

const { Point } = nobleEd
const B = Point.BASE
const L = Point.Fn.ORDER
const T8 = torsionGenerator()
const msg = new TextEncoder().encode('policy edge case')

/** A point of order 8, found without trusting any hard-coded encoding. */
function torsionGenerator(): ReturnType<typeof Point.fromBytes> {
  for (let y = 2; ; y++) {
    const enc = new Uint8Array(32)
    enc[0] = y
    let q
    try {
      q = Point.fromBytes(enc, false)
    } catch {
      continue
    }
    const t = q.multiplyUnsafe(L - 1n).add(q) // [L]Q: the torsion component of Q
    if (!t.double().double().is0()) return t
  }
}

function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}
function challenge(r: Uint8Array, a: Uint8Array, m: Uint8Array): bigint {
  const h = sha512(Uint8Array.of(...r, ...a, ...m))
  let n = 0n
  for (let i = 63; i >= 0; i--) n = (n << 8n) | BigInt(h[i]!)
  return n % L
}
function sig(r: Uint8Array, s: bigint): Uint8Array {
  return Uint8Array.of(...r, ...le32(s))
}
/** node:crypto with no policy in front, to show which cases the policy is load-bearing for. */
function rawNode(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' })
  return rawNodeVerify(null, message, key, signature)
}
/** A signature with S = 0 that satisfies the equation for a small-order (or torsion-only) key. */
function zeroScalarForgery(A: ReturnType<typeof Point.fromBytes>, encodedA: Uint8Array): Uint8Array {
  for (let j = 0n; j < 64n; j++) {
    const R = A.multiplyUnsafe(j).negate()
    const r = R.toBytes()
    if (A.multiplyUnsafe(challenge(r, encodedA, msg)).add(R).is0()) return sig(r, 0n)
  }
  throw new Error('no forgery found')
}

describe('Ed25519 policy: strict encodings, small-order keys refused, cofactorless', () => {
  it('mixed-order R (valid only under the cofactored equation) is rejected by both', () => {
    const a = 0x1234567890abcdefn
    const A = B.multiply(a).toBytes()
    const rScalar = 0xfeedn
    const R = B.multiply(rScalar).add(T8).toBytes()
    const s = (rScalar + challenge(R, A, msg) * a) % L
    const signature = sig(R, s)
    expect(nobleEd.verify(signature, msg, A, { zip215: false })).toBe(true) // noble's own verify is cofactored
    for (const p of all) expect(p.ed25519.verify(signature, msg, A), p.name).toBe(false)
  })

  it('mixed-order A: both accept exactly when [k]T vanishes (k ≡ 0 mod 8)', () => {
    const seen = new Set<boolean>()
    for (let i = 0n; i < 40n && seen.size < 2; i++) {
      const a = 1000n + i
      const A = B.multiply(a).add(T8).toBytes()
      const rScalar = 77n + i
      const R = B.multiply(rScalar).toBytes()
      const k = challenge(R, A, msg)
      const signature = sig(R, (rScalar + k * a) % L)
      const expected = k % 8n === 0n
      seen.add(expected)
      expect(rawNode(signature, msg, A)).toBe(expected)
      for (const p of all) expect(p.ed25519.verify(signature, msg, A), `${p.name} i=${i}`).toBe(expected)
    }
    expect(seen).toEqual(new Set([true, false]))
  })

  it('small-order public keys are refused even with a signature that satisfies the equation', () => {
    let forged = 0
    for (let j = 0n; j < 8n; j++) {
      const A = T8.multiplyUnsafe(j === 0n ? 0n : j)
      const encodedA = A.toBytes()
      let signature: Uint8Array
      try {
        signature = zeroScalarForgery(A, encodedA)
      } catch {
        continue
      }
      forged++
      expect(rawNode(signature, msg, encodedA)).toBe(true) // OpenSSL alone would accept
      for (const p of all) expect(p.ed25519.verify(signature, msg, encodedA), `${p.name} ${toHex(encodedA)}`).toBe(false)
    }
    expect(forged).toBeGreaterThanOrEqual(4)
  })

  it('non-canonical public-key encodings (y ≥ p) are refused', () => {
    const p25519 = 2n ** 255n - 19n
    let checked = 0
    for (const y of [p25519, p25519 + 1n]) {
      for (const signBit of [0, 0x80]) {
        const encodedA = le32(y)
        encodedA[31]! |= signBit
        const A = Point.fromBytes(encodedA, true) // ZIP-215 decoding accepts it
        let signature: Uint8Array
        try {
          signature = zeroScalarForgery(A, encodedA)
        } catch {
          continue
        }
        checked++
        for (const p of all) expect(p.ed25519.verify(signature, msg, encodedA), p.name).toBe(false)
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2)
  })

  it('non-canonical S (S + L) is refused', () => {
    const v = rfc8032[1]!
    const good = hex(v.signature)
    let s = 0n
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(good[i]!)
    const bad = sig(good.subarray(0, 32), s + L)
    for (const p of all) {
      expect(p.ed25519.verify(good, hex(v.message), hex(v.public_key))).toBe(true)
      expect(p.ed25519.verify(bad, hex(v.message), hex(v.public_key))).toBe(false)
    }
  })

  it('verify never throws and returns false for malformed arguments', () => {
    const v = rfc8032[0]!
    const s = hex(v.signature)
    const pk = hex(v.public_key)
    const m = hex(v.message)
    const weird: Array<[unknown, unknown, unknown]> = [
      [s.subarray(0, 63), m, pk],
      [Uint8Array.of(...s, 0), m, pk],
      [s, m, pk.subarray(0, 31)],
      [s, m, new Uint8Array(0)],
      ['sig', m, pk],
      [s, null, pk],
      [s, m, undefined],
      [new Uint16Array(32), m, pk],
    ]
    for (const p of all) {
      for (const [a, b, c] of weird) {
        expect(p.ed25519.verify(a as Uint8Array, b as Uint8Array, c as Uint8Array)).toBe(false)
      }
    }
  })
})

describe('Ed25519 interop (fast-check)', () => {
  it.each(providerPairs)('%s: sign and verify across providers, identical bytes', (_label, a, b) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
        const pk = a.ed25519.getPublicKey(seed)
        expect(b.ed25519.getPublicKey(seed)).toEqual(pk)
        const signature = a.ed25519.sign(message, seed)
        expect(b.ed25519.sign(message, seed)).toEqual(signature)
        expect(b.ed25519.verify(signature, message, pk)).toBe(true)
        const tampered = signature.slice()
        tampered[message.length % 64]! ^= 1
        expect(a.ed25519.verify(tampered, message, pk)).toBe(false)
        expect(b.ed25519.verify(tampered, message, pk)).toBe(false)
      }),
      { numRuns: 60 },
    )
  })

  it('both providers give the same verdict on arbitrary bytes', () => {
    const [noble, node] = providers as [(typeof providers)[number], (typeof providers)[number]]
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
        (signature, message, pk) => {
          expect(noble.ed25519.verify(signature, message, pk)).toBe(node.ed25519.verify(signature, message, pk))
        },
      ),
      { numRuns: 300 },
    )
  })
})
