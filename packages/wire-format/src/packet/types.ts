/**
 * The outer bitchat packet (`BitchatPacket`) as BitMesh models it. Field layout and semantics:
 * `shared/spec/bitchat-wire.md` §1.
 * @module
 */

/** Protocol versions both bitchat apps decode. v2 adds a 4-byte length and source routes. */
export type PacketVersion = 1 | 2

/**
 * The compressed bytes exactly as they were received. Decoders attach this to a packet whose
 * IS_COMPRESSED flag was set; encoders reuse it (instead of re-compressing) so signatures made
 * by a peer with a different DEFLATE encoder still verify and relays forward the bytes unchanged.
 */
export interface WireCompression {
  /** The raw DEFLATE stream as it appeared on the wire (without the original-size field). */
  readonly deflated: Uint8Array
}

/** A decoded or to-be-encoded bitchat packet. */
export interface BitchatPacket {
  /** 1 or 2. v2 is required for a source route or a payload section over 65 535 bytes. */
  version: PacketVersion
  /** Outer message type (see `MessageType`). Unknown values are legal and must be relayed. */
  type: number
  /** Hop budget, 0–255. */
  ttl: number
  /** Originator wall clock, milliseconds since the Unix epoch (u64 on the wire). */
  timestamp: bigint
  /** 8-byte sender peer ID. */
  senderId: Uint8Array
  /** 8-byte recipient peer ID, or `null` when the HAS_RECIPIENT flag is clear. */
  recipientId: Uint8Array | null
  /** Intermediate hops (8 bytes each) of a v2 source route; `null` when absent. */
  route: Uint8Array[] | null
  /** The **uncompressed** payload. */
  payload: Uint8Array
  /** 64-byte Ed25519 signature, or `null`. */
  signature: Uint8Array | null
  /** IS_RSR flag (0x10): the packet is a solicited gossip-sync reply (iOS only). */
  isRsr: boolean
  /**
   * How the payload travels, once settled: the received DEFLATE bytes ({@link WireCompression})
   * on decoded packets whose payload was compressed on the wire; `null` when it was received (or
   * signed) uncompressed, so neither encoding nor verification runs DEFLATE again; `undefined` on
   * a constructed packet (the §1.5 rule decides). Set to `undefined` after changing `payload`.
   */
  wireCompression?: WireCompression | null | undefined
}
