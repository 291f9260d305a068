/**
 * @packageDocumentation
 * `@bitmesh/crypto/node`: a {@link CryptoProvider} on `node:crypto` (OpenSSL) for Node ≥ 20.19.
 * It accepts and rejects exactly what the portable noble provider does and produces the same
 * bytes, only faster. Import it only in code that runs on Node.
 *
 * @example
 * ```ts
 * import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
 *
 * const key = crypto.randomBytes(32)
 * const nonce = new Uint8Array(12)
 * const sealed = crypto.chacha20poly1305.seal(key, nonce, new TextEncoder().encode('hi'))
 * crypto.chacha20poly1305.open(key, nonce, sealed) // Uint8Array [104, 105]
 * ```
 */
import type { CryptoProvider } from '@bitmesh/interface'

export { createNodeCryptoProvider, nodeCryptoProvider, type NodeCryptoProviderOptions } from './node/provider.js'
export { PRIVATE_KEY_CACHE_ENTRIES } from './constants.js'
export type { CachingCryptoProvider, CryptoProviderOptions } from './options.js'
export type { CryptoProvider }
