/**
 * What an outgoing frame is for, so frames on the air can be split into the messages themselves
 * and the fixed overhead that keeps the mesh working (announces, gossip sync). The routing
 * benchmark (issue 5) reports both: a policy's savings on messages are invisible in a total
 * dominated by announces.
 * @module
 */
import { MessageType, PacketFlag, tryDecodePacket } from '@bitmesh/wire-format'
import type { MeshCounters } from './types.js'

/** Header offsets (§1.1), the same in v1 and v2. */
const TYPE_OFFSET = 1
const FLAGS_OFFSET = 11
/** `originalType` inside a FRAGMENT payload (§2.6: id 8 ‖ index 2 ‖ total 2 ‖ type 1). */
const FRAGMENT_ORIGINAL_TYPE_OFFSET = 12

/** Classes of frames, one counter each in `MeshStats`. */
export type FrameClass = 'public' | 'private' | 'handshake' | 'announce' | 'sync' | 'other'

/**
 * Classify a frame we put on a link.
 *
 * * `public`: MESSAGE packets and their fragments;
 * * `private`: NOISE_ENCRYPTED packets (private messages and their receipts: the outer packet
 *   cannot tell them apart) and their fragments;
 * * `handshake`: NOISE_HANDSHAKE (and its fragments);
 * * `announce`: ANNOUNCE and LEAVE;
 * * `sync`: REQUEST_SYNC and every sync answer (IS_RSR set), whatever it carries;
 * * `other`: the rest (cluster control, file transfer, unknown types).
 * @param frame - An encoded packet.
 * @returns Its class; `other` for anything unreadable.
 */
export function classifyFrame(frame: Uint8Array): FrameClass {
  if (frame.length <= FLAGS_OFFSET) return 'other'
  if ((frame[FLAGS_OFFSET]! & PacketFlag.IS_RSR) !== 0) return 'sync'
  let type = frame[TYPE_OFFSET]!
  if (type === MessageType.FRAGMENT) {
    // Rare on this path (only relayed fragments arrive here unsplit): decoding is affordable.
    const decoded = tryDecodePacket(frame)
    if (!decoded.ok || decoded.packet.payload.length <= FRAGMENT_ORIGINAL_TYPE_OFFSET) return 'other'
    type = decoded.packet.payload[FRAGMENT_ORIGINAL_TYPE_OFFSET]!
  }
  switch (type) {
    case MessageType.MESSAGE:
      return 'public'
    case MessageType.NOISE_ENCRYPTED:
      return 'private'
    case MessageType.NOISE_HANDSHAKE:
      return 'handshake'
    case MessageType.ANNOUNCE:
    case MessageType.LEAVE:
      return 'announce'
    case MessageType.REQUEST_SYNC:
      return 'sync'
    default:
      return 'other'
  }
}

/**
 * Add `frames` frames of `frame`'s class to the counters.
 * @param counters - The node's counters.
 * @param frame - The frame (before fragmentation).
 * @param frames - Frames it became on the link (1, or its fragment count).
 */
export function countFrameClass(counters: MeshCounters, frame: Uint8Array, frames: number): void {
  switch (classifyFrame(frame)) {
    case 'public':
      counters.publicFramesSent += frames
      break
    case 'private':
      counters.privateFramesSent += frames
      break
    case 'handshake':
      counters.handshakeFramesSent += frames
      break
    case 'announce':
      counters.announceFramesSent += frames
      break
    case 'sync':
      counters.syncFramesSent += frames
      break
    default:
      counters.otherFramesSent += frames
  }
}
