/** fast-check properties: encode → decode → encode is the identity over every flag combination. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  blePadsType,
  decodePacket,
  deflateRawPayload,
  encodePacket,
  paddedLength,
  shouldCompress,
  type BitchatPacket,
  type EncodeOptions,
} from '../src/packet/index.js'
import { optionsArb, packetArb } from './helpers/arbitraries.js'
import { packetFields } from './helpers/packets.js'

function unpaddedLength(p: BitchatPacket, payloadSection: number): number {
  const header = p.version === 2 ? 16 : 14
  const route = p.route && p.route.length > 0 ? 1 + 8 * p.route.length : 0
  return header + 8 + (p.recipientId ? 8 : 0) + route + payloadSection + (p.signature ? 64 : 0)
}

describe('round trips', () => {
  it('decode(encode(p)) has the fields of p; re-encoding reproduces the frame', () => {
    fc.assert(
      fc.property(packetArb, optionsArb, (packet, options) => {
        const frame = encodePacket(packet, options)
        const decoded = decodePacket(frame)
        expect(packetFields(decoded)).toEqual(packetFields(packet))
        expect(Buffer.from(encodePacket(decoded, options)).equals(Buffer.from(frame))).toBe(true)
      }),
      { numRuns: 1500 },
    )
  })

  it('compresses exactly when §1.5 says so, and pads exactly per the option', () => {
    fc.assert(
      fc.property(packetArb, optionsArb, (packet, options: EncodeOptions | undefined) => {
        const frame = encodePacket(packet, options)
        const auto = options?.compression !== 'none'
        const deflated = auto && shouldCompress(packet.payload, packet.version) ? deflateRawPayload(packet.payload) : null
        expect((frame[11]! & 0x04) !== 0).toBe(deflated !== null)
        const section = deflated ? deflated.length + (packet.version === 2 ? 4 : 2) : packet.payload.length
        const natural = unpaddedLength(packet, section)
        const padding = options?.padding ?? 'ble'
        const padded = padding === true || (padding === 'ble' && blePadsType(packet.type))
        expect(frame.length).toBe(padded ? paddedLength(natural) : natural)
        // Flags carry nothing beyond the five defined bits.
        expect(frame[11]! & 0xe0).toBe(0)
      }),
      { numRuns: 1500 },
    )
  })

  it('every flag combination of both versions round-trips', () => {
    const payloads = [new Uint8Array(0), new TextEncoder().encode('x'.repeat(300))]
    let count = 0
    for (const version of [1, 2] as const) {
      for (let mask = 0; mask < 32; mask++) {
        for (const payload of payloads) {
          const packet: BitchatPacket = {
            version,
            type: 0x02,
            ttl: 3,
            timestamp: 123n,
            senderId: Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]),
            recipientId: mask & 1 ? new Uint8Array(8).fill(0xab) : null,
            route: mask & 8 ? [new Uint8Array(8).fill(1), new Uint8Array(8).fill(2)] : null,
            payload,
            signature: mask & 2 ? new Uint8Array(64).fill(0xcd) : null,
            isRsr: (mask & 16) !== 0,
            wireCompression: undefined,
          }
          const options: EncodeOptions = { compression: mask & 4 ? 'auto' : 'none', padding: true }
          const frame = encodePacket(packet, options)
          const decoded = decodePacket(frame)
          const expected = { ...packet, route: version === 2 ? packet.route : null }
          expect(packetFields(decoded)).toEqual(packetFields(expected))
          expect(Buffer.from(encodePacket(decoded, options)).equals(Buffer.from(frame))).toBe(true)
          count++
        }
      }
    }
    expect(count).toBe(128)
  })
})

describe('encoder edge cases', () => {
  const base: BitchatPacket = {
    version: 1,
    type: 2,
    ttl: 7,
    timestamp: 1n,
    senderId: new Uint8Array(8),
    recipientId: null,
    route: null,
    payload: new Uint8Array(0),
    signature: null,
    isRsr: false,
  }

  it('v1 refuses payload sections over 65 535 bytes; v2 carries them', () => {
    const random = new Uint8Array(70_000).map((_, i) => (i * 2654435761) >>> 24)
    expect(() => encodePacket({ ...base, payload: random })).toThrowError(expect.objectContaining({ code: 'ENCODE_ERROR' }))
    const frame = encodePacket({ ...base, version: 2, payload: random })
    expect(Buffer.from(decodePacket(frame).payload).equals(Buffer.from(random))).toBe(true)
  })

  it('right-pads short IDs and truncates long ones (§1.3)', () => {
    const frame = encodePacket({ ...base, senderId: Uint8Array.from([1, 2]), recipientId: new Uint8Array(10).fill(3) })
    const p = decodePacket(frame)
    expect(Array.from(p.senderId)).toEqual([1, 2, 0, 0, 0, 0, 0, 0])
    expect(Array.from(p.recipientId!)).toEqual([3, 3, 3, 3, 3, 3, 3, 3])
  })

  it('writes the route only for v2 and only when non-empty', () => {
    const hop = new Uint8Array(8).fill(1)
    expect(encodePacket({ ...base, route: [hop] }).length).toBe(22)
    expect(encodePacket({ ...base, version: 2, route: [] }).length).toBe(24)
    expect(encodePacket({ ...base, version: 2, route: [hop] }).length).toBe(33)
    expect(() => encodePacket({ ...base, version: 2, route: Array.from({ length: 256 }, () => hop) })).toThrowError(
      expect.objectContaining({ code: 'ENCODE_ERROR' }),
    )
    expect(() => encodePacket({ ...base, version: 2, route: [new Uint8Array(0)] })).toThrowError(
      expect.objectContaining({ code: 'ENCODE_ERROR' }),
    )
  })

  it('treats malformed fields and options as programmer misuse', () => {
    expect(() => encodePacket({ ...base, version: 3 as 1 })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, type: 256 })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, ttl: -1 })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, ttl: 1.5 })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, timestamp: 1 as unknown as bigint })).toThrow(TypeError)
    expect(() => encodePacket({ ...base, timestamp: -1n })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, timestamp: 2n ** 64n })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, signature: new Uint8Array(63) })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, senderId: [1] as unknown as Uint8Array })).toThrow(TypeError)
    expect(() => encodePacket(base, { padding: 'yes' as 'ble' })).toThrow(TypeError)
    expect(() => encodePacket(base, { compression: 'gzip' as 'auto' })).toThrow(TypeError)
  })

  it('hands out zeroed, non-overlapping frames from its slab', () => {
    const a = encodePacket({ ...base, payload: new Uint8Array(100).fill(0xee) }, { compression: 'none' })
    const b = encodePacket({ ...base, payload: new Uint8Array(100).fill(0xdd) }, { compression: 'none' })
    expect(a.every((v, i) => i < 22 || v === 0xee)).toBe(true)
    expect(b.every((v, i) => i < 22 || v === 0xdd)).toBe(true)
    b.fill(0)
    expect(a.subarray(22).every((v) => v === 0xee)).toBe(true)
  })
})
