/**
 * FILE_TRANSFER (`0x22`) payload and Noise private-file (`0x20`) data: the BitchatFilePacket TLV
 * (`shared/spec/bitchat-wire.md` §2.8). 1-byte type; 2-byte big-endian length, except CONTENT
 * which has a 4-byte length.
 *
 * Policy (the apps differ, §9 item 16): **decode leniently like iOS** — fileName and mimeType
 * optional, FILE_SIZE of 4 or 8 bytes (other widths ignored), a CONTENT length that overruns
 * retried as a legacy 2-byte length, several CONTENT TLVs concatenated, unknown tags skipped;
 * **encode like Android** — fileName and mimeType always present (mime defaulting to
 * `application/octet-stream`) so Android accepts the file, unless `omitAbsentFields` is set.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { MAX_DECODED_PAYLOAD_BYTES } from '../packet/constants.js'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkIsBytes, fail, readU16, readU32, readU64, writeU16, writeU32 } from './internal/bin.js'
import { NoisePayloadType } from './noise-payload.js'
import { tryUtf8 } from './internal/text.js'

/** File TLV type numbers. */
export const FileTlv = {
  FILE_NAME: 0x01,
  FILE_SIZE: 0x02,
  MIME_TYPE: 0x03,
  CONTENT: 0x04,
} as const

/** What Android assumes when the MIME TLV is absent. */
export const DEFAULT_FILE_MIME_TYPE = 'application/octet-stream'

/** A file packet. */
export interface FilePacket {
  /** File name; Android requires it. */
  fileName?: string | undefined
  /** Declared size in bytes; decoders default it to the content length. */
  fileSize?: number | undefined
  /** MIME type; Android defaults it to {@link DEFAULT_FILE_MIME_TYPE}. */
  mimeType?: string | undefined
  /** File bytes (non-empty). */
  content: Uint8Array
}

/** Options for {@link encodeFilePacket}. */
export interface EncodeFileOptions {
  /**
   * Omit an absent fileName / mimeType instead of requiring the name and defaulting the MIME
   * type (iOS behaviour; Android rejects a file without a name). Default `false`.
   */
  omitAbsentFields?: boolean
}

/** Options for {@link decodeFilePacket}. */
export interface DecodeFileOptions {
  /**
   * Cap on the (concatenated) content and on the declared size. Default
   * `MAX_DECODED_PAYLOAD_BYTES` (1 179 760; iOS's own cap is 1 MiB).
   */
  maxContentBytes?: number
}

/**
 * Encode a file packet in order 01, 02 (4-byte size), 03, 04 (one CONTENT TLV, 4-byte length).
 * @param file - The file.
 * @param options - See {@link EncodeFileOptions}.
 * @returns The TLV bytes.
 * @throws EncodeError when the content is empty, the name or MIME type exceeds 65 535 bytes,
 *   the size does not fit a u32, or the name is missing (unless `omitAbsentFields`).
 */
export function encodeFilePacket(file: FilePacket, options: EncodeFileOptions = {}): Uint8Array {
  return encodeFileAfter(file, options, 0)
}

/**
 * Encode a private file as its typed Noise plaintext, `0x20 ‖ BitchatFilePacket` (§2.5.5), in one
 * allocation: the same bytes as `encodeNoisePayload(NoisePayloadType.PRIVATE_FILE,
 * encodeFilePacket(file, options))` without the intermediate copy of the content (for a 1 MiB
 * file that copy was a fifth of a sender's CPU time in the full-stack benchmark).
 * @param file - The file.
 * @param options - See {@link EncodeFileOptions}.
 * @returns The typed plaintext to encrypt.
 * @throws EncodeError as {@link encodeFilePacket}.
 */
export function encodePrivateFilePayload(file: FilePacket, options: EncodeFileOptions = {}): Uint8Array {
  const out = encodeFileAfter(file, options, 1)
  out[0] = NoisePayloadType.PRIVATE_FILE
  return out
}

/** {@link encodeFilePacket} into a new array that starts with `prefixBytes` bytes for the caller. */
function encodeFileAfter(file: FilePacket, options: EncodeFileOptions, prefixBytes: number): Uint8Array {
  checkIsBytes(file.content, 'content')
  if (file.content.length === 0) throw cannotEncode('file content is empty; receivers reject it')
  const omit = options.omitAbsentFields === true
  if (file.fileName === undefined && !omit) {
    throw cannotEncode('fileName is required for Android receivers (pass omitAbsentFields to send without one)')
  }
  const name = file.fileName === undefined ? null : utf8Encode(file.fileName)
  const mimeText = file.mimeType ?? (omit ? undefined : DEFAULT_FILE_MIME_TYPE)
  const mime = mimeText === undefined ? null : utf8Encode(mimeText)
  const size = file.fileSize ?? file.content.length
  if (!Number.isInteger(size) || size < 0 || size > 0xffff_ffff) throw cannotEncode(`fileSize ${size} does not fit a u32`)
  for (const [field, bytes] of [['fileName', name], ['mimeType', mime]] as const) {
    if (bytes !== null && bytes.length > 0xffff) throw cannotEncode(`${field} is ${bytes.length} bytes; at most 65535`)
  }

  const total = (name === null ? 0 : 3 + name.length) + 7 + (mime === null ? 0 : 3 + mime.length) + 5 + file.content.length
  const out = new Uint8Array(prefixBytes + total)
  let o = prefixBytes
  if (name !== null) o = putShort(out, o, FileTlv.FILE_NAME, name)
  out[o] = FileTlv.FILE_SIZE
  writeU16(out, o + 1, 4)
  writeU32(out, o + 3, size)
  o += 7
  if (mime !== null) o = putShort(out, o, FileTlv.MIME_TYPE, mime)
  out[o] = FileTlv.CONTENT
  writeU32(out, o + 1, file.content.length)
  out.set(file.content, o + 5)
  return out
}

/**
 * Decode a file packet leniently (iOS rules, see the module notes). A name or MIME type that is
 * not UTF-8 is dropped (iOS), not fatal.
 * @param payload - The TLV bytes.
 * @param options - See {@link DecodeFileOptions}.
 * @returns The file; `fileSize` defaults to the content length. `content` is a view into
 *   `payload` when there was a single CONTENT TLV, else a new array.
 * @throws DecodeError `TRUNCATED` for a partial header or a value past the end, `BAD_TLV` when
 *   there is no (non-empty) content, `BAD_LENGTH` / `BAD_VALUE` when content or the declared
 *   size exceed the cap.
 */
export function decodeFilePacket(payload: Uint8Array, options: DecodeFileOptions = {}): FilePacket {
  const cap = options.maxContentBytes ?? MAX_DECODED_PAYLOAD_BYTES
  let fileName: string | undefined
  let fileSize: number | undefined
  let mimeType: string | undefined
  const parts: Uint8Array[] = []
  let contentBytes = 0
  let o = 0
  while (o < payload.length) {
    const type = payload[o++]!
    let length: number
    if (type === FileTlv.CONTENT && o + 4 <= payload.length && readU32(payload, o) <= payload.length - o - 4) {
      length = readU32(payload, o)
      o += 4
    } else {
      // Every other tag — and a CONTENT whose 4-byte length overruns (legacy) — has a 2-byte length.
      if (o + 2 > payload.length) throw fail(DecodeReason.TRUNCATED, `file TLV 0x${type.toString(16)} has no length`)
      length = readU16(payload, o)
      o += 2
    }
    if (o + length > payload.length) throw fail(DecodeReason.TRUNCATED, `file TLV 0x${type.toString(16)} runs past the end`)
    const value = payload.subarray(o, o + length)
    o += length
    switch (type) {
      case FileTlv.FILE_NAME:
        fileName = tryUtf8(value) ?? undefined
        break
      case FileTlv.FILE_SIZE:
        if (length === 4 || length === 8) {
          const size = length === 4 ? readU32(value, 0) : readU64(value, 0)
          if (size > BigInt(cap)) throw fail(DecodeReason.BAD_VALUE, `declared file size ${size} exceeds ${cap}`)
          fileSize = Number(size)
        }
        break
      case FileTlv.MIME_TYPE:
        mimeType = tryUtf8(value) ?? undefined
        break
      case FileTlv.CONTENT:
        contentBytes += length
        if (contentBytes > cap) throw fail(DecodeReason.BAD_LENGTH, `file content exceeds ${cap} bytes`)
        parts.push(value)
        break
      default:
      // Unknown tags are skipped (both apps).
    }
  }
  if (contentBytes === 0) throw fail(DecodeReason.BAD_TLV, 'file packet has no content')
  const content = parts.length === 1 ? parts[0]! : concat(parts, contentBytes)
  const out: FilePacket = { fileSize: fileSize ?? contentBytes, content }
  if (fileName !== undefined) out.fileName = fileName
  if (mimeType !== undefined) out.mimeType = mimeType
  return out
}

function putShort(out: Uint8Array, o: number, type: number, value: Uint8Array): number {
  out[o] = type
  writeU16(out, o + 1, value.length)
  out.set(value, o + 3)
  return o + 3 + value.length
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
