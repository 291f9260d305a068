/**
 * Ed25519 on `node:crypto` (OpenSSL). OpenSSL checks S < L and the cofactorless equation by
 * comparing R bytes; it does not refuse non-canonical or small-order public keys, so the shared
 * byte-level policy runs first and both providers agree (see `../ed25519-policy.ts`).
 * @internal
 * @module
 */
import type { Ed25519Provider } from '@bitmesh/interface'
import { sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import { assertBytes, isBytes } from '../assert.js'
import { ED25519_SEED_BYTES } from '../constants.js'
import { isAcceptablePublicKey, isWellFormedSignature } from '../ed25519-policy.js'
import { BoundedLru, bytesToKey } from '../lru.js'
import { asUint8Array, privateKeyObject, publicKeyObject, rawPublicKeyOf } from './keys.js'
import { PrivateKeyCache } from './private-key-cache.js'

/** Ed25519 provider plus a way to drop its cached keys. */
export interface NodeEd25519 extends Ed25519Provider {
  /** Forget every cached public and private KeyObject and zero the copies of cached seeds. */
  clearCache(): void
}

/**
 * Build the node Ed25519 provider.
 * @param cacheEntries - Capacity of the public-KeyObject LRU (0 disables it).
 * @param privateKeyCacheEntries - Capacity of the private-KeyObject cache (0 disables it).
 * @returns The provider.
 * @throws {RangeError} If a capacity is out of range.
 */
export function createNodeEd25519(cacheEntries: number, privateKeyCacheEntries: number): NodeEd25519 {
  const cache = new BoundedLru<KeyObject>(cacheEntries)
  // Importing a seed hashes it and derives the public key: about as costly as signing itself.
  const seeds = new PrivateKeyCache<KeyObject>(privateKeyCacheEntries, (raw) => privateKeyObject('Ed25519', raw))

  /** KeyObject for a policy-acceptable public key, or `null`. */
  function publicKey(raw: Uint8Array): KeyObject | null {
    const key = bytesToKey(raw)
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    if (!isAcceptablePublicKey(raw)) return null
    let object: KeyObject
    try {
      object = publicKeyObject('Ed25519', raw)
    } catch {
      return null
    }
    cache.set(key, object)
    return object
  }

  return {
    getPublicKey(secretSeed: Uint8Array): Uint8Array {
      assertBytes(secretSeed, 'secretSeed', ED25519_SEED_BYTES)
      return rawPublicKeyOf(seeds.get(secretSeed))
    },

    sign(message: Uint8Array, secretSeed: Uint8Array): Uint8Array {
      assertBytes(message, 'message')
      assertBytes(secretSeed, 'secretSeed', ED25519_SEED_BYTES)
      return asUint8Array(nodeSign(null, message, seeds.get(secretSeed)))
    },

    verify(signature: Uint8Array, message: Uint8Array, rawPublicKey: Uint8Array): boolean {
      if (!isBytes(signature) || !isBytes(message) || !isBytes(rawPublicKey)) return false
      if (!isWellFormedSignature(signature)) return false
      const key = publicKey(rawPublicKey)
      if (key === null) return false
      try {
        return nodeVerify(null, message, key, signature)
      } catch {
        return false
      }
    },

    clearCache(): void {
      cache.clear()
      seeds.clear()
    },
  }
}
