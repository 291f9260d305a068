/**
 * X25519 for Noise: key pairs, the DH function with typed errors, and the low-order check.
 * @module
 */
import { CryptoError, isBitMeshError, type CryptoProvider, type Rng } from '@bitmesh/interface'
import { assertBytes, isAllZero } from './bytes.js'
import { DH_LEN_BYTES } from './constants.js'

/** An X25519 key pair. The private key is 32 raw bytes (clamped by X25519 itself). */
export interface KeyPair {
  /** 32-byte X25519 public key. */
  readonly publicKey: Uint8Array
  /** 32-byte X25519 private key. */
  readonly privateKey: Uint8Array
}

/**
 * Generate an X25519 key pair.
 * @param crypto - provider of X25519 (and of the randomness unless `rng` is given).
 * @param rng - optional source of the 32 private-key bytes; it must be cryptographically secure
 *   outside tests and simulations.
 * @returns a fresh key pair.
 */
export function generateKeyPair(crypto: CryptoProvider, rng?: Rng): KeyPair {
  const privateKey = rng ? rng.randomBytes(DH_LEN_BYTES) : crypto.randomBytes(DH_LEN_BYTES)
  assertBytes(privateKey, DH_LEN_BYTES, 'random private key')
  return { privateKey, publicKey: crypto.x25519.getPublicKey(privateKey) }
}

/**
 * Complete a key pair from its private key.
 * @param crypto - provider of X25519.
 * @param privateKey - 32-byte private key (kept by reference, not copied).
 * @returns the key pair.
 * @throws TypeError when `privateKey` is not 32 bytes.
 */
export function keyPairFromPrivateKey(crypto: CryptoProvider, privateKey: Uint8Array): KeyPair {
  assertBytes(privateKey, DH_LEN_BYTES, 'privateKey')
  return { privateKey, publicKey: crypto.x25519.getPublicKey(privateKey) }
}

/**
 * Every 32-byte encoding, top bit cleared (X25519 ignores it), of a u-coordinate of small order
 * on Curve25519 or its twist: 0, 1, p−1, the two points of order 8, and the non-canonical p and
 * p+1. Any of them makes every DH output all-zero. Derived with an x-only ladder; the test suite
 * checks each against the providers.
 */
const LOW_ORDER_POINTS: readonly Uint8Array[] = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
].map((h) => Uint8Array.from({ length: DH_LEN_BYTES }, (_, i) => Number.parseInt(h.slice(2 * i, 2 * i + 2), 16)))

/**
 * True when `publicKey` is a small-order X25519 point (any encoding). Such a key forces the DH
 * output to zero, so a Noise peer must refuse it (bitchat iOS does).
 * @param publicKey - 32-byte X25519 public key.
 * @returns whether the key has small order.
 * @throws TypeError when `publicKey` is not 32 bytes.
 */
export function isLowOrderPublicKey(publicKey: Uint8Array): boolean {
  assertBytes(publicKey, DH_LEN_BYTES, 'publicKey')
  let found = false
  for (const point of LOW_ORDER_POINTS) {
    let diff = (publicKey[31]! & 0x7f) ^ point[31]!
    for (let i = 0; i < 31; i++) diff |= publicKey[i]! ^ point[i]!
    found = found || diff === 0
  }
  return found
}

/**
 * Noise `DH(key_pair, public_key)` with X25519.
 * @param crypto - provider of X25519.
 * @param privateKey - our 32-byte private key.
 * @param publicKey - the peer's 32-byte public key.
 * @returns the 32-byte shared secret (the caller wipes it after use).
 * @throws CryptoError `CRYPTO_ERROR` when the shared secret is all zeros (small-order peer key)
 *   or the provider refuses the key.
 */
export function dh(crypto: CryptoProvider, privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array
  try {
    shared = crypto.x25519.sharedSecret(privateKey, publicKey)
  } catch (cause) {
    // Providers differ in what they throw for a small-order key; normalise to one typed error.
    if (isBitMeshError(cause) && cause.code === 'CRYPTO_ERROR') throw cause
    throw new CryptoError('CRYPTO_ERROR', 'X25519 refused the peer public key', { cause })
  }
  if (shared.length !== DH_LEN_BYTES || isAllZero(shared)) {
    shared.fill(0)
    throw new CryptoError('CRYPTO_ERROR', 'X25519 shared secret is all zeros: small-order peer public key')
  }
  return shared
}
