/**
 * Slab allocation for small encoded frames. V8 stores typed arrays over 64 bytes off-heap, which
 * makes `new Uint8Array(96)` cost ~10× a 64-byte one and dominated encoding time. Small frames
 * are therefore carved from shared zero-filled slabs (as Node's `Buffer` pool does); each byte
 * range is handed out once and never reused, so a frame is always zeroed and never aliases
 * another frame. The cost: a frame's `.buffer` is a larger slab and keeps it alive; callers who
 * keep many frames long-term and care about memory can `slice()` them.
 * @module
 */

/** Size of one slab. */
export const FRAME_SLAB_BYTES = 16 * 1024
/** Frames larger than this get their own buffer. */
export const MAX_SLAB_FRAME_BYTES = 1024

let slab = new ArrayBuffer(FRAME_SLAB_BYTES)
let slabOffset = 0

/**
 * A zero-filled byte array of `length` bytes, carved from a shared slab when small.
 * @param length - Frame length in bytes.
 * @returns A zeroed array of exactly `length` bytes (its `byteOffset` may be non-zero).
 */
export function allocFrame(length: number): Uint8Array {
  if (length > MAX_SLAB_FRAME_BYTES) return new Uint8Array(length)
  if (slabOffset + length > FRAME_SLAB_BYTES) {
    slab = new ArrayBuffer(FRAME_SLAB_BYTES)
    slabOffset = 0
  }
  const out = new Uint8Array(slab, slabOffset, length)
  slabOffset += length
  return out
}
