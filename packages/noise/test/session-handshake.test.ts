import { describe, expect, it } from 'vitest'
import { nobleCryptoProvider } from '@bitmesh/crypto'
import { generateKeyPair, HandshakeState, NoiseSessionManager, peerIdFromStaticKey, peerIdToHex } from '../src/index.js'
import { nodeTestProvider as crypto } from './helpers/node-test-provider.js'
import { seededRng } from './helpers/rng.js'
import { codeOf, fakePeerId, hexOf, identity, orderedPair, payload, TestNet } from './session-harness.js'

describe('NoiseSessionManager: lazy handshake', () => {
  it('queues payloads behind one XX handshake (32/96/64 bytes) and flushes them in order', () => {
    const net = new TestNet()
    const a = net.add(identity(1))
    const b = net.add(identity(2))

    expect(a.manager.sendPayload(b.id, payload(0xa, 1))).toBe('queued')
    expect(a.manager.sendPayload(b.id, payload(0xa, 2))).toBe('queued')
    expect(a.manager.sendPayload(b.id.toUpperCase(), payload(0xa, 3))).toBe('queued')
    const out = net.link(a.id, b.id)
    expect(out.map((f) => [f.kind, f.bytes.length])).toEqual([['handshake', 32]])
    expect(a.manager.peerState(b.id)).toMatchObject({ status: 'handshaking', handshakeRole: 'initiator', queuedPayloads: 3 })

    expect(net.deliver(a.id, b.id)).toBe('responded')
    expect(net.link(b.id, a.id).map((f) => [f.kind, f.bytes.length])).toEqual([['handshake', 96]])
    expect(net.deliver(b.id, a.id)).toBe('established')
    // Message 3 first, then the three payloads (plaintext 6 + 20 bytes of framing).
    expect(out.map((f) => [f.kind, f.bytes.length])).toEqual([
      ['handshake', 64],
      ['transport', 26],
      ['transport', 26],
      ['transport', 26],
    ])
    expect(net.deliver(a.id, b.id)).toBe('established')
    expect(net.deliver(a.id, b.id)).toBe('delivered')
    net.deliverAll()

    expect(b.from(a.id).map(hexOf)).toEqual([payload(0xa, 1), payload(0xa, 2), payload(0xa, 3)].map(hexOf))
    expect(a.manager.sendPayload(b.id, payload(0xa, 4))).toBe('sent')
    expect(b.manager.sendPayload(a.id, payload(0xb, 1))).toBe('sent')
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(4)
    expect(a.from(b.id).map(hexOf)).toEqual([hexOf(payload(0xb, 1))])

    for (const node of [a, b]) {
      expect(node.manager.stats).toMatchObject({ handshakesStarted: 1, handshakesCompleted: 1, handshakesFailed: 0 })
      expect(node.established).toHaveLength(1)
    }
    expect(a.established[0]!.info).toMatchObject({ role: 'initiator', replacedSession: false })
    expect(b.established[0]!.info.role).toBe('responder')
    expect(hexOf(a.established[0]!.info.remoteStaticPublicKey)).toBe(hexOf(b.identity.keyPair.publicKey))
    expect(hexOf(a.established[0]!.info.handshakeHash)).toBe(hexOf(b.established[0]!.info.handshakeHash))
    expect(a.manager.stats.payloadsQueued).toBe(3)
    expect(a.manager.stats.messagesSent).toBe(4)
    expect(b.manager.stats.messagesReceived).toBe(4)
  })

  it('interoperates across crypto providers (noble on one side, node:crypto on the other)', () => {
    const net = new TestNet()
    const a = net.add(identity(3), { crypto: nobleCryptoProvider })
    const b = net.add(identity(4))
    a.manager.sendPayload(b.id, payload(1, 1))
    net.deliverAll()
    b.manager.sendPayload(a.id, payload(2, 1))
    net.deliverAll()
    expect(b.from(a.id).map(hexOf)).toEqual([hexOf(payload(1, 1))])
    expect(a.from(b.id).map(hexOf)).toEqual([hexOf(payload(2, 1))])
  })

  it('ensureSession() starts a handshake without a payload, and reports an established session', () => {
    const net = new TestNet()
    const a = net.add(identity(5))
    const b = net.add(identity(6))
    expect(a.manager.ensureSession(b.id)).toBe('handshaking')
    expect(a.manager.ensureSession(b.id)).toBe('handshaking')
    expect(net.link(a.id, b.id)).toHaveLength(1)
    net.deliverAll()
    expect(a.manager.ensureSession(b.id)).toBe('established')
    expect(a.manager.hasSession(b.id)).toBe(true)
    expect(b.manager.hasSession(a.id)).toBe(true)
  })

  it('buffers transport frames that overtake message 3 and delivers them after it', () => {
    const net = new TestNet()
    const a = net.add(identity(7))
    const b = net.add(identity(8))
    a.manager.sendPayload(b.id, payload(1, 1))
    a.manager.sendPayload(b.id, payload(1, 2))
    net.deliver(a.id, b.id)
    net.deliver(b.id, a.id)
    // a→b now holds: msg3, t1, t2. Deliver the transport frames first.
    expect(net.deliver(a.id, b.id, 1)).toBe('buffered')
    expect(net.deliver(a.id, b.id, 1)).toBe('buffered')
    expect(b.from(a.id)).toHaveLength(0)
    expect(net.deliver(a.id, b.id)).toBe('established')
    expect(b.from(a.id).map(hexOf)).toEqual([payload(1, 1), payload(1, 2)].map(hexOf))
  })

  it('ignores an identical message 1 re-delivered by the mesh', () => {
    const net = new TestNet()
    const a = net.add(identity(9))
    const b = net.add(identity(10))
    a.manager.sendPayload(b.id, payload(1, 1))
    const [msg1] = net.link(a.id, b.id)
    net.deliver(a.id, b.id)
    expect(net.inject(msg1!)).toBe('ignored')
    expect(net.link(b.id, a.id)).toHaveLength(1)
    net.deliverAll()
    expect(net.inject(msg1!)).toBe('ignored')
    expect(b.manager.stats.duplicateInitiationsIgnored).toBe(2)
    expect(b.manager.hasSession(a.id)).toBe(true)
    expect(b.from(a.id)).toHaveLength(1)
  })

  it('drops handshake messages no state expects', () => {
    const net = new TestNet()
    const a = net.add(identity(11))
    const b = net.add(identity(12))
    expect(a.manager.receiveHandshake(b.id, new Uint8Array(96))).toBe('unexpected')
    expect(a.manager.receiveHandshake(b.id, new Uint8Array(64))).toBe('unexpected')
    expect(a.manager.receiveHandshake(b.id, new Uint8Array(0))).toBe('unexpected')
    a.manager.sendPayload(b.id, payload(1, 1))
    // Waiting for message 2 (96 bytes): a 64- or 97-byte frame does not disturb the handshake.
    expect(a.manager.receiveHandshake(b.id, new Uint8Array(64))).toBe('unexpected')
    expect(a.manager.receiveHandshake(b.id, new Uint8Array(97))).toBe('unexpected')
    expect(a.manager.receiveHandshake(a.id, new Uint8Array(32))).toBe('unexpected')
    expect(a.manager.stats.unexpectedHandshakeMessages).toBe(6)
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(1)
  })

  it('a forged message 2 fails the handshake and reports the queued payloads', () => {
    const net = new TestNet()
    const a = net.add(identity(13))
    const b = identity(14)
    a.manager.sendPayload(b.peerId, payload(1, 1))
    const forged = seededRng(99).randomBytes(96)
    expect(a.manager.receiveHandshake(b.peerId, forged)).toBe('failed')
    expect(a.handshakeFailures).toEqual([{ peer: b.peerId, code: 'AUTH_FAILED' }])
    expect(a.sendFailures).toHaveLength(1)
    expect(hexOf(a.sendFailures[0]!.payloads[0]!)).toBe(hexOf(payload(1, 1)))
    expect(a.manager.peerCount).toBe(0)
    expect(net.clock.pendingTimers).toBe(0)
  })

  it('rejects a message 1 carrying a small-order ephemeral key without touching the session', () => {
    const net = new TestNet()
    const a = net.add(identity(15))
    const b = net.add(identity(16))
    a.manager.sendPayload(b.id, payload(1, 1))
    net.deliverAll()
    expect(b.manager.receiveHandshake(a.id, new Uint8Array(32))).toBe('failed')
    expect(b.manager.hasSession(a.id)).toBe(true)
    expect(b.manager.peerState(a.id).hasRetiredSession).toBe(false)
    a.manager.sendPayload(b.id, payload(1, 2))
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(2)
  })
})

describe('NoiseSessionManager: crossed initiations (§5.3)', () => {
  for (const first of ['small→large', 'large→small'] as const) {
    it(`smaller ID keeps the initiator role, larger yields and keeps its queue (${first} delivered first)`, () => {
      const { small: s, large: l } = orderedPair(21, 22)
      const net = new TestNet()
      const small = net.add(s)
      const large = net.add(l)
      small.manager.sendPayload(large.id, payload(0x5, 1))
      large.manager.sendPayload(small.id, payload(0x1, 1))
      large.manager.sendPayload(small.id, payload(0x1, 2))

      if (first === 'small→large') {
        expect(net.deliver(small.id, large.id)).toBe('responded')
        expect(net.deliver(large.id, small.id)).toBe('ignored') // large's own message 1
      } else {
        expect(net.deliver(large.id, small.id)).toBe('ignored')
        expect(net.deliver(small.id, large.id)).toBe('responded')
      }
      expect(large.manager.peerState(small.id)).toMatchObject({ handshakeRole: 'responder', queuedPayloads: 2 })
      net.deliverAll()

      expect(large.from(small.id).map(hexOf)).toEqual([hexOf(payload(0x5, 1))])
      expect(small.from(large.id).map(hexOf)).toEqual([payload(0x1, 1), payload(0x1, 2)].map(hexOf))
      expect(small.manager.stats).toMatchObject({ crossedInitiationsIgnored: 1, crossedInitiationsYielded: 0, handshakesFailed: 0 })
      expect(large.manager.stats).toMatchObject({ crossedInitiationsIgnored: 0, crossedInitiationsYielded: 1, handshakesFailed: 0 })
      expect(small.established[0]!.info.role).toBe('initiator')
      expect(large.established[0]!.info.role).toBe('responder')
      expect(net.clock.pendingTimers).toBe(0)
    })
  }
})

describe('NoiseSessionManager: handshake timeouts', () => {
  it('initiator gives up after 10 s, releases its state and reports the queued payloads', () => {
    const net = new TestNet()
    const a = net.add(identity(31))
    const b = identity(32)
    a.manager.sendPayload(b.peerId, payload(1, 1))
    a.manager.sendPayload(b.peerId, payload(1, 2))
    expect(net.clock.pendingTimers).toBe(1)
    net.clock.advance(9_999)
    expect(a.manager.peerState(b.peerId).status).toBe('handshaking')
    expect(a.sendFailures).toHaveLength(0)
    net.clock.advance(1)
    expect(a.manager.peerState(b.peerId).status).toBe('none')
    expect(a.manager.peerCount).toBe(0)
    expect(net.clock.pendingTimers).toBe(0)
    expect(a.handshakeFailures).toEqual([{ peer: b.peerId, code: 'TIMEOUT' }])
    expect(a.sendFailures.map((f) => [f.code, f.payloads.map(hexOf)])).toEqual([['TIMEOUT', [payload(1, 1), payload(1, 2)].map(hexOf)]])
    expect(a.manager.stats).toMatchObject({ handshakesFailed: 1, handshakesTimedOut: 1, payloadsFailed: 2 })
    // Retry is the caller's business: a new send starts a new handshake.
    expect(a.manager.sendPayload(b.peerId, payload(1, 3))).toBe('queued')
    expect(a.manager.stats.handshakesStarted).toBe(2)
  })

  it('responder gives up after 20 s', () => {
    const net = new TestNet()
    const a = net.add(identity(33))
    const b = net.add(identity(34))
    a.manager.sendPayload(b.id, payload(1, 1))
    expect(net.deliver(a.id, b.id)).toBe('responded')
    net.drop(b.id, a.id) // message 2 lost
    expect(b.manager.sendPayload(a.id, payload(2, 1))).toBe('queued')
    net.clock.advance(10_000) // a's initiator timeout
    expect(a.handshakeFailures.map((f) => f.code)).toEqual(['TIMEOUT'])
    net.clock.advance(9_999)
    expect(b.manager.peerState(a.id)).toMatchObject({ status: 'handshaking', handshakeRole: 'responder' })
    net.clock.advance(1)
    expect(b.manager.peerState(a.id).status).toBe('none')
    expect(b.handshakeFailures).toEqual([{ peer: a.id, code: 'TIMEOUT' }])
    expect(b.sendFailures.map((f) => [f.code, f.payloads.length])).toEqual([['TIMEOUT', 1]])
    expect(net.clock.pendingTimers).toBe(0)
  })

  it('custom timeouts from limits', () => {
    const net = new TestNet()
    const a = net.add(identity(35), { limits: { initiatorTimeoutMs: 500 } })
    a.manager.sendPayload(fakePeerId(1), payload(1, 1))
    net.clock.advance(499)
    expect(a.sendFailures).toHaveLength(0)
    net.clock.advance(1)
    expect(a.sendFailures).toHaveLength(1)
  })
})

describe('NoiseSessionManager: peer-ID binding (§4)', () => {
  it('responder rejects a static key that does not hash to the claimed sender ID', () => {
    const net = new TestNet()
    const a = net.add(identity(41))
    const mallory = identity(42)
    const claimed = identity(43).peerId
    const hs = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: mallory.keyPair })
    expect(a.manager.receiveHandshake(claimed, hs.writeMessage())).toBe('responded')
    const [msg2] = net.drop(a.id, claimed)
    hs.readMessage(msg2!.bytes)
    expect(a.manager.receiveHandshake(claimed, hs.writeMessage())).toBe('failed')
    expect(a.manager.stats).toMatchObject({ bindingFailures: 1, handshakesFailed: 1, handshakesCompleted: 0 })
    expect(a.handshakeFailures).toEqual([{ peer: claimed, code: 'HANDSHAKE_ERROR' }])
    expect(a.manager.hasSession(claimed)).toBe(false)
    expect(a.manager.peerCount).toBe(0)
    expect(net.clock.pendingTimers).toBe(0)
  })

  it('initiator rejects message 2 from the wrong static key and never sends message 3', () => {
    const net = new TestNet()
    const a = net.add(identity(44))
    const mallory = identity(45)
    const claimed = identity(46).peerId
    a.manager.sendPayload(claimed, payload(1, 1))
    const [msg1] = net.drop(a.id, claimed)
    const hs = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: mallory.keyPair })
    hs.readMessage(msg1!.bytes)
    expect(a.manager.receiveHandshake(claimed, hs.writeMessage())).toBe('failed')
    expect(net.link(a.id, claimed)).toHaveLength(0)
    expect(a.handshakeFailures).toEqual([{ peer: claimed, code: 'HANDSHAKE_ERROR' }])
    expect(a.sendFailures.map((f) => f.code)).toEqual(['HANDSHAKE_ERROR'])
    expect(a.manager.stats.bindingFailures).toBe(1)
  })

  it('the real key holder under its own ID succeeds', () => {
    const net = new TestNet()
    const a = net.add(identity(47))
    const m = identity(48)
    const hs = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: m.keyPair })
    a.manager.receiveHandshake(m.peerId, hs.writeMessage())
    hs.readMessage(net.drop(a.id, m.peerId)[0]!.bytes)
    expect(a.manager.receiveHandshake(m.peerId, hs.writeMessage())).toBe('established')
    expect(hexOf(a.manager.remoteStaticPublicKey(m.peerId)!)).toBe(hexOf(m.keyPair.publicKey))
  })
})

describe('NoiseSessionManager: construction', () => {
  const base = () => {
    const ident = identity(51)
    return {
      crypto,
      clock: new TestNet().clock,
      localStaticKeyPair: ident.keyPair,
      localPeerId: ident.peerId,
      send: () => {},
      onMessage: () => {},
    }
  }

  it('accepts the peer ID as bytes or hex and derives it with the provider', () => {
    const opts = base()
    const bytes = peerIdFromStaticKey(crypto, opts.localStaticKeyPair.publicKey)
    expect(new NoiseSessionManager({ ...opts, localPeerId: bytes }).localPeerId).toBe(peerIdToHex(bytes))
    expect(new NoiseSessionManager({ ...opts, localPeerId: opts.localPeerId.toUpperCase() }).localPeerId).toBe(opts.localPeerId)
  })

  it('refuses a local peer ID that is not the hash of the static key', () => {
    const other = generateKeyPair(crypto, seededRng(7))
    expect(codeOf(() => new NoiseSessionManager({ ...base(), localStaticKeyPair: other }))).toBe('TypeError')
    expect(codeOf(() => new NoiseSessionManager({ ...base(), localPeerId: 'zz' }))).toBe('TypeError')
  })

  it('validates callbacks and limits', () => {
    expect(codeOf(() => new NoiseSessionManager({ ...base(), send: undefined as never }))).toBe('TypeError')
    expect(codeOf(() => new NoiseSessionManager({ ...base(), limits: { maxPeers: 0 } }))).toBe('RangeError')
    expect(codeOf(() => new NoiseSessionManager({ ...base(), limits: { initiatorTimeoutMs: 1.5 } }))).toBe('RangeError')
    expect(codeOf(() => new NoiseSessionManager({ ...base(), limits: { nope: 1 } as never }))).toBe('TypeError')
    expect(codeOf(() => new NoiseSessionManager({ ...base(), limits: { maxFilePayloadBytes: 10 } }))).toBe('RangeError')
  })

  it('refuses our own peer ID and bad payloads as programmer errors', () => {
    const m = new NoiseSessionManager(base())
    expect(codeOf(() => m.sendPayload(m.localPeerId, payload(1, 1)))).toBe('RangeError')
    expect(codeOf(() => m.sendPayload(fakePeerId(1), new Uint8Array(0)))).toBe('RangeError')
    expect(codeOf(() => m.sendPayload(fakePeerId(1), new Uint8Array(65_536)))).toBe('RangeError')
    expect(codeOf(() => m.sendPayload(fakePeerId(1), [1] as never))).toBe('TypeError')
    expect(codeOf(() => m.sendPayload('abc', payload(1, 1)))).toBe('TypeError')
    expect(codeOf(() => m.receiveTransport(new Uint8Array(7), new Uint8Array(30)))).toBe('TypeError')
  })
})
