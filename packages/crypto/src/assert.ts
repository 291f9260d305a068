/**
 * Argument checks shared by both providers, so misuse raises the same `TypeError` /
 * `RangeError` whichever provider the app picked.
 * @internal
 * @module
 */

/**
 * True for a `Uint8Array`, including one from another realm (iframe, vm context) where
 * `instanceof` fails. A Node `Buffer` counts: it is a `Uint8Array` subclass.
 * @param value - Anything.
 * @returns Whether `value` is a `Uint8Array`.
 */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor !== undefined && value.constructor.name === 'Uint8Array')
  )
}

/**
 * Throw unless `value` is a `Uint8Array` (of exactly `length` bytes when given).
 * @param value - The argument to check.
 * @param name - Argument name for the message.
 * @param length - Required length in bytes, if fixed.
 * @throws {TypeError} If `value` is not a `Uint8Array`.
 * @throws {RangeError} If `length` is given and differs.
 */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!isBytes(value)) throw new TypeError(`${name} must be a Uint8Array`)
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`)
  }
}

/**
 * Throw unless `value` is `undefined` or a `Uint8Array` (optional associated data).
 * @param value - The argument to check.
 * @param name - Argument name for the message.
 * @throws {TypeError} If `value` is neither.
 */
export function assertOptionalBytes(value: unknown, name: string): asserts value is Uint8Array | undefined {
  if (value !== undefined && !isBytes(value)) throw new TypeError(`${name} must be a Uint8Array or undefined`)
}

/**
 * Throw unless `value` is an integer in `[min, max]`.
 * @param value - The argument to check.
 * @param name - Argument name for the message.
 * @param min - Smallest allowed value.
 * @param max - Largest allowed value.
 * @throws {RangeError} If out of range or not a safe integer.
 */
export function assertInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${String(value)}`)
  }
}

/**
 * Throw unless `output` is a `Uint8Array` with room for `length` bytes from `offset` (the
 * destination check of `sealInto`).
 * @param output - The destination buffer.
 * @param offset - Where writing starts.
 * @param length - Bytes to be written.
 * @throws {TypeError} If `output` is not a `Uint8Array`.
 * @throws {RangeError} If `offset` is not a non-negative integer or the buffer is too small.
 */
export function assertOutputRoom(output: unknown, offset: unknown, length: number): asserts output is Uint8Array {
  if (!isBytes(output)) throw new TypeError('output must be a Uint8Array')
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`outputOffset must be a non-negative integer, got ${String(offset)}`)
  }
  if (output.length - offset < length) {
    throw new RangeError(`output has ${Math.max(0, output.length - offset)} bytes from offset ${offset}; ${length} needed`)
  }
}
