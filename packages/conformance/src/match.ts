/**
 * Structural comparison of an adapter result with an expected value (see `Expectation` in
 * `suites/types.ts` for the rules).
 * @module
 */
import { isJsonObject, stringifyJson, type JsonValue } from './json.js'

/** Longest rendering of a value inside a mismatch message. */
const MAX_SHOWN_CHARS = 120

function show(value: unknown): string {
  if (value === undefined) return 'absent'
  let text: string
  try {
    text = stringifyJson(value)
  } catch {
    text = String(value)
  }
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}… (${text.length} chars)` : text
}

function integerValue(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  return undefined
}

/** First differing position of two strings, for readable hex mismatches. */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return n
}

/**
 * Compare `actual` against `expected`.
 * @param expected - Expected value.
 * @param actual - Value from the adapter (may be `undefined` for an absent member).
 * @param path - Location used in the message, e.g. `result.packet.timestamp`.
 * @returns `undefined` on a match, else a one-line description of the first mismatch.
 */
export function matchJson(expected: JsonValue, actual: unknown, path = 'result'): string | undefined {
  if (expected === null) {
    return actual === null || actual === undefined ? undefined : `${path}: expected null, got ${show(actual)}`
  }
  if (typeof expected === 'number' || typeof expected === 'bigint') {
    const e = integerValue(expected)
    const a = integerValue(actual)
    if (e !== undefined && a !== undefined) return e === a ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`
    return actual === expected ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`
  }
  if (typeof expected === 'string') {
    if (actual === expected) return undefined
    if (typeof actual === 'string') {
      const at = firstDifference(expected, actual)
      return `${path}: strings differ at character ${at} (expected length ${expected.length}, got ${actual.length}): expected …${expected.slice(at, at + 24)}…, got …${actual.slice(at, at + 24)}…`
    }
    return `${path}: expected ${show(expected)}, got ${show(actual)}`
  }
  if (typeof expected === 'boolean') {
    return actual === expected ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}`
    for (let i = 0; i < expected.length; i++) {
      const m = matchJson(expected[i]!, actual[i], `${path}[${i}]`)
      if (m !== undefined) return m
    }
    return undefined
  }
  if (!isJsonObject(actual)) return `${path}: expected an object, got ${show(actual)}`
  for (const key of Object.keys(expected)) {
    const m = matchJson(expected[key]!, actual[key], `${path}.${key}`)
    if (m !== undefined) return m
  }
  return undefined
}
