/**
 * Byte helpers of the suite: reproducible pseudo-random frame content and comparisons that name
 * the first differing byte instead of dumping kilobytes.
 * @module
 */

/**
 * A frame of `length` bytes filled from `seed` with xorshift32 (no ambient randomness: the same
 * seed gives the same bytes, so a failing case reproduces).
 */
export function patternFrame(length: number, seed: number): Uint8Array {
  const frame = new Uint8Array(length)
  let x = (seed * 0x9e3779b1 + 0x7f4a7c15) | 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    frame[i] = x & 0xff
  }
  return frame
}

/** Write `sequence` big-endian into the first four bytes (when they exist), to check ordering. */
export function stampSequence(frame: Uint8Array, sequence: number): Uint8Array {
  if (frame.length >= 4) new DataView(frame.buffer, frame.byteOffset, 4).setUint32(0, sequence >>> 0)
  return frame
}

/**
 * Describe how `actual` differs from `expected`, or return `undefined` when they are equal.
 * @param label names the frame in the message.
 */
export function bytesDiff(actual: Uint8Array | undefined, expected: Uint8Array, label: string): string | undefined {
  if (actual === undefined) return `${label}: missing (expected ${expected.length} bytes)`
  if (!(actual instanceof Uint8Array)) return `${label}: not a Uint8Array`
  if (actual.length !== expected.length) return `${label}: ${actual.length} bytes, expected ${expected.length}`
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) return `${label}: byte ${i} is ${actual[i]}, expected ${expected[i]}`
  }
  return undefined
}

/**
 * Compare received frames with sent ones, in order.
 * @returns `undefined` when equal, else the first difference.
 */
export function framesDiff(received: readonly Uint8Array[], sent: readonly Uint8Array[]): string | undefined {
  if (received.length !== sent.length) return `received ${received.length} frames, sent ${sent.length}`
  for (let i = 0; i < sent.length; i++) {
    const diff = bytesDiff(received[i], sent[i] as Uint8Array, `frame ${i}`)
    if (diff !== undefined) return diff
  }
  return undefined
}
