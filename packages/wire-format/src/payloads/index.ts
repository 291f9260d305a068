/**
 * Payload codecs of the bitchat wire format (`shared/spec/bitchat-wire.md` §2): one module per
 * payload family. Decoders throw `DecodeError` with a reason for malformed input; encoders throw
 * `EncodeError` for values the wire cannot carry and `TypeError`/`RangeError` for misuse.
 * @module
 */
export * from './capabilities.js'
export * from './announce.js'
export * from './private-message.js'
export * from './noise-payload.js'
export * from './peer-state.js'
export * from './verification.js'
export * from './favorites.js'
export * from './fragment.js'
export * from './fragment-limits.js'
export * from './fragment-split.js'
export * from './fragment-reassembly.js'
export * from './fragment-reassembler.js'
export * from './sync-types.js'
export * from './request-sync.js'
export * from './gcs.js'
export * from './file.js'
export * from './voice.js'
export * from './courier.js'
export * from './board.js'
export * from './prekey.js'
export * from './group-message.js'
export * from './ping.js'
export * from './nostr-carrier.js'
export * from './announce-v2.js'
export * from './inspect.js'
