import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { toHex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError, type CryptoProvider } from '@bitmesh/interface'
import {
  BitchatTransport,
  CipherState,
  generateKeyPair,
  HandshakeState,
  MAX_TRANSPORT_PLAINTEXT_BYTES,
  MAX_TRANSPORT_SEND_NONCE,
  TRANSPORT_OVERHEAD_BYTES,
  TransportRejection,
  type TransportCiphers,
} from '../src/index.js'
import { providers } from './helpers/providers.js'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (isBitMeshError(e)) return `${e.code}${'reason' in e ? `/${String(e.reason)}` : ''}`
    return (e as Error).name
  }
  return 'no error'
}

function handshake(crypto: CryptoProvider): { a: TransportCiphers; b: TransportCiphers } {
  const i = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: generateKeyPair(crypto) })
  const r = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: generateKeyPair(crypto) })
  r.readMessage(i.writeMessage())
  i.readMessage(r.writeMessage())
  r.readMessage(i.writeMessage())
  return { a: i.split(), b: r.split() }
}

function setup(crypto: CryptoProvider) {
  const { a, b } = handshake(crypto)
  return { a, b, alice: new BitchatTransport(a), bob: new BitchatTransport(b) }
}

for (const crypto of providers) {
  describe(`BitchatTransport [${crypto.name}]`, () => {
    it('frame = 4-byte big-endian nonce ‖ ChaCha20-Poly1305(k, 0⁴‖LE64(n), pt, AD = ε)', () => {
      const { alice } = setup(crypto)
      const key = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i)
      const tx = new BitchatTransport({ send: new CipherState(crypto, key), receive: new CipherState(crypto, key.map((x) => x ^ 1)) })
      const pt = new Uint8Array([0x01, 0x00, 0x02, 0x6d, 0x31, 0x01, 0x02, 0x68, 0x69])
      for (let n = 0; n < 3; n++) {
        const frame = tx.encrypt(pt)
        const nonce = new Uint8Array(12)
        nonce[4] = n
        expect(toHex(frame)).toBe(`0000000${n}` + toHex(crypto.chacha20poly1305.seal(key, nonce, pt, new Uint8Array(0))))
        expect(alice.encrypt(pt).length).toBe(pt.length + TRANSPORT_OVERHEAD_BYTES)
      }
    })

    it('frames are exactly Noise transport ciphertexts behind the nonce', () => {
      const { a, b } = handshake(crypto)
      const alice = new BitchatTransport(a)
      const frame0 = alice.encrypt(new Uint8Array([7]))
      b.receive.setNonce(0)
      expect(toHex(b.receive.decryptWithAd(new Uint8Array(0), frame0.subarray(4)))).toBe('07')
      // Jump the sender: nonce prefix is big-endian, AEAD nonce little-endian.
      a.send.setNonce(0x0102_0304)
      const frame = alice.encrypt(new Uint8Array([8]))
      expect(toHex(frame.subarray(0, 4))).toBe('01020304')
      b.receive.setNonce(0x0102_0304)
      expect(toHex(b.receive.decryptWithAd(new Uint8Array(0), frame.subarray(4)))).toBe('08')
    })

    it('in-order and out-of-order within the window are accepted; duplicates are REPLAY', () => {
      const { alice, bob } = setup(crypto)
      const frames = Array.from({ length: 50 }, (_, i) => alice.encrypt(new Uint8Array([i])))
      const order = [0, 1, 2, 10, 5, 3, 4, 49, 6, 7, 8, 9, ...Array.from({ length: 38 }, (_, i) => 11 + i)]
      for (const i of order) expect(toHex(bob.decrypt(frames[i]!))).toBe(i.toString(16).padStart(2, '0'))
      expect(bob.messagesReceived).toBe(50)
      expect(bob.highestReceivedNonce).toBe(49)
      for (const i of [0, 10, 49]) {
        expect(bob.tryDecrypt(frames[i]!)).toBe(TransportRejection.REPLAY)
        expect(codeOf(() => bob.decrypt(frames[i]!))).toBe('REPLAY')
      }
    })

    it('nonces ≤ highest − 1024 are too old, highest − 1023 is fine', () => {
      const { a, alice, bob } = setup(crypto)
      const old0 = alice.encrypt(new Uint8Array([0]))
      a.send.setNonce(2000)
      const f2000 = alice.encrypt(new Uint8Array([2]))
      a.send.setNonce(2000 - 1024)
      const tooOld = alice.encrypt(new Uint8Array([3]))
      a.send.setNonce(2000 - 1023)
      const inside = alice.encrypt(new Uint8Array([4]))
      expect(toHex(bob.decrypt(f2000))).toBe('02')
      expect(bob.tryDecrypt(tooOld)).toBe(TransportRejection.REPLAY)
      expect(bob.tryDecrypt(old0)).toBe(TransportRejection.REPLAY)
      expect(toHex(bob.decrypt(inside))).toBe('04')
      expect(bob.tryDecrypt(inside)).toBe(TransportRejection.REPLAY)
    })

    it('a forged tag is AUTH_FAILED and does not advance the window (the real frame still decrypts)', () => {
      const { alice, bob } = setup(crypto)
      const f0 = alice.encrypt(new Uint8Array([0]))
      const f1 = alice.encrypt(new Uint8Array([1]))
      const forged = f1.slice()
      forged[forged.length - 1]! ^= 1
      expect(bob.tryDecrypt(forged)).toBe(TransportRejection.AUTH_FAILED)
      expect(codeOf(() => bob.decrypt(forged))).toBe('AUTH_FAILED')
      // A forged frame claiming a far-future nonce must not slide the window past f0.
      const future = f0.slice()
      future.set([0x7f, 0xff, 0xff, 0xff], 0)
      expect(bob.tryDecrypt(future)).toBe(TransportRejection.AUTH_FAILED)
      expect(bob.highestReceivedNonce).toBe(0)
      expect(bob.messagesReceived).toBe(0)
      expect(toHex(bob.decrypt(f1))).toBe('01')
      expect(toHex(bob.decrypt(f0))).toBe('00')
    })

    it('truncated and oversized frames: TRUNCATED / TOO_LARGE, DecodeError when thrown', () => {
      const { alice, bob } = setup(crypto)
      expect(bob.tryDecrypt(new Uint8Array(19))).toBe(TransportRejection.TRUNCATED)
      expect(codeOf(() => bob.decrypt(new Uint8Array(19)))).toBe('DECODE_ERROR/TRUNCATED')
      expect(bob.tryDecrypt(new Uint8Array(20))).toBe(TransportRejection.AUTH_FAILED) // empty plaintext is legal
      const big = alice.encrypt(new Uint8Array(70_000), 1 << 20)
      expect(bob.tryDecrypt(big)).toBe(TransportRejection.TOO_LARGE)
      expect(codeOf(() => bob.decrypt(big))).toBe('DECODE_ERROR/BAD_LENGTH')
      expect(bob.decrypt(big, 1 << 20).length).toBe(70_000)
      expect(() => bob.tryDecrypt([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError)
    })

    it('plaintext cap 65 535 unless the caller allows more (private files)', () => {
      const { alice, bob } = setup(crypto)
      expect(bob.decrypt(alice.encrypt(new Uint8Array(MAX_TRANSPORT_PLAINTEXT_BYTES))).length).toBe(65_535)
      expect(() => alice.encrypt(new Uint8Array(MAX_TRANSPORT_PLAINTEXT_BYTES + 1))).toThrow(RangeError)
      expect(alice.nextSendNonce).toBe(1) // refused call used no nonce
      expect(alice.encrypt(new Uint8Array(0)).length).toBe(20)
    })

    it('the sender stops after nonce 2^32−2; the receiver accepts it', () => {
      const { a, alice, bob } = setup(crypto)
      a.send.setNonce(MAX_TRANSPORT_SEND_NONCE - 1)
      expect(alice.sendNoncesRemaining).toBe(2)
      const f1 = alice.encrypt(new Uint8Array([1]))
      const f2 = alice.encrypt(new Uint8Array([2]))
      expect(toHex(f2.subarray(0, 4))).toBe('fffffffe')
      expect(alice.sendNoncesRemaining).toBe(0)
      expect(codeOf(() => alice.encrypt(new Uint8Array([3])))).toBe('CRYPTO_ERROR')
      expect(toHex(bob.decrypt(f2))).toBe('02')
      expect(toHex(bob.decrypt(f1))).toBe('01')
      expect(bob.highestReceivedNonce).toBe(MAX_TRANSPORT_SEND_NONCE)
    })

    it('wrong direction or wrong session fails authentication', () => {
      const s1 = setup(crypto)
      const s2 = setup(crypto)
      const f = s1.alice.encrypt(new Uint8Array([1]))
      expect(s1.alice.tryDecrypt(f)).toBe(TransportRejection.AUTH_FAILED) // own send key ≠ receive key
      expect(s2.bob.tryDecrypt(f)).toBe(TransportRejection.AUTH_FAILED)
    })

    it('destroy zeroes keys and closes both directions', () => {
      const { alice, bob } = setup(crypto)
      const f = alice.encrypt(new Uint8Array([1]))
      bob.destroy()
      expect(bob.closed).toBe(true)
      expect(bob.tryDecrypt(f)).toBe(TransportRejection.CLOSED)
      expect(codeOf(() => bob.decrypt(f))).toBe('CLOSED')
      expect(codeOf(() => bob.encrypt(new Uint8Array(1)))).toBe('CLOSED')
      bob.destroy()
    })

    it('constructor refuses key-less or shared ciphers', () => {
      const c = new CipherState(crypto, new Uint8Array(32))
      expect(() => new BitchatTransport({ send: new CipherState(crypto), receive: c })).toThrow(TypeError)
      expect(() => new BitchatTransport({ send: c, receive: c })).toThrow(TypeError)
    })

    it('property: any interleaving of genuine, replayed and forged frames matches the §5.4 model (fast-check)', () => {
      const k = Uint8Array.from({ length: 32 }, (_, i) => i * 7)
      const other = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)
      const send = new CipherState(crypto, k)
      const sender = new BitchatTransport({ send, receive: new CipherState(crypto, other) })
      const payloadFor = (n: number) => new Uint8Array([n & 0xff, (n >>> 8) & 0xff])
      const pool = new Map<number, Uint8Array>()
      const frameFor = (n: number) => {
        let f = pool.get(n)
        if (!f) {
          send.setNonce(n)
          f = sender.encrypt(payloadFor(n))
          pool.set(n, f)
        }
        return f
      }
      const action = fc.record({
        nonce: fc.oneof(fc.integer({ min: 0, max: 2500 }), fc.constantFrom(0, 1023, 1024, 1025, 2047, 2048)),
        forge: fc.boolean(),
        where: fc.integer({ min: 0, max: 2 }),
      })
      fc.assert(
        fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
          const rx = new BitchatTransport({ send: new CipherState(crypto, other), receive: new CipherState(crypto, k) })
          let highest = 0
          const seen = new Set<number>()
          for (const { nonce, forge, where } of actions) {
            let frame = frameFor(nonce)
            if (forge) {
              frame = frame.slice()
              frame[[4, 5, frame.length - 1][where]!]! ^= 0x40 // ciphertext or tag byte
            }
            const fresh = nonce + 1024 > highest && (nonce > highest || !seen.has(nonce))
            const result = rx.tryDecrypt(frame)
            if (!fresh) expect(result).toBe(TransportRejection.REPLAY)
            else if (forge) expect(result).toBe(TransportRejection.AUTH_FAILED)
            else {
              expect(result).toBeInstanceOf(Uint8Array)
              expect(toHex(result as Uint8Array)).toBe(toHex(payloadFor(nonce)))
              seen.add(nonce)
              highest = Math.max(highest, nonce)
            }
            expect(rx.highestReceivedNonce).toBe(highest)
            expect(rx.messagesReceived).toBe(seen.size)
          }
        }),
        { numRuns: 200 },
      )
    })
  })
}
