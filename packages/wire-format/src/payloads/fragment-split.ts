/**
 * Splitting an encoded packet into FRAGMENT frames (`shared/spec/bitchat-wire.md` §2.6, §6.6).
 * @module
 */
import { MessageType, V1_MAX_PAYLOAD_BYTES } from '../packet/constants.js'
import { encodePacket } from '../packet/index.js'
import type { BitchatPacket } from '../packet/types.js'
import { cannotEncode, checkBytes, checkIsBytes } from './internal/bin.js'
import { peekFrameHeader } from './internal/frame-header.js'
import { encodeFragmentPayload, FRAGMENT_HEADER_BYTES, FRAGMENT_ID_BYTES, MAX_FRAGMENT_TOTAL, MAX_INTEROP_FRAGMENTS } from './fragment.js'

/** iOS's default chunk: fits a 512-byte BLE write with a v1 header, sender, recipient and fragment header. */
export const DEFAULT_FRAGMENT_CHUNK_BYTES = 469
/** Smallest chunk iOS uses, however small the link. */
export const MIN_FRAGMENT_CHUNK_BYTES = 64
/** Bytes iOS reserves around a chunk when sizing for a link limit (13 + 8 + 8 + 13). */
export const FRAGMENT_FRAME_OVERHEAD_BYTES = 42
/** The nominal BLE write size both apps plan around. */
export const NOMINAL_BLE_MTU_BYTES = 512

/**
 * Chunk size for a link whose largest write is `linkLimitBytes` (iOS rule: limit − 42, at least
 * 64). A 512-byte link gives 470.
 * @param linkLimitBytes - Largest frame the link carries in one write/notification.
 * @returns The chunk size in bytes.
 * @throws RangeError when `linkLimitBytes` is not a positive integer.
 */
export function fragmentChunkSizeForLinkLimit(linkLimitBytes: number): number {
  if (!Number.isInteger(linkLimitBytes) || linkLimitBytes <= 0) throw new RangeError('linkLimitBytes must be a positive integer')
  return Math.max(MIN_FRAGMENT_CHUNK_BYTES, linkLimitBytes - FRAGMENT_FRAME_OVERHEAD_BYTES)
}

/**
 * Chunk size iOS uses when the original carries a source route: the fragments are v2 and copy
 * the route, so `mtu − (16 + 8 + 8 + 1 + 8·hops + 13 + 16)`, at least 64.
 * @param routeHops - Number of intermediate hops in the route.
 * @param mtuBytes - Link MTU (default 512).
 * @returns The chunk size in bytes.
 */
export function fragmentChunkSizeForRoute(routeHops: number, mtuBytes = NOMINAL_BLE_MTU_BYTES): number {
  if (!Number.isInteger(routeHops) || routeHops < 0 || routeHops > 255) throw new RangeError('routeHops must be 0…255')
  const overhead = 16 + 8 + 8 + (1 + routeHops * 8) + 13 + 16
  return Math.max(MIN_FRAGMENT_CHUNK_BYTES, mtuBytes - overhead)
}

/** Options for {@link splitIntoFragments}. */
export interface SplitOptions {
  /** 8 random bytes identifying this fragment set (take them from an injected `Rng`). */
  fragmentId: Uint8Array
  /**
   * Bytes of the original frame per fragment. Default: {@link DEFAULT_FRAGMENT_CHUNK_BYTES}, or
   * {@link fragmentChunkSizeForRoute} when the original has a route (iOS).
   */
  chunkSize?: number
  /**
   * Refuse to produce more fragments than this. Default {@link MAX_INTEROP_FRAGMENTS} (256), the
   * largest set Android accepts; at most {@link MAX_FRAGMENT_TOTAL}.
   */
  maxFragments?: number
  /**
   * Recipient of the fragments. Default: the original's recipient. iOS uses the directed peer
   * when it fragments for one link.
   */
  recipientId?: Uint8Array | null
  /**
   * Compression of the fragment packets. Default `'auto'` (§2.6: fragments are "subject to normal
   * compression"; ~480 random bytes pass the entropy test, so DEFLATE is tried on every fragment,
   * which dominates the cost of splitting). `'none'` gives identical bytes whenever DEFLATE would
   * not shrink a chunk — always, for encrypted or already-compressed originals.
   */
  compression?: 'auto' | 'none'
}

/**
 * Split a complete encoded packet into complete FRAGMENT frames. The frame is sliced as is, so
 * pass it with its type's BLE padding policy already applied (padded for Noise types). Each
 * fragment packet: type `0x20`; sender, timestamp, TTL, IS_RSR and route of the original
 * (version 2 when a route is copied, else 1); recipient as above; unsigned; unpadded.
 * @param frame - The encoded original packet.
 * @param options - See {@link SplitOptions}.
 * @returns The fragment frames in index order.
 * @throws EncodeError when more than `maxFragments` fragments would be needed.
 * @throws DecodeError when `frame` is not a packet frame.
 * @throws TypeError / RangeError for bad options.
 */
export function splitIntoFragments(frame: Uint8Array, options: SplitOptions): Uint8Array[] {
  checkIsBytes(frame, 'frame')
  checkBytes(options.fragmentId, FRAGMENT_ID_BYTES, 'fragmentId')
  const header = peekFrameHeader(frame)
  const chunkSize = options.chunkSize ?? (header.route !== null ? fragmentChunkSizeForRoute(header.route.length) : DEFAULT_FRAGMENT_CHUNK_BYTES)
  // Fragments are v1 unless a route is copied, so a chunk must fit a v1 payload.
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > V1_MAX_PAYLOAD_BYTES - FRAGMENT_HEADER_BYTES) {
    throw new RangeError(`chunkSize must be 1…${V1_MAX_PAYLOAD_BYTES - FRAGMENT_HEADER_BYTES}`)
  }
  const maxFragments = options.maxFragments ?? MAX_INTEROP_FRAGMENTS
  if (!Number.isInteger(maxFragments) || maxFragments < 1 || maxFragments > MAX_FRAGMENT_TOTAL) {
    throw new RangeError(`maxFragments must be 1…${MAX_FRAGMENT_TOTAL}`)
  }
  const recipientId = options.recipientId !== undefined ? options.recipientId : header.recipientId
  if (recipientId !== null) checkBytes(recipientId, 8, 'recipientId')

  const total = Math.ceil(frame.length / chunkSize)
  if (total > maxFragments) {
    throw cannotEncode(`a ${frame.length}-byte frame needs ${total} fragments of ${chunkSize} bytes; the cap is ${maxFragments}`)
  }
  const encodeOptions = { padding: false, compression: options.compression ?? 'auto' } as const
  const frames: Uint8Array[] = []
  for (let index = 0; index < total; index++) {
    const data = frame.subarray(index * chunkSize, Math.min(frame.length, (index + 1) * chunkSize))
    const packet: BitchatPacket = {
      version: header.route !== null ? 2 : 1,
      type: MessageType.FRAGMENT,
      ttl: header.ttl,
      timestamp: header.timestamp,
      senderId: header.senderId,
      recipientId,
      route: header.route,
      payload: encodeFragmentPayload({ fragmentId: options.fragmentId, index, total, originalType: header.type, data }),
      signature: null,
      isRsr: header.isRsr,
    }
    frames.push(encodePacket(packet, encodeOptions))
  }
  return frames
}
