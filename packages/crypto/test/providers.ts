/**
 * The providers every suite runs against, and small helpers the suites share.
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { createNobleCryptoProvider, nobleCryptoProvider } from '../src/index.js'
import { createNodeCryptoProvider, nodeCryptoProvider } from '../src/node.js'

/** Both shared providers, labelled for `describe.each`. */
export const providers: readonly CryptoProvider[] = [nobleCryptoProvider, nodeCryptoProvider]

/** Fresh providers with the public-key cache disabled, to exercise the uncached path. */
export const uncachedProviders: readonly CryptoProvider[] = [
  createNobleCryptoProvider({ publicKeyCacheEntries: 0 }),
  createNodeCryptoProvider({ publicKeyCacheEntries: 0 }),
]

/** Every provider variant with a label, for suites that must hold with and without the cache. */
export const labelledProviders: ReadonlyArray<readonly [string, CryptoProvider]> = [
  ['noble (cached)', nobleCryptoProvider],
  ['node (cached)', nodeCryptoProvider],
  ['noble (uncached)', uncachedProviders[0]!],
  ['node (uncached)', uncachedProviders[1]!],
]

/** [label, a, b] in both directions, for interop tests: `a` produces, `b` consumes. */
export const providerPairs: ReadonlyArray<readonly [string, CryptoProvider, CryptoProvider]> = [
  ['noble → node', nobleCryptoProvider, nodeCryptoProvider],
  ['node → noble', nodeCryptoProvider, nobleCryptoProvider],
]

/** Run `fn` and return the error it throws (or `undefined`). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}

/** Wycheproof file envelope. */
export interface WycheproofFile<G> {
  algorithm: string
  numberOfTests: number
  testGroups: G[]
}

/** Fields every Wycheproof test carries. */
export interface WycheproofTest {
  tcId: number
  comment: string
  flags: string[]
  result: 'valid' | 'invalid' | 'acceptable'
}
