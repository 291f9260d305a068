/**
 * Big-endian u64 ⇄ bigint through one shared 8-byte scratch. Measured faster than assembling a
 * bigint from two u32 halves (BigInt arithmetic allocates) and than a DataView per frame.
 * Internal; synchronous, so sharing the scratch is safe.
 * @module
 */

const scratch = new Uint8Array(8)
const scratchView = new DataView(scratch.buffer)

/** Largest u64. */
export const U64_MAX = 0xffff_ffff_ffff_ffffn

/**
 * Read a big-endian u64 at `offset` (caller checked bounds).
 * @param src - Source bytes.
 * @param offset - Index of the most significant byte.
 * @returns The value.
 */
export function readU64BE(src: Uint8Array, offset: number): bigint {
  scratch[0] = src[offset]!
  scratch[1] = src[offset + 1]!
  scratch[2] = src[offset + 2]!
  scratch[3] = src[offset + 3]!
  scratch[4] = src[offset + 4]!
  scratch[5] = src[offset + 5]!
  scratch[6] = src[offset + 6]!
  scratch[7] = src[offset + 7]!
  return scratchView.getBigUint64(0)
}

/**
 * Write `value` (0 ≤ value ≤ 2^64−1, caller checked) as a big-endian u64 at `offset`.
 * @param dst - Destination bytes.
 * @param offset - Index of the most significant byte.
 * @param value - The value.
 */
export function writeU64BE(dst: Uint8Array, offset: number, value: bigint): void {
  scratchView.setBigUint64(0, value)
  dst[offset] = scratch[0]!
  dst[offset + 1] = scratch[1]!
  dst[offset + 2] = scratch[2]!
  dst[offset + 3] = scratch[3]!
  dst[offset + 4] = scratch[4]!
  dst[offset + 5] = scratch[5]!
  dst[offset + 6] = scratch[6]!
  dst[offset + 7] = scratch[7]!
}
