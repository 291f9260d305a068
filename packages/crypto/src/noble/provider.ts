/**
 * The portable provider, assembled from the `@noble/*` pieces.
 * @module
 */
import { cacheEntriesFrom, type CachingCryptoProvider, type CryptoProviderOptions } from '../options.js'
import { nobleAead } from './aead.js'
import { createNobleEd25519 } from './ed25519.js'
import { nobleHkdfSha256, nobleHmacSha256, nobleSha256 } from './hash.js'
import { webRandomBytes } from './random.js'
import { nobleX25519 } from './x25519.js'

/**
 * Create a pure-JavaScript crypto provider on `@noble/curves`, `@noble/ciphers` and
 * `@noble/hashes`. Runs anywhere with `globalThis.crypto.getRandomValues` (browsers, Node,
 * Deno, Bun, React Native with a polyfill). Most apps use the shared
 * {@link nobleCryptoProvider}; create another only to size the public-key cache differently.
 * @param options - Cache sizing.
 * @returns A new provider with its own public-key cache.
 * @throws {RangeError} If `publicKeyCacheEntries` is out of range.
 */
export function createNobleCryptoProvider(options?: CryptoProviderOptions): CachingCryptoProvider {
  const ed25519 = createNobleEd25519(cacheEntriesFrom(options))
  return {
    name: 'noble',
    sha256: nobleSha256,
    hmacSha256: nobleHmacSha256,
    hkdfSha256: nobleHkdfSha256,
    ed25519,
    x25519: nobleX25519,
    chacha20poly1305: nobleAead,
    randomBytes: webRandomBytes,
    clearCaches: () => ed25519.clearCache(),
  }
}

/**
 * The shared portable provider (pure JS, `@noble/*`). See the package README for the Ed25519
 * and X25519 acceptance policies, which `nodeCryptoProvider` matches decision for decision.
 */
export const nobleCryptoProvider: CachingCryptoProvider = /* @__PURE__ */ createNobleCryptoProvider()
