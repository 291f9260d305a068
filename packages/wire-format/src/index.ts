/**
 * @packageDocumentation
 * Byte-exact codec for the bitchat mesh wire format (`shared/spec/bitchat-wire.md` §1–§4):
 * packets (v1/v2), compression, padding, signing, peer and packet IDs, and every payload codec.
 */
export * from './packet/index.js'
export * from './payloads/index.js'
export * from './stream/index.js'
