/**
 * The compliance suite as vitest tests.
 * @module
 */
import { describe, it } from 'vitest'
import { complianceCases, type ComplianceCase } from './cases/index.js'
import { createCaseContext } from './context.js'
import type { TransportComplianceHarness } from './harness.js'

/**
 * Run one case in a fresh world from `harness`, tearing it down afterwards even on failure.
 * Useful to check a single case outside {@link runTransportCompliance}.
 * @throws the case's assertion error when the transport breaks the contract.
 */
export async function runComplianceCase(harness: TransportComplianceHarness, complianceCase: ComplianceCase): Promise<void> {
  const env = await harness.setup()
  const ctx = createCaseContext(env, harness)
  try {
    await complianceCase.run(ctx)
  } finally {
    ctx.unsubscribeAll()
    await env.teardown()
  }
}

/**
 * Register the transport compliance suite with vitest: one `describe` named after the harness,
 * one test per case, each in a fresh world from `harness.setup()`. Call it at the top level of a
 * test file.
 * @param harness how to build two linked transports of the kind under test.
 * @throws TypeError when `harness` lacks a name or setup function, or skips an unknown case id.
 *
 * @example
 * ```ts
 * import { runTransportCompliance } from '@bitmesh/transport-compliance'
 * runTransportCompliance({ name: 'my transport', setup: async () => ({ a, b, connect, teardown }) })
 * ```
 */
export function runTransportCompliance(harness: TransportComplianceHarness): void {
  if (harness === null || typeof harness !== 'object' || typeof harness.setup !== 'function' || typeof harness.name !== 'string') {
    throw new TypeError('harness must have a name and a setup() function')
  }
  const skip = harness.skip ?? {}
  for (const id of Object.keys(skip)) {
    if (!complianceCases.some((c) => c.id === id)) throw new TypeError(`harness.skip names unknown case ${id}`)
  }
  describe(`transport compliance: ${harness.name}`, () => {
    for (const complianceCase of complianceCases) {
      const reason = skip[complianceCase.id]
      const title = `${complianceCase.id}: ${complianceCase.title}`
      if (reason !== undefined) it.skip(`${title} (skipped: ${reason})`, () => {})
      else it(title, () => runComplianceCase(harness, complianceCase))
    }
  })
}
