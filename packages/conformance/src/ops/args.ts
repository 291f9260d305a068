/**
 * Argument readers for adapter operations. Each one validates a single request member and
 * throws a `BAD_REQUEST` {@link RequestError} naming the member, so a runner sees exactly which
 * argument it got wrong.
 * @module
 */
import { bytesToHex } from '@bitmesh/wire-format'
import type { JsonObject, JsonValue } from '../json.js'
import { AdapterErrorCode } from '../protocol.js'
import { RequestError } from './types.js'

/** Largest hex argument accepted (characters): twice the largest frame the codec decodes, plus slack. */
export const MAX_HEX_ARGUMENT_CHARS = 4 * 1024 * 1024

/**
 * Build a `BAD_REQUEST` error.
 * @param message - What is wrong with the request.
 * @returns The error, for `throw`.
 */
export function badRequest(message: string): RequestError {
  return new RequestError(AdapterErrorCode.BAD_REQUEST, message)
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/**
 * Decode a hex string argument. Upper case is tolerated on input; responses are always lower case.
 * @param value - The member value.
 * @param name - Member name for the error message.
 * @param byteLength - Exact length required, if any.
 * @returns The bytes.
 * @throws RequestError BAD_REQUEST when not an even-length hex string (of the required length).
 */
export function hexArg(value: JsonValue | undefined, name: string, byteLength?: number): Uint8Array {
  if (typeof value !== 'string') throw badRequest(`${name}: expected a hex string`)
  if (value.length > MAX_HEX_ARGUMENT_CHARS) throw badRequest(`${name}: longer than ${MAX_HEX_ARGUMENT_CHARS} hex characters`)
  if (value.length % 2 !== 0) throw badRequest(`${name}: odd number of hex characters`)
  const out = new Uint8Array(value.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(value.charCodeAt(2 * i))
    const lo = nibble(value.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) throw badRequest(`${name}: not hex`)
    out[i] = (hi << 4) | lo
  }
  if (byteLength !== undefined && out.length !== byteLength) {
    throw badRequest(`${name}: expected ${byteLength * 2} hex characters, got ${value.length}`)
  }
  return out
}

/**
 * Read a required member holding hex.
 * @param request - The request object.
 * @param name - Member name.
 * @param byteLength - Exact byte length required, if any.
 * @returns The decoded bytes.
 * @throws RequestError BAD_REQUEST when missing or malformed.
 */
export function requireHex(request: JsonObject, name: string, byteLength?: number): Uint8Array {
  return hexArg(request[name], name, byteLength)
}

/**
 * Read an integer member within bounds.
 * @param value - The member value.
 * @param name - Member name for the error message.
 * @param min - Smallest allowed value.
 * @param max - Largest allowed value (≤ 2^53 − 1).
 * @returns The integer.
 * @throws RequestError BAD_REQUEST when not an integer in [min, max].
 */
export function intArg(value: JsonValue | undefined, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${name}: expected an integer in ${min}..${max}`)
  }
  return value
}

/**
 * Read a non-negative integer member that may exceed 2^53 (u64 fields such as timestamps).
 * @param value - The member value (a `number` or an exact `bigint` from the parser).
 * @param name - Member name for the error message.
 * @param maxBits - Width of the unsigned field (64 for a u64).
 * @returns The value as a bigint.
 * @throws RequestError BAD_REQUEST when not an integer in [0, 2^maxBits − 1].
 */
export function uintArg(value: JsonValue | undefined, name: string, maxBits: number): bigint {
  let big: bigint
  if (typeof value === 'bigint') big = value
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value)
  else throw badRequest(`${name}: expected a non-negative integer`)
  if (big < 0n || big >> BigInt(maxBits) !== 0n) throw badRequest(`${name}: out of range for u${maxBits}`)
  return big
}

/**
 * Read an optional boolean member.
 * @param value - The member value.
 * @param name - Member name for the error message.
 * @param fallback - Value when the member is absent or null.
 * @returns The boolean.
 * @throws RequestError BAD_REQUEST when present and not a boolean.
 */
export function boolArg(value: JsonValue | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'boolean') throw badRequest(`${name}: expected true or false`)
  return value
}

/**
 * Read a string member.
 * @param value - The member value.
 * @param name - Member name for the error message.
 * @returns The string.
 * @throws RequestError BAD_REQUEST when not a string.
 */
export function stringArg(value: JsonValue | undefined, name: string): string {
  if (typeof value !== 'string') throw badRequest(`${name}: expected a string`)
  return value
}

/**
 * Read an array member.
 * @param value - The member value.
 * @param name - Member name for the error message.
 * @param maxItems - Largest accepted length (keeps work bounded).
 * @returns The array.
 * @throws RequestError BAD_REQUEST when not an array or too long.
 */
export function arrayArg(value: JsonValue | undefined, name: string, maxItems: number): JsonValue[] {
  if (!Array.isArray(value)) throw badRequest(`${name}: expected an array`)
  if (value.length > maxItems) throw badRequest(`${name}: more than ${maxItems} items`)
  return value
}

/** The `compression` argument values of the spec. */
export type CompressionArg = 'auto' | 'none'

/**
 * Read the `compression` member (`"auto"` when absent).
 * @param value - The member value.
 * @returns `"auto"` or `"none"`.
 * @throws RequestError BAD_REQUEST for anything else.
 */
export function compressionArg(value: JsonValue | undefined): CompressionArg {
  if (value === undefined || value === null) return 'auto'
  if (value !== 'auto' && value !== 'none') throw badRequest('compression: expected "auto" or "none"')
  return value
}

/**
 * Lowercase hex of bytes (responses always use lowercase).
 * @param bytes - Any bytes.
 * @returns Lowercase hex.
 */
export function hexOut(bytes: Uint8Array): string {
  return bytesToHex(bytes)
}
