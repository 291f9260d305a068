/**
 * COURIER_ENVELOPE (`0x04`, iOS only) payload (`shared/spec/bitchat-wire.md` §2.10): TLVs with
 * 1-byte type and 2-byte length. A store-and-forward envelope a courier carries to an offline
 * peer; the ciphertext is a one-way Noise X message (§5.7).
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkBytes, checkIsBytes, checkUnsigned, checkUnsignedBigInt, fail, readU32, readU64, writeU32, writeU64 } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'

/** Courier TLV type numbers. */
export const CourierTlv = {
  RECIPIENT_TAG: 0x01,
  EXPIRY: 0x02,
  CIPHERTEXT: 0x03,
  COPIES: 0x04,
  PREKEY_ID: 0x05,
} as const

/** Size of the rotating recipient tag. */
export const COURIER_TAG_BYTES = 16
/** Largest ciphertext an envelope may carry. */
export const MAX_COURIER_CIPHERTEXT_BYTES = 16 * 1024
/** Largest spray-and-wait copy budget. */
export const MAX_COURIER_COPIES = 8
/** Default spray copy budget iOS assigns to new envelopes. */
export const DEFAULT_COURIER_COPIES = 4
/** HMAC message prefix of the recipient tag. */
export const COURIER_TAG_CONTEXT = 'bitchat-courier-tag-v1'
const MS_PER_DAY = 86_400_000

/** A courier envelope. */
export interface CourierEnvelope {
  /** 16-byte rotating recipient tag ({@link courierRecipientTag}). */
  recipientTag: Uint8Array
  /** Discard after this time (ms since the epoch). */
  expiry: bigint
  /** One-way Noise X ciphertext, 1 … 16 384 bytes. */
  ciphertext: Uint8Array
  /** Remaining spray-and-wait copies, 1…8 (1 = deliver only; omitted on the wire). */
  copies: number
  /** Set when sealed to a one-time prekey (v2) instead of the static key. */
  prekeyId?: number | undefined
}

/**
 * Encode an envelope: 01, 02, 03, [04 when copies > 1], [05].
 * @param envelope - The envelope.
 * @returns The TLV payload.
 * @throws TypeError when the tag is not 16 bytes; RangeError for copies outside 1…8 or other
 *   out-of-range numbers; EncodeError for an empty or > 16 KiB ciphertext.
 */
export function encodeCourierEnvelope(envelope: CourierEnvelope): Uint8Array {
  checkBytes(envelope.recipientTag, COURIER_TAG_BYTES, 'recipientTag')
  checkUnsignedBigInt(envelope.expiry, 64, 'expiry')
  checkIsBytes(envelope.ciphertext, 'ciphertext')
  if (envelope.ciphertext.length === 0 || envelope.ciphertext.length > MAX_COURIER_CIPHERTEXT_BYTES) {
    throw cannotEncode(`courier ciphertext must be 1…${MAX_COURIER_CIPHERTEXT_BYTES} bytes`)
  }
  checkUnsigned(envelope.copies, 8, 'copies')
  if (envelope.copies < 1 || envelope.copies > MAX_COURIER_COPIES) throw new RangeError(`copies must be 1…${MAX_COURIER_COPIES}`)
  const w = new TlvWriter(2)
  w.add(CourierTlv.RECIPIENT_TAG, envelope.recipientTag, 'recipientTag')
  const expiry = new Uint8Array(8)
  writeU64(expiry, 0, envelope.expiry)
  w.add(CourierTlv.EXPIRY, expiry, 'expiry')
  w.add(CourierTlv.CIPHERTEXT, envelope.ciphertext, 'ciphertext')
  if (envelope.copies > 1) w.add(CourierTlv.COPIES, Uint8Array.of(envelope.copies), 'copies')
  if (envelope.prekeyId !== undefined) {
    checkUnsigned(envelope.prekeyId, 32, 'prekeyId')
    const id = new Uint8Array(4)
    writeU32(id, 0, envelope.prekeyId)
    w.add(CourierTlv.PREKEY_ID, id, 'prekeyId')
  }
  return w.finish()
}

/**
 * Decode an envelope as iOS does: known TLVs must have their exact length, unknown ones are
 * skipped, a partial trailing header rejects, copies are clamped to 1…8.
 * @param payload - The TLV payload.
 * @returns The envelope (byte fields are views into `payload`).
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH` for a wrong-size field, `BAD_TLV` when the tag,
 *   expiry or ciphertext is missing.
 */
export function decodeCourierEnvelope(payload: Uint8Array): CourierEnvelope {
  let recipientTag: Uint8Array | undefined
  let expiry: bigint | undefined
  let ciphertext: Uint8Array | undefined
  let copies = 1
  let prekeyId: number | undefined
  forEachTlv(payload, 0, 2, 'reject', (type, value) => {
    switch (type) {
      case CourierTlv.RECIPIENT_TAG:
        recipientTag = exact(value, COURIER_TAG_BYTES, 'recipient tag')
        break
      case CourierTlv.EXPIRY:
        expiry = readU64(exact(value, 8, 'expiry'), 0)
        break
      case CourierTlv.CIPHERTEXT:
        if (value.length === 0 || value.length > MAX_COURIER_CIPHERTEXT_BYTES) {
          throw fail(DecodeReason.BAD_LENGTH, `courier ciphertext of ${value.length} bytes`)
        }
        ciphertext = value
        break
      case CourierTlv.COPIES:
        copies = Math.min(Math.max(exact(value, 1, 'copies')[0]!, 1), MAX_COURIER_COPIES)
        break
      case CourierTlv.PREKEY_ID:
        prekeyId = readU32(exact(value, 4, 'prekey ID'), 0)
        break
      default:
    }
  })
  if (recipientTag === undefined || expiry === undefined || ciphertext === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'courier envelope lacks tag, expiry or ciphertext')
  }
  const out: CourierEnvelope = { recipientTag, expiry, ciphertext, copies }
  if (prekeyId !== undefined) out.prekeyId = prekeyId
  return out
}

/**
 * UTC day number that rotates recipient tags.
 * @param unixMs - A wall-clock time in ms.
 * @returns ⌊ms / 86 400 000⌋, at least 0.
 */
export function courierEpochDay(unixMs: number): number {
  return Math.max(0, Math.floor(unixMs / MS_PER_DAY))
}

/**
 * The rotating recipient tag: HMAC-SHA256(key = recipient's Noise static public key,
 * msg = "bitchat-courier-tag-v1" ‖ u32 BE day)[0..16].
 * @param noiseStaticKey - Recipient's 32-byte X25519 public key.
 * @param epochDay - {@link courierEpochDay} of the sealing time.
 * @returns 16 bytes.
 */
export function courierRecipientTag(noiseStaticKey: Uint8Array, epochDay: number): Uint8Array {
  checkIsBytes(noiseStaticKey, 'noiseStaticKey')
  checkUnsigned(epochDay, 32, 'epochDay')
  const context = utf8Encode(COURIER_TAG_CONTEXT)
  const message = new Uint8Array(context.length + 4)
  message.set(context)
  writeU32(message, context.length, epochDay)
  return hmac(sha256, noiseStaticKey, message).subarray(0, COURIER_TAG_BYTES)
}

function exact(value: Uint8Array, length: number, name: string): Uint8Array {
  if (value.length !== length) throw fail(DecodeReason.BAD_LENGTH, `courier ${name} is ${value.length} bytes, expected ${length}`)
  return value
}
