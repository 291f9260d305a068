/**
 * The Node provider, assembled from the `node:crypto` pieces.
 * @module
 */
import { randomFillSync } from 'node:crypto'
import { assertInteger } from '../assert.js'
import { PRIVATE_KEY_CACHE_ENTRIES } from '../constants.js'
import { MAX_CACHE_ENTRIES } from '../lru.js'
import { cacheEntriesFrom, type CachingCryptoProvider, type CryptoProviderOptions } from '../options.js'
import { nodeAead } from './aead.js'
import { createNodeEd25519 } from './ed25519.js'
import { nodeHkdfSha256, nodeHmacSha256, nodeSha256 } from './hash.js'
import { createNodeX25519 } from './x25519.js'

/** Options for {@link createNodeCryptoProvider}. */
export interface NodeCryptoProviderOptions extends CryptoProviderOptions {
  /**
   * How many imported private keys to keep, per algorithm (X25519, Ed25519), least recently used
   * evicted first. Each entry holds a copy of a secret key until it is evicted, its array is found
   * changed, or `clearCaches()` runs; see the package README. 0 disables the cache (every call
   * imports the key again, about twice the cost of an X25519 DH or an Ed25519 signature).
   * Default {@link PRIVATE_KEY_CACHE_ENTRIES} (32).
   */
  readonly privateKeyCacheEntries?: number
}

/**
 * Fill a new array with random bytes from OpenSSL's CSPRNG.
 * @param length - Number of bytes.
 * @returns Fresh random bytes.
 */
function nodeRandomBytes(length: number): Uint8Array {
  assertInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER)
  return randomFillSync(new Uint8Array(length))
}

/**
 * Create a crypto provider on `node:crypto` (OpenSSL): several times faster than the noble
 * provider for Ed25519, X25519 and ChaCha20-Poly1305, and byte- and decision-identical to it.
 * Node ≥ 20.19 only (also Electron's main process); not browsers or React Native.
 * @param options - Cache sizing.
 * @returns A new provider with its own public- and private-key caches.
 * @throws {RangeError} If `publicKeyCacheEntries` or `privateKeyCacheEntries` is out of range.
 */
export function createNodeCryptoProvider(options?: NodeCryptoProviderOptions): CachingCryptoProvider {
  const privateKeyCacheEntries = options?.privateKeyCacheEntries ?? PRIVATE_KEY_CACHE_ENTRIES
  assertInteger(privateKeyCacheEntries, 'privateKeyCacheEntries', 0, MAX_CACHE_ENTRIES)
  const ed25519 = createNodeEd25519(cacheEntriesFrom(options), privateKeyCacheEntries)
  const x25519 = createNodeX25519(privateKeyCacheEntries)
  return {
    name: 'node',
    sha256: nodeSha256,
    hmacSha256: nodeHmacSha256,
    hkdfSha256: nodeHkdfSha256,
    ed25519,
    x25519,
    chacha20poly1305: nodeAead,
    randomBytes: nodeRandomBytes,
    clearCaches: () => {
      ed25519.clearCache()
      x25519.clearCache()
    },
  }
}

/** The shared Node provider; see {@link createNodeCryptoProvider}. */
export const nodeCryptoProvider: CachingCryptoProvider = /* @__PURE__ */ createNodeCryptoProvider()
