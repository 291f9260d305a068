/**
 * @packageDocumentation
 * `@bitmesh/crypto`: the {@link CryptoProvider} implementations every BitMesh package uses.
 *
 * This entry is portable (browsers, React Native, Node, Deno, Bun): it imports nothing from
 * `node:*`. The faster OpenSSL-backed provider lives at `@bitmesh/crypto/node`.
 *
 * Acceptance policies, identical in both providers:
 * - Ed25519 verify: strict RFC 8032 (canonical S, R and A; no ZIP-215 leniency), small-order
 *   public keys refused, cofactorless equation. Never throws; returns `false`.
 * - X25519: an all-zero shared secret (low-order public key) throws
 *   `CryptoError('CRYPTO_ERROR')`.
 *
 * @example
 * ```ts
 * import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
 *
 * const seed = crypto.randomBytes(32)
 * const publicKey = crypto.ed25519.getPublicKey(seed)
 * const message = new TextEncoder().encode('hello mesh')
 * const signature = crypto.ed25519.sign(message, seed)
 * crypto.ed25519.verify(signature, message, publicKey) // true
 * ```
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { nobleCryptoProvider } from './noble/provider.js'

export { createNobleCryptoProvider, nobleCryptoProvider } from './noble/provider.js'
export { constantTimeEqual, zeroize } from './bytes.js'
export type { CachingCryptoProvider, CryptoProviderOptions } from './options.js'
export {
  AEAD_KEY_BYTES,
  AEAD_NONCE_BYTES,
  AEAD_TAG_BYTES,
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_PUBLIC_KEY_CACHE_ENTRIES,
  ED25519_SEED_BYTES,
  ED25519_SIGNATURE_BYTES,
  HKDF_SHA256_MAX_OUTPUT_BYTES,
  SHA256_BYTES,
  X25519_KEY_BYTES,
} from './constants.js'

/**
 * The provider to use when the app does not choose one: the portable {@link nobleCryptoProvider}.
 * Node apps can pass `nodeCryptoProvider` from `@bitmesh/crypto/node` instead for speed.
 */
export const defaultCryptoProvider: CryptoProvider = nobleCryptoProvider
