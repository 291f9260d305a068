/**
 * Every compliance case, in the order the suite runs them.
 * @module
 */
import { abortCases } from './abort.js'
import { backpressureCases } from './backpressure.js'
import type { ComplianceCase } from './case.js'
import { closeCases } from './close.js'
import { frameCases } from './frames.js'
import { lifecycleCases } from './lifecycle.js'
import { stopCases } from './stop.js'

export type { ComplianceCase } from './case.js'

/** All cases of the suite (ids are stable; see the README for what each checks). */
export const complianceCases: readonly ComplianceCase[] = [
  ...lifecycleCases,
  ...frameCases,
  ...backpressureCases,
  ...closeCases,
  ...stopCases,
  ...abortCases,
]
