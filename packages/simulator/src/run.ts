/**
 * The one-call entry point: run a scenario on the default stack with the Node crypto provider.
 * @module
 */
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import type { CryptoProvider } from '@bitmesh/interface'
import { meshStack } from './mesh-stack.js'
import type { NodeStack } from './node-stack.js'
import type { Scenario } from './scenario.js'
import { simulate, type SimulationProgress, type SimulationResult } from './simulate.js'

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Software under test (default: the real transport-ble + mesh stack). */
  stack?: NodeStack<any>
  /** Crypto provider (default: `nodeCryptoProvider` of `@bitmesh/crypto/node`). */
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
export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<SimulationResult> {
  return simulate(scenario, {
    stack: options.stack ?? meshStack(),
    crypto: options.crypto ?? nodeCryptoProvider,
    onProgress: options.onProgress,
  })
}
