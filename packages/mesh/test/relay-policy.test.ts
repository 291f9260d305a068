import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
import { MessageType, type BitchatPacket } from '@bitmesh/wire-format'
import { fanOutSubset, floodRelayPolicy, iosRelayPolicy, type RelayContext, type RelayLinkInfo } from '../src/index.js'
import { seededRng } from './helpers.js'

const policy = iosRelayPolicy()

function pkt(type: number, ttl: number, recipient: Uint8Array | null = null): BitchatPacket {
  return { version: 1, type, ttl, timestamp: 1n, senderId: new Uint8Array(8).fill(1), recipientId: recipient, route: null, payload: new Uint8Array([1]), signature: null, isRsr: false }
}

function links(n: number): RelayLinkInfo[] {
  return Array.from({ length: n }, (_, i) => ({ id: `0:${i}`, peerId: i.toString(16).padStart(16, '0') }))
}

function ctx(n: number, extra: Partial<RelayContext> = {}): RelayContext {
  return { degree: n, fromSelf: false, forSelf: false, ingressLinkId: '0:0', links: links(n), messageId: 'm', rng: seededRng(1), crypto, ...extra }
}

describe('iosRelayPolicy (bitchat-wire §6.3)', () => {
  it('never relays REQUEST_SYNC, TTL ≤ 1, own packets or packets for us', () => {
    expect(policy.decide(pkt(MessageType.REQUEST_SYNC, 7), ctx(3)).relay).toBe(false)
    expect(policy.decide(pkt(MessageType.MESSAGE, 1), ctx(3)).relay).toBe(false)
    expect(policy.decide(pkt(MessageType.MESSAGE, 0), ctx(3)).relay).toBe(false)
    expect(policy.decide(pkt(MessageType.MESSAGE, 7), ctx(3, { fromSelf: true })).relay).toBe(false)
    expect(policy.decide(pkt(MessageType.MESSAGE, 7), ctx(3, { forSelf: true })).relay).toBe(false)
  })

  it('sparse broadcast (degree ≤ 2): TTL − 1, 10–40 ms, every other link', () => {
    for (let seed = 0; seed < 50; seed++) {
      const d = policy.decide(pkt(MessageType.MESSAGE, 7), ctx(2, { rng: seededRng(seed) }))
      expect(d).toMatchObject({ relay: true, ttl: 6, links: ['0:1'], cancelOnDuplicate: false })
      expect(d.delayMs).toBeGreaterThanOrEqual(10)
      expect(d.delayMs).toBeLessThanOrEqual(40)
    }
  })

  it('clamps TTL by degree and picks jitter bands', () => {
    const mid = policy.decide(pkt(MessageType.MESSAGE, 7), ctx(4))
    expect(mid.ttl).toBe(5) // min(7, 6) − 1
    expect(mid.delayMs).toBeGreaterThanOrEqual(60)
    expect(mid.delayMs).toBeLessThanOrEqual(150)
    expect(mid.cancelOnDuplicate).toBe(true)
    const announce = policy.decide(pkt(MessageType.ANNOUNCE, 7), ctx(4))
    expect(announce.ttl).toBe(6) // announces keep 7 − 1
    expect(announce.links).toEqual(['0:1', '0:2', '0:3']) // no fan-out subset for announces
    const dense = policy.decide(pkt(MessageType.MESSAGE, 7), ctx(8))
    expect(dense.ttl).toBe(4) // max(2, min(7, 5)) − 1
    expect(dense.delayMs).toBeGreaterThanOrEqual(80)
    expect(dense.delayMs).toBeLessThanOrEqual(180)
    const veryDense = policy.decide(pkt(MessageType.MESSAGE, 7), ctx(12))
    expect(veryDense.delayMs).toBeGreaterThanOrEqual(100)
    expect(veryDense.delayMs).toBeLessThanOrEqual(220)
    expect(policy.decide(pkt(MessageType.MESSAGE, 2), ctx(8)).ttl).toBe(1) // floor of 2 − 1
  })

  it('fan-out: ⌈log₂ n⌉ + 1 links, deterministic, never the ingress', () => {
    const d = policy.decide(pkt(MessageType.MESSAGE, 7), ctx(8))
    expect(d.links).toHaveLength(4) // n = 7 candidates → ⌈log₂ 7⌉ + 1
    expect(d.links).not.toContain('0:0')
    expect(policy.decide(pkt(MessageType.MESSAGE, 7), ctx(8, { rng: seededRng(9) })).links).toEqual(d.links)
    expect(new Set(fanOutSubset('other-message', links(8).slice(1), crypto))).not.toEqual(new Set(d.links))
  })

  it('collapses several links to one peer', () => {
    const dup: RelayLinkInfo[] = [
      { id: '0:0', peerId: 'a' },
      { id: '0:1', peerId: 'b' },
      { id: '1:1', peerId: 'b' },
    ]
    expect(policy.decide(pkt(MessageType.ANNOUNCE, 7), ctx(2, { links: dup })).links).toEqual(['0:1'])
  })

  it('directed packets: TTL − 1 with handshake / other jitter bands', () => {
    const to = new Uint8Array(8).fill(9)
    const hs = policy.decide(pkt(MessageType.NOISE_HANDSHAKE, 7, to), ctx(5))
    expect(hs).toMatchObject({ relay: true, ttl: 6, links: ['0:1', '0:2', '0:3', '0:4'], cancelOnDuplicate: false })
    expect(hs.delayMs).toBeGreaterThanOrEqual(10)
    expect(hs.delayMs).toBeLessThanOrEqual(35)
    const enc = policy.decide(pkt(MessageType.NOISE_ENCRYPTED, 9, to), ctx(5))
    expect(enc.ttl).toBe(6) // capped at 7 first
    expect(enc.delayMs).toBeGreaterThanOrEqual(20)
    expect(enc.delayMs).toBeLessThanOrEqual(60)
  })

  it('broadcast fragments: cap 7 sparse / 5 dense, 8–25 ms, all links', () => {
    const sparse = policy.decide(pkt(MessageType.FRAGMENT, 7), ctx(3))
    expect(sparse.ttl).toBe(6)
    expect(sparse.links).toHaveLength(2)
    const dense = policy.decide(pkt(MessageType.FRAGMENT, 7), ctx(7))
    expect(dense.ttl).toBe(4)
    expect(dense.cancelOnDuplicate).toBe(false)
    expect(dense.delayMs).toBeGreaterThanOrEqual(8)
    expect(dense.delayMs).toBeLessThanOrEqual(25)
  })

  it('flood policy forwards everything but REQUEST_SYNC with TTL − 1 and no delay', () => {
    const flood = floodRelayPolicy()
    expect(flood.decide(pkt(MessageType.MESSAGE, 7), ctx(8))).toMatchObject({ relay: true, ttl: 6, delayMs: 0 })
    expect(flood.decide(pkt(MessageType.MESSAGE, 7), ctx(8)).links).toHaveLength(7)
    expect(flood.decide(pkt(MessageType.REQUEST_SYNC, 7), ctx(8)).relay).toBe(false)
  })
})
