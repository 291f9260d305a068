/**
 * PrivateMessage TLV (`shared/spec/bitchat-wire.md` §2.5.2): the data of Noise payload `0x01`.
 * 1-byte type, 1-byte length; `0x00` messageID, `0x01` content; both required; unknown types
 * reject the message.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, fail } from './internal/bin.js'
import { forEachTlv } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'

/** PrivateMessage TLV type numbers. */
export const PrivateMessageTlv = {
  MESSAGE_ID: 0x00,
  CONTENT: 0x01,
} as const

/** Longest messageID or content in UTF-8 bytes (1-byte TLV length). */
export const MAX_PRIVATE_MESSAGE_FIELD_BYTES = 255

/** A decoded private message. */
export interface PrivateMessage {
  /** Sender-chosen message ID (iOS: uppercase UUID; Android: lowercase UUID). Opaque. */
  messageId: string
  /** Message text. */
  content: string
}

/**
 * Encode a private message TLV: `00 len id 01 len content`.
 * @param message - ID and content.
 * @returns The TLV bytes.
 * @throws EncodeError when either field exceeds 255 UTF-8 bytes (both apps refuse to send it).
 */
export function encodePrivateMessage(message: PrivateMessage): Uint8Array {
  const id = utf8Encode(message.messageId)
  const content = utf8Encode(message.content)
  if (id.length > MAX_PRIVATE_MESSAGE_FIELD_BYTES) {
    throw cannotEncode(`messageId is ${id.length} UTF-8 bytes; at most ${MAX_PRIVATE_MESSAGE_FIELD_BYTES}`)
  }
  if (content.length > MAX_PRIVATE_MESSAGE_FIELD_BYTES) {
    throw cannotEncode(`content is ${content.length} UTF-8 bytes; at most ${MAX_PRIVATE_MESSAGE_FIELD_BYTES}`)
  }
  const out = new Uint8Array(4 + id.length + content.length)
  out[0] = PrivateMessageTlv.MESSAGE_ID
  out[1] = id.length
  out.set(id, 2)
  out[2 + id.length] = PrivateMessageTlv.CONTENT
  out[3 + id.length] = content.length
  out.set(content, 4 + id.length)
  return out
}

/**
 * Decode a private message TLV. A repeated field overrides the earlier one and a single trailing
 * byte is ignored (both apps).
 * @param data - The TLV bytes (Noise payload data after the type byte).
 * @returns The message.
 * @throws DecodeError `BAD_TLV` for an unknown TLV type or a missing field, `TRUNCATED` when a
 *   value runs past the end, `BAD_UTF8` when a field is not UTF-8.
 */
export function decodePrivateMessage(data: Uint8Array): PrivateMessage {
  let messageId: string | null | undefined
  let content: string | null | undefined
  forEachTlv(data, 0, 1, 'ignore', (type, value) => {
    if (type === PrivateMessageTlv.MESSAGE_ID) messageId = tryUtf8(value)
    else if (type === PrivateMessageTlv.CONTENT) content = tryUtf8(value)
    else throw fail(DecodeReason.BAD_TLV, `unknown private message TLV 0x${type.toString(16)}`)
  })
  if (messageId === undefined) throw fail(DecodeReason.BAD_TLV, 'private message has no messageID TLV')
  if (content === undefined) throw fail(DecodeReason.BAD_TLV, 'private message has no content TLV')
  if (messageId === null || content === null) throw fail(DecodeReason.BAD_UTF8, 'private message field is not valid UTF-8')
  return { messageId, content }
}
