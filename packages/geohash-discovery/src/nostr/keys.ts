/**
 * secp256k1 keys as Nostr uses them: 32-byte secret scalars and 32-byte x-only (BIP-340) public
 * keys, written in hex or as NIP-19 `npub`/`nsec`.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { schnorr } from '@noble/curves/secp256k1.js'
import { bech32 } from '@scure/base'
import { fromHex, isLowerHex, toHex } from './hex.js'

/** Bytes in a secret key and in an x-only public key. */
export const NOSTR_KEY_BYTES = 32

// secp256k1 group order n.
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** A Nostr key pair. `publicKey` is the x-only key in lower-case hex. */
export interface NostrKeyPair {
  /** 32-byte secret scalar. Zero it (`fill(0)`) when done. */
  readonly secretKey: Uint8Array
  /** x-only public key, 64 lower-case hex characters. */
  readonly publicKey: string
}

/**
 * Whether 32 bytes are a valid secp256k1 secret scalar: 1 ≤ k < n.
 * @param key - Candidate bytes.
 * @returns True when usable as a secret key.
 */
export function isValidSecretKey(key: Uint8Array): boolean {
  if (!(key instanceof Uint8Array) || key.length !== NOSTR_KEY_BYTES) return false
  let k = 0n
  for (let i = 0; i < 32; i++) k = (k << 8n) | BigInt(key[i]!)
  return k > 0n && k < CURVE_ORDER
}

/**
 * The x-only public key of a secret key.
 * @param secretKey - 32-byte valid scalar.
 * @returns 64 lower-case hex characters.
 * @throws RangeError when `secretKey` is not a valid scalar.
 */
export function getPublicKey(secretKey: Uint8Array): string {
  if (!isValidSecretKey(secretKey)) throw new RangeError('secret key must be 32 bytes in 1…n−1')
  return toHex(schnorr.getPublicKey(secretKey))
}

/**
 * Generate a fresh key pair from `rng` (production callers pass a cryptographically secure
 * source). Rejection-samples the ~2⁻¹²⁸ out-of-range values.
 * @param rng - Randomness.
 * @returns A new key pair.
 */
export function generateKeyPair(rng: Rng): NostrKeyPair {
  for (;;) {
    const secretKey = rng.randomBytes(NOSTR_KEY_BYTES)
    if (isValidSecretKey(secretKey)) return { secretKey, publicKey: getPublicKey(secretKey) }
  }
}

/**
 * Whether a string is a syntactically valid x-only public key that lies on the curve.
 * @param value - Anything.
 * @returns True for a usable public key.
 */
export function isValidPublicKey(value: unknown): value is string {
  if (!isLowerHex(value, 32)) return false
  try {
    schnorr.utils.lift_x(BigInt('0x' + value))
    return true
  } catch {
    return false
  }
}

/**
 * NIP-19 `npub` of a public key.
 * @param publicKey - 64 hex characters.
 * @returns `npub1…`.
 * @throws TypeError for malformed hex.
 */
export function npubEncode(publicKey: string): `npub1${string}` {
  if (!isLowerHex(publicKey, 32)) throw new TypeError('public key must be 64 lower-case hex characters')
  return bech32.encode('npub', bech32.toWords(fromHex(publicKey))) as `npub1${string}`
}

/**
 * Decode an `npub`.
 * @param npub - `npub1…`.
 * @returns The hex public key, or `null` when `npub` is not a valid npub.
 */
export function npubDecode(npub: string): string | null {
  try {
    const { prefix, words } = bech32.decode(npub as `${string}1${string}`, 90)
    if (prefix !== 'npub') return null
    const bytes = bech32.fromWords(words)
    return bytes.length === 32 ? toHex(bytes) : null
  } catch {
    return null
  }
}
