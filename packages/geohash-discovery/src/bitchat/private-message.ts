/**
 * Private messages over Nostr in bitchat's own format (§7.4): a kind-14 rumor holding a
 * `bitchat1:` embedded packet, sealed (13) by the sender's main key and gift-wrapped (1059)
 * under a one-time key, both layers with the `v2:` XChaCha20-Poly1305 envelope.
 * @module
 */
import { DecodeError, DecodeReason, type Clock } from '@bitmesh/interface'
import type { NostrEvent } from '../nostr/event.js'
import { createRumor, openGiftWrap, sealRumor, wrapSeal, type TimestampJitter, type UnwrappedGift, type WrapContext } from '../nostr/gift-wrap.js'
import { NostrKind } from '../nostr/kinds.js'
import { bitchatCipher } from './envelope.js'
import { decodeEmbeddedPacket, type EmbeddedPacket } from './embedded.js'

/** iOS's seal/wrap timestamp jitter: ±15 minutes. */
export const BITCHAT_IOS_TIMESTAMP_JITTER: TimestampJitter = /* @__PURE__ */ Object.freeze({ pastS: 15 * 60, futureS: 15 * 60 })
/** Android's: up to 48 hours in the past (interop note §9 #18: iOS may filter these out). */
export const BITCHAT_ANDROID_TIMESTAMP_JITTER: TimestampJitter = /* @__PURE__ */ Object.freeze({ pastS: 48 * 3600, futureS: 0 })
/** iOS accepts rumors created no earlier than now − 24 h − 15 min … */
export const RUMOR_MAX_AGE_S = 24 * 3600 + 15 * 60
/** … and no later than now + 15 min. */
export const RUMOR_MAX_FUTURE_S = 15 * 60

/** Which app's rumor shape to emit. iOS accepts both; the default is iOS's. */
export type RumorStyle = 'ios' | 'android'

/** Options for {@link wrapBitchatPrivateMessage}. */
export interface BitchatWrapOptions {
  /** `'ios'` (default): tags `[]`, no id. `'android'`: `[["p", recipient]]` and an id. */
  rumorStyle?: RumorStyle
  /** Seal/wrap timestamp jitter (default {@link BITCHAT_IOS_TIMESTAMP_JITTER}). */
  jitter?: TimestampJitter
}

/**
 * Wrap rumor content (normally from `encodeEmbeddedPacket`) for a bitchat peer.
 * @param content - Rumor content, e.g. `"bitchat1:…"`.
 * @param senderSecretKey - Sender's main Nostr key (or per-geohash key for geohash DMs).
 * @param recipient - Recipient's public key, hex.
 * @param ctx - Clock and randomness.
 * @param options - Rumor style and jitter.
 * @returns The kind-1059 gift wrap to publish.
 * @throws CryptoError for an invalid key.
 */
export function wrapBitchatPrivateMessage(content: string, senderSecretKey: Uint8Array, recipient: string, ctx: WrapContext, options?: BitchatWrapOptions): NostrEvent {
  const android = options?.rumorStyle === 'android'
  const jitter = options?.jitter ?? BITCHAT_IOS_TIMESTAMP_JITTER
  const rumor = createRumor(
    { kind: NostrKind.PRIVATE_DIRECT_MESSAGE, created_at: Math.floor(ctx.clock.now() / 1000), tags: android ? [['p', recipient]] : [], content },
    senderSecretKey,
    android,
  )
  return wrapSeal(sealRumor(rumor, senderSecretKey, recipient, bitchatCipher, jitter, ctx), recipient, bitchatCipher, jitter, ctx)
}

/** A received bitchat private message. */
export interface BitchatPrivateMessage {
  /** Sender's Nostr public key (the seal signer). */
  sender: string
  /** Rumor time, seconds. */
  createdAt: number
  /** Raw rumor content. */
  content: string
  /** The embedded packet when the content is `bitchat1:`, else `null`. */
  embedded: EmbeddedPacket | null
  /** All layers. */
  layers: UnwrappedGift
}

/** Options for {@link unwrapBitchatPrivateMessage}. */
export interface BitchatUnwrapOptions {
  /** When given, rumors outside [now − 24 h 15 min, now + 15 min] are rejected (iOS rule). */
  clock?: Clock
}

/**
 * Open a bitchat gift wrap: verify both signatures, decrypt both layers, require a kind-14
 * rumor whose tags are `[]` or `[["p", <own key>]]` (the two shapes iOS accepts), check its age,
 * and decode an embedded packet if there is one.
 * @param wrap - Received event (untrusted).
 * @param recipientSecretKey - Own key.
 * @param recipient - Own public key, hex (for the tag check).
 * @param options - Optional clock for the age check.
 * @returns The message.
 * @throws CryptoError / DecodeError when anything fails to verify or parse.
 */
export function unwrapBitchatPrivateMessage(wrap: unknown, recipientSecretKey: Uint8Array, recipient: string, options?: BitchatUnwrapOptions): BitchatPrivateMessage {
  const layers = openGiftWrap(wrap, recipientSecretKey, bitchatCipher)
  const { rumor } = layers
  if (rumor.kind !== NostrKind.PRIVATE_DIRECT_MESSAGE) throw new DecodeError(DecodeReason.BAD_VALUE, `expected kind-14 rumor, got ${rumor.kind}`)
  const tags = rumor.tags
  const tagsOk = tags.length === 0 || (tags.length === 1 && tags[0]!.length === 2 && tags[0]![0] === 'p' && tags[0]![1] === recipient)
  if (!tagsOk) throw new DecodeError(DecodeReason.BAD_TLV, 'rumor tags are neither [] nor [["p", recipient]]')
  if (options?.clock !== undefined) {
    const nowS = Math.floor(options.clock.now() / 1000)
    if (rumor.created_at < nowS - RUMOR_MAX_AGE_S || rumor.created_at > nowS + RUMOR_MAX_FUTURE_S) {
      throw new DecodeError(DecodeReason.BAD_VALUE, 'rumor timestamp outside the accepted window')
    }
  }
  const embedded = rumor.content.startsWith('bitchat1:') ? decodeEmbeddedPacket(rumor.content) : null
  return { sender: rumor.pubkey, createdAt: rumor.created_at, content: rumor.content, embedded, layers }
}
