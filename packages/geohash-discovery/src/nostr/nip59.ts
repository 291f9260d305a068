/**
 * Standard NIP-59 gift wraps with NIP-44 v2 encryption, for non-bitchat Nostr peers.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import type { NostrEvent } from './event.js'
import { createRumor, openGiftWrap, sealRumor, wrapSeal, type LayerCipher, type Rumor, type TimestampJitter, type UnwrappedGift, type WrapContext } from './gift-wrap.js'
import { getConversationKey, nip44Decrypt, nip44Encrypt, NIP44_NONCE_BYTES } from './nip44.js'

/** NIP-59's advice: seal and wrap timestamps up to two days in the past. */
export const NIP59_TIMESTAMP_JITTER: TimestampJitter = /* @__PURE__ */ Object.freeze({ pastS: 2 * 24 * 3600, futureS: 0 })

/** NIP-44 v2 as a {@link LayerCipher}. */
export const nip44Cipher: LayerCipher = {
  encrypt(plaintext: string, secretKey: Uint8Array, recipient: string, rng: Rng): string {
    return nip44Encrypt(plaintext, getConversationKey(secretKey, recipient), rng.randomBytes(NIP44_NONCE_BYTES))
  },
  decrypt(payload: string, secretKey: Uint8Array, sender: string): string {
    return nip44Decrypt(payload, getConversationKey(secretKey, sender))
  },
}

/**
 * Seal a rumor and gift-wrap it for one recipient.
 * @param rumor - From {@link createRumor}.
 * @param senderSecretKey - Signs the seal.
 * @param recipient - Recipient public key, hex.
 * @param ctx - Clock and randomness.
 * @returns The kind-1059 event to publish.
 * @throws CryptoError for an invalid recipient key.
 */
export function giftWrap(rumor: Rumor, senderSecretKey: Uint8Array, recipient: string, ctx: WrapContext): NostrEvent {
  const seal = sealRumor(rumor, senderSecretKey, recipient, nip44Cipher, NIP59_TIMESTAMP_JITTER, ctx)
  return wrapSeal(seal, recipient, nip44Cipher, NIP59_TIMESTAMP_JITTER, ctx)
}

/**
 * Open a NIP-59 gift wrap addressed to `recipientSecretKey`.
 * @param wrap - A received event (untrusted).
 * @param recipientSecretKey - Own key.
 * @returns Rumor, seal and wrap.
 * @throws CryptoError / DecodeError for anything that does not verify or parse.
 */
export function unwrapGift(wrap: unknown, recipientSecretKey: Uint8Array): UnwrappedGift {
  return openGiftWrap(wrap, recipientSecretKey, nip44Cipher)
}

export { createRumor }
