/**
 * Per-geohash Nostr identities derived from a device seed (bitchat-wire.md §7.1), so a user's
 * keys in two geohashes cannot be linked, yet the same device always gets the same key in the
 * same geohash.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { isValidGeohash } from '../geohash/geohash.js'
import { getPublicKey, isValidSecretKey, type NostrKeyPair } from '../nostr/keys.js'

/** Bytes of the device seed. */
export const DEVICE_SEED_BYTES = 32
/** Candidates tried before the SHA-256 fallback. */
export const GEOHASH_KEY_ITERATIONS = 10
/** Prefix of iOS's mesh-bridge rendezvous contexts. */
export const BRIDGE_CONTEXT_PREFIX = 'bridge|'

/** How the iteration counter is appended: iOS big-endian, Android little-endian (§9 #20). */
export type IterationByteOrder = 'big' | 'little'

const encoder = /* @__PURE__ */ new TextEncoder()

/**
 * Derive the key for an arbitrary context string: for i = 0…9, HMAC-SHA256(seed, UTF-8(context)
 * ‖ u32 i); the first candidate that is a valid scalar wins; otherwise SHA-256(seed ‖ context).
 * @param seed - 32-byte device seed.
 * @param context - A geohash, or `"bridge|" + cell`.
 * @param byteOrder - Counter byte order (default `'big'`; identical results for i = 0).
 * @returns The key pair. The caller owns `secretKey` and should zero it when done.
 * @throws RangeError for a seed that is not 32 bytes.
 */
export function deriveContextIdentity(seed: Uint8Array, context: string, byteOrder: IterationByteOrder = 'big'): NostrKeyPair {
  if (!(seed instanceof Uint8Array) || seed.length !== DEVICE_SEED_BYTES) throw new RangeError('device seed must be 32 bytes')
  const ctx = encoder.encode(context)
  const msg = new Uint8Array(ctx.length + 4)
  msg.set(ctx)
  const view = new DataView(msg.buffer)
  for (let i = 0; i < GEOHASH_KEY_ITERATIONS; i++) {
    view.setUint32(ctx.length, i, byteOrder === 'little')
    const candidate = hmac(sha256, seed, msg)
    if (isValidSecretKey(candidate)) return { secretKey: candidate, publicKey: getPublicKey(candidate) }
  }
  const fallbackInput = new Uint8Array(seed.length + ctx.length)
  fallbackInput.set(seed)
  fallbackInput.set(ctx, seed.length)
  const fallback = sha256(fallbackInput)
  return { secretKey: fallback, publicKey: getPublicKey(fallback) }
}

/**
 * The identity a device uses in a geohash channel.
 * @param seed - 32-byte device seed.
 * @param geohash - Lower-case geohash (the exact string in the `g` tag).
 * @param byteOrder - Counter byte order (see {@link IterationByteOrder}).
 * @returns The key pair.
 * @throws RangeError for a bad seed or a geohash that is not lower-case base32.
 */
export function deriveGeohashIdentity(seed: Uint8Array, geohash: string, byteOrder: IterationByteOrder = 'big'): NostrKeyPair {
  if (!isValidGeohash(geohash, { lowercaseOnly: true })) throw new RangeError(`not a lower-case geohash: ${JSON.stringify(geohash)}`)
  return deriveContextIdentity(seed, geohash, byteOrder)
}

/**
 * iOS's mesh-bridge rendezvous identity for a cell (`"bridge|" + cell`).
 * @param seed - 32-byte device seed.
 * @param cell - Geohash cell.
 * @returns The key pair.
 * @throws RangeError for a bad seed or geohash.
 */
export function deriveBridgeIdentity(seed: Uint8Array, cell: string): NostrKeyPair {
  if (!isValidGeohash(cell, { lowercaseOnly: true })) throw new RangeError(`not a lower-case geohash: ${JSON.stringify(cell)}`)
  return deriveContextIdentity(seed, BRIDGE_CONTEXT_PREFIX + cell)
}
