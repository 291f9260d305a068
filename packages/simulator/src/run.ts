/**
 * The one-call entry point: run a scenario on the default stack with the Node crypto provider
 * (in Node) or the portable one (elsewhere).
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { CryptoProvider } from '@bitmesh/interface'
import { meshStack } from './mesh-stack.js'
import type { NodeStack } from './node-stack.js'
import type { Scenario } from './scenario.js'
import { simulate, type SimulationProgress, type SimulationResult } from './simulate.js'

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Software under test (default: the real transport-ble + mesh stack). */
  stack?: NodeStack<any>
  /**
   * Crypto provider. Default in Node: a `createNodeCryptoProvider` of `@bitmesh/crypto/node` whose
   * private-key cache holds every simulated node's keys, so signing never re-imports a seed
   * (loaded on first use, so browser bundles of the simulator never pull `node:crypto`);
   * elsewhere the portable `defaultCryptoProvider`.
   */
  crypto?: CryptoProvider
  /** Progress callback, about once per virtual second. */
  onProgress?: (progress: SimulationProgress) => void
}

/**
 * Run a scenario.
 * @param scenario - A validated scenario (see `parseScenario`, `builtinScenario`).
 * @param options - Stack, crypto and progress overrides.
 * @returns Metrics and report data.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<SimulationResult> {
  return simulate(scenario, {
    stack: options.stack ?? meshStack(),
    crypto: options.crypto ?? (await defaultSimulationCrypto(scenario.nodes.count)),
    onProgress: options.onProgress,
  })
}

/** The Node provider when running on Node, else the portable one. */
async function defaultSimulationCrypto(nodes: number): Promise<CryptoProvider> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'
  if (!isNode) return defaultCryptoProvider
  // A computed specifier: bundlers for browsers and React Native must not follow it.
  const nodeEntry = '@bitmesh/crypto/node'
  const { createNodeCryptoProvider } = (await import(/* @vite-ignore */ nodeEntry)) as typeof import('@bitmesh/crypto/node')
  return createNodeCryptoProvider({ privateKeyCacheEntries: privateKeyCacheEntriesFor(nodes) })
}

/** Largest private-key cache the Node provider accepts. */
const MAX_PRIVATE_KEY_CACHE_ENTRIES = 65_536

/**
 * Private-key cache size for a crowd: each node's Ed25519 seed and X25519 static key, plus room
 * for Noise ephemerals in flight.
 * @param nodes - Crowd size.
 * @returns Entries, at most {@link MAX_PRIVATE_KEY_CACHE_ENTRIES}.
 */
function privateKeyCacheEntriesFor(nodes: number): number {
  return Math.min(MAX_PRIVATE_KEY_CACHE_ENTRIES, 2 * nodes + 64)
}
