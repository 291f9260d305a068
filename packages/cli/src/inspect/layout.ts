/**
 * Where each section of a frame sits (`bitchat-wire.md` §1.1–§1.4). This is a read-only view for
 * the inspector, not a decoder: it follows the layout as far as the bytes allow and says where
 * it ran out, so even a broken frame gets an annotated header. Decoding proper is done by
 * `@bitmesh/wire-format`.
 * @module
 */
import { bytesToHex } from '@bitmesh/wire-format'
import { flagNames, typeLabel } from './names.js'

/** One annotated field. */
export interface LayoutField {
  /** Byte offset in the frame. */
  offset: number
  /** Length in bytes. */
  length: number
  /** Field name, e.g. `timestamp`. */
  name: string
  /** Rendered value. */
  value: string
}

/** What {@link readLayout} found. */
export interface FrameLayout {
  fields: LayoutField[]
  version?: number
  type?: number
  flags?: number
  /** Declared payload section length (size field included when compressed). */
  payloadLength?: number
  /** Offset of the payload bytes as on the wire (after the original-size field). */
  payloadOffset?: number
  /** Length of the payload bytes as on the wire. */
  payloadWireLength?: number
  /** Declared original size of a compressed payload. */
  originalSize?: number
  signatureOffset?: number
  /** Offset just past the last section (signature or payload); trailing bytes start here. */
  end?: number
  /** Name of the section that ran past the end of the frame, if any. */
  truncatedIn?: string
}

const V1_HEADER = 14
const V2_HEADER = 16

/** Latest timestamp rendered as a date (year 2100); anything later is shown as a bare number. */
const MAX_PLAUSIBLE_MS = 4_102_444_800_000n

function u(frame: Uint8Array, at: number, width: number): number {
  let v = 0
  for (let i = 0; i < width; i++) v = v * 256 + frame[at + i]!
  return v
}

/**
 * Render a millisecond timestamp with its UTC date when plausible.
 * @param ms - Milliseconds since the epoch.
 * @returns E.g. `1735689600000 (2025-01-01T00:00:00.000Z)`.
 */
export function describeTimestamp(ms: bigint): string {
  if (ms > 0n && ms <= MAX_PLAUSIBLE_MS) return `${ms} (${new Date(Number(ms)).toISOString()})`
  return `${ms}`
}

/**
 * Lay out a frame.
 * @param frame - The bytes.
 * @param dialect - `legacy` frames are v1 only and never carry a route.
 * @returns Annotated fields and section offsets, as far as the bytes reach.
 */
export function readLayout(frame: Uint8Array, dialect: 'current' | 'legacy'): FrameLayout {
  const out: FrameLayout = { fields: [] }
  const add = (offset: number, length: number, name: string, value: string) => out.fields.push({ offset, length, name, value })
  const need = (offset: number, length: number, name: string): boolean => {
    if (offset + length <= frame.length) return true
    out.truncatedIn = name
    return false
  }

  if (!need(0, 1, 'version')) return out
  const version = frame[0]!
  out.version = version
  add(0, 1, 'version', `${version}${version === 1 || version === 2 ? '' : ' (unsupported)'}`)
  if (version !== 1 && version !== 2) return out
  const headerSize = version === 2 ? V2_HEADER : V1_HEADER
  const lengthWidth = version === 2 ? 4 : 2

  if (!need(1, 1, 'type')) return out
  out.type = frame[1]!
  add(1, 1, 'type', typeLabel(out.type, dialect))
  if (!need(2, 1, 'ttl')) return out
  add(2, 1, 'ttl', `${frame[2]}`)
  if (!need(3, 8, 'timestamp')) return out
  let ts = 0n
  for (let i = 3; i < 11; i++) ts = (ts << 8n) | BigInt(frame[i]!)
  add(3, 8, 'timestamp', describeTimestamp(ts))
  if (!need(11, 1, 'flags')) return out
  const flags = frame[11]!
  out.flags = flags
  const names = flagNames(flags, dialect, version)
  add(11, 1, 'flags', `0x${flags.toString(16).padStart(2, '0')}${names.length > 0 ? ' ' + names.join(' | ') : ''}`)
  if (!need(12, lengthWidth, 'payloadLength')) return out
  const payloadLength = u(frame, 12, lengthWidth)
  out.payloadLength = payloadLength
  add(12, lengthWidth, 'payloadLength', `${payloadLength}`)

  let at = headerSize
  if (!need(at, 8, 'senderId')) return out
  add(at, 8, 'senderId', bytesToHex(frame.subarray(at, at + 8)))
  at += 8
  if ((flags & 0x01) !== 0) {
    if (!need(at, 8, 'recipientId')) return out
    const id = bytesToHex(frame.subarray(at, at + 8))
    add(at, 8, 'recipientId', id === 'ffffffffffffffff' ? `${id} (broadcast)` : id)
    at += 8
  }
  if ((flags & 0x08) !== 0 && version >= 2 && dialect === 'current') {
    if (!need(at, 1, 'route count')) return out
    const count = frame[at]!
    add(at, 1, 'route count', `${count}${count === 0 ? ' (no route)' : ''}`)
    at += 1
    for (let i = 0; i < count; i++) {
      if (!need(at, 8, `route[${i}]`)) return out
      add(at, 8, `route[${i}]`, bytesToHex(frame.subarray(at, at + 8)))
      at += 8
    }
  }
  let wireLength = payloadLength
  if ((flags & 0x04) !== 0) {
    if (payloadLength < lengthWidth) {
      out.truncatedIn = 'original size (payloadLength shorter than the size field)'
      return out
    }
    if (!need(at, lengthWidth, 'original size')) return out
    out.originalSize = u(frame, at, lengthWidth)
    add(at, lengthWidth, 'original size', `${out.originalSize} (uncompressed payload bytes)`)
    at += lengthWidth
    wireLength -= lengthWidth
  }
  out.payloadOffset = at
  out.payloadWireLength = wireLength
  if (!need(at, wireLength, 'payload')) return out
  add(at, wireLength, 'payload', (flags & 0x04) !== 0 ? `${wireLength} bytes compressed` : `${wireLength} bytes`)
  at += wireLength
  if ((flags & 0x02) !== 0) {
    if (!need(at, 64, 'signature')) return out
    out.signatureOffset = at
    add(at, 64, 'signature', `${bytesToHex(frame.subarray(at, at + 8))}…`)
    at += 64
  }
  out.end = at
  return out
}
