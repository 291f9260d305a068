import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { bytesToHex, MessageType, peerIdFromHex, utf8Encode } from '@bitmesh/wire-format'
import { bitchatIosPolicy, floodPolicy, iosBroadcastTtlLimit, iosFanOut, iosFanOutSubset, type RelayLinkInfo } from '../src/index.js'
import { context, fixedRng, links, packet, pid, snapshot } from './helpers.js'

const DIRECTED = peerIdFromHex(pid(0x999))

describe('flood', () => {
  const policy = floodPolicy()
  it('relays TTL > 1 to every link but the ingress, TTL − 1, no delay', () => {
    const d = snapshot(policy.decide(packet({ ttl: 5 }), context(links(4))))
    expect(d).toMatchObject({ relay: true, ttl: 4, delayMs: 0, links: ['L1', 'L2', 'L3'], cancelOnDuplicate: false })
  })
  it('never relays REQUEST_SYNC, TTL ≤ 1, own packets or packets for us', () => {
    expect(policy.decide(packet({ type: MessageType.REQUEST_SYNC }), context(links(3))).relay).toBe(false)
    expect(policy.decide(packet({ ttl: 1 }), context(links(3))).relay).toBe(false)
    expect(policy.decide(packet(), context(links(3), { fromSelf: true })).relay).toBe(false)
    expect(policy.decide(packet(), context(links(3), { forSelf: true })).relay).toBe(false)
  })
})

/** Reference fan-out: sort all links by the hex of SHA-256(messageId::linkId) (as mesh does). */
function referenceSubset(messageId: string, ls: readonly RelayLinkInfo[]): string[] {
  const ranked = ls.map((l) => ({ id: l.id, rank: bytesToHex(defaultCryptoProvider.sha256(utf8Encode(`${messageId}::${l.id}`))) }))
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
  return ranked.slice(0, iosFanOut(ls.length)).map((l) => l.id)
}

describe('bitchat-ios (wire §6.3)', () => {
  const policy = bitchatIosPolicy()

  it('never relays REQUEST_SYNC, TTL ≤ 1, own packets, packets for us', () => {
    for (const ctx of [context(links(3), { fromSelf: true }), context(links(3), { forSelf: true })]) expect(policy.decide(packet(), ctx).relay).toBe(false)
    expect(policy.decide(packet({ type: MessageType.REQUEST_SYNC }), context(links(3))).relay).toBe(false)
    expect(policy.decide(packet({ ttl: 1 }), context(links(3))).relay).toBe(false)
  })

  it('directed: all links, TTL − 1 (capped at 7 first), handshake jitter 10–35, others 20–60', () => {
    const lo = fixedRng(0)
    const hi = fixedRng(0.99999)
    const hs = packet({ type: MessageType.NOISE_HANDSHAKE, recipientId: DIRECTED, ttl: 9 })
    expect(snapshot(policy.decide(hs, context(links(4), { rng: lo })))).toMatchObject({ ttl: 6, delayMs: 10, links: ['L1', 'L2', 'L3'], cancelOnDuplicate: false })
    expect(policy.decide(hs, context(links(4), { rng: hi })).delayMs).toBe(35)
    const dm = packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: DIRECTED })
    expect(policy.decide(dm, context(links(4), { rng: lo })).delayMs).toBe(20)
    expect(policy.decide(dm, context(links(4), { rng: hi })).delayMs).toBe(60)
  })

  it('broadcast fragments and voice: cap 7 sparse / 5 dense, jitter 8–25, all links, no cancel', () => {
    const frag = packet({ type: MessageType.FRAGMENT, ttl: 7 })
    expect(snapshot(policy.decide(frag, context(links(3), { rng: fixedRng(0) })))).toMatchObject({ ttl: 6, delayMs: 8, links: ['L1', 'L2'], cancelOnDuplicate: false })
    const dense = policy.decide(packet({ type: MessageType.VOICE_FRAME, ttl: 7 }), context(links(6), { rng: fixedRng(0.99999) }))
    expect(dense.ttl).toBe(4)
    expect(dense.delayMs).toBe(25)
    expect(dense.links).toHaveLength(5)
  })

  it('other broadcasts: TTL limit by degree', () => {
    expect(iosBroadcastTtlLimit(7, 2, false)).toBe(7) // ≤ 2 links: full TTL
    expect(iosBroadcastTtlLimit(7, 3, false)).toBe(6)
    expect(iosBroadcastTtlLimit(7, 3, true)).toBe(7)
    expect(iosBroadcastTtlLimit(7, 6, true)).toBe(5) // dense
    expect(iosBroadcastTtlLimit(2, 8, false)).toBe(2) // max(2, …)
    expect(policy.decide(packet({ ttl: 7 }), context(links(8))).ttl).toBe(4)
  })

  it('other broadcasts: jitter band by degree, cancel on duplicate only when degree > 2', () => {
    const cases: [number, number, number][] = [
      [2, 10, 40],
      [4, 60, 150],
      [7, 80, 180],
      [12, 100, 220],
    ]
    for (const [degree, min, max] of cases) {
      expect(policy.decide(packet(), context(links(degree), { rng: fixedRng(0) })).delayMs).toBe(min)
      expect(policy.decide(packet(), context(links(degree), { rng: fixedRng(0.99999) })).delayMs).toBe(max)
    }
    expect(policy.decide(packet(), context(links(2))).cancelOnDuplicate).toBe(false)
    expect(policy.decide(packet(), context(links(3))).cancelOnDuplicate).toBe(true)
  })

  it('announces go to every link; other broadcasts to the ⌈log₂ n⌉ + 1 subset ranked by SHA-256', () => {
    const ls = links(9) // 8 candidates → k = 4
    expect(policy.decide(packet({ type: MessageType.ANNOUNCE }), context(ls)).links).toHaveLength(8)
    const d = snapshot(policy.decide(packet(), context(ls, { messageId: 'abc' })))
    expect(d.links).toEqual(referenceSubset('abc', ls.slice(1)))
    expect(d.links).toHaveLength(4)
  })

  it('collapses several links to one peer and never targets the ingress', () => {
    const ls: RelayLinkInfo[] = [
      { id: 'in', peerId: pid(1) },
      { id: 'a', peerId: pid(2) },
      { id: 'a2', peerId: pid(2) },
      { id: 'u', peerId: null },
    ]
    const d = snapshot(policy.decide(packet({ type: MessageType.ANNOUNCE }), context(ls)))
    expect(d.links).toEqual(['a', 'u'])
  })

  it('fan-out subset equals the reference ranking for any link set (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 20 }), (id, n) => {
        const ls = links(n)
        expect(iosFanOutSubset(id, ls, defaultCryptoProvider)).toEqual(referenceSubset(id, ls))
      }),
      { numRuns: 100 },
    )
  })
})
