/**
 * Queue item IDs and small validation helpers.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { MAX_LABEL_CHARS } from './constants.js'
import { MESSAGE_CLASSES, type MessageClass } from './types.js'

const HEX = '0123456789abcdef'

/**
 * A fresh 128-bit item ID from the injected Rng, as 32 lowercase hex characters.
 * @param rng - Randomness source.
 * @returns The ID.
 */
export function newItemId(rng: Rng): string {
  const bytes = rng.randomBytes(16)
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    out += HEX[b >>> 4]! + HEX[b & 15]!
  }
  return out
}

/**
 * Check a caller-supplied label (recipient, message ID).
 * @throws TypeError when it is not a string; RangeError when longer than {@link MAX_LABEL_CHARS}.
 */
export function checkLabel(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`)
  if (value.length > MAX_LABEL_CHARS) throw new RangeError(`${what} is longer than ${MAX_LABEL_CHARS} characters`)
  return value
}

/**
 * Check a message class.
 * @throws TypeError for anything outside {@link MESSAGE_CLASSES}.
 */
export function checkClass(value: unknown): MessageClass {
  if (!MESSAGE_CLASSES.includes(value as MessageClass)) throw new TypeError(`unknown message class ${String(value)}`)
  return value as MessageClass
}
