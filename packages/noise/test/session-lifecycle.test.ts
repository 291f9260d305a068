import { describe, expect, it } from 'vitest'
import { SESSION_MAX_AGE_MS } from '../src/index.js'
import { codeOf, fakePeerId, hexOf, identity, payload, TestNet, type NodeOptions } from './session-harness.js'

function pair(seedA: number, seedB: number, optsA: NodeOptions = {}, optsB: NodeOptions = {}) {
  const net = new TestNet()
  const a = net.add(identity(seedA), optsA)
  const b = net.add(identity(seedB), optsB)
  a.manager.ensureSession(b.id)
  net.deliverAll()
  return { net, a, b }
}

/** A 0x21 payload tagged with its owner, as the mesh layer would build it. */
const peerState = (tag: number) => Uint8Array.of(0x21, 0x01, 0x01, 0x01, tag, 0x02)

describe('NoiseSessionManager: replacement handshake (§5.2)', () => {
  it('keeps the old session receive-only until the new one completes, then destroys it', () => {
    const { net, a, b } = pair(101, 102)
    const oldA = a
    const newA = net.restart(a.identity) // same identity, lost its sessions
    newA.manager.sendPayload(b.id, payload(0xa2, 1))
    expect(net.deliver(newA.id, b.id)).toBe('responded')
    expect(b.manager.peerState(a.id)).toMatchObject({ status: 'handshaking', handshakeRole: 'responder', hasRetiredSession: true })
    expect(b.manager.hasSession(a.id)).toBe(false)

    // Receive-only: a frame the old incarnation sealed still decrypts…
    oldA.manager.sendPayload(b.id, payload(0xa1, 1))
    const oldFrame = net.link(a.id, b.id).pop()!
    expect(net.inject(oldFrame)).toBe('delivered')
    // …but sending now waits for the new session.
    expect(b.manager.sendPayload(a.id, payload(0xb, 1))).toBe('queued')

    net.deliverAll()
    expect(b.closed).toEqual([{ peer: a.id, reason: 'replaced' }])
    expect(b.established.at(-1)!.info).toMatchObject({ role: 'responder', replacedSession: true })
    expect(b.manager.peerState(a.id)).toMatchObject({ status: 'established', hasRetiredSession: false })
    expect(b.from(a.id).map(hexOf)).toEqual([payload(0xa1, 1), payload(0xa2, 1)].map(hexOf))
    expect(newA.from(b.id).map(hexOf)).toEqual([hexOf(payload(0xb, 1))])
    expect(net.clock.pendingTimers).toBe(0)
    // The old keys are gone.
    oldA.manager.sendPayload(b.id, payload(0xa1, 2))
    expect(net.deliver(a.id, b.id)).toBe('auth-failed')
  })

  it('expires the receive-only session after 20 s when the new handshake never completes', () => {
    const { net, a, b } = pair(103, 104)
    const oldA = a
    const newA = net.restart(a.identity)
    newA.manager.sendPayload(b.id, payload(0xa2, 1))
    net.deliver(newA.id, b.id)
    net.drop(b.id, a.id) // message 2 lost
    b.manager.sendPayload(a.id, payload(0xb, 1))

    net.clock.advance(19_999)
    oldA.manager.sendPayload(b.id, payload(0xa1, 1))
    expect(net.deliver(a.id, b.id)).toBe('delivered')
    expect(b.manager.peerState(a.id).hasRetiredSession).toBe(true)

    net.clock.advance(1)
    expect(b.manager.peerState(a.id)).toMatchObject({ status: 'none', hasRetiredSession: false })
    expect(b.closed).toEqual([{ peer: a.id, reason: 'retired-timeout' }])
    expect(b.sendFailures.map((f) => [f.code, f.payloads.map(hexOf)])).toEqual([['TIMEOUT', [hexOf(payload(0xb, 1))]]])
    expect(b.manager.peerCount).toBe(0)
    expect(net.clock.pendingTimers).toBe(0)
    oldA.manager.sendPayload(b.id, payload(0xa1, 2))
    expect(net.deliver(a.id, b.id)).toBe('no-session')
  })
})

describe('NoiseSessionManager: decryption failures (§5.6)', () => {
  const garbage = (nonce: number) => {
    const f = new Uint8Array(30).fill(0x5a)
    new DataView(f.buffer).setUint32(0, nonce)
    return f
  }

  it('destroys the session after 3 consecutive authentication failures; the next send re-handshakes', () => {
    const { net, a, b } = pair(111, 112)
    expect(b.manager.receiveTransport(a.id, garbage(5))).toBe('auth-failed')
    expect(b.manager.receiveTransport(a.id, garbage(6))).toBe('auth-failed')
    expect(b.manager.peerState(a.id).consecutiveDecryptFailures).toBe(2)
    expect(b.manager.hasSession(a.id)).toBe(true)
    expect(b.manager.receiveTransport(a.id, garbage(7))).toBe('auth-failed')
    expect(b.manager.hasSession(a.id)).toBe(false)
    expect(b.closed).toEqual([{ peer: a.id, reason: 'decrypt-failures' }])
    expect(b.manager.stats).toMatchObject({ decryptFailures: 3, sessionResets: 1 })

    expect(b.manager.sendPayload(a.id, payload(0xb, 1))).toBe('queued')
    expect(net.link(b.id, a.id).map((f) => f.bytes.length)).toEqual([32])
    net.deliverAll()
    expect(a.from(b.id).map(hexOf)).toEqual([hexOf(payload(0xb, 1))])
    expect(a.established.at(-1)!.info.replacedSession).toBe(true)
  })

  it('an authenticated frame resets the consecutive count', () => {
    const { net, a, b } = pair(113, 114)
    b.manager.receiveTransport(a.id, garbage(5))
    b.manager.receiveTransport(a.id, garbage(6))
    a.manager.sendPayload(b.id, payload(1, 1))
    expect(net.deliver(a.id, b.id)).toBe('delivered')
    b.manager.receiveTransport(a.id, garbage(7))
    b.manager.receiveTransport(a.id, garbage(8))
    expect(b.manager.hasSession(a.id)).toBe(true)
    expect(b.manager.stats).toMatchObject({ decryptFailures: 4, sessionResets: 0 })
  })

  it('replays are dropped without counting as failures', () => {
    const { net, a, b } = pair(115, 116)
    a.manager.sendPayload(b.id, payload(1, 1))
    const frame = net.link(a.id, b.id)[0]!
    expect(net.deliver(a.id, b.id)).toBe('delivered')
    for (let i = 0; i < 5; i++) expect(net.inject(frame)).toBe('replay')
    expect(b.manager.hasSession(a.id)).toBe(true)
    expect(b.manager.stats).toMatchObject({ replaysDropped: 5, decryptFailures: 0, sessionResets: 0 })
    expect(b.from(a.id)).toHaveLength(1)
  })

  it('malformed frames are dropped without counting', () => {
    const { b, a } = pair(117, 118)
    expect(b.manager.receiveTransport(a.id, new Uint8Array(19))).toBe('malformed')
    expect(b.manager.receiveTransport(a.id, new Uint8Array(0))).toBe('malformed')
    expect(b.manager.stats).toMatchObject({ malformedDropped: 2, decryptFailures: 0 })
  })

  it('a frame from an unknown peer may trigger a handshake (iOS "no session")', () => {
    const net = new TestNet()
    const b = net.add(identity(119), { handshakeOnUnknownSession: true })
    const stranger = fakePeerId(3)
    expect(b.manager.receiveTransport(stranger, new Uint8Array(40))).toBe('no-session')
    expect(net.link(b.id, stranger).map((f) => f.bytes.length)).toEqual([32])
    expect(b.manager.receiveTransport(stranger, new Uint8Array(40))).toBe('no-session')
    expect(net.link(b.id, stranger)).toHaveLength(1)
    expect(b.manager.stats.noSessionDrops).toBe(2)
  })
})

describe('NoiseSessionManager: rekey (§5.5)', () => {
  it('rekeys by message count (sent + received) on the next send', () => {
    const { net, a, b } = pair(121, 122, { limits: { rekeyAfterMessages: 4 } })
    for (let i = 1; i <= 3; i++) expect(a.manager.sendPayload(b.id, payload(0xa, i))).toBe('sent')
    b.manager.sendPayload(a.id, payload(0xb, 1))
    net.deliverAll()
    expect(a.manager.peerState(b.id)).toMatchObject({ messagesSent: 3, messagesReceived: 1 })
    expect(a.manager.sendPayload(b.id, payload(0xa, 4))).toBe('queued')
    expect(a.manager.stats).toMatchObject({ rekeysStarted: 1, handshakesStarted: 2 })
    expect(a.manager.peerState(b.id).hasRetiredSession).toBe(true)
    net.deliverAll()
    expect(b.from(a.id).map(hexOf)).toEqual([1, 2, 3, 4].map((i) => hexOf(payload(0xa, i))))
    expect(b.established.at(-1)!.info.replacedSession).toBe(true)
    expect(a.manager.peerState(b.id)).toMatchObject({ messagesSent: 1, hasRetiredSession: false })
    expect(a.closed).toEqual([{ peer: b.id, reason: 'replaced' }])
    expect(b.closed).toEqual([{ peer: a.id, reason: 'replaced' }])
  })

  it('a session is unusable after 24 h and the next send starts a fresh handshake', () => {
    const { net, a, b } = pair(123, 124)
    net.clock.advance(SESSION_MAX_AGE_MS - 1)
    expect(a.manager.sendPayload(b.id, payload(0xa, 1))).toBe('sent')
    net.deliverAll()
    net.clock.advance(1)
    expect(a.manager.hasSession(b.id)).toBe(false)
    expect(a.manager.sendPayload(b.id, payload(0xa, 2))).toBe('queued')
    expect(a.closed).toEqual([{ peer: b.id, reason: 'expired' }])
    expect(a.manager.stats).toMatchObject({ sessionsExpired: 1, rekeysStarted: 1 })
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(2)
    expect(b.manager.stats.handshakesCompleted).toBe(2)
  })

  it('rekeys by age before the hard limit when rekeyAfterMs is lower, keeping the old keys receive-only', () => {
    const { net, a, b } = pair(125, 126, { limits: { rekeyAfterMs: 60_000 } })
    net.clock.advance(60_000)
    b.manager.sendPayload(a.id, payload(0xb, 1)) // sealed under the old keys, still in flight
    expect(a.manager.sendPayload(b.id, payload(0xa, 1))).toBe('queued')
    expect(a.manager.stats.rekeysStarted).toBe(1)
    net.deliverAll()
    expect(a.from(b.id).map(hexOf)).toEqual([hexOf(payload(0xb, 1))])
    expect(b.from(a.id).map(hexOf)).toEqual([hexOf(payload(0xa, 1))])
    expect(a.manager.sendPayload(b.id, payload(0xa, 2))).toBe('sent')
  })

  it('keeps sending on a due-but-usable session when the handshake rate limit is reached', () => {
    const { net, a, b } = pair(127, 128, { limits: { rekeyAfterMessages: 1, maxHandshakesPerPeerPerWindow: 1 } })
    expect(a.manager.sendPayload(b.id, payload(0xa, 1))).toBe('sent')
    expect(a.manager.sendPayload(b.id, payload(0xa, 2))).toBe('sent') // due, but the one handshake/min is used
    net.deliverAll()
    expect(b.from(a.id)).toHaveLength(2)
    expect(a.manager.stats.rekeysStarted).toBe(0)
  })
})

describe('NoiseSessionManager: authenticated peer state (§2.5.6)', () => {
  it('sends ours as the first payload of each session, once', () => {
    const net = new TestNet()
    const a = net.add(identity(131), { localPeerState: () => peerState(0xa) })
    const b = net.add(identity(132), { localPeerState: () => peerState(0xb), limits: { rekeyAfterMessages: 6 } })
    a.manager.sendPayload(b.id, payload(0xa, 1))
    net.deliverAll()
    expect(b.from(a.id, true).map(hexOf)).toEqual([peerState(0xa), payload(0xa, 1)].map(hexOf))
    expect(a.from(a.id, true)).toHaveLength(0)
    expect(a.from(b.id, true).map(hexOf)).toEqual([hexOf(peerState(0xb))])
    // More traffic in the same session: no more peer state.
    b.manager.sendPayload(a.id, payload(0xb, 1))
    a.manager.sendPayload(b.id, payload(0xa, 2))
    net.deliverAll()
    const countStates = (list: Uint8Array[]) => list.filter((p) => p[0] === 0x21).length
    expect(countStates(b.from(a.id, true))).toBe(1)
    expect(countStates(a.from(b.id, true))).toBe(1)
    // b: 2 sent + 3 received; one more send reaches 6, the send after that rekeys, and the new
    // session carries the peer state again (once each way).
    expect(b.manager.sendPayload(a.id, payload(0xb, 2))).toBe('sent')
    expect(b.manager.sendPayload(a.id, payload(0xb, 3))).toBe('queued')
    net.deliverAll()
    expect(b.manager.stats.rekeysStarted).toBe(1)
    expect(countStates(b.from(a.id, true))).toBe(2)
    expect(countStates(a.from(b.id, true))).toBe(2)
    expect(a.from(b.id).map(hexOf)).toEqual([1, 2, 3].map((i) => hexOf(payload(0xb, i))))
  })

  it('echoes ours once when the peer sends first and ours was not ready at establishment', () => {
    const net = new TestNet()
    let ready = false
    const a = net.add(identity(133), { localPeerState: () => peerState(0xa) })
    const b = net.add(identity(134), { localPeerState: () => (ready ? peerState(0xb) : null) })
    a.manager.ensureSession(b.id)
    net.deliver(a.id, b.id)
    net.deliver(b.id, a.id)
    net.deliver(a.id, b.id) // message 3: b established, its state not ready
    expect(net.link(b.id, a.id)).toHaveLength(0)
    ready = true
    expect(net.deliver(a.id, b.id)).toBe('delivered') // a's 0x21
    expect(net.link(b.id, a.id)).toHaveLength(1) // the echo
    // A second 0x21 from a in the same session: no second echo.
    a.manager.sendPayload(b.id, peerState(0xa))
    net.deliver(a.id, b.id)
    expect(net.link(b.id, a.id)).toHaveLength(1)
    net.deliverAll()
    expect(a.from(b.id, true).map(hexOf)).toEqual([hexOf(peerState(0xb))])
    expect(b.from(a.id, true).map(hexOf)).toEqual([peerState(0xa), peerState(0xa)].map(hexOf))
  })

  it('does not echo when ours already went out in this session', () => {
    const net = new TestNet()
    const a = net.add(identity(135), { localPeerState: () => peerState(0xa) })
    const b = net.add(identity(136), { localPeerState: () => peerState(0xb) })
    a.manager.ensureSession(b.id)
    net.deliverAll()
    expect(a.manager.stats.messagesSent).toBe(1)
    expect(b.manager.stats.messagesSent).toBe(1)
  })

  it('refuses a localPeerState that is not a 0x21 payload', () => {
    const net = new TestNet()
    const a = net.add(identity(137), { localPeerState: () => payload(1, 1) })
    const b = net.add(identity(138))
    a.manager.ensureSession(b.id)
    net.deliver(a.id, b.id)
    expect(codeOf(() => net.deliver(b.id, a.id))).toBe('TypeError')
  })
})

describe('NoiseSessionManager: stop, wipe, close, capacity', () => {
  /** A manager holding an initiator handshake, a responder handshake and a retired session. */
  function busy() {
    const { net, a, b } = pair(141, 142)
    const c = net.add(identity(143))
    a.manager.sendPayload(c.id, payload(0xc, 1)) // initiator pending (timer)
    c.manager.ensureSession(fakePeerId(9)) // c: initiator pending towards nobody
    const newB = net.restart(b.identity)
    newB.manager.ensureSession(a.id)
    net.deliver(newB.id, a.id) // a: responder pending + retired session (2 timers)
    a.manager.sendPayload(b.id, payload(0xb, 1)) // queued behind it
    return { net, a }
  }

  it('stop() clears every timer, zeroes state and reports queued payloads', () => {
    const { net, a } = busy()
    // a: initiator (→c), responder (←new b), retired session; c: initiator; new b: initiator.
    expect(net.clock.pendingTimers).toBe(5)
    a.manager.stop()
    expect(net.clock.pendingTimers).toBe(2) // c's and the new b's
    expect(a.manager.peerCount).toBe(0)
    expect(a.sendFailures.map((f) => [f.code, f.payloads.length])).toEqual([
      ['CLOSED', 1],
      ['CLOSED', 1],
    ])
    expect(a.closed.map((c) => c.reason)).toEqual(['stopped'])
    expect(codeOf(() => a.manager.sendPayload(fakePeerId(1), payload(1, 1)))).toBe('CLOSED')
    expect(codeOf(() => a.manager.ensureSession(fakePeerId(1)))).toBe('CLOSED')
    expect(a.manager.receiveHandshake(fakePeerId(1), new Uint8Array(32))).toBe('closed')
    expect(a.manager.receiveTransport(fakePeerId(1), new Uint8Array(32))).toBe('closed')
    expect(net.clock.pendingTimers).toBe(2)
    a.manager.stop()
    for (const node of net.nodes.values()) node.manager.stop()
    expect(net.clock.pendingTimers).toBe(0)
  })

  it('wipe() drops all sessions and queued payloads silently and stays usable', () => {
    const { net, a } = busy()
    const failuresBefore = a.sendFailures.length
    a.manager.wipe()
    expect(a.manager.peerCount).toBe(0)
    expect(net.clock.pendingTimers).toBe(2) // c's and the new b's
    expect(a.sendFailures).toHaveLength(failuresBefore)
    expect(a.closed.map((c) => c.reason)).toEqual(['wiped'])
    expect(a.manager.sendPayload(fakePeerId(1), payload(1, 1))).toBe('queued')
  })

  it('closeSession() drops one peer and reports its queue', () => {
    const { net, a, b } = pair(144, 145)
    a.manager.closeSession(b.id)
    expect(a.manager.hasSession(b.id)).toBe(false)
    expect(a.closed).toEqual([{ peer: b.id, reason: 'closed' }])
    a.manager.sendPayload(b.id, payload(1, 1))
    a.manager.closeSession(b.id)
    expect(a.sendFailures.map((f) => f.code)).toEqual(['CLOSED'])
    expect(net.clock.pendingTimers).toBe(0)
  })

  it('bounds the per-peer queue by count and bytes with CapacityError', () => {
    const net = new TestNet()
    const a = net.add(identity(146))
    const peer = fakePeerId(1)
    for (let i = 0; i < 64; i++) a.manager.sendPayload(peer, payload(1, i))
    expect(codeOf(() => a.manager.sendPayload(peer, payload(1, 64)))).toBe('CAPACITY_EXCEEDED')
    const other = fakePeerId(2)
    a.manager.sendPayload(other, new Uint8Array(40_000).fill(1))
    expect(codeOf(() => a.manager.sendPayload(other, new Uint8Array(30_000).fill(1)))).toBe('CAPACITY_EXCEEDED')
    expect(a.manager.sendPayload(other, new Uint8Array(25_536).fill(1))).toBe('queued')
    expect(a.manager.stats.payloadsQueued).toBe(66)
  })

  it('bounds the total queue across peers', () => {
    const net = new TestNet()
    const a = net.add(identity(147), { limits: { maxQueuedBytesTotal: 100 } })
    a.manager.sendPayload(fakePeerId(1), new Uint8Array(60).fill(1))
    expect(codeOf(() => a.manager.sendPayload(fakePeerId(2), new Uint8Array(41).fill(1)))).toBe('CAPACITY_EXCEEDED')
    expect(a.manager.peerCount).toBe(1) // the refused peer left no state
    a.manager.closeSession(fakePeerId(1))
    expect(a.manager.sendPayload(fakePeerId(2), new Uint8Array(41).fill(1))).toBe('queued')
  })

  it('evicts the least recently used peer when the table is full', () => {
    const net = new TestNet()
    const a = net.add(identity(148), { limits: { maxPeers: 2 } })
    a.manager.sendPayload(fakePeerId(1), payload(1, 1))
    a.manager.sendPayload(fakePeerId(2), payload(1, 2))
    a.manager.sendPayload(fakePeerId(1), payload(1, 3)) // touches peer 1
    a.manager.sendPayload(fakePeerId(3), payload(1, 4))
    expect(a.manager.peerCount).toBe(2)
    expect(a.manager.peerState(fakePeerId(2)).status).toBe('none')
    expect(a.sendFailures.map((f) => [f.peer, f.code])).toEqual([[fakePeerId(2), 'CAPACITY_EXCEEDED']])
    expect(a.manager.stats.peersEvicted).toBe(1)
    expect(net.clock.pendingTimers).toBe(2)
  })

  it('private files (0x20) may exceed 65 535 bytes on an established session', () => {
    const { net, a, b } = pair(149, 150)
    const file = new Uint8Array(100_000).fill(7)
    file[0] = 0x20
    expect(a.manager.sendPayload(b.id, file)).toBe('sent')
    net.deliverAll()
    expect(b.from(a.id)[0]!.length).toBe(100_000)
    // Without a session it cannot be queued (over the 64 KiB queue cap).
    expect(codeOf(() => a.manager.sendPayload(fakePeerId(1), file))).toBe('CAPACITY_EXCEEDED')
  })
})
