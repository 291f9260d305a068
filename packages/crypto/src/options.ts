/**
 * Options and the extended provider type shared by both provider factories.
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { assertInteger } from './assert.js'
import { ED25519_PUBLIC_KEY_CACHE_ENTRIES } from './constants.js'
import { MAX_CACHE_ENTRIES } from './lru.js'

/** Options for {@link createNobleCryptoProvider} and `createNodeCryptoProvider`. */
export interface CryptoProviderOptions {
  /**
   * How many peer Ed25519 public keys to keep parsed, least recently used evicted first.
   * 0 disables the cache. Default {@link ED25519_PUBLIC_KEY_CACHE_ENTRIES} (256).
   */
  readonly publicKeyCacheEntries?: number
}

/**
 * A {@link CryptoProvider} that also holds caches: parsed peer public keys (both providers) and,
 * in the node provider, imported private keys.
 */
export interface CachingCryptoProvider extends CryptoProvider {
  /**
   * Drop every cached key. Call it from a panic wipe or when retiring long-term keys: the public
   * cache reveals which peers this device verified, and the node provider's private-key cache
   * holds copies of secret keys (zeroed here; the imported OpenSSL keys are released to the
   * garbage collector).
   */
  clearCaches(): void
}

/**
 * Read the cache size from options.
 * @internal
 * @param options - Factory options.
 * @returns The capacity to use.
 * @throws {RangeError} If the value is not an integer in [0, 65536].
 */
export function cacheEntriesFrom(options: CryptoProviderOptions | undefined): number {
  const entries = options?.publicKeyCacheEntries ?? ED25519_PUBLIC_KEY_CACHE_ENTRIES
  assertInteger(entries, 'publicKeyCacheEntries', 0, MAX_CACHE_ENTRIES)
  return entries
}
