/**
 * PING (`0x26`) / PONG (`0x27`) payload (iOS only; `shared/spec/bitchat-wire.md` §2.10):
 * `nonce (8) ‖ originTTL (u8)`. A pong echoes its ping's nonce.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { checkBytes, checkUnsigned, fail } from './internal/bin.js'

/** Size of the ping nonce. */
export const PING_NONCE_BYTES = 8

/** A ping or pong payload. */
export interface MeshPing {
  /** 8 random bytes. */
  nonce: Uint8Array
  /** TTL the packet was launched with; hops = originTTL − receivedTTL + 1. */
  originTtl: number
}

/**
 * Encode `nonce ‖ originTTL`.
 * @param ping - Nonce and origin TTL.
 * @returns 9 bytes.
 * @throws TypeError when the nonce is not 8 bytes; RangeError when the TTL is not a byte.
 */
export function encodeMeshPing(ping: MeshPing): Uint8Array {
  checkBytes(ping.nonce, PING_NONCE_BYTES, 'nonce')
  checkUnsigned(ping.originTtl, 8, 'originTtl')
  const out = new Uint8Array(PING_NONCE_BYTES + 1)
  out.set(ping.nonce)
  out[PING_NONCE_BYTES] = ping.originTtl
  return out
}

/**
 * Decode a ping/pong payload; trailing bytes are allowed for future extensions (iOS).
 * @param payload - The payload.
 * @returns The ping (nonce is a view into `payload`).
 * @throws DecodeError `TRUNCATED` below 9 bytes.
 */
export function decodeMeshPing(payload: Uint8Array): MeshPing {
  if (payload.length < PING_NONCE_BYTES + 1) throw fail(DecodeReason.TRUNCATED, 'ping payload shorter than 9 bytes')
  return { nonce: payload.subarray(0, PING_NONCE_BYTES), originTtl: payload[PING_NONCE_BYTES]! }
}

/**
 * Links a ping crossed: TTL decrements plus the final delivery link.
 * @param originTtl - TTL the ping was sent with.
 * @param receivedTtl - TTL it arrived with.
 * @returns The hop count, or `null` when the TTLs are inconsistent.
 */
export function meshPingHopCount(originTtl: number, receivedTtl: number): number | null {
  return originTtl >= receivedTtl ? originTtl - receivedTtl + 1 : null
}
