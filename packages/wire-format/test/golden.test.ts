/**
 * Android's "client rewrite" packet golden vectors (spec §10.1, `ClientRewriteWireContractTest`),
 * the truncation cases that apply at packet level, and worked example A of §3.2.
 */
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import {
  decodePacket,
  encodePacket,
  signingBytes,
  tryDecodePacket,
  type BitchatPacket,
} from '../src/packet/index.js'

function packet(fields: Partial<BitchatPacket>): BitchatPacket {
  return {
    version: 1,
    type: 0x02,
    ttl: 7,
    timestamp: 0n,
    senderId: new Uint8Array(8),
    recipientId: null,
    route: null,
    payload: new Uint8Array(0),
    signature: null,
    isRsr: false,
    wireCompression: undefined,
    ...fields,
  }
}

const V1_UNPADDED = packet({
  version: 1,
  type: 0x02,
  ttl: 7,
  timestamp: 0x0102030405060708n,
  senderId: hex('1011121314151617'),
  payload: hex('aabbcc'),
})
const V1_UNPADDED_BYTES = hex('01 02 07 0102030405060708 00 0003 1011121314151617 aabbcc')

const V2_ROUTED_SIGNED = packet({
  version: 2,
  type: 0x11,
  ttl: 5,
  timestamp: 42n,
  senderId: hex('0102030405060708'),
  recipientId: hex('1112131415161718'),
  route: [hex('2122232425262728'), hex('3132333435363738')],
  payload: hex('dead'),
  signature: new Uint8Array(64).fill(0x5a),
})
const V2_ROUTED_SIGNED_BYTES = hex(
  '02 11 05 000000000000002a 0b 00000002 0102030405060708 1112131415161718 02 2122232425262728 3132333435363738 dead' +
    '5a'.repeat(64),
)

describe('Android ClientRewriteWireContractTest golden packets (§10.1)', () => {
  it('encodes the v1 unpadded packet byte for byte', () => {
    expect(toHex(encodePacket(V1_UNPADDED, { padding: false }))).toBe(toHex(V1_UNPADDED_BYTES))
    // type 0x02 is not padded under the default BLE policy either
    expect(toHex(encodePacket(V1_UNPADDED))).toBe(toHex(V1_UNPADDED_BYTES))
  })

  it('decodes the v1 unpadded packet', () => {
    const p = decodePacket(V1_UNPADDED_BYTES)
    expect(p.version).toBe(1)
    expect(p.type).toBe(0x02)
    expect(p.ttl).toBe(7)
    expect(p.timestamp).toBe(0x0102030405060708n)
    expect(toHex(p.senderId)).toBe('1011121314151617')
    expect(p.recipientId).toBeNull()
    expect(p.route).toBeNull()
    expect(toHex(p.payload)).toBe('aabbcc')
    expect(p.signature).toBeNull()
    expect(p.isRsr).toBe(false)
    expect(p.wireCompression).toBeNull()
  })

  it('encodes the v2 routed signed packet byte for byte (unpadded)', () => {
    expect(toHex(encodePacket(V2_ROUTED_SIGNED, { padding: false }))).toBe(toHex(V2_ROUTED_SIGNED_BYTES))
  })

  it('pads the v2 routed signed Noise packet under the BLE policy and still decodes it', () => {
    const frame = encodePacket(V2_ROUTED_SIGNED)
    // 115 bytes + 16 headroom → 256-byte block, 141 pad bytes of 0x8d
    expect(V2_ROUTED_SIGNED_BYTES.length).toBe(115)
    expect(frame.length).toBe(256)
    expect(toHex(frame.subarray(0, 115))).toBe(toHex(V2_ROUTED_SIGNED_BYTES))
    expect(frame.subarray(115).every((b) => b === 141)).toBe(true)
    expect(toHex(encodePacket(decodePacket(frame), { padding: false }))).toBe(toHex(V2_ROUTED_SIGNED_BYTES))
  })

  it('decodes the v2 routed signed packet', () => {
    const p = decodePacket(V2_ROUTED_SIGNED_BYTES)
    expect(p.version).toBe(2)
    expect(p.type).toBe(0x11)
    expect(p.ttl).toBe(5)
    expect(p.timestamp).toBe(42n)
    expect(toHex(p.senderId)).toBe('0102030405060708')
    expect(toHex(p.recipientId!)).toBe('1112131415161718')
    expect(p.route!.map(toHex)).toEqual(['2122232425262728', '3132333435363738'])
    expect(toHex(p.payload)).toBe('dead')
    expect(toHex(p.signature!)).toBe('5a'.repeat(64))
  })

  it('rejects every truncation of both golden frames with TRUNCATED', () => {
    for (const full of [V1_UNPADDED_BYTES, V2_ROUTED_SIGNED_BYTES]) {
      for (let cut = 0; cut < full.length; cut++) {
        const r = tryDecodePacket(full.subarray(0, cut))
        expect(r.ok, `cut at ${cut}`).toBe(false)
        if (!r.ok) expect(r.reason).toBe('TRUNCATED')
      }
    }
  })

  it('rejects a length field that overruns the frame and an unknown version', () => {
    const overrun = V1_UNPADDED_BYTES.slice()
    overrun[13] = 4 // payloadLength 4, only 3 bytes present
    expect(() => decodePacket(overrun)).toThrowError(expect.objectContaining({ reason: 'TRUNCATED' }))
    for (const version of [0, 3, 0xff]) {
      const bad = V1_UNPADDED_BYTES.slice()
      bad[0] = version
      let error: unknown
      try {
        decodePacket(bad)
      } catch (e) {
        error = e
      }
      expect(isBitMeshError(error)).toBe(true)
      expect(error).toMatchObject({ code: 'DECODE_ERROR', reason: 'BAD_VERSION' })
    }
  })
})

describe('worked example A of §3.2: an unsigned 101-byte announce frame', () => {
  // 79-byte announce-shaped payload: nickname "alice", noise key, signing key, capabilities 0x0100.
  const payload = hex('01 05 616c696365' + '02 20' + '11'.repeat(32) + '03 20' + '22'.repeat(32) + '05 02 0001')
  const announce = packet({ type: 0x01, ttl: 7, timestamp: 1_763_900_000_000n, senderId: hex('8899aabbccddeeff'), payload })

  it('is sent unpadded at 101 bytes', () => {
    expect(payload.length).toBe(79)
    expect(encodePacket(announce).length).toBe(101)
  })

  it('signs a 256-byte preimage: TTL 0 and 155 bytes of 0x9B', () => {
    const preimage = signingBytes(announce)
    const frame = encodePacket(announce)
    expect(preimage.length).toBe(256)
    expect(preimage[2]).toBe(0) // TTL zeroed
    expect(toHex(preimage.subarray(3, 101))).toBe(toHex(frame.subarray(3, 101)))
    expect(preimage.subarray(101).every((b) => b === 0x9b)).toBe(true)
    expect(preimage.subarray(101).length).toBe(155)
  })
})
