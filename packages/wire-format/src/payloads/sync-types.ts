/**
 * SyncTypeFlags (`shared/spec/bitchat-wire.md` §2.7, REQUEST_SYNC TLV `0x04`): a little-endian
 * bitfield of the packet types a sync round covers. Modelled as a `bigint` (up to 64 bits).
 * @module
 */
import { MessageType } from '../packet/constants.js'

/** Bit constants (iOS `SyncTypeFlags.swift`; Android's mapping is the same). */
export const SyncTypeFlags = {
  ANNOUNCE: 1n << 0n,
  MESSAGE: 1n << 1n,
  LEAVE: 1n << 2n,
  NOISE_HANDSHAKE: 1n << 3n,
  NOISE_ENCRYPTED: 1n << 4n,
  FRAGMENT: 1n << 5n,
  REQUEST_SYNC: 1n << 6n,
  FILE_TRANSFER: 1n << 7n,
  BOARD_POST: 1n << 8n,
  PREKEY_BUNDLE: 1n << 9n,
  GROUP_MESSAGE: 1n << 10n,
} as const

/** Outer packet type for each bit index 0…10; types not listed (voice, ping, …) are never synced. */
export const SYNC_TYPE_BY_BIT: readonly number[] = [
  MessageType.ANNOUNCE,
  MessageType.MESSAGE,
  MessageType.LEAVE,
  MessageType.NOISE_HANDSHAKE,
  MessageType.NOISE_ENCRYPTED,
  MessageType.FRAGMENT,
  MessageType.REQUEST_SYNC,
  MessageType.FILE_TRANSFER,
  MessageType.BOARD_POST,
  MessageType.PREKEY_BUNDLE,
  MessageType.GROUP_MESSAGE,
]

/** What a responder assumes when a request has no types TLV: announces and public messages. */
export const DEFAULT_SYNC_TYPES = SyncTypeFlags.ANNOUNCE | SyncTypeFlags.MESSAGE

/**
 * Packet types covered by a flags value, in bit order. Bits without a type are ignored.
 * @param flags - A types bitfield.
 * @returns Outer packet type numbers.
 */
export function syncTypesToMessageTypes(flags: bigint): number[] {
  const out: number[] = []
  for (let bit = 0; bit < SYNC_TYPE_BY_BIT.length; bit++) {
    if (((flags >> BigInt(bit)) & 1n) === 1n) out.push(SYNC_TYPE_BY_BIT[bit]!)
  }
  return out
}

/**
 * Flags for a set of packet types. Types with no sync bit (courier, ping, voice, …) are skipped,
 * as iOS does.
 * @param types - Outer packet type numbers.
 * @returns The bitfield.
 */
export function messageTypesToSyncTypes(types: Iterable<number>): bigint {
  let flags = 0n
  for (const type of types) {
    const bit = SYNC_TYPE_BY_BIT.indexOf(type)
    if (bit >= 0) flags |= 1n << BigInt(bit)
  }
  return flags
}

/**
 * Whether a sync round with these flags covers a packet type.
 * @param flags - The request's types, or `undefined` when the TLV was absent.
 * @param messageType - An outer packet type.
 * @returns True when covered (absent flags mean {@link DEFAULT_SYNC_TYPES}).
 */
export function syncTypesInclude(flags: bigint | undefined, messageType: number): boolean {
  const bit = SYNC_TYPE_BY_BIT.indexOf(messageType)
  if (bit < 0) return false
  return (((flags ?? DEFAULT_SYNC_TYPES) >> BigInt(bit)) & 1n) === 1n
}
