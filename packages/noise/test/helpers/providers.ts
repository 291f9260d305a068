/**
 * The providers every suite runs against: the two real ones from `@bitmesh/crypto` (portable
 * noble, Node/OpenSSL) plus a tiny independent `node:crypto` provider written for these tests.
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { nodeTestProvider } from './node-test-provider.js'

/** The portable default provider (`@noble/*`). */
export const noble: CryptoProvider = defaultCryptoProvider
/** The Node provider (OpenSSL through `node:crypto`). */
export const node: CryptoProvider = nodeCryptoProvider

/** All providers under test. */
export const providers: readonly CryptoProvider[] = [noble, node, nodeTestProvider]
