/**
 * The shape of conformance data: a suite is a list of cases; a case is one or more request
 * steps, each with an expectation. Cases are plain data (plus an occasional check function), so
 * a reader can see exactly which bytes are expected and where they come from.
 * @module
 */
import type { JsonObject, JsonValue } from '../json.js'
import type { RequestId } from '../protocol.js'

/** What earlier steps of the same case returned (their `result` objects, in order). */
export interface StepContext {
  readonly results: readonly JsonObject[]
}

/**
 * A result check: returns `undefined` when the result is acceptable, otherwise a short
 * explanation of what is wrong.
 */
export type ResultCheck = (result: JsonObject, ctx: StepContext) => string | undefined

/** What a step's response must be. */
export type Expectation =
  /**
   * `ok: true` and a result matching this value. Matching is structural: every member given
   * here must be present and equal (numbers and big integers compare by value, hex compares
   * exactly, so it must be lowercase); an expected `null` also accepts an absent member; members
   * not named here are ignored; arrays must match element for element.
   */
  | { readonly result: JsonObject }
  /** `ok: true` and a result the function accepts. */
  | { readonly check: ResultCheck; readonly describe: string }
  /**
   * `ok: false` with this error code. `reasons`, when given, lists the finer reasons accepted
   * in `error.reason` (an absent reason is always accepted: the spec makes it optional).
   */
  | { readonly error: string; readonly reasons?: readonly string[] }

/** One request of a case. */
export type CaseStep =
  | {
      /** Operation name; the runner adds a fresh `id`. */
      readonly op: string
      /** Arguments, or a function building them from earlier results. */
      readonly args?: JsonObject | ((ctx: StepContext) => JsonObject)
      readonly expect: Expectation
    }
  | {
      /** A line sent verbatim (for malformed-request cases); the runner adds nothing. */
      readonly raw: string
      readonly expect: Expectation
      /** The `id` the response must carry; default `null`. */
      readonly id?: RequestId
    }

/** One conformance case. */
export interface ConformanceCase {
  /** Short unique name within its suite. */
  readonly name: string
  /** Where the expected values come from, e.g. `bitchat-wire §10.1` or `BitMesh (independent: Python zlib)`. */
  readonly source: string
  /** Requests, sent in order; the case stops at the first failing step. */
  readonly steps: readonly CaseStep[]
  /**
   * Run even when `skipUnsupported` is set and the adapter does not list the op (used by the
   * `UNSUPPORTED_OP` case, whose op is deliberately unknown).
   */
  readonly alwaysRun?: boolean
}

/** A named group of cases. */
export interface ConformanceSuite {
  /** Suite name, e.g. `golden`. */
  readonly name: string
  /** One line on what the suite covers. */
  readonly description: string
  readonly cases: readonly ConformanceCase[]
}

/** Prefix of BitMesh's extension operations (not in the v1 op table). */
export const EXTENSION_OP_PREFIX = 'bitmesh.'

/**
 * Operations a case sends (raw lines excluded).
 * @param c - A case.
 * @returns Distinct op names in order of first use.
 */
export function caseOps(c: ConformanceCase): string[] {
  const ops: string[] = []
  for (const step of c.steps) if ('op' in step && !ops.includes(step.op)) ops.push(step.op)
  return ops
}

/** Arguments value type, re-exported for suite authors. */
export type { JsonObject, JsonValue }
