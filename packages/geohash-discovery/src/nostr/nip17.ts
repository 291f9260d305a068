/**
 * NIP-17 private direct messages: a kind-14 rumor, sealed and gift-wrapped (NIP-59) once per
 * recipient and once to the sender (so other devices of the sender see the sent message).
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'
import { getEventHash, type NostrEvent } from './event.js'
import type { UnwrappedGift, WrapContext } from './gift-wrap.js'
import { getPublicKey } from './keys.js'
import { NostrKind } from './kinds.js'
import { createRumor, giftWrap, unwrapGift } from './nip59.js'

/** A direct message to send. */
export interface DirectMessageInput {
  /** Recipient public keys, hex (one for a 1:1 chat). */
  recipients: string[]
  /** Message text. */
  content: string
  /** Optional conversation subject. */
  subject?: string
  /** Optional id of the message this replies to. */
  replyTo?: string
}

/** A received direct message. */
export interface ReceivedDirectMessage {
  /** Sender public key (the seal signer). */
  sender: string
  /** Everyone in the `p` tags. */
  recipients: string[]
  /** Text. */
  content: string
  /** Rumor time, seconds (the real send time). */
  createdAt: number
  /** Rumor id. */
  id: string
  /** The layers, for callers that need more. */
  layers: UnwrappedGift
}

/**
 * Create the gift wraps of one NIP-17 message: one per recipient, then one to the sender.
 * @param input - Recipients and text.
 * @param senderSecretKey - Sender's key.
 * @param ctx - Clock and randomness.
 * @returns Wraps in recipient order, the self-copy last.
 */
export function createDirectMessage(input: DirectMessageInput, senderSecretKey: Uint8Array, ctx: WrapContext): NostrEvent[] {
  const tags = input.recipients.map((p) => ['p', p])
  if (input.replyTo !== undefined) tags.push(['e', input.replyTo])
  if (input.subject !== undefined) tags.push(['subject', input.subject])
  const rumor = createRumor(
    { kind: NostrKind.PRIVATE_DIRECT_MESSAGE, created_at: Math.floor(ctx.clock.now() / 1000), tags, content: input.content },
    senderSecretKey,
  )
  const self = getPublicKey(senderSecretKey)
  return [...input.recipients, self].map((p) => giftWrap(rumor, senderSecretKey, p, ctx))
}

/**
 * Open a NIP-17 gift wrap.
 * @param wrap - Received kind-1059 event (untrusted).
 * @param recipientSecretKey - Own key.
 * @returns The message.
 * @throws DecodeError `BAD_VALUE` when the rumor is not kind 14; CryptoError / DecodeError from
 *   unwrapping.
 */
export function readDirectMessage(wrap: unknown, recipientSecretKey: Uint8Array): ReceivedDirectMessage {
  const layers = unwrapGift(wrap, recipientSecretKey)
  const { rumor } = layers
  if (rumor.kind !== NostrKind.PRIVATE_DIRECT_MESSAGE) throw new DecodeError(DecodeReason.BAD_VALUE, `expected a kind-14 rumor, got ${rumor.kind}`)
  return {
    sender: rumor.pubkey,
    recipients: rumor.tags.filter((t) => t[0] === 'p' && t.length > 1).map((t) => t[1]!),
    content: rumor.content,
    createdAt: rumor.created_at,
    id: rumor.id ?? getEventHash(rumor),
    layers,
  }
}
