/**
 * Numbers of the bitchat wire format (`shared/spec/bitchat-wire.md`). Names carry units.
 * @module
 */

/** Outer packet types (§2.1). */
export const MessageType = {
  ANNOUNCE: 0x01,
  MESSAGE: 0x02,
  LEAVE: 0x03,
  COURIER_ENVELOPE: 0x04,
  NOISE_HANDSHAKE: 0x10,
  NOISE_ENCRYPTED: 0x11,
  FRAGMENT: 0x20,
  REQUEST_SYNC: 0x21,
  FILE_TRANSFER: 0x22,
  BOARD_POST: 0x23,
  PREKEY_BUNDLE: 0x24,
  GROUP_MESSAGE: 0x25,
  PING: 0x26,
  PONG: 0x27,
  NOSTR_CARRIER: 0x28,
  VOICE_FRAME: 0x29,
  ANNOUNCE_V2: 0x2c,
} as const

/** Union of {@link MessageType} values. */
export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType]

/** Header flag bits (§1.2). Bits 5–7 are reserved: ignored on decode, never emitted. */
export const PacketFlag = {
  HAS_RECIPIENT: 0x01,
  HAS_SIGNATURE: 0x02,
  IS_COMPRESSED: 0x04,
  HAS_ROUTE: 0x08,
  IS_RSR: 0x10,
} as const

/** Default hop budget of both apps. */
export const DEFAULT_TTL_HOPS = 7
/** v1 fixed header size in bytes. */
export const V1_HEADER_BYTES = 14
/** v2 fixed header size in bytes. */
export const V2_HEADER_BYTES = 16
/** Peer ID size in bytes. */
export const PEER_ID_BYTES = 8
/** Ed25519 signature size in bytes. */
export const SIGNATURE_BYTES = 64
/** Smallest decodable frame: v1 header + sender ID. */
export const MIN_FRAME_BYTES = V1_HEADER_BYTES + PEER_ID_BYTES
/** Largest payloadLength a v1 header can carry. */
export const V1_MAX_PAYLOAD_BYTES = 0xffff
/**
 * Largest payloadLength / declared original size accepted on decode. iOS's
 * `maxFramedFileBytes` (1 MiB + 18 + 2·65535 + 96), the stricter of the two apps, so nothing we
 * accept is rejected by iOS.
 */
export const MAX_DECODED_PAYLOAD_BYTES = 1_179_760
/** Payloads shorter than this are never compressed (§1.5). */
export const COMPRESSION_THRESHOLD_BYTES = 100
/** Largest accepted ratio of original size to compressed size (§1.5). */
export const MAX_COMPRESSION_RATIO = 50_000
/** The all-FF recipient meaning broadcast (§1.8). */
export const BROADCAST_PEER_ID: Uint8Array = /* @__PURE__ */ new Uint8Array(8).fill(0xff)

/** Padding block sizes in bytes, smallest first (§1.6). */
export const PADDING_BLOCK_SIZES_BYTES: readonly number[] = /* @__PURE__ */ Object.freeze([256, 512, 1024, 2048])
/** Headroom added to a frame before choosing its padding block (§1.6). */
export const PADDING_HEADROOM_BYTES = 16
/** Largest pad run: the pad count is stored in one byte, so larger gaps are left unpadded (§1.6). */
export const MAX_PADDING_BYTES = 255
/** raw DEFLATE level both iOS and BitMesh emit (§1.5; Android uses 6). */
export const DEFLATE_LEVEL = 5
/** Packet ID length in bytes: the first 16 bytes of a SHA-256 digest (§2.7.1). */
export const PACKET_ID_BYTES = 16
/** Ed25519 public key / secret seed size in bytes. */
export const ED25519_KEY_BYTES = 32
/** X25519 (Noise static) public key size in bytes. */
export const NOISE_PUBLIC_KEY_BYTES = 32
