import { describe, expect, it } from 'vitest'
import { MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import {
  androidRelayProbability,
  bitchatAndroidPolicy,
  BITMESH_SOS_PACKET_TYPE,
  blipBase,
  blipFanOut,
  blipPolicy,
  blipProbability,
} from '../src/index.js'
import { context, fixedRng, links, packet, pid, seededRng, snapshot } from './helpers.js'

describe('bitchat-android (wire §6.3)', () => {
  const policy = bitchatAndroidPolicy()

  it('relays TTL 1 as TTL 0 and never TTL 0; no jitter; all links but ingress', () => {
    expect(snapshot(policy.decide(packet({ ttl: 1 }), context(links(3))))).toMatchObject({ relay: true, ttl: 0, delayMs: 0, links: ['L1', 'L2'] })
    expect(policy.decide(packet({ ttl: 0 }), context(links(3))).relay).toBe(false)
  })

  it('does not relay own packets or packets for us', () => {
    expect(policy.decide(packet(), context(links(3), { fromSelf: true })).relay).toBe(false)
    expect(policy.decide(packet(), context(links(3), { forSelf: true })).relay).toBe(false)
  })

  it('probability bands: always at TTL ≥ 4 or ≤ 10 peers, then 0.85 / 0.7 / 0.55 / 0.4', () => {
    expect(androidRelayProbability(4, 500)).toBe(1)
    expect(androidRelayProbability(3, 10)).toBe(1)
    expect(androidRelayProbability(3, 30)).toBe(0.85)
    expect(androidRelayProbability(3, 50)).toBe(0.7)
    expect(androidRelayProbability(3, 100)).toBe(0.55)
    expect(androidRelayProbability(3, 101)).toBe(0.4)
  })

  it('draws against the band with the injected Rng (network size from the context)', () => {
    const ctx = (r: number) => context(links(3), { networkSize: 200, rng: fixedRng(r) })
    expect(policy.decide(packet({ ttl: 3 }), ctx(0.39)).relay).toBe(true)
    expect(policy.decide(packet({ ttl: 3 }), ctx(0.41)).relay).toBe(false)
    const rng = seededRng(5)
    let relayed = 0
    for (let i = 0; i < 10_000; i++) if (policy.decide(packet({ ttl: 2 }), context(links(3), { networkSize: 40, rng })).relay) relayed++
    expect(relayed / 10_000).toBeGreaterThan(0.68)
    expect(relayed / 10_000).toBeLessThan(0.72)
  })

  it('voice frames: capped at TTL 5 and delayed 8–25 ms when more than 6 peers', () => {
    const d = policy.decide(packet({ type: MessageType.VOICE_FRAME, ttl: 7 }), context(links(7), { rng: fixedRng(0) }))
    expect(d.ttl).toBe(5)
    expect(d.delayMs).toBe(8)
    expect(policy.decide(packet({ type: MessageType.VOICE_FRAME, ttl: 7 }), context(links(6))).ttl).toBe(6)
  })
})

describe('blip (blip §2.3–2.7, defects fixed)', () => {
  const now = 1_700_000_000_000

  it('base by connected peers: < 10 → 1, < 30 → 0.7, < 60 → 0.4, else 0.2', () => {
    expect([9, 10, 29, 30, 59, 60].map(blipBase)).toEqual([1, 0.7, 0.7, 0.4, 0.4, 0.2])
  })

  it('P = base × urgency × freshness × congestion, the spec table for fresh packets', () => {
    const p = (type: number, degree: number) => blipProbability(packet({ type, timestamp: BigInt(now) }), context(links(degree), { nowMs: now }))
    expect(p(MessageType.NOISE_ENCRYPTED, 10)).toBeCloseTo(0.7)
    expect(p(MessageType.FRAGMENT, 10)).toBeCloseTo(0.56)
    expect(p(MessageType.FRAGMENT, 30)).toBeCloseTo(0.32)
    expect(p(MessageType.MESSAGE, 30)).toBeCloseTo(0.2)
    expect(p(MessageType.FILE_TRANSFER, 60)).toBeCloseTo(0.06)
  })

  it('freshness (5 s / 30 s), congestion from the real queue, clamp at 0.05', () => {
    const ctx = (age: number, congestion = 0) => context(links(10), { nowMs: now + age, congestion })
    const msg = packet({ type: MessageType.ANNOUNCE, timestamp: BigInt(now) })
    expect(blipProbability(msg, ctx(4_999))).toBeCloseTo(0.7)
    expect(blipProbability(msg, ctx(5_000))).toBeCloseTo(0.35)
    expect(blipProbability(msg, ctx(30_000))).toBeCloseTo(0.07)
    expect(blipProbability(msg, ctx(0, 0.5))).toBeCloseTo(0.35)
    expect(blipProbability(msg, ctx(0, 0.8))).toBeCloseTo(0.14)
    expect(blipProbability(packet({ type: MessageType.VOICE_FRAME, timestamp: BigInt(now) }), context(links(60), { nowMs: now + 60_000, congestion: 1 }))).toBe(0.05)
  })

  it('fix: never below bitchat in small meshes (P = 1 under 10 links); the app’s 0.5 when disabled', () => {
    const msg = packet({ type: MessageType.MESSAGE, timestamp: BigInt(now) })
    expect(blipProbability(msg, context(links(3), { nowMs: now }))).toBe(1)
    expect(blipProbability(msg, context(links(3), { nowMs: now }), false)).toBe(0.5)
  })

  it('K-of-N table: n ≤ 3 all, 4–10 three, then n/3, n/5, n/8 (min 3)', () => {
    expect([1, 3, 4, 10, 11, 30, 31, 60, 61, 100].map(blipFanOut)).toEqual([1, 3, 3, 3, 3, 10, 6, 12, 7, 12])
  })

  it('public messages go to a deterministic K-of-N subset; announces and fragments are never subset', () => {
    const policy = blipPolicy()
    const ls = links(13) // 12 candidates → 4
    const key = new Uint8Array(16).fill(7)
    const ctx = () => context(ls, { rng: fixedRng(0), key, nowMs: now })
    const a = snapshot(policy.decide(packet({ timestamp: BigInt(now) }), ctx()))
    expect(a.links).toHaveLength(4)
    expect(new Set(a.links).size).toBe(4)
    expect(a.links).not.toContain('L0')
    expect(snapshot(policy.decide(packet({ timestamp: BigInt(now) }), ctx())).links).toEqual(a.links)
    expect(policy.decide(packet({ type: MessageType.ANNOUNCE }), ctx()).links).toHaveLength(12)
    expect(policy.decide(packet({ type: MessageType.FRAGMENT }), ctx()).links).toHaveLength(12)
  })

  it('TTL: non-SOS needs TTL ≥ 2; SOS goes one hop further, at once, to every link', () => {
    const policy = blipPolicy()
    expect(policy.decide(packet({ ttl: 1 }), context(links(3))).relay).toBe(false)
    const sos = snapshot(policy.decide(packet({ type: BITMESH_SOS_PACKET_TYPE, ttl: 1 }), context(links(13), { degree: 80 })))
    expect(sos).toMatchObject({ relay: true, ttl: 0, delayMs: 0, lane: 0, cancelOnDuplicate: false })
    expect(sos.links).toHaveLength(12)
    expect(policy.decide(packet({ type: BITMESH_SOS_PACKET_TYPE, ttl: 0 }), context(links(3))).relay).toBe(false)
  })

  it('fix: packets for us and our own echoes are not relayed; REQUEST_SYNC stays link-local', () => {
    const policy = blipPolicy()
    expect(policy.decide(packet(), context(links(3), { forSelf: true })).relay).toBe(false)
    expect(policy.decide(packet(), context(links(3), { fromSelf: true })).relay).toBe(false)
    expect(policy.decide(packet({ type: MessageType.REQUEST_SYNC }), context(links(3))).relay).toBe(false)
  })

  it('jitter 8–25 ms on non-SOS relays', () => {
    const policy = blipPolicy()
    expect(policy.decide(packet(), context(links(3), { rng: fixedRng(0) })).delayMs).toBe(8)
    expect(policy.decide(packet(), context(links(3), { rng: fixedRng(0.99999) })).delayMs).toBe(25)
  })

  it('directed packets go to the route table’s next hop when known', () => {
    const policy = blipPolicy()
    const recipient = pid(0x77)
    const d = policy.decide(packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: peerIdFromHex(recipient) }), context(links(5), { nextHopFor: (r) => (r === recipient ? pid(3) : null) }))
    expect(snapshot(d).links).toEqual(['L2'])
    const unknown = policy.decide(packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: peerIdFromHex(pid(0x78)) }), context(links(5), { nextHopFor: () => null }))
    expect(unknown.links).toHaveLength(4)
  })

  it('relays a fraction P of packets in a big mesh', () => {
    const policy = blipPolicy()
    const rng = seededRng(11)
    let relayed = 0
    for (let i = 0; i < 10_000; i++) {
      if (policy.decide(packet({ timestamp: BigInt(now) }), context(links(31), { degree: 30, nowMs: now, rng })).relay) relayed++
    }
    expect(relayed / 10_000).toBeGreaterThan(0.18) // P = 0.4 × 0.5 = 0.2
    expect(relayed / 10_000).toBeLessThan(0.22)
  })
})
