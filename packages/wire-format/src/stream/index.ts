/**
 * Length-prefixed stream framing for fast links (TCP on Wi-Fi Direct, the hotspot LAN, and the
 * Node emulation of Multipeer): a preface, then `u32 BE length ‖ frame` records, each frame one
 * whole bitchat packet (or fragment). Pure: no `node:*` imports, so every data plane shares it.
 * @module
 */
export * from './constants.js'
export { encodeStreamPreface, decodeStreamPreface, streamPrefaceLength, type StreamPreface } from './preface.js'
export { encodeStreamFrame, writeStreamFrameHeader } from './encode.js'
export { StreamFrameDecoder, decodeStreamFrames, type StreamFrameDecoderOptions } from './decoder.js'
