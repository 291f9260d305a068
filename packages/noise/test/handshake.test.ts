import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError, type CryptoProvider } from '@bitmesh/interface'
import {
  BITCHAT_XX_MESSAGE_BYTES,
  BITCHAT_PROTOCOL_NAME,
  BitchatTransport,
  createBitchatHandshake,
  dh,
  generateKeyPair,
  handshakeMessageLength,
  HandshakeState,
  isLowOrderPublicKey,
  noiseHkdf,
  PATTERNS,
  type HandshakeOptions,
  type PatternName,
} from '../src/index.js'
import { providers } from './helpers/providers.js'
import { seededRng } from './helpers/rng.js'

/** Small-order X25519 encodings (top bit clear), as in src/dh.ts. */
const LOW_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
].map(hex)

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (isBitMeshError(e)) return e.code
    return (e as Error).name
  }
  return 'no error'
}

interface Pair {
  init: HandshakeState
  resp: HandshakeState
  initKeys: ReturnType<typeof generateKeyPair>
  respKeys: ReturnType<typeof generateKeyPair>
}

function makePair(pattern: PatternName, ci: CryptoProvider, cr: CryptoProvider = ci, extra: Partial<HandshakeOptions> = {}): Pair {
  const initKeys = generateKeyPair(ci)
  const respKeys = generateKeyPair(cr)
  const needsRs = PATTERNS[pattern].responderPreMessage.length > 0
  const init = new HandshakeState({
    crypto: ci,
    pattern,
    initiator: true,
    staticKeyPair: initKeys,
    remoteStaticPublicKey: needsRs ? respKeys.publicKey : undefined,
    ...extra,
  })
  const resp = new HandshakeState({ crypto: cr, pattern, initiator: false, staticKeyPair: respKeys, ...extra })
  return { init, resp, initKeys, respKeys }
}

/** Run all messages; returns the message sizes. */
function runHandshake({ init, resp }: Pair, payloads: Uint8Array[] = []): number[] {
  const sizes: number[] = []
  for (let i = 0; init.status !== 'complete'; i++) {
    const [w, r] = i % 2 === 0 ? [init, resp] : [resp, init]
    const payload = payloads[i] ?? new Uint8Array(0)
    const msg = w.writeMessage(payload)
    sizes.push(msg.length)
    expect(toHex(r.readMessage(msg))).toBe(toHex(payload))
  }
  expect(resp.status).toBe('complete')
  return sizes
}

const providerPairs: [CryptoProvider, CryptoProvider][] = providers.flatMap((a) => providers.map((b) => [a, b] as [CryptoProvider, CryptoProvider]))

describe('XX as bitchat uses it', () => {
  for (const [ci, cr] of providerPairs) {
    it(`empty payloads give 32/96/64-byte messages; transports interoperate [${ci.name} initiator, ${cr.name} responder]`, () => {
      const pair = makePair('XX', ci, cr)
      expect(pair.init.status).toBe('write')
      expect(pair.resp.status).toBe('read')
      expect(pair.init.nextMessageLength()).toBe(32)
      expect(runHandshake(pair)).toEqual([...BITCHAT_XX_MESSAGE_BYTES])
      expect(toHex(pair.init.getHandshakeHash())).toBe(toHex(pair.resp.getHandshakeHash()))
      expect(toHex(pair.init.remoteStaticPublicKey!)).toBe(toHex(pair.respKeys.publicKey))
      expect(toHex(pair.resp.remoteStaticPublicKey!)).toBe(toHex(pair.initKeys.publicKey))

      const a = new BitchatTransport(pair.init.split())
      const b = new BitchatTransport(pair.resp.split())
      expect(pair.init.status).toBe('split')
      expect(toHex(a.handshakeHash!)).toBe(toHex(b.handshakeHash!))
      expect(toHex(b.remoteStaticPublicKey!)).toBe(toHex(pair.initKeys.publicKey))
      for (let i = 0; i < 5; i++) {
        const m = ascii(`hello ${i}`)
        expect(toHex(b.decrypt(a.encrypt(m)))).toBe(toHex(m))
        expect(toHex(a.decrypt(b.encrypt(m)))).toBe(toHex(m))
      }
    })
  }

  for (const [ci, cr] of providerPairs) {
    it(`createBitchatHandshake: XX, empty prologue, 32/96/64 bytes, counters [${ci.name} → ${cr.name}]`, () => {
      const i = createBitchatHandshake({ crypto: ci, initiator: true, staticKeyPair: generateKeyPair(ci) })
      const r = createBitchatHandshake({ crypto: cr, initiator: false, staticKeyPair: generateKeyPair(cr) })
      expect(i.protocolName).toBe(BITCHAT_PROTOCOL_NAME)
      // Empty prologue is still mixed: h = SHA-256(name ‖ ε) before message 1 (§5.1).
      expect(toHex(i.getHandshakeHash())).toBe(toHex(ci.sha256(ascii(BITCHAT_PROTOCOL_NAME))))
      const m1 = i.writeMessage()
      r.readMessage(m1)
      const m2 = r.writeMessage()
      i.readMessage(m2)
      const m3 = i.writeMessage()
      r.readMessage(m3)
      expect([m1.length, m2.length, m3.length]).toEqual([32, 96, 64])
      const a = new BitchatTransport(i.split())
      const b = new BitchatTransport(r.split())
      b.decrypt(a.encrypt(new Uint8Array([0x03, 0x41])))
      a.decrypt(b.encrypt(new Uint8Array([0x02, 0x42])))
      a.encrypt(new Uint8Array(1))
      expect([a.messagesSent, a.messagesReceived, b.messagesSent, b.messagesReceived]).toEqual([2, 1, 1, 1])
    })
  }

  it('the same injected Rng gives the same handshake bytes (deterministic simulation)', () => {
    const crypto = providers[0]!
    const s1 = generateKeyPair(crypto, seededRng(1))
    const s2 = generateKeyPair(crypto, seededRng(2))
    const run = () => {
      const i = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: s1, rng: seededRng(10) })
      const r = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: s2, rng: seededRng(20) })
      const m1 = i.writeMessage()
      r.readMessage(m1)
      const m2 = r.writeMessage()
      return toHex(m1) + toHex(m2)
    }
    expect(run()).toBe(run())
    expect(run().slice(0, 64)).toBe(toHex(crypto.x25519.getPublicKey(seededRng(10).randomBytes(32))))
  })
})

describe('every pattern round-trips with payloads', () => {
  for (const crypto of providers) {
    for (const pattern of Object.keys(PATTERNS) as PatternName[]) {
      it(`${pattern} [${crypto.name}]`, () => {
        const pair = makePair(pattern, crypto, crypto, { prologue: ascii('bitmesh test') })
        const payloads = [ascii('one'), ascii('two'), ascii('three')]
        const sizes = runHandshake(pair, payloads)
        sizes.forEach((size, i) => expect(size).toBe(handshakeMessageLength(PATTERNS[pattern], i, payloads[i]!.length)))
        if (pattern === 'NK') expect(pair.resp.remoteStaticPublicKey).toBeNull()
        else expect(toHex(pair.resp.remoteStaticPublicKey!)).toBe(toHex(pair.initKeys.publicKey))
        if (PATTERNS[pattern].oneWay) {
          const tx = pair.init.splitOneWay()
          const rx = pair.resp.splitOneWay()
          expect(toHex(rx.decryptWithAd(new Uint8Array(0), tx.encryptWithAd(new Uint8Array(0), ascii('sealed'))))).toBe(
            toHex(ascii('sealed')),
          )
        } else {
          const a = pair.init.split()
          const b = pair.resp.split()
          expect(toHex(b.receive.decryptWithAd(new Uint8Array(0), a.send.encryptWithAd(new Uint8Array(0), ascii('→'))))).toBe(toHex(ascii('→')))
          expect(toHex(a.receive.decryptWithAd(new Uint8Array(0), b.send.encryptWithAd(new Uint8Array(0), ascii('←'))))).toBe(toHex(ascii('←')))
        }
      })
    }

    it(`a prologue mismatch fails at the first encrypted field [${crypto.name}]`, () => {
      const pair = makePair('XX', crypto)
      const resp = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: pair.respKeys, prologue: ascii('other') })
      resp.readMessage(pair.init.writeMessage())
      expect(codeOf(() => pair.init.readMessage(resp.writeMessage()))).toBe('AUTH_FAILED')
    })
  }
})

describe('one-way X (no third-party vector has it)', () => {
  for (const crypto of providers) {
    it(`matches a hand derivation from the primitives [${crypto.name}]`, () => {
      const s = generateKeyPair(crypto, seededRng(5))
      const rs = generateKeyPair(crypto, seededRng(6))
      const ePriv = seededRng(7).randomBytes(32)
      const prologue = ascii('bitchat-courier-v1') // §5.7
      const payload = ascii('typed private message')
      const hs = new HandshakeState({
        crypto,
        pattern: 'X',
        initiator: true,
        prologue,
        staticKeyPair: s,
        remoteStaticPublicKey: rs.publicKey,
        ephemeralPrivateKey: ePriv,
      })
      const msg = hs.writeMessage(payload)

      // By hand: name is 31 bytes → zero-padded.
      let h: Uint8Array = cat(ascii('Noise_X_25519_ChaChaPoly_SHA256'), new Uint8Array(1))
      let ck = h
      const mixHash = (d: Uint8Array) => (h = crypto.sha256(cat(h, d)))
      const hkdf = (ikm: Uint8Array) => {
        const t = crypto.hmacSha256(ck, ikm)
        const o1 = crypto.hmacSha256(t, new Uint8Array([1]))
        const o2 = crypto.hmacSha256(t, cat(o1, new Uint8Array([2])))
        return [o1, o2] as const
      }
      const seal = (k: Uint8Array, p: Uint8Array, ad: Uint8Array) => crypto.chacha20poly1305.seal(k, new Uint8Array(12), p, ad)
      mixHash(prologue)
      mixHash(rs.publicKey) // <- s pre-message
      const ePub = crypto.x25519.getPublicKey(ePriv)
      mixHash(ePub) // e
      let k: Uint8Array
      ;[ck, k] = hkdf(crypto.x25519.sharedSecret(ePriv, rs.publicKey)) // es
      const encS = seal(k, s.publicKey, h) // s
      mixHash(encS)
      ;[ck, k] = hkdf(crypto.x25519.sharedSecret(s.privateKey, rs.publicKey)) // ss
      const encP = seal(k, payload, h) // payload
      mixHash(encP)
      expect(toHex(msg)).toBe(toHex(cat(ePub, encS, encP)))
      expect(toHex(hs.getHandshakeHash())).toBe(toHex(h))
      expect(msg.length).toBe(32 + 48 + payload.length + 16)

      const [k1] = hkdf(new Uint8Array(0))
      const c1 = hs.splitOneWay()
      const t = ascii('transport')
      expect(toHex(c1.encryptWithAd(new Uint8Array(0), t))).toBe(toHex(seal(k1, t, new Uint8Array(0))))

      // The responder opens it and learns the sender.
      const r = new HandshakeState({ crypto, pattern: 'X', initiator: false, prologue, staticKeyPair: rs })
      expect(toHex(r.readMessage(msg))).toBe(toHex(payload))
      expect(toHex(r.remoteStaticPublicKey!)).toBe(toHex(s.publicKey))
      expect(() => r.split()).toThrow(TypeError)
    })
  }
})

describe('misuse and malformed input', () => {
  const crypto = providers[0]!

  it('constructor rejects unknown patterns, missing and misplaced keys with TypeError', () => {
    const kp = generateKeyPair(crypto)
    expect(() => new HandshakeState({ crypto, pattern: 'ZZ' as PatternName, initiator: true })).toThrow(TypeError)
    expect(() => new HandshakeState({ crypto, pattern: 'XX', initiator: true })).toThrow(TypeError)
    expect(() => new HandshakeState({ crypto, pattern: 'IK', initiator: true, staticKeyPair: kp })).toThrow(TypeError)
    expect(
      () => new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: kp, remoteStaticPublicKey: kp.publicKey }),
    ).toThrow(TypeError)
    expect(
      () => new HandshakeState({ crypto, pattern: 'NK', initiator: true, remoteStaticPublicKey: new Uint8Array(31) }),
    ).toThrow(TypeError)
    expect(
      () => new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: kp, ephemeralPrivateKey: new Uint8Array(5) }),
    ).toThrow(TypeError)
    // NK initiator needs no static key.
    expect(new HandshakeState({ crypto, pattern: 'NK', initiator: true, remoteStaticPublicKey: kp.publicKey }).status).toBe('write')
  })

  it('out-of-turn calls throw HANDSHAKE_ERROR and leave the state usable', () => {
    const pair = makePair('XX', crypto)
    expect(codeOf(() => pair.resp.writeMessage())).toBe('HANDSHAKE_ERROR')
    expect(codeOf(() => pair.init.readMessage(new Uint8Array(96)))).toBe('HANDSHAKE_ERROR')
    expect(codeOf(() => pair.init.split())).toBe('HANDSHAKE_ERROR')
    expect(pair.resp.status).toBe('read')
    const m1 = pair.init.writeMessage()
    pair.resp.readMessage(m1)
    // A duplicated message 1 arriving while the responder must write: refused, state kept.
    expect(codeOf(() => pair.resp.readMessage(m1))).toBe('HANDSHAKE_ERROR')
    expect(pair.resp.status).toBe('write')
    pair.init.readMessage(pair.resp.writeMessage())
    pair.resp.readMessage(pair.init.writeMessage())
    expect(pair.init.status).toBe('complete')
    expect(codeOf(() => pair.init.writeMessage())).toBe('HANDSHAKE_ERROR')
    expect(() => pair.init.splitOneWay()).toThrow(TypeError)
    pair.init.split()
    expect(codeOf(() => pair.init.split())).toBe('HANDSHAKE_ERROR')
  })

  it('wrong lengths are HANDSHAKE_ERROR; a bad tag is AUTH_FAILED; the state then fails for good', () => {
    // Message 1 of XX is e (32 bytes) + clear payload: 31 bytes is too short.
    let pair = makePair('XX', crypto)
    expect(codeOf(() => pair.resp.readMessage(pair.init.writeMessage().subarray(0, 31)))).toBe('HANDSHAKE_ERROR')
    expect(pair.resp.status).toBe('failed')
    expect(codeOf(() => pair.resp.writeMessage())).toBe('HANDSHAKE_ERROR')

    // Message 2 is at least 96 bytes.
    pair = makePair('XX', crypto)
    pair.resp.readMessage(pair.init.writeMessage())
    const m2 = pair.resp.writeMessage()
    expect(codeOf(() => pair.init.readMessage(m2.subarray(0, 95)))).toBe('HANDSHAKE_ERROR')
    expect(pair.init.status).toBe('failed')

    // Each flipped byte of message 2 and 3 is caught (e bytes change the keys → AUTH_FAILED).
    for (const index of [0, 31, 32, 79, 80, 95]) {
      pair = makePair('XX', crypto)
      pair.resp.readMessage(pair.init.writeMessage())
      const m = pair.resp.writeMessage()
      m[index]! ^= 0x01
      const code = codeOf(() => pair.init.readMessage(m))
      expect(['AUTH_FAILED', 'CRYPTO_ERROR']).toContain(code)
      expect(pair.init.status).toBe('failed')
    }
    for (const index of [0, 47, 48, 63]) {
      pair = makePair('XX', crypto)
      pair.resp.readMessage(pair.init.writeMessage())
      pair.init.readMessage(pair.resp.writeMessage())
      const m3 = pair.init.writeMessage()
      m3[index]! ^= 0x80
      expect(codeOf(() => pair.resp.readMessage(m3))).toBe('AUTH_FAILED')
    }
    // Trailing garbage changes the payload length → tag mismatch.
    pair = makePair('XX', crypto)
    pair.resp.readMessage(pair.init.writeMessage())
    expect(codeOf(() => pair.init.readMessage(cat(pair.resp.writeMessage(), new Uint8Array(1))))).toBe('AUTH_FAILED')
    // Over the Noise maximum.
    pair = makePair('XX', crypto)
    expect(codeOf(() => pair.resp.readMessage(new Uint8Array(65_536)))).toBe('HANDSHAKE_ERROR')
  })

  it('a payload that would exceed 65 535 bytes is a RangeError and changes nothing', () => {
    const pair = makePair('XX', crypto)
    expect(() => pair.init.writeMessage(new Uint8Array(65_535 - 31))).toThrow(RangeError)
    expect(pair.init.status).toBe('write')
    expect(pair.init.writeMessage(new Uint8Array(65_535 - 32)).length).toBe(65_535)
  })

  it('readMessage with a non-Uint8Array is a TypeError and changes nothing', () => {
    const pair = makePair('XX', crypto)
    expect(() => pair.resp.readMessage('hello' as unknown as Uint8Array)).toThrow(TypeError)
    expect(pair.resp.status).toBe('read')
  })

  it('random bytes as any handshake message only ever raise typed CryptoErrors (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.uint8Array({ minLength: 0, maxLength: 200 }), (step, junk) => {
        const pair = makePair('XX', crypto)
        let target = pair.resp
        if (step >= 1) {
          pair.resp.readMessage(pair.init.writeMessage())
          target = pair.init
        }
        if (step === 2) {
          pair.init.readMessage(pair.resp.writeMessage())
          target = pair.resp
        }
        try {
          target.readMessage(junk)
        } catch (e) {
          expect(isBitMeshError(e) && ['HANDSHAKE_ERROR', 'AUTH_FAILED', 'CRYPTO_ERROR'].includes(e.code)).toBe(true)
          expect(target.status).toBe('failed')
          return
        }
        // Only message 1 (clear) can accept junk: ≥ 32 bytes and not a small-order key.
        expect(step).toBe(0)
        expect(junk.length).toBeGreaterThanOrEqual(32)
      }),
      { numRuns: 150 },
    )
  })
})

describe('small-order public keys are rejected', () => {
  for (const crypto of providers) {
    it(`every listed encoding (and its top-bit-set twin) forces DH to zero and dh() throws CRYPTO_ERROR [${crypto.name}]`, () => {
      const kp = generateKeyPair(crypto)
      for (const point of LOW_ORDER) {
        for (const p of [point, Uint8Array.from(point, (b, i) => (i === 31 ? b | 0x80 : b))]) {
          expect(isLowOrderPublicKey(p)).toBe(true)
          expect(codeOf(() => dh(crypto, kp.privateKey, p))).toBe('CRYPTO_ERROR')
        }
      }
      // Ordinary keys pass.
      for (let i = 0; i < 20; i++) expect(isLowOrderPublicKey(generateKeyPair(crypto).publicKey)).toBe(false)
    })

    it(`in message 1 (e), message 2 (e) and as a pre-shared remote static key [${crypto.name}]`, () => {
      for (const point of LOW_ORDER) {
        // XX message 1: responder refuses on read.
        let pair = makePair('XX', crypto)
        const m1 = pair.init.writeMessage()
        m1.set(point, 0)
        expect(codeOf(() => pair.resp.readMessage(m1))).toBe('CRYPTO_ERROR')
        expect(pair.resp.status).toBe('failed')

        // XX message 2: initiator refuses on read.
        pair = makePair('XX', crypto)
        pair.resp.readMessage(pair.init.writeMessage())
        const m2 = pair.resp.writeMessage()
        m2.set(point, 0)
        expect(codeOf(() => pair.init.readMessage(m2))).toBe('CRYPTO_ERROR')

        // IK with a small-order responder key given up front: the first DH refuses.
        const hs = new HandshakeState({
          crypto,
          pattern: 'IK',
          initiator: true,
          staticKeyPair: generateKeyPair(crypto),
          remoteStaticPublicKey: point,
        })
        expect(codeOf(() => hs.writeMessage())).toBe('CRYPTO_ERROR')
        expect(hs.status).toBe('failed')
      }
    })
  }

  it('a provider that throws a plain Error for a bad key is normalised to CRYPTO_ERROR', () => {
    const crypto = providers[0]!
    const throwing: CryptoProvider = {
      ...crypto,
      x25519: {
        getPublicKey: crypto.x25519.getPublicKey,
        sharedSecret: () => {
          throw new Error('library says no')
        },
      },
    }
    const zero: CryptoProvider = { ...crypto, x25519: { ...crypto.x25519, sharedSecret: () => new Uint8Array(32) } }
    const kp = generateKeyPair(crypto)
    expect(codeOf(() => dh(throwing, kp.privateKey, kp.publicKey))).toBe('CRYPTO_ERROR')
    expect(codeOf(() => dh(zero, kp.privateKey, kp.publicKey))).toBe('CRYPTO_ERROR')
  })
})

describe('zeroisation', () => {
  const crypto = providers[0]!

  it('ephemeral private keys and handshake cipher keys are zeroed; caller arrays are untouched', () => {
    const dhPrivs: Uint8Array[] = []
    const dhOuts: Uint8Array[] = []
    const aeadKeys: Uint8Array[] = []
    const spy: CryptoProvider = {
      ...crypto,
      x25519: {
        getPublicKey: crypto.x25519.getPublicKey,
        sharedSecret: (priv, pub) => {
          dhPrivs.push(priv)
          const out = crypto.x25519.sharedSecret(priv, pub)
          dhOuts.push(out)
          return out
        },
      },
      chacha20poly1305: {
        seal: (k, n, p, a) => {
          aeadKeys.push(k)
          return crypto.chacha20poly1305.seal(k, n, p, a)
        },
        open: (k, n, c, a) => {
          aeadKeys.push(k)
          return crypto.chacha20poly1305.open(k, n, c, a)
        },
      },
    }
    const fixedE = seededRng(3).randomBytes(32)
    const fixedCopy = fixedE.slice()
    const s1 = generateKeyPair(crypto)
    const s2 = generateKeyPair(crypto)
    const s1Copy = s1.privateKey.slice()
    const init = new HandshakeState({ crypto: spy, pattern: 'XX', initiator: true, staticKeyPair: s1, ephemeralPrivateKey: fixedE })
    const resp = new HandshakeState({ crypto: spy, pattern: 'XX', initiator: false, staticKeyPair: s2 })
    resp.readMessage(init.writeMessage())
    init.readMessage(resp.writeMessage())
    resp.readMessage(init.writeMessage())
    const a = init.split()
    const b = resp.split()

    const zero = (x: Uint8Array) => x.every((v) => v === 0)
    // Static keys belong to the caller: not zeroed. Everything else the DH saw: zeroed.
    const ephemerals = dhPrivs.filter((p) => p !== s1.privateKey && p !== s2.privateKey)
    expect(ephemerals.length).toBe(4) // ee ×2, es (initiator), se (responder)
    expect(ephemerals.every(zero)).toBe(true)
    expect(dhOuts.every(zero)).toBe(true)
    expect(toHex(fixedE)).toBe(toHex(fixedCopy))
    expect(toHex(s1.privateKey)).toBe(toHex(s1Copy))
    // Every handshake-phase cipher key buffer is zero now; transport keys are alive until destroy.
    expect(aeadKeys.every(zero)).toBe(true)
    const t = new BitchatTransport(a)
    new BitchatTransport(b).decrypt(t.encrypt(new Uint8Array(4)))
    const live = aeadKeys.slice(-2)
    expect(live.some(zero)).toBe(false)
    t.destroy()
    expect(zero(live[0]!)).toBe(true)
  })

  it('destroy() mid-handshake zeroes the ephemeral key and fails the state', () => {
    const privs: Uint8Array[] = []
    const spy: CryptoProvider = {
      ...crypto,
      x25519: {
        getPublicKey: (p) => {
          privs.push(p)
          return crypto.x25519.getPublicKey(p)
        },
        sharedSecret: crypto.x25519.sharedSecret,
      },
    }
    const hs = new HandshakeState({ crypto: spy, pattern: 'XX', initiator: true, staticKeyPair: generateKeyPair(crypto) })
    hs.writeMessage()
    expect(privs[0]!.some((b) => b !== 0)).toBe(true)
    hs.destroy()
    expect(privs[0]!.every((b) => b === 0)).toBe(true)
    expect(hs.status).toBe('failed')
  })
})

describe('pattern table', () => {
  it('message lengths with empty payloads', () => {
    const lengths = (p: PatternName) => PATTERNS[p].messages.map((_, i) => handshakeMessageLength(PATTERNS[p], i))
    expect(lengths('XX')).toEqual([32, 96, 64])
    expect(lengths('XK')).toEqual([48, 48, 64])
    expect(lengths('IK')).toEqual([96, 48])
    expect(lengths('NK')).toEqual([48, 48])
    expect(lengths('X')).toEqual([96])
    expect(() => handshakeMessageLength(PATTERNS.XX, 3)).toThrow(RangeError)
  })

  it('accepts a valid custom row (N: one-way, anonymous sender) and rejects malformed ones', () => {
    const crypto = providers[0]!
    const N = { name: 'N', initiatorPreMessage: [], responderPreMessage: ['s'], messages: [['e', 'es']], oneWay: true } as const
    const r = generateKeyPair(crypto)
    const i = new HandshakeState({ crypto, pattern: N, initiator: true, remoteStaticPublicKey: r.publicKey })
    const rr = new HandshakeState({ crypto, pattern: N, initiator: false, staticKeyPair: r })
    expect(i.protocolName).toBe('Noise_N_25519_ChaChaPoly_SHA256')
    expect(toHex(rr.readMessage(i.writeMessage(ascii('hi'))))).toBe(toHex(ascii('hi')))
    expect(toHex(rr.splitOneWay().decryptWithAd(new Uint8Array(0), i.splitOneWay().encryptWithAd(new Uint8Array(0), ascii('x'))))).toBe(
      toHex(ascii('x')),
    )
    const bad = [
      { ...N, messages: [['e', 'e']] },
      { ...N, messages: [['e', 'zz']] },
      { ...N, messages: [] },
      { ...N, messages: [['e'], ['e']], oneWay: true },
      { ...N, name: 'N N' },
      { ...N, responderPreMessage: ['ss'] },
    ]
    for (const p of bad) {
      expect(() => new HandshakeState({ crypto, pattern: p as never, initiator: true, remoteStaticPublicKey: r.publicKey })).toThrow(TypeError)
    }
  })

  it('noiseHkdf with an empty IKM is what Split uses', () => {
    const crypto = providers[0]!
    expect(noiseHkdf(crypto, new Uint8Array(32), new Uint8Array(0), 2).length).toBe(64)
  })
})
