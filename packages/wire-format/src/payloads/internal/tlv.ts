/**
 * Private TLV framing helpers. bitchat uses three TLV dialects: 1-byte type with a 1-byte length
 * (announce, private message, peer state), 1-byte type with a 2-byte big-endian length (sync,
 * courier, board, prekey, group, nostr carrier), and the file TLV's mixed widths (own codec).
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { cannotEncode, fail, readU16, writeU16 } from './bin.js'

/** Width of a TLV length field in bytes. */
export type TlvLengthWidth = 1 | 2

/**
 * What to do with bytes left over that are too few to hold a TLV header. The apps differ per
 * payload: loops written `while offset + header <= count` ignore them, loops written
 * `while offset < count` reject them.
 */
export type TrailingPolicy = 'ignore' | 'reject'

/**
 * Walk a TLV list and hand each entry to `visit`. Values are views into `bytes` (no copy).
 * @param bytes - The encoded TLV list.
 * @param start - Offset of the first TLV.
 * @param width - Length field width (1 or 2 bytes, big-endian).
 * @param trailing - Policy for a leftover partial header.
 * @param visit - Called per TLV in wire order.
 * @throws DecodeError `TRUNCATED` when a declared value runs past the end (or a partial header is
 *   left over under the `'reject'` policy); any error `visit` throws.
 */
export function forEachTlv(
  bytes: Uint8Array,
  start: number,
  width: TlvLengthWidth,
  trailing: TrailingPolicy,
  visit: (type: number, value: Uint8Array) => void,
): void {
  const header = 1 + width
  let offset = start
  while (offset < bytes.length) {
    if (offset + header > bytes.length) {
      if (trailing === 'ignore') return
      throw fail(DecodeReason.TRUNCATED, `partial TLV header at offset ${offset}`)
    }
    const type = bytes[offset]!
    const length = width === 1 ? bytes[offset + 1]! : readU16(bytes, offset + 1)
    offset += header
    if (offset + length > bytes.length) {
      throw fail(DecodeReason.TRUNCATED, `TLV 0x${type.toString(16)} declares ${length} bytes, ${bytes.length - offset} left`)
    }
    visit(type, bytes.subarray(offset, offset + length))
    offset += length
  }
}

/** One entry queued in a {@link TlvWriter}. */
interface PendingTlv {
  readonly type: number
  readonly value: Uint8Array
}

/**
 * Collects TLVs and serialises them with one allocation. Rejects values longer than the length
 * field can express instead of truncating them (a truncated field would be silently wrong).
 */
export class TlvWriter {
  private readonly entries: PendingTlv[] = []
  private size = 0
  private readonly width: TlvLengthWidth

  /** @param width - Length field width in bytes. */
  constructor(width: TlvLengthWidth) {
    this.width = width
  }

  /**
   * Queue one TLV.
   * @param type - Type byte.
   * @param value - Value bytes (referenced, copied on {@link finish}).
   * @param name - Field name for error messages.
   * @returns `this`, for chaining.
   * @throws EncodeError when `value` is too long for the length field.
   */
  add(type: number, value: Uint8Array, name: string): this {
    const max = this.width === 1 ? 0xff : 0xffff
    if (value.length > max) throw cannotEncode(`${name} is ${value.length} bytes; the TLV length field allows ${max}`)
    this.entries.push({ type, value })
    this.size += 1 + this.width + value.length
    return this
  }

  /** @returns The serialised TLV list. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.size)
    let offset = 0
    for (const { type, value } of this.entries) {
      out[offset] = type
      if (this.width === 1) out[offset + 1] = value.length
      else writeU16(out, offset + 1, value.length)
      offset += 1 + this.width
      out.set(value, offset)
      offset += value.length
    }
    return out
  }
}
