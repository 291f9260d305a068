/**
 * `bitchat1:` embedded packets (§7.4 `NostrEmbeddedBitChat`): a whole padded BitchatPacket of
 * type 0x11 whose payload is the *plaintext* typed Noise payload (the Nostr envelope does the
 * encryption), base64url-encoded into a rumor's content.
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'
import {
  decodeNoisePayload,
  decodePacket,
  DEFAULT_TTL_HOPS,
  encodePacket,
  MessageType,
  PEER_ID_BYTES,
  type BitchatPacket,
  type NoisePayload,
} from '@bitmesh/wire-format'
import { base64urlnopad } from '@scure/base'

/** Prefix of an embedded packet in rumor content. */
export const BITCHAT_EMBEDDED_PREFIX = 'bitchat1:'
/** Largest embedded packet accepted, in bytes (the envelope bound). */
export const MAX_EMBEDDED_PACKET_BYTES = 64 * 1024

/** What goes into an embedded packet. */
export interface EmbeddedPacketInput {
  /** Sender's 8-byte mesh peer ID. */
  senderId: Uint8Array
  /** Recipient's 8-byte mesh peer ID; `null` for geohash DMs, which carry none. */
  recipientId: Uint8Array | null
  /** Typed Noise plaintext (`01`+PrivateMessage TLV, `02`/`03`+message ID). */
  noisePayload: Uint8Array
  /** Packet timestamp, ms since the epoch (the caller's clock). */
  timestampMs: number
}

/** A decoded embedded packet. */
export interface EmbeddedPacket {
  /** The whole packet. */
  packet: BitchatPacket
  /** The typed payload, or `null` for an inner type bitchat does not define (drop it). */
  payload: NoisePayload | null
}

/**
 * Build the rumor content for an embedded packet: v1, type 0x11, TTL 7, unsigned, padded.
 * @param input - Sender, recipient, payload, time.
 * @returns `"bitchat1:" + base64url(packet)`.
 * @throws RangeError for IDs that are not 8 bytes.
 */
export function encodeEmbeddedPacket(input: EmbeddedPacketInput): string {
  if (input.senderId.length !== PEER_ID_BYTES) throw new RangeError('senderId must be 8 bytes')
  if (input.recipientId !== null && input.recipientId.length !== PEER_ID_BYTES) throw new RangeError('recipientId must be 8 bytes')
  const packet: BitchatPacket = {
    version: 1,
    type: MessageType.NOISE_ENCRYPTED,
    ttl: DEFAULT_TTL_HOPS,
    timestamp: BigInt(Math.floor(input.timestampMs)),
    senderId: input.senderId,
    recipientId: input.recipientId,
    route: null,
    payload: input.noisePayload,
    signature: null,
    isRsr: false,
  }
  return BITCHAT_EMBEDDED_PREFIX + base64urlnopad.encode(encodePacket(packet, { padding: true }))
}

/**
 * Whether rumor content looks like an embedded packet (cheap prefix test).
 * @param content - Rumor content.
 * @returns True when it starts with `bitchat1:`.
 */
export function isEmbeddedPacket(content: string): boolean {
  return content.startsWith(BITCHAT_EMBEDDED_PREFIX)
}

/**
 * Decode rumor content into the packet and its typed payload.
 * @param content - `"bitchat1:…"`.
 * @returns The packet and payload.
 * @throws DecodeError for a missing prefix, bad base64url, an oversized or malformed packet, or
 *   a packet that is not type 0x11.
 */
export function decodeEmbeddedPacket(content: string): EmbeddedPacket {
  if (!isEmbeddedPacket(content)) throw new DecodeError(DecodeReason.BAD_VALUE, 'content does not start with "bitchat1:"')
  const body = content.slice(BITCHAT_EMBEDDED_PREFIX.length)
  if (body.length > Math.ceil((MAX_EMBEDDED_PACKET_BYTES * 4) / 3)) throw new DecodeError(DecodeReason.BAD_LENGTH, 'embedded packet too large')
  let bytes: Uint8Array
  try {
    bytes = base64urlnopad.decode(body)
  } catch (cause) {
    throw new DecodeError(DecodeReason.BAD_VALUE, 'embedded packet is not base64url', { cause })
  }
  const packet = decodePacket(bytes, { maxPayloadBytes: MAX_EMBEDDED_PACKET_BYTES })
  if (packet.type !== MessageType.NOISE_ENCRYPTED) throw new DecodeError(DecodeReason.BAD_VALUE, `embedded packet type ${packet.type} is not 0x11`)
  return { packet, payload: decodeNoisePayload(packet.payload) }
}
