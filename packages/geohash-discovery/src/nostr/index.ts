/**
 * Nostr building blocks: keys, NIP-01 events and filters, NIP-13 PoW, NIP-44 v2, NIP-59 gift
 * wraps and NIP-17 direct messages.
 * @module
 */
export { toHex, fromHex, isLowerHex } from './hex.js'
export * from './keys.js'
export * from './event.js'
export * from './kinds.js'
export * from './filter.js'
export * from './pow.js'
export { getConversationKey, nip44Encrypt, nip44Decrypt, nip44PaddedLength, NIP44_MAX_PLAINTEXT_BYTES, NIP44_MIN_PLAINTEXT_BYTES, NIP44_NONCE_BYTES } from './nip44.js'
export { createRumor, type Rumor, type LayerCipher, type TimestampJitter, type UnwrappedGift, type WrapContext } from './gift-wrap.js'
export { giftWrap, unwrapGift, nip44Cipher, NIP59_TIMESTAMP_JITTER } from './nip59.js'
export * from './nip17.js'
