/**
 * Browser stand-in for `@bitmesh/crypto/node`, aliased in `vite.config.ts`. The simulator's
 * `run.ts` imports `createNodeCryptoProvider` statically for its Node default; the visualizer
 * always passes the portable noble provider instead, so this is never called for real, and it
 * returns that same provider rather than pulling `node:crypto` into the bundle.
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { CryptoProvider } from '@bitmesh/interface'

/**
 * The portable provider (options are ignored: the noble provider needs no key cache).
 * @returns `defaultCryptoProvider` of `@bitmesh/crypto`.
 */
export function createNodeCryptoProvider(_options?: unknown): CryptoProvider {
  return defaultCryptoProvider
}

/** The portable provider under the Node provider's name. */
export const nodeCryptoProvider: CryptoProvider = defaultCryptoProvider

/** Same value as `@bitmesh/crypto/node`'s constant (unused in browsers). */
export const PRIVATE_KEY_CACHE_ENTRIES = 32
