/**
 * Typed Noise payloads (`shared/spec/bitchat-wire.md` §2.5): the plaintext inside a
 * NOISE_ENCRYPTED (`0x11`) packet is `[type (1 B)][data]`.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { checkIsBytes, fail } from './internal/bin.js'
import { encodePrivateMessage, type PrivateMessage } from './private-message.js'

/** Inner payload types both apps (or iOS only, where noted) understand. */
export const NoisePayloadType = {
  /** PrivateMessage TLV (§2.5.2). */
  PRIVATE_MESSAGE: 0x01,
  /** UTF-8 ID of the message that was read. */
  READ_RECEIPT: 0x02,
  /** UTF-8 ID of the message that was delivered. */
  DELIVERED: 0x03,
  /** Creator-signed group state (iOS only). */
  GROUP_INVITE: 0x06,
  /** Creator-signed group state (iOS only). */
  GROUP_KEY_UPDATE: 0x07,
  /** VoiceBurstPacket (§2.9). */
  VOICE_FRAME: 0x08,
  /** Verification challenge TLV (§2.5.4). */
  VERIFY_CHALLENGE: 0x10,
  /** Verification response TLV (§2.5.4). */
  VERIFY_RESPONSE: 0x11,
  /** Batch of vouch attestations (iOS only). */
  VOUCH: 0x12,
  /** Complete BitchatFilePacket (§2.5.5). */
  PRIVATE_FILE: 0x20,
  /** Authenticated peer state (§2.5.6). */
  AUTHENTICATED_PEER_STATE: 0x21,
} as const

/** Union of {@link NoisePayloadType} values. */
export type NoisePayloadTypeValue = (typeof NoisePayloadType)[keyof typeof NoisePayloadType]

/**
 * Prerelease iOS builds briefly sent private files as `0x09`. Decoders map it to
 * {@link NoisePayloadType.PRIVATE_FILE}; nothing may emit it.
 */
export const PRERELEASE_PRIVATE_FILE_TYPE = 0x09

const KNOWN_TYPES: ReadonlySet<number> = /* @__PURE__ */ new Set<number>(Object.values(NoisePayloadType))

/** A typed Noise payload. */
export interface NoisePayload {
  /** Inner type byte (canonical: never `0x09`). */
  type: number
  /** Type-specific data (a view into the decoded input). */
  data: Uint8Array
}

/** Options for {@link decodeNoisePayload}. */
export interface DecodeNoisePayloadOptions {
  /**
   * Extra type numbers to accept besides {@link NoisePayloadType} (BitMesh's own extension
   * types). Anything else decodes to `null`.
   */
  extraTypes?: ReadonlySet<number>
}

/**
 * True for the inner types bitchat defines (the `0x09` alias included).
 * @param type - A type byte.
 * @returns Whether a bitchat client understands it.
 */
export function isKnownNoisePayloadType(type: number): boolean {
  return type === PRERELEASE_PRIVATE_FILE_TYPE || KNOWN_TYPES.has(type)
}

/**
 * Encode `[type][data]`.
 * @param type - Inner type byte. Unknown types are allowed (extensions); `0x09` is not.
 * @param data - The data.
 * @returns A new array of `1 + data.length` bytes.
 * @throws RangeError when `type` is not a byte or is the decode-only alias `0x09`.
 */
export function encodeNoisePayload(type: number, data: Uint8Array): Uint8Array {
  if (!Number.isInteger(type) || type < 0 || type > 0xff) throw new RangeError(`Noise payload type ${type} is not a byte`)
  if (type === PRERELEASE_PRIVATE_FILE_TYPE) {
    throw new RangeError('0x09 is a decode-only alias; encode private files as NoisePayloadType.PRIVATE_FILE (0x20)')
  }
  checkIsBytes(data, 'data')
  const out = new Uint8Array(1 + data.length)
  out[0] = type
  out.set(data, 1)
  return out
}

/**
 * Decode `[type][data]`. The `0x09` alias becomes `0x20`. Unknown types return `null`: both apps
 * drop them silently, and so should the caller.
 * @param plaintext - Decrypted Noise transport payload.
 * @param options - See {@link DecodeNoisePayloadOptions}.
 * @returns The payload, or `null` for an unknown type.
 * @throws DecodeError `TRUNCATED` when `plaintext` is empty.
 */
export function decodeNoisePayload(plaintext: Uint8Array, options?: DecodeNoisePayloadOptions): NoisePayload | null {
  if (plaintext.length === 0) throw fail(DecodeReason.TRUNCATED, 'empty Noise payload')
  let type = plaintext[0]!
  if (type === PRERELEASE_PRIVATE_FILE_TYPE) type = NoisePayloadType.PRIVATE_FILE
  else if (!KNOWN_TYPES.has(type) && options?.extraTypes?.has(type) !== true) return null
  return { type, data: plaintext.subarray(1) }
}

/**
 * Typed private message: `01` followed by the PrivateMessage TLV.
 * @param message - ID and content.
 * @returns The Noise plaintext.
 * @throws EncodeError when a field exceeds 255 UTF-8 bytes.
 */
export function encodePrivateMessagePayload(message: PrivateMessage): Uint8Array {
  return encodeNoisePayload(NoisePayloadType.PRIVATE_MESSAGE, encodePrivateMessage(message))
}

/**
 * Typed receipt: `02` (read) or `03` (delivered) followed by the UTF-8 message ID.
 * @param kind - Which receipt.
 * @param messageId - The ID of the message being acknowledged.
 * @returns The Noise plaintext.
 */
export function encodeReceiptPayload(kind: 'read' | 'delivered', messageId: string): Uint8Array {
  const type = kind === 'read' ? NoisePayloadType.READ_RECEIPT : NoisePayloadType.DELIVERED
  return encodeNoisePayload(type, utf8Encode(messageId))
}
