/**
 * X25519 on `node:crypto` (OpenSSL). OpenSSL fails the derivation when the result is all zeros;
 * that failure, and an all-zero result should another OpenSSL build return one, become the shared
 * {@link lowOrderPointError}.
 *
 * Private keys go through a {@link PrivateKeyCache}: importing one costs a scalar multiplication
 * (OpenSSL derives the public key), as much as the DH itself. Peer public keys are imported on
 * every call: a raw public key import is a copy, and JWK is Node 20's cheapest route to it
 * (see `./keys.ts`); caching them would not pay, since ephemeral keys never repeat.
 * @internal
 * @module
 */
import type { X25519Provider } from '@bitmesh/interface'
import { diffieHellman, type KeyObject } from 'node:crypto'
import { assertBytes } from '../assert.js'
import { X25519_KEY_BYTES } from '../constants.js'
import { isAllZero, lowOrderPointError } from '../x25519-policy.js'
import { asUint8Array, privateKeyObject, publicKeyObject, rawPublicKeyOf } from './keys.js'
import { PrivateKeyCache } from './private-key-cache.js'

/** X25519 provider plus a way to drop its cached private keys. */
export interface NodeX25519 extends X25519Provider {
  /** Forget every cached private KeyObject and zero the cache's copies of the keys. */
  clearCache(): void
}

/**
 * Build the node X25519 provider.
 * @param privateKeyCacheEntries - Capacity of the private-KeyObject cache (0 disables it).
 * @returns The provider.
 * @throws {RangeError} If the capacity is out of range.
 */
export function createNodeX25519(privateKeyCacheEntries: number): NodeX25519 {
  const privateKeys = new PrivateKeyCache<KeyObject>(privateKeyCacheEntries, (raw) => privateKeyObject('X25519', raw))

  return {
    getPublicKey(privateKey: Uint8Array): Uint8Array {
      assertBytes(privateKey, 'privateKey', X25519_KEY_BYTES)
      // Cached too: Noise derives an ephemeral key's public half, then uses it in two DHs.
      return rawPublicKeyOf(privateKeys.get(privateKey))
    },

    sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
      assertBytes(privateKey, 'privateKey', X25519_KEY_BYTES)
      assertBytes(publicKey, 'publicKey', X25519_KEY_BYTES)
      const ours = privateKeys.get(privateKey)
      const theirs = publicKeyObject('X25519', publicKey) // any 32 bytes import; u is masked later
      let shared: Uint8Array
      try {
        shared = asUint8Array(diffieHellman({ privateKey: ours, publicKey: theirs }))
      } catch (error) {
        // Both keys imported, so the only derivation failure left is the all-zero result.
        throw lowOrderPointError(error)
      }
      if (isAllZero(shared)) throw lowOrderPointError()
      return shared
    },

    clearCache(): void {
      privateKeys.clear()
    },
  }
}
