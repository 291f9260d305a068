import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBitMeshError } from '@bitmesh/interface'
import { identity, payload, TestNet } from './session-harness.js'

type Step =
  | { t: 'send'; from: 0 | 1 }
  | { t: 'deliver'; from: 0 | 1; count: number }
  | { t: 'tick'; ms: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('send' as const), from: fc.constantFrom(0 as const, 1 as const) }),
  fc.record({ t: fc.constant('deliver' as const), from: fc.constantFrom(0 as const, 1 as const), count: fc.integer({ min: 1, max: 4 }) }),
  // At most 200 steps × 40 ms = 8 s: below the 10 s initiator timeout, so nothing may fail.
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 40 }) }),
)

const seqOf = (p: Uint8Array) => ((p[2]! << 24) | (p[3]! << 16) | (p[4]! << 8) | p[5]!) >>> 0

describe('NoiseSessionManager: property', () => {
  it('random interleavings of sends from both sides deliver every payload exactly once, in order per direction', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined }),
        fc.boolean(),
        fc.array(step, { maxLength: 200 }),
        (seedA, seedB, rekeyAfterMessages, withPeerState, steps) => {
          fc.pre(seedA !== seedB)
          const net = new TestNet()
          const limits = { maxMessagesPerPeerPerWindow: 10_000, maxMessagesGlobalPerWindow: 10_000, ...(rekeyAfterMessages ? { rekeyAfterMessages } : {}) }
          const nodes = [0, 1].map((i) =>
            net.add(identity(i === 0 ? seedA : seedB), {
              limits,
              ...(withPeerState ? { localPeerState: () => Uint8Array.of(0x21, 0x01, i) } : {}),
            }),
          )
          const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]]
          const sent: [number[], number[]] = [[], []]
          for (const s of steps) {
            if (s.t === 'tick') {
              net.clock.advance(s.ms)
            } else if (s.t === 'send') {
              const me = nodes[s.from]!
              const peer = nodes[1 - s.from]!
              const n = sent[s.from].length
              try {
                me.manager.sendPayload(peer.id, payload(s.from, n))
                sent[s.from].push(n)
              } catch (e) {
                // Only a rate limit may refuse, and it must say so.
                expect(isBitMeshError(e) && e.code === 'RATE_LIMITED').toBe(true)
              }
            } else {
              const me = nodes[s.from]!
              const peer = nodes[1 - s.from]!
              for (let i = 0; i < s.count; i++) net.deliver(me.id, peer.id)
            }
          }
          net.deliverAll()
          expect(a.sendFailures).toEqual([])
          expect(b.sendFailures).toEqual([])
          expect(b.from(a.id).map(seqOf)).toEqual(sent[0])
          expect(a.from(b.id).map(seqOf)).toEqual(sent[1])
          expect(a.manager.stats.decryptFailures + b.manager.stats.decryptFailures).toBe(0)
          if (withPeerState && (sent[0].length > 0 || sent[1].length > 0)) {
            // Exactly one peer state per session in each direction.
            expect(b.from(a.id, true).filter((p) => p[0] === 0x21)).toHaveLength(b.manager.stats.handshakesCompleted)
            expect(a.from(b.id, true).filter((p) => p[0] === 0x21)).toHaveLength(a.manager.stats.handshakesCompleted)
          }
          // Settled: no handshake left pending, one session each way.
          expect(a.manager.peerState(b.id).status).toBe(sent[0].length + sent[1].length > 0 ? 'established' : 'none')
          a.manager.stop()
          b.manager.stop()
          expect(net.clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('arbitrary bytes fed to both receive paths never throw and never establish a session', () => {
    const net = new TestNet()
    const a = net.add(identity(401), { handshakeOnUnknownSession: true })
    const b = net.add(identity(402))
    a.manager.ensureSession(b.id)
    net.deliverAll()
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('handshake' as const, 'transport' as const),
            sender: fc.constantFrom(b.id, 'ffffffffffffffff', a.id),
            bytes: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(32, 64, 96).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))),
            tick: fc.integer({ min: 0, max: 5_000 }),
          }),
          { maxLength: 40 },
        ),
        (frames) => {
          for (const f of frames) {
            net.clock.advance(f.tick)
            const outcome = f.kind === 'handshake' ? a.manager.receiveHandshake(f.sender, f.bytes) : a.manager.receiveTransport(f.sender, f.bytes)
            expect(outcome).not.toBe('established')
            expect(outcome).not.toBe('delivered')
          }
          expect(a.from('ffffffffffffffff')).toHaveLength(0)
          expect(a.manager.peerCount).toBeLessThanOrEqual(2)
        },
      ),
      { numRuns: 200 },
    )
    expect(a.manager.stats.handshakesCompleted).toBe(1)
  })
})
