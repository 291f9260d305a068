import { describe, expect, it } from 'vitest'
import { createHmac, createHash } from 'node:crypto'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { verifyEvent as nostrToolsVerify } from 'nostr-tools/pure'
import { deriveBridgeIdentity, deriveContextIdentity, deriveGeohashIdentity } from './identity.js'
import { createGeohashChatEvent, createGeohashPresenceEvent, parseGeohashChannelEvent } from './events.js'
import { geohashChannelFilter, giftWrapFilter } from './filters.js'
import { PresenceScheduler } from './presence-scheduler.js'
import { getPublicKey } from '../nostr/keys.js'
import { verifyEvent } from '../nostr/event.js'
import { matchFilter } from '../nostr/filter.js'
import { ManualClock, seededRng } from '../../test/helpers/clock.js'

const seed = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')

describe('per-geohash identities (§7.1)', () => {
  it('key = HMAC-SHA256(seed, geohash ‖ u32 0), checked with node:crypto', () => {
    for (const g of ['u', 'u33', 'u33d', 'u33db', 'u33dbc', 'u33dbcz', 'u33dbczk']) {
      const expected = createHmac('sha256', seed).update(Buffer.concat([Buffer.from(g), Buffer.from([0, 0, 0, 0])])).digest()
      const id = deriveGeohashIdentity(seed, g)
      expect(toHex(id.secretKey)).toBe(expected.toString('hex'))
      expect(id.publicKey).toBe(getPublicKey(expected))
    }
  })
  it('is stable per geohash, different across geohashes, and the byte order only matters past i = 0', () => {
    const a = deriveGeohashIdentity(seed, 'u33d')
    expect(deriveGeohashIdentity(seed, 'u33d')).toEqual(a)
    expect(deriveGeohashIdentity(seed, 'u33d', 'little')).toEqual(a)
    expect(deriveGeohashIdentity(seed, 'u33c').publicKey).not.toBe(a.publicKey)
    expect(deriveGeohashIdentity(seed.map((b) => b ^ 1), 'u33d').publicKey).not.toBe(a.publicKey)
  })
  it('bridge rendezvous identities use "bridge|" + cell', () => {
    const expected = createHmac('sha256', seed).update(Buffer.concat([Buffer.from('bridge|u33d'), Buffer.alloc(4)])).digest()
    expect(toHex(deriveBridgeIdentity(seed, 'u33d').secretKey)).toBe(expected.toString('hex'))
    expect(deriveBridgeIdentity(seed, 'u33d').publicKey).not.toBe(deriveGeohashIdentity(seed, 'u33d').publicKey)
  })
  it('context derivation falls back to SHA-256(seed ‖ context) only after 10 invalid candidates', () => {
    // Unreachable with real HMAC output; asserted structurally instead: the fallback input is defined.
    const fallback = createHash('sha256').update(Buffer.concat([seed, Buffer.from('x')])).digest()
    expect(fallback).toHaveLength(32)
    expect(deriveContextIdentity(seed, 'x').secretKey).toHaveLength(32)
  })
  it('rejects bad input', () => {
    expect(() => deriveGeohashIdentity(new Uint8Array(31), 'u33d')).toThrow(RangeError)
    expect(() => deriveGeohashIdentity(seed, 'U33D')).toThrow(RangeError)
    expect(() => deriveGeohashIdentity(seed, 'u33a')).toThrow(RangeError)
  })
})

describe('channel events (§7.2)', () => {
  const clock = new ManualClock(1_750_000_000_000)
  const rng = seededRng(21)
  const id = deriveGeohashIdentity(seed, 'u33db')
  it('kind 20000 with g, n, t tags, signed by the geohash key, verifiable by nostr-tools', () => {
    const e = createGeohashChatEvent({ geohash: 'u33db', content: 'hallo', nickname: 'anna', teleported: true }, id.secretKey, { clock, rng })
    expect(e.kind).toBe(20000)
    expect(e.tags).toEqual([['g', 'u33db'], ['n', 'anna'], ['t', 'teleport']])
    expect(e.pubkey).toBe(id.publicKey)
    expect(e.created_at).toBe(1_750_000_000)
    expect(verifyEvent(e)).toBe(true)
    expect(nostrToolsVerify({ ...e })).toBe(true)
    expect(parseGeohashChannelEvent(e)).toMatchObject({ type: 'chat', geohash: 'u33db', nickname: 'anna', teleported: true, powBits: 0, content: 'hallo' })
  })
  it('optional NIP-13 PoW: 8 bits like iOS', () => {
    const e = createGeohashChatEvent({ geohash: 'u33db', content: 'mined', powBits: 8 }, id.secretKey, { clock, rng })
    expect(e.tags[0]).toEqual(['g', 'u33db'])
    expect(e.tags[1]![0]).toBe('nonce')
    expect(e.tags[1]![2]).toBe('8')
    expect(parseGeohashChannelEvent(e)!.powBits).toBe(8)
  })
  it('sends without PoW when the budget runs out', () => {
    const e = createGeohashChatEvent({ geohash: 'u33db', content: 'x', powBits: 40, powBudget: { maxIterations: 10 } }, id.secretKey, { clock, rng })
    expect(e.tags.some((t) => t[0] === 'nonce')).toBe(false)
  })
  it('kind 20001 presence: empty content, g tag only', () => {
    const e = createGeohashPresenceEvent('u33', deriveGeohashIdentity(seed, 'u33').secretKey, { clock, rng })
    expect([e.kind, e.content, e.tags]).toEqual([20001, '', [['g', 'u33']]])
    expect(parseGeohashChannelEvent(e)!.type).toBe('presence')
  })
  it('parse ignores other kinds and bad g tags', () => {
    const e = createGeohashPresenceEvent('u33', id.secretKey, { clock, rng })
    expect(parseGeohashChannelEvent({ ...e, kind: 1 })).toBeNull()
    expect(parseGeohashChannelEvent({ ...e, tags: [['g', 'ail']] })).toBeNull()
    expect(parseGeohashChannelEvent({ ...e, tags: [] })).toBeNull()
  })
  it('filters are the ones bitchat sends', () => {
    const now = 1_750_000_000_000
    expect(geohashChannelFilter('u33db', now)).toEqual({ kinds: [20000, 20001], '#g': ['u33db'], since: 1_750_000_000 - 3600, limit: 200 })
    expect(giftWrapFilter('ab'.repeat(32), now)).toEqual({ kinds: [1059], '#p': ['ab'.repeat(32)], since: 1_750_000_000 - 48 * 3600, limit: 100 })
    const e = createGeohashChatEvent({ geohash: 'u33db', content: 'x' }, id.secretKey, { clock, rng })
    expect(matchFilter(geohashChannelFilter(['u33db', 'u33dc'], now), e)).toBe(true)
    expect(matchFilter(geohashChannelFilter('u33dc', now), e)).toBe(false)
  })
})

describe('presence cadence (§7.2)', () => {
  function run(seedValue: number, durationMs: number) {
    const clock = new ManualClock(0)
    const sent: Array<{ at: number; geohash: string }> = []
    const s = new PresenceScheduler({ clock, rng: seededRng(seedValue), send: (geohash) => sent.push({ at: clock.now(), geohash }) })
    s.setGeohashes(['u3', 'u33d', 'u33db', 'u33dbc', 'u33dbcz', 'u33dbczk'])
    s.start()
    clock.advance(durationMs)
    return { s, sent, clock }
  }
  it('sends only region, province and city, coarsest first, 2–5 s apart', () => {
    const { sent } = run(1, 1)
    expect(sent.map((x) => x.geohash)).toEqual(['u3'])
    const { sent: round } = run(1, 11_000)
    expect(round.slice(0, 3).map((x) => x.geohash)).toEqual(['u3', 'u33d', 'u33db'])
    for (let i = 1; i < 3; i++) {
      const gap = round[i]!.at - round[i - 1]!.at
      expect(gap).toBeGreaterThanOrEqual(2_000)
      expect(gap).toBeLessThanOrEqual(5_000)
    }
  })
  it('starts a round every 40–80 s', () => {
    for (const seedValue of [2, 3, 4, 5]) {
      const { sent } = run(seedValue, 30 * 60_000)
      const starts = sent.filter((x) => x.geohash === 'u3').map((x) => x.at)
      expect(starts.length).toBeGreaterThanOrEqual(22)
      expect(starts.length).toBeLessThanOrEqual(46)
      for (let i = 1; i < starts.length; i++) {
        const gap = starts[i]! - starts[i - 1]!
        expect(gap).toBeGreaterThanOrEqual(40_000)
        expect(gap).toBeLessThanOrEqual(80_000)
      }
    }
  })
  it('stop cancels the pending timer; a throwing send does not stop the cadence', () => {
    const { s, clock, sent } = run(6, 100_000)
    const before = sent.length
    s.stop()
    expect(clock.pending).toBe(0)
    clock.advance(1_000_000)
    expect(sent.length).toBe(before)
    const c2 = new ManualClock(0)
    let calls = 0
    const s2 = new PresenceScheduler({ clock: c2, rng: seededRng(7), send: () => {
      calls++
      throw new Error('relay down')
    } })
    s2.setGeohashes(['u3'])
    s2.start()
    c2.advance(200_000)
    expect(calls).toBeGreaterThanOrEqual(3)
  })
})
