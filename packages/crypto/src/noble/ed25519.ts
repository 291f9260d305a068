/**
 * Ed25519 on `@noble/curves`, verifying under the shared policy in `../ed25519-policy.ts`
 * (strict encodings, small-order keys refused, cofactorless equation). noble's own `verify`
 * checks the cofactored equation, which accepts some adversarial signatures OpenSSL rejects, so
 * verification is assembled here from noble's point arithmetic instead.
 * @internal
 * @module
 */
import type { Ed25519Provider } from '@bitmesh/interface'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { assertBytes, isBytes } from '../assert.js'
import { ED25519_SEED_BYTES } from '../constants.js'
import { isAcceptablePublicKey, isWellFormedSignature } from '../ed25519-policy.js'
import { BoundedLru, bytesToKey } from '../lru.js'

type Point = ReturnType<typeof ed25519.Point.fromBytes>

const { Point } = ed25519

/** Ed25519 provider plus a way to drop its cached peer keys. */
export interface NobleEd25519 extends Ed25519Provider {
  /** Forget every cached decoded public key. */
  clearCache(): void
}

/**
 * Build the noble Ed25519 provider.
 * @param cacheEntries - Capacity of the decoded-public-key LRU (0 disables it).
 * @returns The provider.
 */
export function createNobleEd25519(cacheEntries: number): NobleEd25519 {
  const cache = new BoundedLru<Point>(cacheEntries)

  /** Decode a policy-acceptable public key, or `null`. Successful decodes are cached. */
  function publicPoint(publicKey: Uint8Array): Point | null {
    const key = bytesToKey(publicKey)
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    if (!isAcceptablePublicKey(publicKey)) return null
    let point: Point
    try {
      point = Point.fromBytes(publicKey, false)
    } catch {
      return null // y has no matching x: not on the curve
    }
    cache.set(key, point)
    return point
  }

  return {
    getPublicKey(secretSeed: Uint8Array): Uint8Array {
      assertBytes(secretSeed, 'secretSeed', ED25519_SEED_BYTES)
      return ed25519.getPublicKey(secretSeed)
    },

    sign(message: Uint8Array, secretSeed: Uint8Array): Uint8Array {
      assertBytes(message, 'message')
      assertBytes(secretSeed, 'secretSeed', ED25519_SEED_BYTES)
      return ed25519.sign(message, secretSeed)
    },

    verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
      if (!isBytes(signature) || !isBytes(message) || !isBytes(publicKey)) return false
      if (!isWellFormedSignature(signature)) return false
      const A = publicPoint(publicKey)
      if (A === null) return false
      const r = signature.subarray(0, 32)
      const s = bytesToNumberLE(signature.subarray(32, 64)) // < L, checked above
      // k = SHA-512(R ‖ A ‖ M) mod L, streamed so a long message is not copied.
      const k = Point.Fn.create(bytesToNumberLE(sha512.create().update(r).update(publicKey).update(message).digest()))
      // Cofactorless: R must equal the encoding of [S]B − [k]A byte for byte.
      const expected = Point.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k)).toBytes()
      let diff = 0
      for (let i = 0; i < 32; i++) diff |= (expected[i] as number) ^ (r[i] as number)
      return diff === 0
    },

    clearCache(): void {
      cache.clear()
    },
  }
}
