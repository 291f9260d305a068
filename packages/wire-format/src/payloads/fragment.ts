/**
 * FRAGMENT (`0x20`) payload header (`shared/spec/bitchat-wire.md` §2.6):
 * `fragmentID (8) ‖ index (u16 BE) ‖ total (u16 BE) ‖ originalType (1) ‖ data`.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { checkBytes, checkIsBytes, checkUnsigned, fail, readU16, writeU16 } from './internal/bin.js'

/** Size of the fragment header in bytes. */
export const FRAGMENT_HEADER_BYTES = 13
/** Size of a fragment ID in bytes. */
export const FRAGMENT_ID_BYTES = 8
/** Largest `total` iOS accepts (and the largest this codec decodes). */
export const MAX_FRAGMENT_TOTAL = 10_000
/**
 * Largest `total` Android accepts, sends, or reassembles: the only fragment count both apps
 * handle, so the default cap for fragments BitMesh sends.
 */
export const MAX_INTEROP_FRAGMENTS = 256

/** A decoded fragment payload. */
export interface FragmentPayload {
  /** 8 random bytes shared by every fragment of one original packet. */
  fragmentId: Uint8Array
  /** 0-based position, below `total`. */
  index: number
  /** Number of fragments in the set, 1 … 10 000. */
  total: number
  /** Type byte of the fragmented original packet. */
  originalType: number
  /** This fragment's slice of the original frame (may be empty). */
  data: Uint8Array
}

/**
 * Encode a fragment payload.
 * @param fragment - Header fields and data.
 * @returns `13 + data.length` bytes.
 * @throws TypeError when the ID is not 8 bytes; RangeError when `total` is outside
 *   1 … {@link MAX_FRAGMENT_TOTAL}, `index` is not below `total` or `originalType` is not a byte.
 */
export function encodeFragmentPayload(fragment: FragmentPayload): Uint8Array {
  checkBytes(fragment.fragmentId, FRAGMENT_ID_BYTES, 'fragmentId')
  checkIsBytes(fragment.data, 'data')
  checkUnsigned(fragment.originalType, 8, 'originalType')
  checkUnsigned(fragment.total, 16, 'total')
  checkUnsigned(fragment.index, 16, 'index')
  if (fragment.total < 1 || fragment.total > MAX_FRAGMENT_TOTAL) {
    throw new RangeError(`total ${fragment.total} is outside 1…${MAX_FRAGMENT_TOTAL}`)
  }
  if (fragment.index >= fragment.total) throw new RangeError(`index ${fragment.index} is not below total ${fragment.total}`)
  const out = new Uint8Array(FRAGMENT_HEADER_BYTES + fragment.data.length)
  out.set(fragment.fragmentId, 0)
  writeU16(out, 8, fragment.index)
  writeU16(out, 10, fragment.total)
  out[12] = fragment.originalType
  out.set(fragment.data, FRAGMENT_HEADER_BYTES)
  return out
}

/**
 * Decode a fragment payload without throwing (receive hot path).
 * @param payload - A FRAGMENT packet's payload.
 * @returns The fragment (ID and data are views into `payload`), or `null` when shorter than 13
 *   bytes, `total` is 0 or above 10 000, or `index ≥ total`.
 */
export function tryDecodeFragmentPayload(payload: Uint8Array): FragmentPayload | null {
  if (payload.length < FRAGMENT_HEADER_BYTES) return null
  const index = readU16(payload, 8)
  const total = readU16(payload, 10)
  if (total < 1 || total > MAX_FRAGMENT_TOTAL || index >= total) return null
  return {
    fragmentId: payload.subarray(0, FRAGMENT_ID_BYTES),
    index,
    total,
    originalType: payload[12]!,
    data: payload.subarray(FRAGMENT_HEADER_BYTES),
  }
}

/**
 * Decode a fragment payload.
 * @param payload - A FRAGMENT packet's payload.
 * @returns The fragment (ID and data are views into `payload`).
 * @throws DecodeError `TRUNCATED` below 13 bytes; `BAD_VALUE` for `total` outside 1…10 000 or
 *   `index ≥ total`.
 */
export function decodeFragmentPayload(payload: Uint8Array): FragmentPayload {
  const fragment = tryDecodeFragmentPayload(payload)
  if (fragment !== null) return fragment
  if (payload.length < FRAGMENT_HEADER_BYTES) {
    throw fail(DecodeReason.TRUNCATED, `fragment payload is ${payload.length} bytes; the header alone is ${FRAGMENT_HEADER_BYTES}`)
  }
  throw fail(DecodeReason.BAD_VALUE, `fragment index ${readU16(payload, 8)} / total ${readU16(payload, 10)} out of range`)
}
