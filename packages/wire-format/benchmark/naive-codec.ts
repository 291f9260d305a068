/**
 * Baseline for the codec benchmark: a straightforward v1/v2 codec written the obvious way (a
 * DataView per frame, copied fields, `new Uint8Array` per frame, no padding, no compression,
 * no validation). Handles uncompressed, unrouted frames only; it exists to give the optimised
 * codec a same-run reference point.
 */
import type { BitchatPacket } from '../src/packet/index.js'

export function naiveDecode(frame: Uint8Array): BitchatPacket {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const version = view.getUint8(0)
  const flags = view.getUint8(11)
  let offset = version === 2 ? 16 : 14
  const payloadLength = version === 2 ? view.getUint32(12) : view.getUint16(12)
  const senderId = frame.slice(offset, offset + 8)
  offset += 8
  let recipientId: Uint8Array | null = null
  if (flags & 1) {
    recipientId = frame.slice(offset, offset + 8)
    offset += 8
  }
  let route: Uint8Array[] | null = null
  if (version === 2 && flags & 8) {
    const count = view.getUint8(offset++)
    route = []
    for (let i = 0; i < count; i++, offset += 8) route.push(frame.slice(offset, offset + 8))
  }
  const payload = frame.slice(offset, offset + payloadLength)
  offset += payloadLength
  const signature = flags & 2 ? frame.slice(offset, offset + 64) : null
  return {
    version: version as 1 | 2,
    type: view.getUint8(1),
    ttl: view.getUint8(2),
    timestamp: view.getBigUint64(3),
    senderId,
    recipientId,
    route,
    payload,
    signature,
    isRsr: (flags & 0x10) !== 0,
  }
}

export function naiveEncode(p: BitchatPacket): Uint8Array {
  const v2 = p.version === 2
  const header = v2 ? 16 : 14
  const length = header + 8 + (p.recipientId ? 8 : 0) + p.payload.length + (p.signature ? 64 : 0)
  const out = new Uint8Array(length)
  const view = new DataView(out.buffer)
  view.setUint8(0, p.version)
  view.setUint8(1, p.type)
  view.setUint8(2, p.ttl)
  view.setBigUint64(3, p.timestamp)
  view.setUint8(11, (p.recipientId ? 1 : 0) | (p.signature ? 2 : 0) | (p.isRsr ? 0x10 : 0))
  if (v2) view.setUint32(12, p.payload.length)
  else view.setUint16(12, p.payload.length)
  let offset = header
  out.set(p.senderId, offset)
  offset += 8
  if (p.recipientId) {
    out.set(p.recipientId, offset)
    offset += 8
  }
  out.set(p.payload, offset)
  offset += p.payload.length
  if (p.signature) out.set(p.signature, offset)
  return out
}
