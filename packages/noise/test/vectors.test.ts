/**
 * Every handshake and transport message of the cacophony, snow and noise-c vector sets
 * (Noise_XX/XK/IK/NK_25519_ChaChaPoly_SHA256), on every provider. None of the sets has pattern X;
 * `handshake.test.ts` covers X by round trip and a hand-derived check.
 */
import { describe, expect, it } from 'vitest'
import { toHex } from '@bitmesh-internal/test-vectors'
import type { CryptoProvider } from '@bitmesh/interface'
import { BitchatTransport, HandshakeState, keyPairFromPrivateKey, type PatternName } from '../src/index.js'
import { providers } from './helpers/providers.js'
import { loadNoiseVectors, type NoiseVector } from './helpers/vectors.js'

function runVector(crypto: CryptoProvider, v: NoiseVector): { transportChecked: number } {
  const pattern = v.pattern as PatternName
  const init = new HandshakeState({
    crypto,
    pattern,
    initiator: true,
    prologue: v.initPrologue,
    staticKeyPair: v.initStatic && keyPairFromPrivateKey(crypto, v.initStatic),
    remoteStaticPublicKey: v.initRemoteStatic,
    ephemeralPrivateKey: v.initEphemeral,
  })
  const resp = new HandshakeState({
    crypto,
    pattern,
    initiator: false,
    prologue: v.respPrologue,
    staticKeyPair: v.respStatic && keyPairFromPrivateKey(crypto, v.respStatic),
    ephemeralPrivateKey: v.respEphemeral,
  })
  expect(init.protocolName).toBe(v.protocolName)

  let i = 0
  for (; init.status !== 'complete'; i++) {
    const msg = v.messages[i]!
    const [writer, reader] = i % 2 === 0 ? [init, resp] : [resp, init]
    expect(writer.status).toBe('write')
    expect(toHex(writer.writeMessage(msg.payload))).toBe(toHex(msg.ciphertext))
    expect(toHex(reader.readMessage(msg.ciphertext))).toBe(toHex(msg.payload))
  }
  expect(resp.status).toBe('complete')
  expect(toHex(init.getHandshakeHash())).toBe(toHex(resp.getHandshakeHash()))
  if (v.handshakeHash) expect(toHex(init.getHandshakeHash())).toBe(toHex(v.handshakeHash))
  if (v.initStatic && pattern !== 'NK') {
    expect(toHex(resp.remoteStaticPublicKey!)).toBe(toHex(crypto.x25519.getPublicKey(v.initStatic)))
  }

  // Transport: raw Noise CipherStates must reproduce the vector exactly ...
  const a = init.split()
  const b = resp.split()
  const transportStart = i
  for (; i < v.messages.length; i++) {
    const msg = v.messages[i]!
    const [tx, rx] = i % 2 === 0 ? [a.send, b.receive] : [b.send, a.receive]
    expect(toHex(tx.encryptWithAd(new Uint8Array(0), msg.payload))).toBe(toHex(msg.ciphertext))
    expect(toHex(rx.decryptWithAd(new Uint8Array(0), msg.ciphertext))).toBe(toHex(msg.payload))
  }
  return { transportChecked: i - transportStart }
}

/** Same keys through bitchat framing: the frame is BE32(n) ‖ the vector's ciphertext. */
function runVectorFramed(crypto: CryptoProvider, v: NoiseVector): void {
  const pattern = v.pattern as PatternName
  const init = new HandshakeState({
    crypto,
    pattern,
    initiator: true,
    prologue: v.initPrologue,
    staticKeyPair: v.initStatic && keyPairFromPrivateKey(crypto, v.initStatic),
    remoteStaticPublicKey: v.initRemoteStatic,
    ephemeralPrivateKey: v.initEphemeral,
  })
  const resp = new HandshakeState({
    crypto,
    pattern,
    initiator: false,
    prologue: v.respPrologue,
    staticKeyPair: v.respStatic && keyPairFromPrivateKey(crypto, v.respStatic),
    ephemeralPrivateKey: v.respEphemeral,
  })
  let i = 0
  for (; init.status !== 'complete'; i++) {
    const [writer, reader] = i % 2 === 0 ? [init, resp] : [resp, init]
    reader.readMessage(writer.writeMessage(v.messages[i]!.payload))
  }
  const a = new BitchatTransport(init.split())
  const b = new BitchatTransport(resp.split())
  const counters = [0, 0]
  for (; i < v.messages.length; i++) {
    const msg = v.messages[i]!
    const dir = i % 2
    const [tx, rx] = dir === 0 ? [a, b] : [b, a]
    const frame = tx.encrypt(msg.payload)
    const n = counters[dir]!++
    expect(toHex(frame)).toBe(n.toString(16).padStart(8, '0') + toHex(msg.ciphertext))
    expect(toHex(rx.decrypt(frame))).toBe(toHex(msg.payload))
  }
}

for (const source of ['cacophony', 'snow', 'noise-c'] as const) {
  describe(`Noise vectors: ${source}`, () => {
    const vectors = loadNoiseVectors(source)

    it('holds XX, XK, IK and NK (and no X)', () => {
      expect(vectors.map((v) => v.pattern).sort()).toEqual(['IK', 'NK', 'XK', 'XX'])
    })

    for (const crypto of providers) {
      for (const v of vectors) {
        it(`${v.protocolName} [${crypto.name}]: every handshake and transport message`, () => {
          const { transportChecked } = runVector(crypto, v)
          // cacophony/noise-c: 6 messages; snow: 5 (XX/XK) or 4 (IK/NK). At least 2 transport each.
          expect(transportChecked).toBe(v.messages.length - (v.pattern === 'XX' || v.pattern === 'XK' ? 3 : 2))
          expect(transportChecked).toBeGreaterThanOrEqual(2)
        })
        it(`${v.protocolName} [${crypto.name}]: transport through bitchat framing`, () => {
          runVectorFramed(crypto, v)
        })
      }
    }
  })
}
