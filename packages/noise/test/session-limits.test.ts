import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  HandshakeState,
  normalizePeerId,
  PeerRateLimiter,
  peerIdFromHex,
  peerIdFromStaticKey,
  peerIdToHex,
  SlidingWindowLimit,
  staticKeyMatchesPeerId,
} from '../src/index.js'
import { BoundedByteQueue } from '../src/session/byte-queue.js'
import { nodeTestProvider as crypto } from './helpers/node-test-provider.js'
import { codeOf, fakePeerId, identity, payload, TestNet } from './session-harness.js'

const msg1 = () => new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: identity(999).keyPair }).writeMessage()

describe('NoiseSessionManager: handshake rate limits (§5.3, iOS)', () => {
  it('drops the 11th inbound message 1 from one peer within a minute, and recovers', () => {
    const net = new TestNet()
    const a = net.add(identity(201))
    const peer = fakePeerId(1)
    for (let i = 0; i < 10; i++) expect(a.manager.receiveHandshake(peer, msg1())).toBe('responded')
    expect(a.manager.receiveHandshake(peer, msg1())).toBe('rate-limited')
    expect(a.manager.stats).toMatchObject({ rateLimitedHandshakes: 1, handshakesStarted: 10 })
    expect(net.link(a.id, peer)).toHaveLength(10)
    // Another peer is unaffected by this peer's limit.
    expect(a.manager.receiveHandshake(fakePeerId(2), msg1())).toBe('responded')
    net.clock.advance(59_999)
    expect(a.manager.receiveHandshake(peer, msg1())).toBe('rate-limited')
    net.clock.advance(1)
    expect(a.manager.receiveHandshake(peer, msg1())).toBe('responded')
    expect(a.manager.stats.rateLimitedHandshakes).toBe(2)
  })

  it('drops inbound initiations beyond 30 per minute over all peers', () => {
    const net = new TestNet()
    const a = net.add(identity(202))
    for (let i = 0; i < 30; i++) expect(a.manager.receiveHandshake(fakePeerId(i), msg1())).toBe('responded')
    expect(a.manager.receiveHandshake(fakePeerId(30), msg1())).toBe('rate-limited')
    expect(a.manager.stats.rateLimitedHandshakes).toBe(1)
    net.clock.advance(60_000)
    expect(a.manager.receiveHandshake(fakePeerId(30), msg1())).toBe('responded')
  })

  it('refuses the 11th handshake the app starts with one peer within a minute (RATE_LIMITED)', () => {
    const net = new TestNet()
    const a = net.add(identity(203))
    const peer = fakePeerId(1)
    for (let i = 0; i < 10; i++) {
      expect(a.manager.sendPayload(peer, payload(1, i))).toBe('queued')
      a.manager.closeSession(peer)
      net.clock.advance(1_000)
    }
    expect(codeOf(() => a.manager.sendPayload(peer, payload(1, 10)))).toBe('RATE_LIMITED')
    expect(codeOf(() => a.manager.ensureSession(peer))).toBe('RATE_LIMITED')
    expect(a.manager.peerCount).toBe(0)
    expect(a.manager.stats.rateLimitedSends).toBe(2)
    net.clock.advance(50_000) // the first handshake (t0) is now 60 s old
    expect(a.manager.sendPayload(peer, payload(1, 11))).toBe('queued')
  })

  it('refuses the 31st handshake the app starts over all peers within a minute', () => {
    const net = new TestNet()
    const a = net.add(identity(204))
    for (let i = 0; i < 30; i++) a.manager.ensureSession(fakePeerId(i))
    expect(codeOf(() => a.manager.sendPayload(fakePeerId(30), payload(1, 1)))).toBe('RATE_LIMITED')
    net.clock.advance(60_000)
    expect(a.manager.sendPayload(fakePeerId(30), payload(1, 1))).toBe('queued')
  })
})

describe('NoiseSessionManager: message rate limits (§5.3, iOS)', () => {
  function established() {
    const net = new TestNet()
    const a = net.add(identity(211))
    const b = net.add(identity(212))
    a.manager.ensureSession(b.id)
    net.deliverAll()
    return { net, a, b }
  }

  it('refuses the 101st send to one peer within a second, and recovers', () => {
    const { net, a, b } = established()
    for (let i = 0; i < 100; i++) expect(a.manager.sendPayload(b.id, payload(1, i))).toBe('sent')
    expect(codeOf(() => a.manager.sendPayload(b.id, payload(1, 100)))).toBe('RATE_LIMITED')
    expect(a.manager.stats.rateLimitedSends).toBe(1)
    net.deliverAll() // within b's inbound limit too
    net.clock.advance(1_000)
    expect(a.manager.sendPayload(b.id, payload(1, 101))).toBe('sent')
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(101)
  })

  it('drops the 101st inbound frame from one peer within a second', () => {
    const { net, a, b } = established()
    for (let i = 0; i < 100; i++) a.manager.sendPayload(b.id, payload(1, i))
    net.clock.advance(1_000)
    a.manager.sendPayload(b.id, payload(1, 100))
    const outcomes = net.drop(a.id, b.id).map((f) => net.inject(f))
    expect(outcomes.filter((o) => o === 'delivered')).toHaveLength(100)
    expect(outcomes[100]).toBe('rate-limited')
    expect(b.manager.stats.rateLimitedMessages).toBe(1)
    expect(b.manager.hasSession(a.id)).toBe(true)
  })

  it('applies the global message limit over all peers', () => {
    const net = new TestNet()
    const a = net.add(identity(213), { limits: { maxMessagesGlobalPerWindow: 5 } })
    for (let i = 0; i < 5; i++) expect(a.manager.receiveTransport(fakePeerId(i), new Uint8Array(30))).toBe('no-session')
    expect(a.manager.receiveTransport(fakePeerId(9), new Uint8Array(30))).toBe('rate-limited')
    expect(a.manager.stats).toMatchObject({ noSessionDrops: 5, rateLimitedMessages: 1 })
  })
})

describe('SlidingWindowLimit / PeerRateLimiter', () => {
  it('allows exactly `limit` events in any window', () => {
    const w = new SlidingWindowLimit(3, 1_000)
    for (const t of [0, 100, 200]) {
      expect(w.check(t)).toBe(true)
      w.record(t)
    }
    expect(w.check(999)).toBe(false)
    expect(w.check(1_000)).toBe(true)
    w.record(1_000)
    expect(w.check(1_099)).toBe(false)
    expect(w.check(1_100)).toBe(true)
  })

  it('matches a naive sliding log for any event sequence (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 300 }),
        (limit, windowMs, gaps) => {
          const w = new SlidingWindowLimit(limit, windowMs)
          const log: number[] = []
          let now = 0
          for (const gap of gaps) {
            now += gap
            const inWindow = log.filter((t) => now - t < windowMs).length
            const allowed = w.check(now)
            expect(allowed).toBe(inWindow < limit)
            if (allowed) {
              w.record(now)
              log.push(now)
            }
          }
        },
      ),
    )
  })

  it('grows its ring only as far as the events in one window need', () => {
    const w = new SlidingWindowLimit(1_000_000, 1_000)
    for (let t = 0; t < 20; t++) w.record(t)
    expect(w.count).toBe(20)
    expect(w.check(1_018)).toBe(true) // only t = 19 is under 1 000 ms old
    expect(w.count).toBe(1)
  })

  it('treats a clock that stepped backwards as expired history', () => {
    const w = new SlidingWindowLimit(1, 1_000)
    w.record(5_000)
    expect(w.check(5_500)).toBe(false)
    expect(w.check(4_000)).toBe(true)
  })

  it('counts an event only when both the peer and the global limit allow it', () => {
    const r = new PeerRateLimiter({ perPeer: 2, global: 3, windowMs: 10 }, 8)
    expect([r.tryAcquire('p', 0), r.tryAcquire('p', 0), r.tryAcquire('p', 0)]).toEqual([true, true, false])
    expect(r.tryAcquire('q', 0)).toBe(true)
    expect(r.tryAcquire('r', 0)).toBe(false) // global full
    expect(r.check('q', 10)).toBe(true)
  })

  it('keeps a bounded number of peer histories', () => {
    const r = new PeerRateLimiter({ perPeer: 1, global: 1_000, windowMs: 10 }, 2)
    r.tryAcquire('a', 0)
    r.tryAcquire('b', 0)
    r.tryAcquire('c', 0)
    expect(r.trackedPeers).toBe(2)
    expect(r.tryAcquire('a', 0)).toBe(true) // its history was the oldest, forgotten
  })

  it('rejects invalid limits', () => {
    expect(codeOf(() => new SlidingWindowLimit(0, 10))).toBe('RangeError')
    expect(codeOf(() => new SlidingWindowLimit(1, 0))).toBe('RangeError')
    expect(codeOf(() => new PeerRateLimiter({ perPeer: 0, global: 1, windowMs: 1 }, 1))).toBe('RangeError')
  })
})

describe('BoundedByteQueue', () => {
  it('caps by items, bytes and a shared budget, and accounts on removal', () => {
    const budget = { used: 0, max: 10 }
    const q = new BoundedByteQueue(3, 8, budget)
    const other = new BoundedByteQueue(3, 8, budget)
    expect(q.push(new Uint8Array(4))).toBe(true)
    expect(q.push(new Uint8Array(5))).toBe(false) // 9 > 8 bytes
    expect(other.push(new Uint8Array(6))).toBe(true)
    expect(q.push(new Uint8Array(1))).toBe(false) // budget: 4 + 6 + 1 > 10
    expect(q.shift()!.length).toBe(4)
    expect(budget.used).toBe(6)
    for (let i = 0; i < 3; i++) expect(q.push(new Uint8Array(1))).toBe(true)
    expect(q.push(new Uint8Array(0))).toBe(false) // 3 items
    const held = [new Uint8Array([7])]
    const w = new BoundedByteQueue(2, 2)
    w.push(held[0]!)
    w.wipe()
    expect(held[0]![0]).toBe(0)
    expect(w.length).toBe(0)
  })
})

describe('peer IDs (§4)', () => {
  it('is the first 8 bytes of SHA-256 of the static key', () => {
    const { keyPair } = identity(301)
    const expected = createHash('sha256').update(keyPair.publicKey).digest('hex').slice(0, 16)
    expect(peerIdToHex(peerIdFromStaticKey(crypto, keyPair.publicKey))).toBe(expected)
    expect(staticKeyMatchesPeerId(crypto, keyPair.publicKey, expected)).toBe(true)
    expect(staticKeyMatchesPeerId(crypto, keyPair.publicKey, fakePeerId(1))).toBe(false)
  })

  it('converts between bytes and hex strictly', () => {
    expect(peerIdToHex(peerIdFromHex('0123456789ABCDEF'))).toBe('0123456789abcdef')
    expect(normalizePeerId(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 0xff))).toBe('01020304050607ff')
    for (const bad of ['0123', '0123456789abcdeg', '0123456789abcdef00']) expect(codeOf(() => peerIdFromHex(bad))).toBe('TypeError')
    expect(codeOf(() => normalizePeerId(new Uint8Array(9)))).toBe('TypeError')
  })
})
