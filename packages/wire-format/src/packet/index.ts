/**
 * The packet core of `@bitmesh/wire-format`: framing, compression, padding, signing and IDs.
 * Payload codecs import from here (`../packet/index.js`).
 * @module
 */
export * from './types.js'
export * from './constants.js'
export * from './bytes.js'
export { shouldCompress, deflateRawPayload, inflateRawPayload, type InflateLimits } from './compression.js'
export { paddedLength, padFrame, unpadFrame, blePadsType } from './padding.js'
export { encodePacket, type EncodeOptions } from './encode.js'
export { decodePacket, tryDecodePacket, type DecodeOptions, type DecodeResult } from './decode.js'
export { signingBytes, signPacket, verifyPacketSignature } from './signing.js'
export {
  peerIdFromNoiseKey,
  fingerprint,
  packetId,
  packetIdHex,
  peerIdToHex,
  peerIdFromHex,
  isBroadcastRecipient,
} from './ids.js'
export { LEGACY_ONLY_TYPES, isLegacyOnlyType, isLegacyLz4Payload } from './legacy.js'
