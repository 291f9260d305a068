/**
 * Numbers of the BitMesh stream framing used on fast links (Wi-Fi Direct, hotspot LAN, the Node
 * emulation of Multipeer). BitMesh-only: bitchat's BLE links need no length prefix (one packet per
 * write), but TCP is a byte stream, so frames travel length-prefixed behind a one-time preface.
 * @module
 */

/** Magic opening every stream preface: ASCII `BMSF` ("BitMesh stream framing"). */
export const STREAM_PREFACE_MAGIC: Uint8Array = /* @__PURE__ */ Uint8Array.of(0x42, 0x4d, 0x53, 0x46)
/** Version of the stream framing this code speaks. */
export const STREAM_FRAMING_VERSION = 1
/** Fixed part of the preface: magic (4) + version (1) + flags (1) + max frame (4) + datagram port (2) + label length (1). */
export const STREAM_PREFACE_FIXED_BYTES = 13
/** Longest preface label in bytes (one length byte). */
export const STREAM_PREFACE_MAX_LABEL_BYTES = 255
/** Size of the big-endian length prefix in front of every frame. */
export const STREAM_LENGTH_PREFIX_BYTES = 4
/**
 * Default largest frame a fast link carries, in bytes (64 KiB). Bitchat v1 payloads top out at
 * 65 535 bytes; larger bitchat packets are fragmented to the link MTU by the layer above anyway.
 */
export const DEFAULT_STREAM_MAX_FRAME_BYTES = 65_536
/**
 * Hard ceiling on a frame length either side may announce, in bytes (2 MiB): above bitchat's
 * largest decodable packet (≈ 1.18 MB payload), and small enough that one frame cannot pin much
 * memory.
 */
export const STREAM_MAX_FRAME_CEILING_BYTES = 2 * 1024 * 1024
