/**
 * Shared shapes of the inspector's report.
 * @module
 */
import type { SummaryValue } from '@bitmesh/wire-format'

/** JSON-friendly decoded fields (bytes as hex, big integers as decimal strings). */
export type SummaryFields = { [key: string]: SummaryValue }

export type { SummaryValue }
