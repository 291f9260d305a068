/**
 * Event kinds this package reads or writes.
 * @module
 */

/** Nostr event kinds used by bitchat (§7) and by this package. */
export const NostrKind = {
  /** Short text note; bitchat location notes. */
  TEXT_NOTE: 1,
  /** NIP-59 seal. */
  SEAL: 13,
  /** NIP-17 private direct message (a rumor inside a seal). */
  PRIVATE_DIRECT_MESSAGE: 14,
  /** NIP-59 gift wrap. */
  GIFT_WRAP: 1059,
  /** bitchat geohash channel chat message (ephemeral). */
  GEOHASH_CHAT: 20000,
  /** bitchat geohash presence heartbeat (ephemeral). */
  GEOHASH_PRESENCE: 20001,
  /**
   * BitMesh nearby-mode identity-reveal messages between ephemeral keys (ephemeral range, so
   * relays do not store them). A BitMesh-assigned number, not a bitchat one.
   */
  NEARBY_REVEAL: 20500,
} as const

/**
 * NIP-01 kind classes: ephemeral events (20000–29999) are not stored by relays; replaceable
 * ones keep only the newest per author (and `d` tag for addressable ones).
 * @param kind - Event kind.
 * @returns The storage class.
 */
export function kindClass(kind: number): 'regular' | 'replaceable' | 'ephemeral' | 'addressable' {
  if (kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000)) return 'replaceable'
  if (kind >= 20000 && kind < 30000) return 'ephemeral'
  if (kind >= 30000 && kind < 40000) return 'addressable'
  return 'regular'
}
