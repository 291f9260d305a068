/**
 * Small byte helpers. Internal: not exported from the package entry.
 * @module
 */

/** Shared zero-length array: empty associated data, empty payloads. Never written to. */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0)

/**
 * Overwrite `bytes` with zeros. JS cannot promise the engine kept no other copy (GC moves,
 * provider internals), but clearing the buffers we own shortens a secret's lifetime.
 * @param bytes - buffer to clear; `null`/`undefined` are ignored.
 */
export function wipe(bytes: Uint8Array | null | undefined): void {
  if (bytes) bytes.fill(0)
}

/**
 * True when every byte is zero. Reads every byte whatever the content, so the time does not
 * depend on where a non-zero byte sits (the input is a DH output).
 * @param bytes - data to test.
 * @returns whether all bytes are zero (true for an empty array).
 */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!
  return acc === 0
}

/**
 * Concatenate two arrays into a new one.
 * @param a - first part.
 * @param b - second part.
 * @returns `a ‖ b`.
 */
export function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * Throw a `TypeError` unless `value` is a `Uint8Array` of `length` bytes (programmer misuse).
 * @param value - the argument to check.
 * @param length - required length, or `undefined` for any length.
 * @param name - argument name for the message.
 * @throws TypeError when the check fails.
 */
export function assertBytes(value: unknown, length: number | undefined, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`)
  if (length !== undefined && value.length !== length) {
    throw new TypeError(`${name} must be ${length} bytes, got ${value.length}`)
  }
}
