/**
 * Map a decoded bitchat packet to a {@link MessageClass} (bitchat-wire §2.1) and build relay-cache
 * input from it.
 * @module
 */
import { isBroadcastRecipient, MessageType, packetIdHex, peerIdToHex, type BitchatPacket } from '@bitmesh/wire-format'
import type { RelayCacheInput } from './relay-cache.js'
import type { MessageClass } from './types.js'

/** Offset of `originalType` in a FRAGMENT payload (§2.6). */
const FRAGMENT_ORIGINAL_TYPE_OFFSET = 12

function classOfType(type: number, version: number, routed: boolean): MessageClass {
  switch (type) {
    case MessageType.NOISE_ENCRYPTED:
      // Private media rides v2 noiseEncrypted without a route (§2.5); DMs are v1 or routed v2.
      return version === 2 && !routed ? 'media' : 'dm'
    case MessageType.COURIER_ENVELOPE:
      return 'dm'
    case MessageType.GROUP_MESSAGE:
      return 'group'
    case MessageType.MESSAGE:
    case MessageType.BOARD_POST:
      return 'public'
    case MessageType.FILE_TRANSFER:
    case MessageType.VOICE_FRAME:
      return 'media'
    default:
      // Announces, leaves, handshakes, sync, ping/pong, prekeys, carriers, unknown types: link
      // state or time-critical traffic that is useless (or harmful) when replayed later.
      return 'control'
  }
}

/** Options of {@link classifyPacket}. */
export interface ClassifyOptions {
  /**
   * Marks a packet as SOS. BitMesh's SOS class travels in its own type/TLV range (DESIGN §3),
   * decided by the caller; default: nothing is SOS.
   */
  isSos?: (packet: BitchatPacket) => boolean
}

/**
 * The traffic class of a packet. Fragments take the class of their original type (§2.6), so
 * fragments of a file are `media` and are never cached.
 * @param packet - A decoded packet.
 * @param options - SOS predicate.
 * @returns The class.
 */
export function classifyPacket(packet: BitchatPacket, options: ClassifyOptions = {}): MessageClass {
  if (options.isSos?.(packet) === true) return 'sos'
  if (packet.type === MessageType.FRAGMENT) {
    const original = packet.payload[FRAGMENT_ORIGINAL_TYPE_OFFSET]
    if (original === undefined || original === MessageType.FRAGMENT) return 'control'
    // A fragment does not carry the original's version; a fragmented noiseEncrypted is media
    // unless it is routed (a routed DM over a tiny MTU).
    if (original === MessageType.NOISE_ENCRYPTED) return packet.route === null ? 'media' : 'dm'
    return classOfType(original, packet.version, packet.route !== null)
  }
  return classOfType(packet.type, packet.version, packet.route !== null)
}

/**
 * Relay-cache input for a received packet: packet ID (§2.7.1), sender and recipient as hex,
 * class, and the frame to replay.
 * @param frame - The frame as received (the cache copies it).
 * @param packet - Its decoding.
 * @param options - SOS predicate.
 * @returns Input for `RelayCache.put`.
 */
export function relayInputFromPacket(frame: Uint8Array, packet: BitchatPacket, options: ClassifyOptions = {}): RelayCacheInput {
  const sender = peerIdToHex(padId(packet.senderId))
  const recipient = isBroadcastRecipient(packet.recipientId) ? null : peerIdToHex(padId(packet.recipientId!))
  return { packetId: packetIdHex(packet), sender, recipient, cls: classifyPacket(packet, options), frame }
}

/** Right-pad or truncate an ID to 8 bytes, as encoders do (§1.3). */
function padId(id: Uint8Array): Uint8Array {
  if (id.length === 8) return id
  const out = new Uint8Array(8)
  out.set(id.subarray(0, 8))
  return out
}
