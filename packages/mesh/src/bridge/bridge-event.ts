/**
 * The bridge event: one mesh frame in one signed Nostr event. Layout (iOS's tags, §7.2; content
 * BitMesh's choice):
 *
 * ```
 * kind 20000, created_at = now (s)
 * tags    [["r", cell], ["m", packetIdHex, senderPeerIdHex, timestampMs]]
 * content "bitchat1:" + base64url-no-pad(frame with TTL = BRIDGE_INJECT_TTL)
 * ```
 *
 * `packetIdHex` is bitchat's packet ID (§2.7.1, 32 hex), the stable ID two gateways of one island
 * compute alike for the same packet; the sender and timestamp repeat the frame's header so a
 * reader can filter without decoding it.
 * @module
 */
import type { Clock, Rng } from '@bitmesh/interface'
import { finalizeEvent, type NostrEvent, type NostrKeyPair } from '@bitmesh/geohash-discovery'
import { bytesToHex, packetIdHex, tryDecodePacket, type BitchatPacket } from '@bitmesh/wire-format'
import { base64urlDecode, base64urlEncode } from './base64url.js'
import { BRIDGE_CELL_TAG, BRIDGE_CONTENT_PREFIX, BRIDGE_EVENT_KIND, BRIDGE_INJECT_TTL, BRIDGE_META_TAG, MAX_BRIDGE_FRAME_BYTES } from './constants.js'

/** Offset of the TTL byte in v1 and v2 headers (§1.1). */
const TTL_OFFSET = 2
const HEX32 = /^[0-9a-f]{32}$/
const HEX16 = /^[0-9a-f]{16}$/

/** A frame read back from a bridge event. */
export interface BridgedFrame {
  /** The mesh frame, TTL clamped to {@link BRIDGE_INJECT_TTL}. */
  frame: Uint8Array
  /** The decoded packet. */
  packet: BitchatPacket
  /** bitchat packet ID (§2.7.1), 32 lowercase hex. */
  stableId: string
  /** Sender peer ID, 16 lowercase hex. */
  senderPeerId: string
}

/**
 * Build and sign the bridge event for one mesh packet.
 * @param packet - The decoded packet (for the `m` tag).
 * @param frame - Its frame as received or sent (copied; the copy's TTL is set to {@link BRIDGE_INJECT_TTL}).
 * @param cell - Rendezvous geohash cell.
 * @param keys - The gateway's bridge identity (`deriveBridgeIdentity(seed, cell)`).
 * @param clock - For `created_at`.
 * @param rng - BIP-340 auxiliary randomness.
 * @param stableId - The packet's ID when the caller already has it (§2.7.1).
 * @returns The signed event.
 * @throws RangeError when the frame exceeds {@link MAX_BRIDGE_FRAME_BYTES}.
 */
export function createBridgeEvent(packet: BitchatPacket, frame: Uint8Array, cell: string, keys: NostrKeyPair, clock: Clock, rng: Rng, stableId = packetIdHex(packet)): NostrEvent {
  if (frame.length > MAX_BRIDGE_FRAME_BYTES) throw new RangeError(`frame of ${frame.length} bytes exceeds ${MAX_BRIDGE_FRAME_BYTES}`)
  const copy = frame.slice()
  copy[TTL_OFFSET] = BRIDGE_INJECT_TTL
  const tags = [
    [BRIDGE_CELL_TAG, cell],
    [BRIDGE_META_TAG, stableId, bytesToHex(packet.senderId), packet.timestamp.toString()],
  ]
  return finalizeEvent({ kind: BRIDGE_EVENT_KIND, created_at: Math.floor(clock.now() / 1000), tags, content: BRIDGE_CONTENT_PREFIX + base64urlEncode(copy) }, keys, rng)
}

/**
 * Read a bridge event (its signature already verified by the pool).
 * @param event - The event.
 * @param cell - The cell we rendezvous in.
 * @returns The frame, or `null` when the event is not a well-formed BitMesh bridge event for
 *   `cell` (wrong kind or cell, missing or inconsistent `m` tag, bad content, undecodable frame).
 */
export function parseBridgeEvent(event: NostrEvent, cell: string): BridgedFrame | null {
  if (event.kind !== BRIDGE_EVENT_KIND) return null
  let cellOk = false
  let meta: string[] | undefined
  for (const tag of event.tags) {
    if (tag[0] === BRIDGE_CELL_TAG && tag[1] === cell) cellOk = true
    else if (tag[0] === BRIDGE_META_TAG && meta === undefined) meta = tag
  }
  if (!cellOk || meta === undefined || meta.length < 4) return null
  const [, stableId, senderPeerId, tsMs] = meta as [string, string, string, string]
  if (!HEX32.test(stableId) || !HEX16.test(senderPeerId)) return null
  if (!event.content.startsWith(BRIDGE_CONTENT_PREFIX)) return null
  const frame = base64urlDecode(event.content, BRIDGE_CONTENT_PREFIX.length, MAX_BRIDGE_FRAME_BYTES)
  if (frame === null || frame.length <= TTL_OFFSET) return null
  const decoded = tryDecodePacket(frame)
  if (!decoded.ok) return null
  const packet = decoded.packet
  // The tag must describe the frame: a mismatch is a forgery or a broken gateway.
  if (bytesToHex(packet.senderId) !== senderPeerId || packet.timestamp.toString() !== tsMs || packetIdHex(packet) !== stableId) return null
  frame[TTL_OFFSET] = Math.min(frame[TTL_OFFSET]!, BRIDGE_INJECT_TTL)
  packet.ttl = frame[TTL_OFFSET]!
  return { frame, packet, stableId, senderPeerId }
}
