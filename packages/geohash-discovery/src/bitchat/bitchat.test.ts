import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { decodePrivateMessage, encodePrivateMessagePayload, encodeReceiptPayload, NoisePayloadType, padFrame } from '@bitmesh/wire-format'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { base64urlnopad } from '@scure/base'
import { bitchatDecrypt, bitchatEncrypt } from './envelope.js'
import { decodeEmbeddedPacket, encodeEmbeddedPacket } from './embedded.js'
import { unwrapBitchatPrivateMessage, wrapBitchatPrivateMessage } from './private-message.js'
import { generateKeyPair, getPublicKey } from '../nostr/keys.js'
import { nip44Decrypt, getConversationKey } from '../nostr/nip44.js'
import { ManualClock, seededRng } from '../../test/helpers/clock.js'

const alice = hex('0000000000000000000000000000000000000000000000000000000000000a11')
const bob = hex('0000000000000000000000000000000000000000000000000000000000000b0b')
const te = new TextEncoder()

/** The §7.4 recipe written out literally, as a second implementation to check against. */
function specEncrypt(plaintext: string, sk: Uint8Array, peer: string, nonce: Uint8Array): string {
  const s = secp256k1.getSharedSecret(sk, hex('02' + peer), true)
  const key = hkdf(sha256, s, new Uint8Array(0), te.encode('nip44-v2'), 32)
  const ct = xchacha20poly1305(key, nonce).encrypt(te.encode(plaintext))
  return 'v2:' + base64urlnopad.encode(new Uint8Array([...nonce, ...ct]))
}

describe('bitchat v2: envelope (§7.4)', () => {
  it('matches the spec recipe byte for byte (same nonce)', () => {
    const rng = seededRng(9)
    const nonce = seededRng(9).randomBytes(24)
    expect(bitchatEncrypt('hello', alice, getPublicKey(bob), rng)).toBe(specEncrypt('hello', alice, getPublicKey(bob), nonce))
  })
  it('decrypts whichever Y parity the keys have (02 then 03)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.string({ maxLength: 200 }), (seed, text) => {
        const rng = seededRng(seed)
        const a = generateKeyPair(rng)
        const b = generateKeyPair(rng)
        const env = bitchatEncrypt(text, a.secretKey, b.publicKey, rng)
        expect(env.startsWith('v2:')).toBe(true)
        expect(bitchatDecrypt(env, b.secretKey, a.publicKey)).toBe(text)
      }),
      { numRuns: 60 },
    )
  })
  it('is not NIP-44 (a NIP-44 decrypter rejects it)', () => {
    const env = bitchatEncrypt('hello', alice, getPublicKey(bob), seededRng(1))
    expect(() => nip44Decrypt(env, getConversationKey(bob, getPublicKey(alice)))).toThrow()
  })
  it('rejects bad input with typed errors', () => {
    const env = bitchatEncrypt('hello', alice, getPublicKey(bob), seededRng(1))
    const cases = ['nope', 'v2:***', 'v2:AAAA', env.slice(0, -2) + (env.endsWith('A') ? 'BB' : 'AA'), 'v2:' + 'A'.repeat(100_000)]
    for (const c of cases) {
      let err: unknown
      try {
        bitchatDecrypt(c, bob, getPublicKey(alice))
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err), c.slice(0, 20)).toBe(true)
    }
    // ECDH is symmetric, so the sender can read its own envelope; a third key cannot.
    expect(bitchatDecrypt(env, alice, getPublicKey(bob))).toBe('hello')
    const carol = hex('00000000000000000000000000000000000000000000000000000000000ca201')
    expect(() => bitchatDecrypt(env, carol, getPublicKey(alice))).toThrow(/authenticate/)
  })
})

describe('bitchat1: embedded packets', () => {
  const sender = hex('0102030405060708')
  const recipient = hex('1112131415161718')
  it('encodes a padded v1 0x11 packet with TTL 7, unsigned, carrying the typed plaintext', () => {
    const payload = encodePrivateMessagePayload({ messageId: 'm1', content: 'hi' })
    const content = encodeEmbeddedPacket({ senderId: sender, recipientId: recipient, noisePayload: payload, timestampMs: 0x0102030405 })
    expect(content.startsWith('bitchat1:')).toBe(true)
    const bytes = base64urlnopad.decode(content.slice(9))
    // v1 header: version, type, ttl, u64 ts, flags (HAS_RECIPIENT), u16 length.
    expect([...bytes.subarray(0, 3)]).toEqual([1, 0x11, 7])
    expect([...bytes.subarray(3, 11)]).toEqual([0, 0, 0, 1, 2, 3, 4, 5])
    expect(bytes[11]).toBe(0x01)
    expect(bytes.length).toBe(256) // padded per §1.6
    expect(padFrame(bytes.subarray(0, bytes.length - bytes[bytes.length - 1]!))).toEqual(bytes)
    const back = decodeEmbeddedPacket(content)
    expect(back.packet.senderId).toEqual(sender)
    expect(back.packet.recipientId).toEqual(recipient)
    expect(back.packet.signature).toBeNull()
    expect(back.payload!.type).toBe(NoisePayloadType.PRIVATE_MESSAGE)
    expect(decodePrivateMessage(back.payload!.data)).toEqual({ messageId: 'm1', content: 'hi' })
  })
  it('geohash DMs omit the recipient', () => {
    const content = encodeEmbeddedPacket({ senderId: sender, recipientId: null, noisePayload: encodeReceiptPayload('read', 'm1'), timestampMs: 1 })
    const back = decodeEmbeddedPacket(content)
    expect(back.packet.recipientId).toBeNull()
    expect(back.payload!.type).toBe(NoisePayloadType.READ_RECEIPT)
  })
  it('rejects garbage with DecodeError', () => {
    for (const c of ['hello', 'bitchat1:***', 'bitchat1:AAAA', 'bitchat1:' + 'A'.repeat(200_000)]) {
      let err: unknown
      try {
        decodeEmbeddedPacket(c)
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err), c.slice(0, 20)).toBe(true)
    }
  })
})

describe('bitchat private messages over Nostr (14 → 13 → 1059)', () => {
  const clock = new ManualClock(1_750_000_000_000)
  const content = encodeEmbeddedPacket({
    senderId: hex('0102030405060708'),
    recipientId: hex('1112131415161718'),
    noisePayload: encodePrivateMessagePayload({ messageId: 'id-1', content: 'over the relay' }),
    timestampMs: clock.now(),
  })
  it('iOS shape: rumor tags [] and no id; seal and wrap jittered within ±15 min; wrap p-tagged', () => {
    const wrap = wrapBitchatPrivateMessage(content, alice, getPublicKey(bob), { clock, rng: seededRng(11) })
    expect(wrap.kind).toBe(1059)
    expect(wrap.tags).toEqual([['p', getPublicKey(bob)]])
    expect(wrap.content.startsWith('v2:')).toBe(true)
    const nowS = clock.now() / 1000
    expect(Math.abs(wrap.created_at - nowS)).toBeLessThanOrEqual(900)
    const msg = unwrapBitchatPrivateMessage(wrap, bob, getPublicKey(bob), { clock })
    expect(msg.sender).toBe(getPublicKey(alice))
    expect(msg.layers.rumor.tags).toEqual([])
    expect(msg.layers.rumor.id).toBeUndefined()
    expect(msg.layers.rumor.created_at).toBe(nowS)
    expect(msg.layers.seal.tags).toEqual([])
    expect(Math.abs(msg.layers.seal.created_at - nowS)).toBeLessThanOrEqual(900)
    expect(msg.layers.seal.content.startsWith('v2:')).toBe(true)
    expect(decodePrivateMessage(msg.embedded!.payload!.data)).toEqual({ messageId: 'id-1', content: 'over the relay' })
  })
  it('Android shape: rumor carries ["p", recipient] and an id; accepted too', () => {
    const wrap = wrapBitchatPrivateMessage(content, alice, getPublicKey(bob), { clock, rng: seededRng(12) }, { rumorStyle: 'android' })
    const msg = unwrapBitchatPrivateMessage(wrap, bob, getPublicKey(bob))
    expect(msg.layers.rumor.tags).toEqual([['p', getPublicKey(bob)]])
    expect(msg.layers.rumor.id).toMatch(/^[0-9a-f]{64}$/)
  })
  it('rejects a rumor outside the iOS time window', () => {
    const wrap = wrapBitchatPrivateMessage(content, alice, getPublicKey(bob), { clock, rng: seededRng(13) })
    const later = new ManualClock(clock.now() + 25 * 3600 * 1000)
    expect(() => unwrapBitchatPrivateMessage(wrap, bob, getPublicKey(bob), { clock: later })).toThrow(/window/)
  })
  it('rejects the wrong recipient and a forged wrap signature', () => {
    const wrap = wrapBitchatPrivateMessage(content, alice, getPublicKey(bob), { clock, rng: seededRng(14) })
    expect(() => unwrapBitchatPrivateMessage(wrap, alice, getPublicKey(alice))).toThrow()
    expect(() => unwrapBitchatPrivateMessage({ ...wrap, created_at: wrap.created_at + 1 }, bob, getPublicKey(bob))).toThrow(/signature/)
  })
})
