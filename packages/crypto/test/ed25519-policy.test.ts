/**
 * The byte-level Ed25519 policy helpers, checked against bigint reference definitions and
 * against noble's curve arithmetic (so the hard-coded small-order table cannot be wrong).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SMALL_ORDER_ENCODINGS,
  isAcceptablePublicKey,
  isCanonicalPointEncoding,
  isCanonicalScalar,
  isSmallOrderEncoding,
  isWellFormedSignature,
} from '../src/ed25519-policy.js'

const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n

function fromLe(bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!)
  return n
}
function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}
function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** Reference: canonical iff y < p and not (x = 0 with the sign bit set). */
function referenceCanonical(enc: Uint8Array): boolean {
  const sign = (enc[31]! & 0x80) !== 0
  const y = fromLe(enc) & ((1n << 255n) - 1n)
  return y < P && !(sign && (y === 1n || y === P - 1n))
}

/** Scalars and y values near the boundaries, where an off-by-one would hide. */
const edgeScalars = [0n, 1n, L - 1n, L, L + 1n, 2n ** 253n - 1n, 2n ** 256n - 1n]
const edgeYs = [0n, 1n, 2n, P - 2n, P - 1n, P, P + 1n, P + 18n, 2n ** 255n - 1n]

describe('isCanonicalScalar', () => {
  it('matches S < L at the boundaries', () => {
    for (const s of edgeScalars) expect(isCanonicalScalar(le32(s), 0), s.toString(16)).toBe(s < L)
  })
  it('matches S < L on random and near-L scalars, at an offset', () => {
    const scalar = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      fc.bigInt({ min: L - 1000n, max: L + 1000n }),
    )
    fc.assert(
      fc.property(scalar, (s) => {
        const buf = new Uint8Array(64)
        buf.set(le32(s), 32)
        expect(isCanonicalScalar(buf, 32)).toBe(s < L)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('isCanonicalPointEncoding', () => {
  it('matches the reference at the boundaries, for both sign bits', () => {
    for (const y of edgeYs) {
      for (const sign of [0, 0x80]) {
        const enc = le32(y)
        enc[31]! |= sign
        expect(isCanonicalPointEncoding(enc, 0), `${y.toString(16)} sign ${sign}`).toBe(referenceCanonical(enc))
      }
    }
  })
  it('matches the reference on random encodings', () => {
    const y = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 255n - 1n }), fc.constantFrom(...edgeYs), fc.bigInt({ min: P - 40n, max: 2n ** 255n - 1n }))
    fc.assert(
      fc.property(y, fc.boolean(), (value, sign) => {
        const enc = le32(value)
        if (sign) enc[31]! |= 0x80
        expect(isCanonicalPointEncoding(enc, 0)).toBe(referenceCanonical(enc))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('small-order table', () => {
  it('is exactly the 8 points whose order divides 8, re-derived from the curve', () => {
    const { Point } = ed25519
    // A point of order 8: the torsion component [L]Q of some curve point Q.
    let t: ReturnType<typeof Point.fromBytes> | undefined
    for (let y = 2; t === undefined; y++) {
      let q
      try {
        q = Point.fromBytes(le32(BigInt(y)), false)
      } catch {
        continue
      }
      const candidate = q.multiplyUnsafe(L - 1n).add(q)
      if (!candidate.double().double().is0()) t = candidate
    }
    const derived = new Set<string>()
    let acc = Point.ZERO
    for (let k = 0; k < 8; k++) {
      derived.add(toHex(acc.toBytes()))
      acc = acc.add(t)
    }
    expect(derived.size).toBe(8)
    expect(new Set(SMALL_ORDER_ENCODINGS.map(toHex))).toEqual(derived)
    for (const enc of SMALL_ORDER_ENCODINGS) {
      expect(isSmallOrderEncoding(enc)).toBe(true)
      expect(isAcceptablePublicKey(enc)).toBe(false)
    }
  })

  it('a real public key is not small-order and is acceptable', () => {
    const pk = ed25519.getPublicKey(new Uint8Array(32).fill(1))
    expect(isSmallOrderEncoding(pk)).toBe(false)
    expect(isAcceptablePublicKey(pk)).toBe(true)
    expect(isAcceptablePublicKey(pk.subarray(0, 31))).toBe(false)
  })
})

describe('isWellFormedSignature', () => {
  it('needs 64 bytes, canonical R and S < L', () => {
    const r = le32(5n)
    expect(isWellFormedSignature(Uint8Array.of(...r, ...le32(L - 1n)))).toBe(true)
    expect(isWellFormedSignature(Uint8Array.of(...r, ...le32(L)))).toBe(false)
    expect(isWellFormedSignature(Uint8Array.of(...le32(P), ...le32(1n)))).toBe(false)
    const negativeZero = le32(1n)
    negativeZero[31]! |= 0x80
    expect(isWellFormedSignature(Uint8Array.of(...negativeZero, ...le32(1n)))).toBe(false)
    expect(isWellFormedSignature(new Uint8Array(63))).toBe(false)
  })
})
