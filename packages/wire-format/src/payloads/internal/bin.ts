/**
 * Private integer and error helpers shared by the payload codecs. Not exported from the package:
 * the public byte helpers live in `../../packet/bytes.ts`.
 * @module
 */
import { DecodeError, EncodeError, type DecodeReasonValue } from '@bitmesh/interface'

/** Largest value of an unsigned 64-bit field, as a bigint. */
export const U64_MAX = 0xffff_ffff_ffff_ffffn

/**
 * Build a {@link DecodeError}. Exists so call sites read as one line (`throw fail(...)`).
 * @param reason - One of `DecodeReason`.
 * @param message - Human-readable detail.
 * @returns The error (the caller throws it, so control flow stays visible).
 */
export function fail(reason: DecodeReasonValue, message: string): DecodeError {
  return new DecodeError(reason, message)
}

/**
 * Build an {@link EncodeError}.
 * @param message - Human-readable detail.
 * @returns The error (the caller throws it).
 */
export function cannotEncode(message: string): EncodeError {
  return new EncodeError(message)
}

/** Read a u16 big-endian at `offset` (caller checked bounds). */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!
}

/** Read a u32 big-endian at `offset` (caller checked bounds). */
export function readU32(bytes: Uint8Array, offset: number): number {
  // `>>> 0` keeps the result unsigned; `<< 24` alone would go negative.
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0
}

/** Read a u64 big-endian at `offset` as a bigint (caller checked bounds). */
export function readU64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readU32(bytes, offset)) << 32n) | BigInt(readU32(bytes, offset + 4))
}

/** Write a u16 big-endian at `offset`. */
export function writeU16(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 8
  out[offset + 1] = value & 0xff
}

/** Write a u32 big-endian at `offset`. */
export function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24
  out[offset + 1] = (value >>> 16) & 0xff
  out[offset + 2] = (value >>> 8) & 0xff
  out[offset + 3] = value & 0xff
}

/** Write a u64 big-endian at `offset` (value already range-checked). */
export function writeU64(out: Uint8Array, offset: number, value: bigint): void {
  writeU32(out, offset, Number(value >> 32n))
  writeU32(out, offset + 4, Number(value & 0xffff_ffffn))
}

/**
 * Little-endian bitfield of at most 8 bytes (bytes beyond the 8th are ignored, as both apps do).
 * @param bytes - The field bytes, least significant first.
 * @returns The low 64 bits as a bigint.
 */
export function readLeBitfield(bytes: Uint8Array): bigint {
  let value = 0n
  const n = Math.min(bytes.length, 8)
  for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!)
  return value
}

/**
 * Minimal little-endian encoding of a 64-bit bitfield: trailing zero bytes dropped, but always at
 * least one byte (so an empty set differs from an absent field).
 * @param value - 0 … 2^64−1.
 * @returns 1–8 bytes.
 */
export function minimalLeBitfield(value: bigint): Uint8Array {
  let n = 1
  while (n < 8 && value >> BigInt(8 * n) !== 0n) n++
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn)
  return out
}

/**
 * Validate a bigint as an unsigned integer of `bits` bits.
 * @throws TypeError when `value` is not a bigint; RangeError when out of range.
 */
export function checkUnsignedBigInt(value: bigint, bits: 64, name: string): void {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint`)
  if (value < 0n || value > U64_MAX) throw new RangeError(`${name} must fit in u${bits}`)
}

/**
 * Validate a number as an unsigned integer below `2^bits`.
 * @throws TypeError when `value` is not an integer; RangeError when out of range.
 */
export function checkUnsigned(value: number, bits: 8 | 16 | 32, name: string): void {
  if (!Number.isInteger(value)) throw new TypeError(`${name} must be an integer`)
  if (value < 0 || value > 2 ** bits - 1) throw new RangeError(`${name} must fit in u${bits}`)
}

/**
 * Validate a byte array of an exact length.
 * @throws TypeError when `value` is not a Uint8Array or has the wrong length.
 */
export function checkBytes(value: Uint8Array, length: number, name: string): void {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`)
  if (value.length !== length) throw new TypeError(`${name} must be ${length} bytes, got ${value.length}`)
}

/**
 * Throw unless `value` is a Uint8Array (any length).
 * @throws TypeError
 */
export function checkIsBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`)
}
