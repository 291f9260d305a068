/**
 * Human names for type numbers and flag bits, current and legacy dialect.
 * @module
 */

/** Current outer types (`bitchat-wire.md` §2.1). */
const CURRENT_TYPES: ReadonlyMap<number, string> = new Map([
  [0x01, 'announce'],
  [0x02, 'message (public chat)'],
  [0x03, 'leave'],
  [0x04, 'courierEnvelope (iOS-only)'],
  [0x10, 'noiseHandshake'],
  [0x11, 'noiseEncrypted'],
  [0x20, 'fragment'],
  [0x21, 'requestSync'],
  [0x22, 'fileTransfer'],
  [0x23, 'boardPost (iOS-only)'],
  [0x24, 'prekeyBundle (iOS-only)'],
  [0x25, 'groupMessage (iOS-only)'],
  [0x26, 'ping (iOS-only)'],
  [0x27, 'pong (iOS-only)'],
  [0x28, 'nostrCarrier (iOS-only)'],
  [0x29, 'voiceFrame'],
  [0x2a, 'reserved (courier spray-ack)'],
  [0x2b, 'reserved (courier spray-ack)'],
  [0x2c, 'announceV2 (parsed and ignored by iOS)'],
])

/**
 * Legacy (pre-August-2025) types, as read from bitchat iOS history (`BitchatProtocol.swift`
 * before commit 845ffc60, 2025-08-17; `keyExchange` until mid-July 2025).
 */
const LEGACY_TYPES: ReadonlyMap<number, string> = new Map([
  [0x01, 'announce'],
  [0x02, 'keyExchange'],
  [0x03, 'leave'],
  [0x04, 'message'],
  [0x05, 'fragmentStart'],
  [0x06, 'fragmentContinue'],
  [0x07, 'fragmentEnd'],
  [0x08, 'channelAnnounce'],
  [0x09, 'channelRetention'],
  [0x0a, 'deliveryAck'],
  [0x0b, 'deliveryStatusRequest'],
  [0x0c, 'readReceipt'],
  [0x10, 'noiseHandshakeInit'],
  [0x11, 'noiseHandshakeResp'],
  [0x12, 'noiseEncrypted'],
  [0x13, 'noiseIdentityAnnounce'],
  [0x14, 'channelKeyVerifyRequest'],
  [0x15, 'channelKeyVerifyResponse'],
  [0x16, 'channelPasswordUpdate'],
  [0x17, 'channelMetadata'],
  [0x20, 'versionHello'],
  [0x21, 'versionAck'],
  [0x22, 'protocolAck'],
  [0x23, 'protocolNack'],
  [0x24, 'systemValidation'],
  [0x25, 'handshakeRequest'],
  [0x30, 'favorited'],
  [0x31, 'unfavorited'],
])

/**
 * `0x02 message (public chat)` style label.
 * @param type - Type byte.
 * @param dialect - Which registry to use.
 * @returns The label (`unknown` for unassigned numbers).
 */
export function typeLabel(type: number, dialect: 'current' | 'legacy'): string {
  const name = (dialect === 'legacy' ? LEGACY_TYPES : CURRENT_TYPES).get(type)
  return `0x${hex2(type)} ${name ?? 'unknown'}`
}

/**
 * Whether a type number is assigned in a dialect.
 * @param type - Type byte.
 * @param dialect - Which registry.
 * @returns True when named.
 */
export function isKnownType(type: number, dialect: 'current' | 'legacy'): boolean {
  return (dialect === 'legacy' ? LEGACY_TYPES : CURRENT_TYPES).has(type)
}

/** Flag bits of the current dialect (§1.2). */
const CURRENT_FLAGS: readonly (readonly [number, string])[] = [
  [0x01, 'HAS_RECIPIENT'],
  [0x02, 'HAS_SIGNATURE'],
  [0x04, 'IS_COMPRESSED'],
  [0x08, 'HAS_ROUTE'],
  [0x10, 'IS_RSR'],
]
/** The legacy dialect knew only the first three. */
const LEGACY_FLAGS = CURRENT_FLAGS.slice(0, 3)

/**
 * Names of the set flag bits; unassigned bits are named `reserved 0xNN`.
 * @param flags - Flags byte.
 * @param dialect - Which bit set applies.
 * @param version - Packet version (HAS_ROUTE is ignored on v1).
 * @returns One entry per set bit.
 */
export function flagNames(flags: number, dialect: 'current' | 'legacy', version: number): string[] {
  const table = dialect === 'legacy' ? LEGACY_FLAGS : CURRENT_FLAGS
  const out: string[] = []
  let known = 0
  for (const [bit, name] of table) {
    known |= bit
    if ((flags & bit) === 0) continue
    out.push(bit === 0x08 && version < 2 ? `${name} (ignored on v1)` : name)
  }
  for (let bit = 1; bit < 0x100; bit <<= 1) {
    if ((flags & bit) !== 0 && (known & bit) === 0) out.push(`reserved 0x${hex2(bit)} (ignored)`)
  }
  return out
}

/**
 * Two lowercase hex digits.
 * @param byte - 0–255.
 * @returns E.g. `0a`.
 */
export function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0')
}
