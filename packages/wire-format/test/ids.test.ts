/** §4 peer IDs / fingerprints and §2.7.1 packet IDs. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import {
  decodePacket,
  encodePacket,
  fingerprint,
  isBroadcastRecipient,
  packetId,
  packetIdHex,
  peerIdFromHex,
  peerIdFromNoiseKey,
  peerIdToHex,
} from '../src/packet/index.js'
import { chatBytes } from './helpers/chat-text.js'
import { makePacket } from './helpers/packets.js'

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest()

describe('peer IDs and fingerprints (§4)', () => {
  // RFC 7748 §6.1 Alice's X25519 public key, used here only as 32 known bytes.
  const noiseKey = hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a')

  it('peer ID = SHA-256(noise key)[0..8]; fingerprint = full digest in lowercase hex', () => {
    const digest = sha256(noiseKey)
    expect(toHex(peerIdFromNoiseKey(noiseKey))).toBe(digest.subarray(0, 8).toString('hex'))
    expect(fingerprint(noiseKey)).toBe(digest.toString('hex'))
    expect(fingerprint(noiseKey)).toMatch(/^[0-9a-f]{64}$/)
    expect(peerIdFromNoiseKey(noiseKey).buffer.byteLength).toBe(8)
  })

  it('rejects keys that are not 32 bytes', () => {
    expect(() => peerIdFromNoiseKey(new Uint8Array(31))).toThrow(RangeError)
    expect(() => fingerprint(new Uint8Array(33))).toThrow(RangeError)
  })

  it('hex conversion: left to right, ≤ 8 bytes, right-padded with 0x00', () => {
    expect(peerIdToHex(hex('0011223344556677'))).toBe('0011223344556677')
    expect(toHex(peerIdFromHex('0011223344556677'))).toBe('0011223344556677')
    expect(toHex(peerIdFromHex('A1B2'))).toBe('a1b2000000000000')
    expect(toHex(peerIdFromHex('a1b2c'))).toBe('a1b2000000000000')
    expect(toHex(peerIdFromHex('00112233445566778899'))).toBe('0011223344556677')
    expect(toHex(peerIdFromHex(''))).toBe('0000000000000000')
    expect(() => peerIdFromHex('zz11')).toThrow(TypeError)
    expect(() => peerIdToHex(new Uint8Array(7))).toThrow(RangeError)
  })

  it('broadcast: absent or all 0xFF (§1.8)', () => {
    expect(isBroadcastRecipient(null)).toBe(true)
    expect(isBroadcastRecipient(undefined)).toBe(true)
    expect(isBroadcastRecipient(new Uint8Array(8).fill(0xff))).toBe(true)
    expect(isBroadcastRecipient(hex('ffffffffffffff00'))).toBe(false)
    expect(isBroadcastRecipient(new Uint8Array(7).fill(0xff))).toBe(false)
  })

  it('both broadcast forms decode as broadcast', () => {
    const withFF = decodePacket(encodePacket(makePacket({ recipientId: new Uint8Array(8).fill(0xff) })))
    const without = decodePacket(encodePacket(makePacket({ recipientId: null })))
    expect(isBroadcastRecipient(withFF.recipientId)).toBe(true)
    expect(isBroadcastRecipient(without.recipientId)).toBe(true)
  })
})

describe('packet ID (§2.7.1)', () => {
  const payload = chatBytes(3, 400)
  const base = makePacket({ type: 0x02, timestamp: 0x0102030405060708n, senderId: hex('1011121314151617'), payload })

  it('is SHA-256(type ‖ sender ‖ ts BE ‖ payload)[0..16]', () => {
    const preimage = Buffer.concat([Buffer.from([0x02]), hex('1011121314151617'), hex('0102030405060708'), payload])
    const expected = sha256(preimage).subarray(0, 16).toString('hex')
    expect(toHex(packetId(base))).toBe(expected)
    expect(packetIdHex(base)).toBe(expected)
  })

  it('ignores TTL, flags, recipient, route, signature and compression; uses the decompressed payload', () => {
    const frame = encodePacket({ ...base, ttl: 3, isRsr: true, signature: new Uint8Array(64).fill(1), recipientId: new Uint8Array(8).fill(9) })
    const decoded = decodePacket(frame)
    expect(decoded.wireCompression).toBeDefined() // 400 bytes of chat text were compressed
    expect(packetIdHex(decoded)).toBe(packetIdHex(base))
    const v2 = decodePacket(encodePacket({ ...base, version: 2, route: [new Uint8Array(8).fill(4)] }))
    expect(packetIdHex(v2)).toBe(packetIdHex(base))
  })

  it('changes with type, sender, timestamp and payload', () => {
    const ids = new Set([
      packetIdHex(base),
      packetIdHex({ ...base, type: 0x03 }),
      packetIdHex({ ...base, senderId: hex('1011121314151618') }),
      packetIdHex({ ...base, timestamp: 0x0102030405060709n }),
      packetIdHex({ ...base, payload: payload.subarray(1) }),
    ])
    expect(ids.size).toBe(5)
  })
})
