/**
 * Putting one encoded frame on one link: whole when it fits the MTU, otherwise split into
 * FRAGMENT frames (§2.6, §6.6) sent as a paced train.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { encodePacket, fragmentChunkSizeForLinkLimit, MessageType, splitIntoFragments, type BitchatPacket } from '@bitmesh/wire-format'
import { BROADCAST_FRAGMENT_SPACING_MS, DIRECTED_FRAGMENT_SPACING_MS, MAX_FRAGMENTS_PER_PACKET } from './constants.js'
import type { LinkEntry } from './link-entry.js'
import type { DropEvent, DropReason } from './types.js'

/**
 * Bytes of a fragment frame besides its chunk: v1 header 14, sender 8, recipient 8, fragment
 * header 13, and 2 for the original-size field should DEFLATE shrink the chunk by a byte.
 */
export const FRAGMENT_FRAME_OVERHEAD_BYTES = 14 + 8 + 8 + 13 + 2

/**
 * Chunk size for a link: iOS's limit − 42 (§6.6), tightened so a directed fragment still fits.
 * @param mtu - The link MTU.
 * @returns Bytes of the original frame per fragment.
 */
export function fragmentChunkSize(mtu: number): number {
  return Math.max(1, Math.min(fragmentChunkSizeForLinkLimit(mtu), mtu - FRAGMENT_FRAME_OVERHEAD_BYTES))
}

/**
 * Encode a packet whose compression is already settled — signed by us (`signPacket` records its
 * choice) or decoded from the wire (the received DEFLATE bytes are kept) — without trying DEFLATE
 * again: the bytes are those that were signed or received (§3.3), and pako is spared.
 * @param packet - The packet.
 * @returns The frame.
 */
export function encodeSettled(packet: BitchatPacket): Uint8Array {
  return encodePacket(packet, { compression: packet.wireCompression != null ? 'auto' : 'none' })
}

/**
 * Send `frame` on `entry`, fragmenting above the link MTU (≤ 256 fragments; directed trains paced
 * 25 ms apart, broadcast ones 30 ms, as iOS does).
 * @param entry - The link.
 * @param frame - A complete encoded packet (with its type's padding).
 * @param directed - Whether the packet has a specific recipient.
 * @param rng - Source of the 8-byte fragment ID.
 * @param drop - Reports a frame that cannot be fragmented.
 * @returns The number of fragments sent (0 when the frame went whole or was dropped).
 */
export function sendFrameOn(
  entry: LinkEntry,
  frame: Uint8Array,
  directed: boolean,
  rng: Rng,
  drop: (reason: DropReason, detail?: Omit<DropEvent, 'reason'>) => void,
): number {
  const mtu = entry.link.mtu
  if (frame.length <= mtu) {
    entry.send(frame)
    return 0
  }
  let fragments: Uint8Array[]
  try {
    // Slices of a Noise frame are ciphertext: DEFLATE would never shrink them, so do not try.
    const type = frame[1]
    const encrypted = type === MessageType.NOISE_ENCRYPTED || type === MessageType.NOISE_HANDSHAKE
    fragments = splitIntoFragments(frame, {
      fragmentId: rng.randomBytes(8),
      chunkSize: fragmentChunkSize(mtu),
      maxFragments: MAX_FRAGMENTS_PER_PACKET,
      compression: encrypted ? 'none' : 'auto',
    })
  } catch (error) {
    drop('capacity', { detail: `cannot fragment a ${frame.length}-byte frame: ${(error as Error).message}` })
    return 0
  }
  entry.sendTrain(fragments, directed ? DIRECTED_FRAGMENT_SPACING_MS : BROADCAST_FRAGMENT_SPACING_MS)
  return fragments.length
}
