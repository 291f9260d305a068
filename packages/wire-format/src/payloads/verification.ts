/**
 * QR verification payloads (`shared/spec/bitchat-wire.md` §2.5.4): Noise payloads `0x10`
 * (challenge) and `0x11` (response), and the byte strings their signatures cover.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkIsBytes, fail } from './internal/bin.js'
import { tryUtf8 } from './internal/text.js'

/** Signing context of a verify response. */
export const VERIFY_RESPONSE_CONTEXT = 'bitchat-verify-resp-v1'
/** Signing context of the verification QR code. */
export const VERIFY_QR_CONTEXT = 'bitchat-verify-v1'
/** How long a scanned QR stays valid, either side of its timestamp. */
export const VERIFY_QR_MAX_AGE_MS = 300_000

/** Data of a verify challenge (`0x10`). */
export interface VerifyChallenge {
  /** The challenged peer's Noise static key as hex text (as scanned from its QR). */
  noiseKeyHex: string
  /** Challenger's fresh nonce. */
  nonceA: Uint8Array
}

/** Data of a verify response (`0x11`). */
export interface VerifyResponse extends VerifyChallenge {
  /** Ed25519 signature over {@link buildVerifyResponsePreimage}. */
  signature: Uint8Array
}

/**
 * Encode `01 len noiseKeyHex 02 len nonceA`.
 * @param challenge - Key text and nonce.
 * @returns The payload data (without the Noise type byte).
 * @throws EncodeError when a field exceeds 255 bytes (iOS would silently truncate it).
 */
export function encodeVerifyChallenge(challenge: VerifyChallenge): Uint8Array {
  return encodeFields([utf8Encode(challenge.noiseKeyHex), challenge.nonceA])
}

/**
 * Encode `01 len noiseKeyHex 02 len nonceA 03 len signature`.
 * @param response - Key text, nonce and signature.
 * @returns The payload data (without the Noise type byte).
 * @throws EncodeError when a field exceeds 255 bytes.
 */
export function encodeVerifyResponse(response: VerifyResponse): Uint8Array {
  return encodeFields([utf8Encode(response.noiseKeyHex), response.nonceA, response.signature])
}

/**
 * Decode a verify challenge. Fields are read strictly in order 01, 02 (as both apps do);
 * trailing bytes are ignored.
 * @param data - Payload data after the Noise type byte.
 * @returns The challenge (nonce is a view into `data`).
 * @throws DecodeError `BAD_TLV` for a field out of order, `TRUNCATED` for a short input,
 *   `BAD_UTF8` when the key text is not UTF-8.
 */
export function decodeVerifyChallenge(data: Uint8Array): VerifyChallenge {
  const [key, nonceA] = decodeFields(data, 2)
  return { noiseKeyHex: keyText(key!), nonceA: nonceA! }
}

/**
 * Decode a verify response (fields strictly in order 01, 02, 03; trailing bytes ignored).
 * @param data - Payload data after the Noise type byte.
 * @returns The response (byte fields are views into `data`).
 * @throws DecodeError as {@link decodeVerifyChallenge}.
 */
export function decodeVerifyResponse(data: Uint8Array): VerifyResponse {
  const [key, nonceA, signature] = decodeFields(data, 3)
  return { noiseKeyHex: keyText(key!), nonceA: nonceA!, signature: signature! }
}

/**
 * The bytes a verify response signs: `"bitchat-verify-resp-v1" ‖ u8(len) ‖ noiseKeyHex ‖ nonceA`
 * (the context is not length-prefixed; the key text is cut to 255 bytes as iOS does).
 * @param noiseKeyHex - Key text from the challenge.
 * @param nonceA - Nonce from the challenge.
 * @returns The preimage.
 */
export function buildVerifyResponsePreimage(noiseKeyHex: string, nonceA: Uint8Array): Uint8Array {
  checkIsBytes(nonceA, 'nonceA')
  const context = utf8Encode(VERIFY_RESPONSE_CONTEXT)
  const key = utf8Encode(noiseKeyHex).subarray(0, 255)
  const out = new Uint8Array(context.length + 1 + key.length + nonceA.length)
  out.set(context, 0)
  out[context.length] = key.length
  out.set(key, context.length + 1)
  out.set(nonceA, context.length + 1 + key.length)
  return out
}

/** Fields of a verification QR code (`bitchat://verify?…`). */
export interface VerifyQrFields {
  /** Format version (1). */
  v: number
  /** Noise static key, hex (lowercased in the preimage). */
  noiseKeyHex: string
  /** Ed25519 signing key, hex (lowercased in the preimage). */
  signKeyHex: string
  /** Optional Nostr npub. */
  npub?: string | null | undefined
  /** Nickname. */
  nickname: string
  /** Unix seconds. */
  ts: number | bigint
  /** 16-byte nonce, base64url text exactly as in the QR. */
  nonceB64: string
}

/**
 * The bytes a verification QR signature covers: each of context, v, noise hex, sign hex, npub
 * (or empty), nickname, decimal ts, nonce — as u8 length ‖ UTF-8 (each cut to 255 bytes).
 * @param fields - The QR fields.
 * @returns The preimage.
 */
export function buildVerifyQrPreimage(fields: VerifyQrFields): Uint8Array {
  const parts = [
    VERIFY_QR_CONTEXT,
    String(fields.v),
    fields.noiseKeyHex.toLowerCase(),
    fields.signKeyHex.toLowerCase(),
    fields.npub ?? '',
    fields.nickname,
    String(fields.ts),
    fields.nonceB64,
  ].map((s) => utf8Encode(s).subarray(0, 255))
  let size = 0
  for (const p of parts) size += 1 + p.length
  const out = new Uint8Array(size)
  let offset = 0
  for (const p of parts) {
    out[offset++] = p.length
    out.set(p, offset)
    offset += p.length
  }
  return out
}

function encodeFields(values: Uint8Array[]): Uint8Array {
  let size = 0
  values.forEach((v, i) => {
    checkIsBytes(v, `field ${i + 1}`)
    if (v.length > 255) throw cannotEncode(`verification field ${i + 1} is ${v.length} bytes; at most 255`)
    size += 2 + v.length
  })
  const out = new Uint8Array(size)
  let offset = 0
  values.forEach((v, i) => {
    out[offset] = i + 1
    out[offset + 1] = v.length
    out.set(v, offset + 2)
    offset += 2 + v.length
  })
  return out
}

function decodeFields(data: Uint8Array, count: number): Uint8Array[] {
  const values: Uint8Array[] = []
  let offset = 0
  for (let expected = 1; expected <= count; expected++) {
    if (offset + 2 > data.length) throw fail(DecodeReason.TRUNCATED, `verification field ${expected} missing`)
    if (data[offset] !== expected) {
      throw fail(DecodeReason.BAD_TLV, `verification field ${expected} expected, found type ${data[offset]}`)
    }
    const length = data[offset + 1]!
    offset += 2
    if (offset + length > data.length) throw fail(DecodeReason.TRUNCATED, `verification field ${expected} runs past the end`)
    values.push(data.subarray(offset, offset + length))
    offset += length
  }
  return values
}

function keyText(bytes: Uint8Array): string {
  const text = tryUtf8(bytes)
  if (text === null) throw fail(DecodeReason.BAD_UTF8, 'verification key text is not UTF-8')
  return text
}
