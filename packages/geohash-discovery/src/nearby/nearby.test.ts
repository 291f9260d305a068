import { describe, expect, it } from 'vitest'
import { hex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { schnorr } from '@noble/curves/secp256k1.js'
import { startNearbyMode, mainIdentitySigner, revealDigest, type NearbySession } from './nearby-session.js'
import { finalizeEvent } from '../nostr/event.js'
import { toHex } from '../nostr/hex.js'
import { getConversationKey, nip44Encrypt } from '../nostr/nip44.js'
import { deriveGeohashIdentity } from '../channels/identity.js'
import { getPublicKey, npubEncode } from '../nostr/keys.js'
import { verifyEvent, type NostrEvent } from '../nostr/event.js'
import { NostrKind } from '../nostr/kinds.js'
import { matchFilters } from '../nostr/filter.js'
import { ManualClock, seededRng } from '../../test/helpers/clock.js'

const aliceMain = hex('0000000000000000000000000000000000000000000000000000000000a11ce0')
const bobMain = hex('0000000000000000000000000000000000000000000000000000000000000b0b')
const clock = new ManualClock(1_750_000_000_000)

function pair(seed: number): { a: NearbySession; b: NearbySession; published: NostrEvent[] } {
  const rng = seededRng(seed)
  const a = startNearbyMode({ location: { latitude: 52.52, longitude: 13.405, precision: 6 }, mainIdentity: mainIdentitySigner(aliceMain), clock, rng })
  const b = startNearbyMode({ location: { geohash: a.geohash }, mainIdentity: mainIdentitySigner(bobMain), clock, rng })
  return { a, b, published: [] }
}

/** Deliver events to a session the way a relay subscription would: only matching ones. */
function deliver(to: NearbySession, events: NostrEvent[], published: NostrEvent[]) {
  const updates = []
  for (const e of events) {
    published.push(e)
    expect(verifyEvent(e)).toBe(true)
    if (!matchFilters(to.filters(clock.now()), e)) continue
    const u = to.handleEvent(e)
    if (u !== null) updates.push(u)
  }
  return updates
}

describe('nearby mode (Gozzip)', () => {
  it('uses a fresh ephemeral key per activation and the chosen precision', () => {
    const rng = seededRng(1)
    const signer = mainIdentitySigner(aliceMain)
    const s1 = startNearbyMode({ location: { latitude: 52.52, longitude: 13.405, precision: 7 }, mainIdentity: signer, clock, rng })
    const s2 = startNearbyMode({ location: { latitude: 52.52, longitude: 13.405, precision: 7 }, mainIdentity: signer, clock, rng })
    expect(s1.geohash).toBe('u33dc0c')
    expect(s2.geohash).toBe(s1.geohash)
    expect(s1.publicKey).not.toBe(s2.publicKey)
    expect(s1.publicKey).not.toBe(getPublicKey(aliceMain))
    const presence = s1.presenceEvent()
    expect(presence.kind).toBe(20001)
    expect(presence.tags).toEqual([['g', 'u33dc0c']])
    expect(presence.pubkey).toBe(s1.publicKey)
    for (const p of [2, 4, 5, 6, 7]) {
      expect(startNearbyMode({ location: { latitude: 1, longitude: 2, precision: p }, mainIdentity: signer, clock, rng }).geohash).toHaveLength(p)
    }
    for (const p of [1, 3, 8, 12]) {
      expect(() => startNearbyMode({ location: { latitude: 1, longitude: 2, precision: p }, mainIdentity: signer, clock, rng })).toThrow(RangeError)
    }
  })

  it('reveals root keys only after both consent, in either order', () => {
    for (const order of ['alice-first', 'simultaneous'] as const) {
      const { a, b, published } = pair(order === 'alice-first' ? 2 : 3)
      // Discovery: each sees the other's presence.
      deliver(b, [a.presenceEvent()], published)
      deliver(a, [b.presenceEvent()], published)
      // Alice consents: Bob learns of her consent but nothing is revealed yet.
      const aConsent = a.consentToReveal(b.publicKey)
      expect(aConsent).toHaveLength(1)
      if (order === 'alice-first') {
        const u = deliver(b, aConsent, published)
        expect(u).toEqual([{ type: 'consent', peer: a.publicKey, outgoing: [] }])
        // Bob consents: he sends consent + his reveal (he already has Alice's consent).
        const bOut = b.consentToReveal(a.publicKey)
        expect(bOut).toHaveLength(2)
        const ua = deliver(a, bOut, published)
        expect(ua[0]!.type).toBe('consent')
        // Alice answers Bob's consent with her reveal; then receives Bob's reveal.
        const aliceReveal = ua[0]!.outgoing
        expect(aliceReveal).toHaveLength(1)
        expect(ua[1]).toMatchObject({ type: 'revealed', peer: b.publicKey, mainPublicKey: getPublicKey(bobMain) })
        const ub = deliver(b, aliceReveal, published)
        expect(ub).toMatchObject([{ type: 'revealed', peer: a.publicKey, mainPublicKey: getPublicKey(aliceMain), outgoing: [] }])
      } else {
        const bConsent = b.consentToReveal(a.publicKey)
        const ub = deliver(b, aConsent, published)
        const ua = deliver(a, bConsent, published)
        const ra = deliver(a, ub[0]!.outgoing, published)
        const rb = deliver(b, ua[0]!.outgoing, published)
        expect(ra).toMatchObject([{ type: 'revealed', mainPublicKey: getPublicKey(bobMain) }])
        expect(rb).toMatchObject([{ type: 'revealed', mainPublicKey: getPublicKey(aliceMain) }])
      }
    }
  })

  it('never reveals without local consent, and ignores a reveal it did not consent to', () => {
    const { a, b, published } = pair(4)
    // Bob consents, Alice never does: Alice sends nothing back.
    const u = deliver(a, b.consentToReveal(a.publicKey), published)
    expect(u).toEqual([{ type: 'consent', peer: b.publicKey, outgoing: [] }])
    // A peer that reveals anyway (hand-built here with a known ephemeral key) is ignored until
    // Alice consents; after that the same, valid reveal is accepted.
    const rogueKey = seededRng(77).randomBytes(32)
    const rogue = getPublicKey(rogueKey)
    const proof = schnorr.sign(revealDigest(rogue, a.publicKey), bobMain)
    const body = JSON.stringify({ t: 'reveal', pubkey: getPublicKey(bobMain), sig: toHex(proof) })
    const content = nip44Encrypt(body, getConversationKey(rogueKey, a.publicKey), new Uint8Array(32).fill(1))
    const reveal = finalizeEvent({ kind: NostrKind.NEARBY_REVEAL, created_at: 1, tags: [['p', a.publicKey]], content }, rogueKey)
    expect(a.handleEvent(reveal)).toBeNull()
    const consent = a.consentToReveal(rogue)
    expect(consent).toHaveLength(1) // consent only: the rogue never sent a consent first
    const accepted = a.handleEvent(reveal)
    expect(accepted).toMatchObject({ type: 'revealed', peer: rogue, mainPublicKey: getPublicKey(bobMain) })
    // Treated as consent too, so Alice now reveals back.
    expect(accepted!.outgoing).toHaveLength(1)
    // A reveal whose proof is for another pair of keys is rejected.
    const badProof = schnorr.sign(revealDigest(rogue, b.publicKey), bobMain)
    const badBody = JSON.stringify({ t: 'reveal', pubkey: getPublicKey(bobMain), sig: toHex(badProof) })
    const bad = finalizeEvent({ kind: NostrKind.NEARBY_REVEAL, created_at: 1, tags: [['p', a.publicKey]], content: nip44Encrypt(badBody, getConversationKey(rogueKey, a.publicKey), new Uint8Array(32).fill(2)) }, rogueKey)
    expect(a.handleEvent(bad)).toBeNull()
  })

  it('ending zeroes the ephemeral key bytes', () => {
    const handed: Uint8Array[] = []
    const base = seededRng(99)
    const rng = { next: base.next, randomBytes: (n: number) => {
      const b = base.randomBytes(n)
      handed.push(b)
      return b
    } }
    const s = startNearbyMode({ location: { geohash: 'u33dc0' }, mainIdentity: mainIdentitySigner(aliceMain), clock, rng })
    const key = handed.find((b) => b.length === 32 && getPublicKey(b) === s.publicKey)!
    expect(key.some((x) => x !== 0)).toBe(true)
    s.end()
    expect(key.every((x) => x === 0)).toBe(true)
  })

  it('rejects a reveal replayed to another session (the proof binds both ephemeral keys)', () => {
    const { a, b, published } = pair(5)
    deliver(b, a.consentToReveal(b.publicKey), published)
    const bOut = b.consentToReveal(a.publicKey)
    const bobReveal = bOut[1]!
    // Carol consents with Bob too, then gets Bob's reveal meant for Alice: wrong p tag, not decryptable.
    const carol = startNearbyMode({ location: { geohash: a.geohash }, mainIdentity: mainIdentitySigner(hex('0c'.repeat(32))), clock, rng: seededRng(55) })
    carol.consentToReveal(b.publicKey)
    expect(carol.handleEvent(bobReveal)).toBeNull()
    expect(carol.handleEvent({ ...bobReveal, tags: [['p', carol.publicKey]] })).toBeNull()
  })

  it('nothing in any published event links the ephemeral key to the main identity', () => {
    const seed = hex('11'.repeat(32))
    const { a, b, published } = pair(6)
    deliver(b, [a.presenceEvent(), a.chatEvent('anyone here?')], published)
    deliver(a, [b.presenceEvent()], published)
    const ub = deliver(b, a.consentToReveal(b.publicKey), published)
    const ua = deliver(a, [...ub.flatMap((x) => x.outgoing), ...b.consentToReveal(a.publicKey)], published)
    deliver(b, ua.flatMap((x) => x.outgoing), published)
    // Both reveals happened (so the reveal content is in `published`, encrypted).
    expect(published.filter((e) => e.kind === NostrKind.NEARBY_REVEAL)).toHaveLength(4)
    const mains = [getPublicKey(aliceMain), getPublicKey(bobMain)]
    const forbidden = [
      ...mains,
      ...mains.map((m) => npubEncode(m)),
      ...mains.map((m) => Buffer.from(m, 'hex').toString('base64')),
      deriveGeohashIdentity(seed, a.geohash).publicKey,
    ]
    const wire = JSON.stringify(published)
    for (const f of forbidden) expect(wire.includes(f), f).toBe(false)
    for (const e of published) {
      expect([a.publicKey, b.publicKey]).toContain(e.pubkey)
      for (const t of e.tags) expect(t[0] === 'g' || t[0] === 'p').toBe(true)
      for (const t of e.tags.filter((x) => x[0] === 'p')) expect([a.publicKey, b.publicKey]).toContain(t[1])
    }
    // An observer holding neither ephemeral key learns nothing from the reveal messages.
    const observer = startNearbyMode({ location: { geohash: a.geohash }, mainIdentity: mainIdentitySigner(hex('0d'.repeat(32))), clock, rng: seededRng(66) })
    for (const e of published) expect(observer.handleEvent({ ...e, tags: [['p', observer.publicKey]] })).toBeNull()
  })

  it('ending destroys the key: no more signing, events ignored', () => {
    const { a, b } = pair(7)
    a.end()
    expect(a.active).toBe(false)
    for (const f of [() => a.presenceEvent(), () => a.chatEvent('x'), () => a.consentToReveal(b.publicKey)]) {
      let err: unknown
      try {
        f()
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err) && (err as { code: string }).code).toBe('CLOSED')
    }
    expect(a.handleEvent(b.consentToReveal(a.publicKey)[0]!)).toBeNull()
    a.end()
  })
})
