/** Decoder behaviour of §1: tolerance rules, every failure reason, options and aliasing. */
import { describe, expect, it } from 'vitest'
import pako from 'pako'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import {
  decodePacket,
  deflateRawPayload,
  encodePacket,
  tryDecodePacket,
  type DecodeResult,
} from '../src/packet/index.js'
import { chatBytes } from './helpers/chat-text.js'
import { makePacket, packetFields } from './helpers/packets.js'

const V1 = hex('01 02 07 0102030405060708 00 0003 1011121314151617 aabbcc')

function reasonOf(r: DecodeResult): string {
  return r.ok ? 'ok' : r.reason
}

/** Patch bytes of a copy of `frame`. */
function patch(frame: Uint8Array, at: number, ...bytes: number[]): Uint8Array {
  const out = frame.slice()
  out.set(bytes, at)
  return out
}

describe('tolerance (§1.2, §1.4, §1.8, §1.9)', () => {
  it('accepts trailing bytes and padding', () => {
    const trailing = new Uint8Array(V1.length + 5)
    trailing.set(V1)
    trailing.fill(0xee, V1.length)
    expect(toHex(decodePacket(trailing).payload)).toBe('aabbcc')
  })

  it('ignores reserved flag bits and does not re-emit them', () => {
    const flagged = patch(V1, 11, 0xe0)
    const p = decodePacket(flagged)
    expect(toHex(p.payload)).toBe('aabbcc')
    expect(toHex(encodePacket(p))).toBe(toHex(V1))
  })

  it('ignores HAS_ROUTE on v1 frames (no route section is read)', () => {
    const p = decodePacket(patch(V1, 11, 0x08))
    expect(p.route).toBeNull()
    expect(toHex(p.payload)).toBe('aabbcc')
  })

  it('reads a v2 route count of 0 as "no route"', () => {
    const v2 = hex('02 02 07 0102030405060708 08 00000003 1011121314151617 00 aabbcc')
    const p = decodePacket(v2)
    expect(p.route).toBeNull()
    expect(toHex(p.payload)).toBe('aabbcc')
  })

  it('reads IS_RSR on both versions and accepts any type number', () => {
    expect(decodePacket(patch(V1, 11, 0x10)).isRsr).toBe(true)
    for (const type of [0x00, 0x2a, 0x7f, 0xff]) expect(decodePacket(patch(V1, 1, type)).type).toBe(type)
  })

  it('reads the full u64 timestamp range', () => {
    expect(decodePacket(patch(V1, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).timestamp).toBe(2n ** 64n - 1n)
  })
})

describe('failure reasons', () => {
  it('TRUNCATED for short frames and every section that runs past the end', () => {
    expect(reasonOf(tryDecodePacket(new Uint8Array(0)))).toBe('TRUNCATED')
    expect(reasonOf(tryDecodePacket(V1.subarray(0, 21)))).toBe('TRUNCATED')
    // recipient flag without recipient bytes
    expect(reasonOf(tryDecodePacket(patch(V1, 11, 0x01)))).toBe('TRUNCATED')
    // signature flag without signature
    expect(reasonOf(tryDecodePacket(patch(V1, 11, 0x02)))).toBe('TRUNCATED')
    // v2 header shorter than 24 bytes
    expect(reasonOf(tryDecodePacket(patch(V1, 0, 2).subarray(0, 23)))).toBe('TRUNCATED')
    // v2 route count larger than the data
    const v2 = hex('02 02 07 0102030405060708 08 00000003 1011121314151617 05 aabbcc')
    expect(reasonOf(tryDecodePacket(v2))).toBe('TRUNCATED')
  })

  it('BAD_VERSION for versions other than 1 and 2', () => {
    for (const v of [0, 3, 0x7f]) expect(reasonOf(tryDecodePacket(patch(V1, 0, v)))).toBe('BAD_VERSION')
  })

  it('BAD_LENGTH for payloadLength over the cap and malformed compressed sections', () => {
    const v2Huge = hex('02 02 07 0102030405060708 00 00120071 1011121314151617 aabbcc') // 1 179 761
    expect(reasonOf(tryDecodePacket(v2Huge))).toBe('BAD_LENGTH')
    expect(reasonOf(tryDecodePacket(V1, { maxPayloadBytes: 2 }))).toBe('BAD_LENGTH')
    // compressed, payloadLength 1 < 2-byte size field
    const short = hex('01 02 07 0102030405060708 04 0001 1011121314151617 aa')
    expect(reasonOf(tryDecodePacket(short))).toBe('BAD_LENGTH')
    // compressed, size field only: empty DEFLATE part
    const empty = hex('01 02 07 0102030405060708 04 0002 1011121314151617 0064')
    expect(reasonOf(tryDecodePacket(empty))).toBe('BAD_LENGTH')
    // compressed, declared original size 0
    const zero = hex('01 02 07 0102030405060708 04 0004 1011121314151617 0000 0300')
    expect(reasonOf(tryDecodePacket(zero))).toBe('BAD_LENGTH')
  })

  it('DECOMPRESSION_LIMIT for a declared size that is wrong, too large, or too compressible', () => {
    const text = chatBytes(2, 300)
    const frame = encodePacket(makePacket({ payload: text }))
    expect(frame[11]! & 0x04).toBe(4)
    const sizeAt = 22
    expect(reasonOf(tryDecodePacket(patch(frame, sizeAt, (text.length + 1) >> 8, (text.length + 1) & 0xff)))).toBe('DECOMPRESSION_LIMIT')
    expect(reasonOf(tryDecodePacket(patch(frame, sizeAt, (text.length - 1) >> 8, (text.length - 1) & 0xff)))).toBe('DECOMPRESSION_LIMIT')
    // v2: 1 MiB of zeros in ~1 KiB is within the default limits, but not within tighter ones
    const zeros = pako.deflateRaw(new Uint8Array(1 << 20), { level: 9 })
    const v2 = encodePacket(makePacket({ version: 2, payload: new Uint8Array(1 << 20), wireCompression: { deflated: zeros } }))
    expect(decodePacket(v2).payload.length).toBe(1 << 20)
    expect(reasonOf(tryDecodePacket(v2, { maxPayloadBytes: (1 << 20) - 1 }))).toBe('DECOMPRESSION_LIMIT')
    expect(reasonOf(tryDecodePacket(v2, { maxCompressionRatio: 100 }))).toBe('DECOMPRESSION_LIMIT')
  })

  it('BAD_COMPRESSION for bytes that are not raw DEFLATE', () => {
    const garbage = hex('01 02 07 0102030405060708 04 0006 1011121314151617 0064 06 ffffff')
    expect(reasonOf(tryDecodePacket(garbage))).toBe('BAD_COMPRESSION')
  })

  it('decodePacket throws the same DecodeError that tryDecodePacket reports', () => {
    const bad = patch(V1, 0, 9)
    const r = tryDecodePacket(bad)
    expect(r.ok).toBe(false)
    let error: unknown
    try {
      decodePacket(bad)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'DecodeError', code: 'DECODE_ERROR', reason: 'BAD_VERSION' })
    if (!r.ok) expect((error as Error).message).toBe(r.message)
  })

  it('tryDecodePacket reports a non-Uint8Array as BAD_VALUE; decodePacket throws TypeError', () => {
    expect(reasonOf(tryDecodePacket('frame' as unknown as Uint8Array))).toBe('BAD_VALUE')
    expect(() => decodePacket([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => decodePacket(V1, { maxPayloadBytes: -1 })).toThrow(RangeError)
  })
})

describe('decoded packets', () => {
  it('alias the input frame for uncompressed fields and own their inflated payload', () => {
    const frame = encodePacket(makePacket({ signature: new Uint8Array(64).fill(1), payload: Uint8Array.from([1, 2, 3]) }))
    const p = decodePacket(frame)
    expect(p.payload.buffer).toBe(frame.buffer)
    expect(p.senderId.buffer).toBe(frame.buffer)
    expect(p.signature!.buffer).toBe(frame.buffer)
    const compressed = decodePacket(encodePacket(makePacket({ payload: chatBytes(4, 300) })))
    expect(compressed.payload.buffer).not.toBe(frame.buffer)
    expect(compressed.wireCompression!.deflated.length).toBeGreaterThan(0)
  })

  it('all have the same property order (one hidden class)', () => {
    const a = decodePacket(V1)
    const b = decodePacket(encodePacket(makePacket({ version: 2, payload: chatBytes(4, 300), route: [new Uint8Array(8)] })))
    expect(Object.keys(a)).toEqual(Object.keys(b))
    expect(Object.keys(a)).toEqual([
      'version', 'type', 'ttl', 'timestamp', 'senderId', 'recipientId', 'route', 'payload', 'signature', 'isRsr', 'wireCompression',
    ])
  })

  it('keep the received DEFLATE bytes even when our encoder would have produced others', () => {
    const text = chatBytes(8, 400)
    const level9 = pako.deflateRaw(text, { level: 9 })
    const frame = encodePacket(makePacket({ payload: text, wireCompression: { deflated: level9 } }))
    const p = decodePacket(frame)
    expect(toHex(p.wireCompression!.deflated)).toBe(toHex(level9))
    expect(toHex(encodePacket(p))).toBe(toHex(frame))
    expect(packetFields(p)).toEqual(packetFields(makePacket({ payload: text })))
    // …and re-compress only when asked to drop them
    expect(toHex(encodePacket({ ...p, wireCompression: undefined }).subarray(24))).toBe(toHex(deflateRawPayload(text)!))
  })
})
