/**
 * Small builders that keep the suite files readable.
 * @module
 */
import type { JsonObject } from '../json.js'
import type { CaseStep, ResultCheck, StepContext } from './types.js'

/**
 * A step expecting an exact (structural) result.
 * @param op - Operation name.
 * @param args - Arguments.
 * @param result - Expected result.
 * @returns The step.
 */
export function expectResult(op: string, args: JsonObject | ((ctx: StepContext) => JsonObject), result: JsonObject): CaseStep {
  return { op, args, expect: { result } }
}

/**
 * A step expecting an error code.
 * @param op - Operation name.
 * @param args - Arguments.
 * @param error - Expected `error.code`.
 * @param reasons - Accepted `error.reason` values when the adapter gives one.
 * @returns The step.
 */
export function expectError(op: string, args: JsonObject, error: string, reasons?: readonly string[]): CaseStep {
  return reasons === undefined ? { op, args, expect: { error } } : { op, args, expect: { error, reasons } }
}

/**
 * A step whose result is judged by a function.
 * @param op - Operation name.
 * @param args - Arguments.
 * @param describe - What the check requires, for reports.
 * @param check - Returns `undefined` when acceptable, else the problem.
 * @returns The step.
 */
export function expectCheck(
  op: string,
  args: JsonObject | ((ctx: StepContext) => JsonObject),
  describe: string,
  check: ResultCheck,
): CaseStep {
  return { op, args, expect: { check, describe } }
}

/** Fields of the protocol's packet object; omitted ones take the defaults below. */
export interface PacketFields {
  version?: 1 | 2
  type: number
  ttl?: number
  timestamp: number | bigint
  senderId: string
  recipientId?: string | null
  route?: string[] | null
  payload: string
  signature?: string | null
  isRsr?: boolean
}

/**
 * A complete packet object (version 1, TTL 7, no recipient/route/signature, RSR clear unless
 * given).
 * @param fields - The fields to set.
 * @returns The packet object.
 */
export function packet(fields: PacketFields): JsonObject {
  return {
    version: fields.version ?? 1,
    type: fields.type,
    ttl: fields.ttl ?? 7,
    timestamp: fields.timestamp,
    senderId: fields.senderId,
    recipientId: fields.recipientId ?? null,
    route: fields.route ?? null,
    payload: fields.payload,
    signature: fields.signature ?? null,
    isRsr: fields.isRsr ?? false,
  }
}

/**
 * Join hex pieces written with spaces for readability.
 * @param parts - Hex strings, spaces allowed.
 * @returns One lowercase hex string without spaces.
 */
export function hx(...parts: string[]): string {
  return parts.join('').replace(/\s+/g, '').toLowerCase()
}

/**
 * `n` copies of one byte, as hex.
 * @param byteHex - Two hex characters.
 * @param n - Count.
 * @returns The repeated hex.
 */
export function rep(byteHex: string, n: number): string {
  return byteHex.repeat(n)
}

/**
 * Hex of a UTF-8 string (for readable expected payloads).
 * @param text - Text.
 * @returns Lowercase hex of its UTF-8 bytes.
 */
export function utf8Hex(text: string): string {
  let out = ''
  for (const b of new TextEncoder().encode(text)) out += b.toString(16).padStart(2, '0')
  return out
}
