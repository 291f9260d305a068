/**
 * Legacy (pre-August-2025) dialect detection: legacy-only type numbers and LZ4-compressed
 * payloads (reference-lz4 golden blocks from vectors/lz4, raw and in Apple's `bv41` container).
 */
import { describe, expect, it } from 'vitest'
import { hex, loadJsonVectors } from '@bitmesh-internal/test-vectors'
import {
  decodePacket,
  encodePacket,
  isLegacyLz4Payload,
  isLegacyOnlyType,
  LEGACY_ONLY_TYPES,
  tryDecodePacket,
} from '../src/packet/index.js'
import { makePacket } from './helpers/packets.js'

interface Lz4Vectors {
  vectors: { name: string; original: string; blocks: { block: string; decompressed_size: number; decompressed_offset: number }[] }[]
}
const lz4 = loadJsonVectors<Lz4Vectors>('lz4', 'pierrec-lz4-golden-blocks.json')
const blocks = lz4.vectors.flatMap((v) => v.blocks.map((b) => ({ name: v.name, block: hex(b.block), size: b.decompressed_size })))

/** A v1 frame with IS_COMPRESSED whose payload section is `u16 originalSize ‖ data`. */
function compressedV1Frame(data: Uint8Array, originalSize: number, type = 0x02): Uint8Array {
  const header = hex('01 00 07 0000019ab0a20701 04')
  header[1] = type
  const frame = new Uint8Array(14 + 8 + 2 + data.length)
  frame.set(header)
  const payloadLength = data.length + 2
  frame[12] = payloadLength >> 8
  frame[13] = payloadLength & 0xff
  frame.set(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 14)
  frame[22] = originalSize >> 8
  frame[23] = originalSize & 0xff
  frame.set(data, 24)
  return frame
}

/** Apple's COMPRESSION_LZ4 container: `bv41` ‖ u32le raw size ‖ u32le block size ‖ block ‖ `bv4$`. */
function appleLz4(block: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(12 + block.length + 4)
  out.set([0x62, 0x76, 0x34, 0x31])
  new DataView(out.buffer).setUint32(4, size, true)
  new DataView(out.buffer).setUint32(8, block.length, true)
  out.set(block, 12)
  out.set([0x62, 0x76, 0x34, 0x24], 12 + block.length)
  return out
}

describe('legacy-only type numbers', () => {
  it('are 0x05–0x0C, 0x12–0x17, 0x30 and 0x31', () => {
    expect([...Array(256).keys()].filter(isLegacyOnlyType)).toEqual([...LEGACY_ONLY_TYPES])
    expect(LEGACY_ONLY_TYPES).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x30, 0x31])
    // none collides with a current type (§2.1)
    for (const current of [0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x20, 0x21, 0x22, 0x29, 0x2c]) {
      expect(isLegacyOnlyType(current)).toBe(false)
    }
  })

  it('reject a well-formed v1 frame as LEGACY_DIALECT (code LEGACY_DIALECT)', () => {
    const frame = encodePacket(makePacket({ type: 0x05, payload: Uint8Array.from([1, 2, 3]) }))
    expect(() => decodePacket(frame)).toThrowError(expect.objectContaining({ code: 'LEGACY_DIALECT', reason: 'LEGACY_DIALECT' }))
  })

  it('are plain unknown types in v2 frames and when detection is off', () => {
    const v2 = encodePacket(makePacket({ version: 2, type: 0x12 }))
    expect(decodePacket(v2).type).toBe(0x12)
    const v1 = encodePacket(makePacket({ type: 0x30 }))
    expect(decodePacket(v1, { detectLegacy: false }).type).toBe(0x30)
  })

  it('do not turn a truncated frame into a legacy one', () => {
    const frame = encodePacket(makePacket({ type: 0x07, payload: new Uint8Array(10) }))
    const r = tryDecodePacket(frame.subarray(0, frame.length - 1))
    expect(r).toMatchObject({ ok: false, reason: 'TRUNCATED' })
  })
})

describe('LZ4-compressed payloads (reference lz4 golden blocks)', () => {
  it('has the 6 blocks of the vector file', () => {
    expect(blocks.length).toBe(6)
  })

  for (const { name, block, size } of blocks) {
    it(`${name}: raw block of ${block.length} B → ${size} B is LEGACY_DIALECT`, () => {
      expect(isLegacyLz4Payload(block, size)).toBe(true)
      expect(isLegacyLz4Payload(block, size - 1)).toBe(false)
      expect(isLegacyLz4Payload(block, size + 1)).toBe(false)
      expect(tryDecodePacket(compressedV1Frame(block, size))).toMatchObject({ ok: false, reason: 'LEGACY_DIALECT' })
    })

    it(`${name}: Apple bv41 container is LEGACY_DIALECT`, () => {
      const framed = appleLz4(block, size)
      expect(isLegacyLz4Payload(framed, size)).toBe(true)
      expect(tryDecodePacket(compressedV1Frame(framed, size))).toMatchObject({ ok: false, reason: 'LEGACY_DIALECT' })
    })
  }

  it('a damaged LZ4 block or a wrong declared size is ordinary BAD_COMPRESSION / limit error', () => {
    const { block, size } = blocks[1]! // gettysburg
    const cut = block.subarray(0, block.length - 7)
    expect(isLegacyLz4Payload(cut, size)).toBe(false)
    expect(tryDecodePacket(compressedV1Frame(cut, size))).toMatchObject({ ok: false, reason: 'BAD_COMPRESSION' })
    const r = tryDecodePacket(compressedV1Frame(block, size - 5))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).not.toBe('LEGACY_DIALECT')
  })

  it('with detection off an LZ4 payload is BAD_COMPRESSION', () => {
    const { block, size } = blocks[0]!
    expect(tryDecodePacket(compressedV1Frame(block, size), { detectLegacy: false })).toMatchObject({
      ok: false,
      reason: 'BAD_COMPRESSION',
    })
  })
})
