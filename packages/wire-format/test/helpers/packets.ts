/** Packet builders shared by the tests. */
import type { BitchatPacket } from '../../src/packet/index.js'

/** A packet with neutral defaults, overridden by `fields`. */
export function makePacket(fields: Partial<BitchatPacket> = {}): BitchatPacket {
  return {
    version: 1,
    type: 0x02,
    ttl: 7,
    timestamp: 1_763_900_000_000n,
    senderId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    recipientId: null,
    route: null,
    payload: new Uint8Array(0),
    signature: null,
    isRsr: false,
    wireCompression: undefined,
    ...fields,
  }
}

/** Plain-data view of a packet for deep equality (typed-array views compared by content). */
export function packetFields(p: BitchatPacket): Record<string, unknown> {
  const h = (b: Uint8Array | null | undefined): string | null => (b ? Buffer.from(b).toString('hex') : null)
  return {
    version: p.version,
    type: p.type,
    ttl: p.ttl,
    timestamp: p.timestamp,
    senderId: h(p.senderId),
    recipientId: h(p.recipientId),
    route: p.route ? p.route.map(h) : null,
    payload: h(p.payload),
    signature: h(p.signature),
    isRsr: p.isRsr,
  }
}
