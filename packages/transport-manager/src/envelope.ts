/**
 * The manager's envelope on physical links between two managers. Every envelope starts with
 * {@link ENVELOPE_MAGIC}, a byte that is neither bitchat header version (1, 2), so a plain bitchat
 * peer drops it as undecodable and the manager can tell its peers from plain ones.
 *
 * | type | layout after `magic ‖ type` |
 * |---|---|
 * | HELLO 0x01 | `version u8 ‖ idLength u8 ‖ nodeId (UTF-8)` |
 * | STATE 0x02 | `txSid u32 ‖ txBase u48 ‖ rxSid u32 ‖ rx u48` |
 * | ACK 0x03 | `rx u48` (next frame sequence expected) |
 * | BYE 0x04 | — (the managed link is closed) |
 * | DATA 0x05 | `seq u48 ‖ offset u32 ‖ total u32 ‖ piece` |
 *
 * All integers are big-endian.
 * @module
 */

/** First byte of every envelope. */
export const ENVELOPE_MAGIC = 0xb7
/** Envelope protocol version carried in HELLO. */
export const ENVELOPE_VERSION = 1
/** Envelope types. */
export const EnvelopeType = { HELLO: 1, STATE: 2, ACK: 3, BYE: 4, DATA: 5 } as const
/** Bytes of a DATA header. */
export const DATA_HEADER_BYTES = 16
/** Largest node ID in UTF-8 bytes. */
export const MAX_NODE_ID_BYTES = 64

const TWO_32 = 0x1_0000_0000

/** A decoded STATE. */
export interface StateMessage {
  txSid: number
  txBase: number
  rxSid: number
  rx: number
}

function putU48(out: Uint8Array, at: number, value: number): void {
  const hi = Math.floor(value / TWO_32)
  out[at] = (hi >>> 8) & 0xff
  out[at + 1] = hi & 0xff
  putU32(out, at + 2, value >>> 0)
}

function putU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24
  out[at + 1] = (value >>> 16) & 0xff
  out[at + 2] = (value >>> 8) & 0xff
  out[at + 3] = value & 0xff
}

/** Read a big-endian u32 (caller checked the length). */
export function getU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0
}

/** Read a big-endian u48 (caller checked the length). */
export function getU48(b: Uint8Array, at: number): number {
  return ((b[at]! << 8) | b[at + 1]!) * TWO_32 + getU32(b, at + 2)
}

/** True when `frame` is a manager envelope (as opposed to a bitchat frame). */
export function isEnvelope(frame: Uint8Array): boolean {
  return frame.length >= 2 && frame[0] === ENVELOPE_MAGIC
}

/**
 * Encode HELLO.
 * @throws RangeError when the node ID is empty or longer than {@link MAX_NODE_ID_BYTES}.
 */
export function encodeHello(nodeId: string): Uint8Array {
  const id = new TextEncoder().encode(nodeId)
  if (id.length === 0 || id.length > MAX_NODE_ID_BYTES) throw new RangeError(`node ID must be 1–${MAX_NODE_ID_BYTES} UTF-8 bytes`)
  const out = new Uint8Array(4 + id.length)
  out[0] = ENVELOPE_MAGIC
  out[1] = EnvelopeType.HELLO
  out[2] = ENVELOPE_VERSION
  out[3] = id.length
  out.set(id, 4)
  return out
}

/** Decode the node ID of a HELLO, or `null` when malformed. */
export function decodeHello(frame: Uint8Array): string | null {
  if (frame.length < 5 || frame[1] !== EnvelopeType.HELLO) return null
  const len = frame[3]!
  if (len === 0 || len > MAX_NODE_ID_BYTES || frame.length !== 4 + len) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4))
  } catch {
    return null
  }
}

/** Encode STATE. */
export function encodeState(s: StateMessage): Uint8Array {
  const out = new Uint8Array(22)
  out[0] = ENVELOPE_MAGIC
  out[1] = EnvelopeType.STATE
  putU32(out, 2, s.txSid)
  putU48(out, 6, s.txBase)
  putU32(out, 12, s.rxSid)
  putU48(out, 16, s.rx)
  return out
}

/** Decode STATE, or `null` when malformed. */
export function decodeState(frame: Uint8Array): StateMessage | null {
  if (frame.length !== 22) return null
  return { txSid: getU32(frame, 2), txBase: getU48(frame, 6), rxSid: getU32(frame, 12), rx: getU48(frame, 16) }
}

/** Encode ACK. */
export function encodeAck(rx: number): Uint8Array {
  const out = new Uint8Array(8)
  out[0] = ENVELOPE_MAGIC
  out[1] = EnvelopeType.ACK
  putU48(out, 2, rx)
  return out
}

/** Encode BYE. */
export function encodeBye(): Uint8Array {
  return Uint8Array.of(ENVELOPE_MAGIC, EnvelopeType.BYE)
}

/**
 * Encode one DATA piece: `length` bytes of `frame` from `offset`, copied behind the header.
 * @param seq frame sequence number.
 * @param frame the whole frame.
 * @param offset first byte of the piece.
 * @param length bytes in the piece.
 */
export function encodeData(seq: number, frame: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(DATA_HEADER_BYTES + length)
  out[0] = ENVELOPE_MAGIC
  out[1] = EnvelopeType.DATA
  putU48(out, 2, seq)
  putU32(out, 8, offset)
  putU32(out, 12, frame.length)
  out.set(frame.subarray(offset, offset + length), DATA_HEADER_BYTES)
  return out
}
