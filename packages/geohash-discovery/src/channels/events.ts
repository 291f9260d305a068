/**
 * bitchat geohash channel events (§7.2): kind-20000 chat and kind-20001 presence, signed by the
 * per-geohash identity.
 * @module
 */
import type { Clock, Rng } from '@bitmesh/interface'
import { isValidGeohash } from '../geohash/geohash.js'
import { finalizeEvent, firstTagValue, type EventTemplate, type NostrEvent } from '../nostr/event.js'
import { getPublicKey } from '../nostr/keys.js'
import { NostrKind } from '../nostr/kinds.js'
import { committedPowBits, mineEvent, type MineOptions } from '../nostr/pow.js'

/** Longest nickname put in an `n` tag, in UTF-16 units (bitchat nicknames are short). */
export const MAX_NICKNAME_CHARS = 64

/** A chat message to publish into a geohash channel. */
export interface GeohashChatInput {
  /** Lower-case geohash of the channel. */
  geohash: string
  /** Message text. */
  content: string
  /** Optional nickname (`n` tag). */
  nickname?: string
  /** Sender is not physically in the geohash (`["t","teleport"]`). */
  teleported?: boolean
  /** NIP-13 difficulty to mine (0 or absent: none). */
  powBits?: number
  /** Mining budget (see {@link MineOptions}); without one a missed target sends no PoW. */
  powBudget?: MineOptions
}

/** Context for signing channel events. */
export interface ChannelSigningContext {
  /** Time source for `created_at`. */
  clock: Clock
  /** Randomness for the PoW start nonce and signature aux randomness. */
  rng: Rng
}

function checkGeohash(geohash: string): void {
  if (!isValidGeohash(geohash, { lowercaseOnly: true })) throw new RangeError(`not a lower-case geohash: ${JSON.stringify(geohash)}`)
}

/**
 * Build and sign a kind-20000 chat event: tags `g`, then `n`, then `t`, then the PoW `nonce`.
 * When mining does not reach the target within the budget, the event is sent without PoW (as
 * iOS does after its 2 s budget).
 * @param input - Channel, text and options.
 * @param secretKey - The per-geohash identity's key.
 * @param ctx - Clock and randomness.
 * @returns The signed event.
 * @throws RangeError for a bad geohash or nickname.
 */
export function createGeohashChatEvent(input: GeohashChatInput, secretKey: Uint8Array, ctx: ChannelSigningContext): NostrEvent {
  checkGeohash(input.geohash)
  const tags: string[][] = [['g', input.geohash]]
  if (input.nickname !== undefined && input.nickname !== '') {
    if (input.nickname.length > MAX_NICKNAME_CHARS) throw new RangeError(`nickname longer than ${MAX_NICKNAME_CHARS} characters`)
    tags.push(['n', input.nickname])
  }
  if (input.teleported === true) tags.push(['t', 'teleport'])
  let template: EventTemplate = { kind: NostrKind.GEOHASH_CHAT, created_at: Math.floor(ctx.clock.now() / 1000), tags, content: input.content }
  const bits = input.powBits ?? 0
  if (bits > 0) {
    const mined = mineEvent(template, getPublicKey(secretKey), bits, ctx.rng, input.powBudget)
    if (mined !== null) template = mined
  }
  return finalizeEvent(template, secretKey, ctx.rng)
}

/**
 * Build and sign a kind-20001 presence heartbeat: empty content, a single `g` tag.
 * @param geohash - Lower-case geohash (region, province or city level for bitchat parity).
 * @param secretKey - The per-geohash identity's key.
 * @param ctx - Clock and randomness.
 * @returns The signed event.
 * @throws RangeError for a bad geohash.
 */
export function createGeohashPresenceEvent(geohash: string, secretKey: Uint8Array, ctx: ChannelSigningContext): NostrEvent {
  checkGeohash(geohash)
  return finalizeEvent({ kind: NostrKind.GEOHASH_PRESENCE, created_at: Math.floor(ctx.clock.now() / 1000), tags: [['g', geohash]], content: '' }, secretKey, ctx.rng)
}

/** A parsed channel event. */
export interface GeohashChannelMessage {
  /** `'chat'` (20000) or `'presence'` (20001). */
  type: 'chat' | 'presence'
  /** The `g` tag. */
  geohash: string
  /** Author key, hex. */
  pubkey: string
  /** Text (empty for presence). */
  content: string
  /** `n` tag, if any. */
  nickname: string | undefined
  /** `["t","teleport"]` present. */
  teleported: boolean
  /** Achieved committed NIP-13 difficulty (0 without PoW). */
  powBits: number
  /** Seconds. */
  createdAt: number
  /** Event id. */
  id: string
}

/**
 * Read a channel event. Call on events that already passed signature verification.
 * @param event - A verified event.
 * @returns The message, or `null` when it is not a 20000/20001 event with a valid `g` tag.
 */
export function parseGeohashChannelEvent(event: NostrEvent): GeohashChannelMessage | null {
  if (event.kind !== NostrKind.GEOHASH_CHAT && event.kind !== NostrKind.GEOHASH_PRESENCE) return null
  const geohash = firstTagValue(event, 'g')
  if (geohash === undefined || !isValidGeohash(geohash)) return null
  let teleported = false
  for (const t of event.tags) if (t[0] === 't' && t[1] === 'teleport') teleported = true
  return {
    type: event.kind === NostrKind.GEOHASH_CHAT ? 'chat' : 'presence',
    geohash: geohash.toLowerCase(),
    pubkey: event.pubkey,
    content: event.content,
    nickname: firstTagValue(event, 'n'),
    teleported,
    powBits: committedPowBits(event),
    createdAt: event.created_at,
    id: event.id,
  }
}
