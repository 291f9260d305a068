/**
 * The subscriptions bitchat opens (§7.2, §7.4), as NIP-01 filters.
 * @module
 */
import type { NostrFilter } from '../nostr/filter.js'
import { NostrKind } from '../nostr/kinds.js'

/** iOS's initial channel lookback: one hour. */
export const CHANNEL_LOOKBACK_S = 3600
/** iOS's initial channel limit. */
export const CHANNEL_LIMIT = 200
/** Private-message lookback: 48 h (covers Android's wrap jitter; iOS uses 24 h, §9 #18). */
export const PRIVATE_MESSAGE_LOOKBACK_S = 48 * 3600
/** Private-message limit. */
export const PRIVATE_MESSAGE_LIMIT = 100

/**
 * Chat and presence in one or more geohash channels.
 * @param geohashes - Lower-case geohashes.
 * @param nowMs - Current time (ms).
 * @param options - Lookback (s) and limit overrides.
 * @returns `{"kinds":[20000,20001],"#g":[…],"since":now−3600,"limit":200}`.
 */
export function geohashChannelFilter(geohashes: string | readonly string[], nowMs: number, options?: { lookbackS?: number; limit?: number }): NostrFilter {
  return {
    kinds: [NostrKind.GEOHASH_CHAT, NostrKind.GEOHASH_PRESENCE],
    '#g': typeof geohashes === 'string' ? [geohashes] : [...geohashes],
    since: Math.floor(nowMs / 1000) - (options?.lookbackS ?? CHANNEL_LOOKBACK_S),
    limit: options?.limit ?? CHANNEL_LIMIT,
  }
}

/**
 * Gift wraps addressed to a key (bitchat private messages, NIP-17 DMs).
 * @param pubkey - Own public key, hex.
 * @param nowMs - Current time (ms).
 * @param options - Lookback (s) and limit overrides.
 * @returns `{"kinds":[1059],"#p":[pubkey],"since":now−48h,"limit":100}`.
 */
export function giftWrapFilter(pubkey: string, nowMs: number, options?: { lookbackS?: number; limit?: number }): NostrFilter {
  return {
    kinds: [NostrKind.GIFT_WRAP],
    '#p': [pubkey],
    since: Math.floor(nowMs / 1000) - (options?.lookbackS ?? PRIVATE_MESSAGE_LOOKBACK_S),
    limit: options?.limit ?? PRIVATE_MESSAGE_LIMIT,
  }
}
