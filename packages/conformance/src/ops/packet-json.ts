/**
 * The adapter protocol's packet object ↔ {@link BitchatPacket}.
 *
 * ```
 * { "version": 1|2, "type", "ttl", "timestamp" (exact u64), "senderId" (16 hex),
 *   "recipientId": 16 hex | null, "route": [16 hex] | null, "payload" (uncompressed hex),
 *   "signature": 128 hex | null, "isRsr": bool }
 * ```
 * @module
 */
import type { BitchatPacket } from '@bitmesh/wire-format'
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js'
import { arrayArg, badRequest, boolArg, hexArg, hexOut, intArg, uintArg } from './args.js'

/** Route hops the wire can carry (u8 count). */
export const MAX_ROUTE_HOPS = 255

/**
 * Parse a packet object argument.
 * @param value - The `packet` member of a request.
 * @returns A packet ready for the codec (no `wireCompression`: the payload is uncompressed).
 * @throws RequestError BAD_REQUEST naming the first malformed field.
 */
export function packetFromJson(value: JsonValue | undefined): BitchatPacket {
  if (!isJsonObject(value)) throw badRequest('packet: expected an object')
  const version = value.version
  if (version !== 1 && version !== 2) throw badRequest('packet.version: expected 1 or 2')
  const type = intArg(value.type, 'packet.type', 0, 255)
  const ttl = intArg(value.ttl, 'packet.ttl', 0, 255)
  const timestamp = uintArg(value.timestamp, 'packet.timestamp', 64)
  const senderId = hexArg(value.senderId, 'packet.senderId', 8)
  const recipientId =
    value.recipientId === undefined || value.recipientId === null ? null : hexArg(value.recipientId, 'packet.recipientId', 8)
  let route: Uint8Array[] | null = null
  if (value.route !== undefined && value.route !== null) {
    const hops = arrayArg(value.route, 'packet.route', MAX_ROUTE_HOPS)
    if (hops.length > 0) {
      // The spec: "v2 only". Silently dropping a route would hide a mistake in the request.
      if (version !== 2) throw badRequest('packet.route: a route needs version 2')
      route = hops.map((hop, i) => hexArg(hop, `packet.route[${i}]`, 8))
    }
  }
  const payload = hexArg(value.payload, 'packet.payload')
  const signature =
    value.signature === undefined || value.signature === null ? null : hexArg(value.signature, 'packet.signature', 64)
  const isRsr = boolArg(value.isRsr, 'packet.isRsr', false)
  return { version, type, ttl, timestamp, senderId, recipientId, route, payload, signature, isRsr }
}

/**
 * Render a packet as the protocol's packet object. The timestamp stays exact: it is a `number`
 * when safe and a `bigint` (serialized as a bare integer) otherwise.
 * @param packet - A decoded packet.
 * @returns The packet object.
 */
export function packetToJson(packet: BitchatPacket): JsonObject {
  const ts = packet.timestamp
  return {
    version: packet.version,
    type: packet.type,
    ttl: packet.ttl,
    timestamp: ts <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ts) : ts,
    senderId: hexOut(packet.senderId),
    recipientId: packet.recipientId === null ? null : hexOut(packet.recipientId),
    route: packet.route === null || packet.route.length === 0 ? null : packet.route.map(hexOut),
    payload: hexOut(packet.payload),
    signature: packet.signature === null ? null : hexOut(packet.signature),
    isRsr: packet.isRsr,
  }
}
