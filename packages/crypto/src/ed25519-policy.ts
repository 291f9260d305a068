/**
 * The Ed25519 verification policy both providers enforce, as byte-level checks that run before
 * any curve arithmetic. Keeping them here, shared, is what makes the noble and node providers
 * accept and reject exactly the same (signature, message, key) triples.
 *
 * Policy ("strict RFC 8032, cofactorless"):
 * 1. signature is 64 bytes and public key 32 bytes;
 * 2. S is canonical: S < L (RFC 8032 §5.1.7 step 1);
 * 3. R and A are canonical encodings: y < p, and no "negative zero" (x = 0 with the sign bit
 *    set), which rules out every alternative encoding ZIP-215 would accept;
 * 4. A is not one of the 8 small-order points (such keys let one signature verify for many
 *    messages);
 * 5. the equation is the cofactorless [S]B = R + [k]A, checked by re-encoding [S]B − [k]A and
 *    comparing with the R bytes — what OpenSSL (node:crypto) does, so both providers agree on
 *    adversarial mixed-order R or A, where the cofactored equation would differ.
 * Wycheproof `ed25519_test.json` passes completely under this policy.
 * @internal
 * @module
 */
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES } from './constants.js'

/** Group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L_LE = /* @__PURE__ */ Uint8Array.of(
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
)

/**
 * Canonical encodings of the 8 points of order dividing 8: k·T for a generator T of the torsion
 * subgroup, k = 0..7 (the test suite re-derives them from the curve). Hex, little-endian y with
 * the x sign in the top bit.
 */
const SMALL_ORDER_HEX = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity (y = 1)
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4 (y = 0, x < 0)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2 (y = −1)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4 (y = 0, x > 0)
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
] as const

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** The small-order encodings as bytes; exported for the test that re-derives them. */
export const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = /* @__PURE__ */ SMALL_ORDER_HEX.map(fromHex)

/**
 * True when the 32 bytes at `offset` encode a scalar below L. Scans from the most significant
 * byte; almost every honest S has a top byte below 0x10 and returns after one comparison.
 * @param bytes - Buffer holding the scalar.
 * @param offset - Where the 32-byte little-endian scalar starts.
 * @returns Whether the scalar is canonical.
 */
export function isCanonicalScalar(bytes: Uint8Array, offset: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = bytes[offset + i] as number
    const l = L_LE[i] as number
    if (b !== l) return b < l
  }
  return false // equal to L
}

/**
 * True when the 32 bytes at `offset` are a canonical point encoding: y < p = 2^255 − 19 and not
 * "negative zero" (sign bit set while x = 0, i.e. y = 1 or y = p − 1). It does not check that a
 * matching x exists; curve membership is left to the arithmetic.
 * @param bytes - Buffer holding the encoding.
 * @param offset - Where the 32-byte encoding starts.
 * @returns Whether the encoding is canonical.
 */
export function isCanonicalPointEncoding(bytes: Uint8Array, offset: number): boolean {
  const top = (bytes[offset + 31] as number) & 0x7f
  const signSet = ((bytes[offset + 31] as number) & 0x80) !== 0
  // y ≥ p needs y = 0x7fff…ff{ed..ff}: every middle byte 0xff.
  let allFf = top === 0x7f
  for (let i = 1; allFf && i < 31; i++) allFf = bytes[offset + i] === 0xff
  if (allFf && (bytes[offset] as number) >= 0xed) return false
  if (!signSet) return true
  // Negative zero: y = 1 (01 00…00) or y = p − 1 (ec ff…ff 7f) with the sign bit set.
  if (allFf) return bytes[offset] !== 0xec
  if (top !== 0 || bytes[offset] !== 0x01) return true
  for (let i = 1; i < 31; i++) if (bytes[offset + i] !== 0) return true
  return false
}

/**
 * True when `publicKey` is byte-for-byte one of the 8 small-order points. Only meaningful for a
 * canonical encoding (non-canonical ones are rejected before this is asked).
 * @param publicKey - A 32-byte encoding.
 * @returns Whether it is small-order.
 */
export function isSmallOrderEncoding(publicKey: Uint8Array): boolean {
  const first = publicKey[0]
  // Cheap filter: the eight encodings start with one of these five bytes.
  if (first !== 0x01 && first !== 0xc7 && first !== 0x00 && first !== 0x26 && first !== 0xec) return false
  outer: for (const enc of SMALL_ORDER_ENCODINGS) {
    for (let i = 0; i < 32; i++) if (publicKey[i] !== enc[i]) continue outer
    return true
  }
  return false
}

/**
 * Policy checks on a public key (rules 1, 3, 4): right length, canonical, not small-order.
 * @param publicKey - Candidate Ed25519 public key.
 * @returns Whether the key may be used for verification at all.
 */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  return (
    publicKey.length === ED25519_PUBLIC_KEY_BYTES &&
    isCanonicalPointEncoding(publicKey, 0) &&
    !isSmallOrderEncoding(publicKey)
  )
}

/**
 * Policy checks on a signature (rules 1, 2, 3): right length, canonical S, canonical R.
 * @param signature - Candidate 64-byte signature R ‖ S.
 * @returns Whether the signature is well-formed enough to be worth the curve equation.
 */
export function isWellFormedSignature(signature: Uint8Array): boolean {
  return (
    signature.length === ED25519_SIGNATURE_BYTES &&
    isCanonicalScalar(signature, 32) &&
    isCanonicalPointEncoding(signature, 0)
  )
}
