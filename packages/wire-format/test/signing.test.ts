/**
 * §3 signing: the preimage, sign/verify with both crypto providers, relaying, and the §3.3
 * compression hazard (a level-6 signer verifies because the received DEFLATE bytes are reused).
 */
import { describe, expect, it } from 'vitest'
import pako from 'pako'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import {
  decodePacket,
  deflateRawPayload,
  encodePacket,
  signingBytes,
  signPacket,
  verifyPacketSignature,
  type BitchatPacket,
} from '../src/packet/index.js'
import { chatBytes, repetitiveChatBytes } from './helpers/chat-text.js'
import { makePacket } from './helpers/packets.js'

interface Rfc8032 {
  ed25519: { name: string; secret_key: string; public_key: string }[]
}
// RFC 8032 §7.1 TEST 1 key pair, used as a known identity.
const key = loadJsonVectors<Rfc8032>('rfc8032', 'rfc8032-ed25519.json').ed25519[0]!
const seed = hex(key.secret_key)
const publicKey = hex(key.public_key)
const otherKey = defaultCryptoProvider.ed25519.getPublicKey(new Uint8Array(32).fill(9))

const providers = [
  ['noble (default)', defaultCryptoProvider],
  ['node', nodeCryptoProvider],
] as const

describe('signing preimage (§3.2)', () => {
  it('is the padded encoding with TTL 0, no signature and RSR clear', () => {
    const p = makePacket({ ttl: 6, isRsr: true, signature: new Uint8Array(64).fill(3), payload: chatBytes(1, 40) })
    const preimage = signingBytes(p)
    const expected = encodePacket({ ...p, ttl: 0, isRsr: false, signature: null }, { padding: true })
    expect(toHex(preimage)).toBe(toHex(expected))
    expect(preimage.length).toBe(256)
    expect(preimage[11]! & 0x12).toBe(0) // neither HAS_SIGNATURE nor IS_RSR
  })

  it('covers the v2 route', () => {
    const routed = makePacket({ version: 2, route: [new Uint8Array(8).fill(1)] })
    const other = makePacket({ version: 2, route: [new Uint8Array(8).fill(2)] })
    expect(toHex(signingBytes(routed))).not.toBe(toHex(signingBytes(other)))
  })
})

describe.each(providers)('sign / verify with the %s provider', (_name, provider) => {
  const message = makePacket({ type: 0x02, payload: new TextEncoder().encode('hello mesh') })

  it('RFC 8032 key pair: our public key derivation matches the vector', () => {
    expect(toHex(provider.ed25519.getPublicKey(seed))).toBe(key.public_key)
  })

  it('signs, encodes, decodes and verifies a 96-byte public message', () => {
    const signed = signPacket(message, seed, provider)
    expect(signed.signature!.length).toBe(64)
    expect(message.signature).toBeNull() // input untouched
    const frame = encodePacket(signed)
    expect(frame.length).toBe(96)
    const decoded = decodePacket(frame)
    expect(verifyPacketSignature(decoded, publicKey, provider)).toBe(true)
    expect(verifyPacketSignature(decoded, otherKey, provider)).toBe(false)
    // signature = Ed25519 over exactly signingBytes()
    expect(provider.ed25519.verify(decoded.signature!, signingBytes(decoded), publicKey)).toBe(true)
  })

  it('keeps verifying after a relay changes TTL and RSR, fails on any covered change', () => {
    const decoded = decodePacket(encodePacket(signPacket(message, seed, provider)))
    const relayed = decodePacket(encodePacket({ ...decoded, ttl: decoded.ttl - 1, isRsr: true }))
    expect(verifyPacketSignature(relayed, publicKey, provider)).toBe(true)
    const tampered: BitchatPacket[] = [
      { ...decoded, payload: new TextEncoder().encode('hello mesH') },
      { ...decoded, timestamp: decoded.timestamp + 1n },
      { ...decoded, type: 0x03 },
      { ...decoded, recipientId: new Uint8Array(8).fill(0xff) },
      { ...decoded, senderId: new Uint8Array(8) },
      { ...decoded, version: 2 },
    ]
    for (const t of tampered) expect(verifyPacketSignature(t, publicKey, provider)).toBe(false)
  })

  it('returns false (never throws) for missing or malformed signatures and keys', () => {
    const decoded = decodePacket(encodePacket(signPacket(message, seed, provider)))
    expect(verifyPacketSignature({ ...decoded, signature: null }, publicKey, provider)).toBe(false)
    expect(verifyPacketSignature({ ...decoded, signature: decoded.signature!.subarray(0, 63) }, publicKey, provider)).toBe(false)
    expect(verifyPacketSignature({ ...decoded, signature: new Uint8Array(64).fill(0xff) }, publicKey, provider)).toBe(false)
    expect(verifyPacketSignature(decoded, publicKey.subarray(0, 31), provider)).toBe(false)
    expect(verifyPacketSignature(decoded, new Uint8Array(32), provider)).toBe(false)
  })

  it('rejects a seed that is not 32 bytes', () => {
    expect(() => signPacket(message, new Uint8Array(31), provider)).toThrow(RangeError)
  })
})

describe('compression and signatures (§3.3)', () => {
  it('a signed compressible payload is compressed once and transmitted exactly as signed', () => {
    const p = makePacket({ payload: chatBytes(11, 500) })
    const signed = signPacket(p, seed)
    expect(signed.wireCompression).toBeDefined()
    const frame = encodePacket(signed)
    expect(frame[11]! & 0x04).toBe(0x04)
    const decoded = decodePacket(frame)
    expect(toHex(decoded.wireCompression!.deflated)).toBe(toHex(signed.wireCompression!.deflated))
    expect(verifyPacketSignature(decoded, publicKey)).toBe(true)
  })

  it('verifies a packet from a level-6 (Android-style) signer because the wire bytes are reused', () => {
    // Find a chat text on which zlib levels 5 and 6 disagree (they agree on most short texts).
    let payload: Uint8Array | undefined
    let level6: Uint8Array | undefined
    for (let s = 0; s < 500 && payload === undefined; s++) {
      const candidate = repetitiveChatBytes(s)
      const six = pako.deflateRaw(candidate, { level: 6, memLevel: 8 })
      const five = deflateRawPayload(candidate)!
      if (toHex(six) !== toHex(five)) {
        payload = candidate
        level6 = six
      }
    }
    expect(payload, 'no text found on which levels 5 and 6 differ').toBeDefined()

    // The Android signer compresses at level 6 and signs/sends those bytes.
    const android = signPacket(makePacket({ type: 0x02, payload: payload!, wireCompression: { deflated: level6! } }), seed)
    const frame = encodePacket(android)
    const received = decodePacket(frame)
    expect(toHex(received.payload)).toBe(toHex(payload!))
    expect(toHex(received.wireCompression!.deflated)).toBe(toHex(level6!))
    expect(verifyPacketSignature(received, publicKey)).toBe(true)
    // A relay forwards the received bytes unchanged (apart from TTL).
    const relayed = encodePacket({ ...received, ttl: received.ttl - 1 })
    expect(toHex(relayed.subarray(3))).toBe(toHex(frame.subarray(3)))

    // What iOS does — re-compress at level 5 — produces another preimage and fails.
    const recompressed = { ...received, wireCompression: undefined }
    expect(toHex(signingBytes(recompressed))).not.toBe(toHex(signingBytes(received)))
    expect(verifyPacketSignature(recompressed, publicKey)).toBe(false)
  })

  it('verifies a compressible payload that its signer sent (and signed) uncompressed', () => {
    const p = makePacket({ payload: chatBytes(12, 300) })
    const preimage = encodePacket({ ...p, ttl: 0, signature: null }, { padding: true, compression: 'none' })
    const signature = defaultCryptoProvider.ed25519.sign(preimage, seed)
    const frame = encodePacket({ ...p, signature }, { compression: 'none' })
    expect(frame[11]! & 0x04).toBe(0)
    expect(verifyPacketSignature(decodePacket(frame), publicKey)).toBe(true)
  })

  it('marks a packet received uncompressed as settled (null) and re-encodes it without DEFLATE', () => {
    const p = makePacket({ payload: chatBytes(13, 300) })
    const frame = encodePacket(p, { compression: 'none' })
    const decoded = decodePacket(frame)
    expect(decoded.wireCompression).toBeNull()
    expect(toHex(encodePacket(decoded))).toBe(toHex(frame))
  })

  it('verifies a packet signed compressed but received uncompressed (a re-encoding relay)', () => {
    const signed = signPacket(makePacket({ payload: chatBytes(14, 300) }), seed)
    expect(signed.wireCompression).not.toBeNull()
    const frame = encodePacket(signed, { compression: 'none' })
    expect(frame[11]! & 0x04).toBe(0)
    const decoded = decodePacket(frame)
    expect(verifyPacketSignature(decoded, publicKey)).toBe(true)
    expect(verifyPacketSignature(decoded, otherKey)).toBe(false)
  })

  it('signPacket records an incompressible payload as settled uncompressed (null)', () => {
    const signed = signPacket(makePacket({ payload: defaultCryptoProvider.randomBytes(300) }), seed)
    expect(signed.wireCompression).toBeNull()
    expect(encodePacket(signed)[11]! & 0x04).toBe(0)
    expect(verifyPacketSignature(decodePacket(encodePacket(signed)), publicKey)).toBe(true)
  })
})
