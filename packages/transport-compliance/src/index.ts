/**
 * @packageDocumentation
 * `@bitmesh/transport-compliance`: the one suite every BitMesh transport runs against its own
 * harness (vitest), plus the reference in-memory transport that passes it.
 *
 * This entry imports `vitest`; use it from test files. Runtime code that only wants the memory
 * transport imports `@bitmesh/transport-compliance/memory`, which does not.
 *
 * @example
 * ```ts
 * import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, runTransportCompliance } from '@bitmesh/transport-compliance'
 *
 * runTransportCompliance({
 *   name: 'memory',
 *   async setup() {
 *     const clock = new ManualClock()
 *     const network = new MemoryNetwork({ clock, latencyMs: 5 })
 *     const a = memoryTransport({ network, address: 'a' })
 *     const b = memoryTransport({ network, address: 'b' })
 *     await a.start()
 *     await b.start()
 *     return {
 *       a,
 *       b,
 *       connect: () => connectTransports(a, b, 'b'),
 *       advance: (ms) => clock.advance(ms),
 *       pendingTimers: () => clock.pendingTimers(),
 *       teardown: async () => { await a.stop(); await b.stop() },
 *     }
 *   },
 * })
 * ```
 */
export { runTransportCompliance, runComplianceCase } from './suite.js'
export { complianceCases, type ComplianceCase } from './cases/index.js'
export type { CaseContext } from './context.js'
export type { TransportComplianceHarness, TransportComplianceEnv, ComplianceTimeouts } from './harness.js'
export * from './memory/index.js'
