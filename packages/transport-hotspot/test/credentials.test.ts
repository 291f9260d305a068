import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CREDENTIAL_KEY_ROTATION_MS,
  decodeCredentialOffer,
  decodeCredentialRequest,
  decodeCredentials,
  encodeCredentials,
  headFingerprint,
  HotspotCredentialIssuer,
  HotspotCredentialRequester,
  type HotspotCredentials,
} from '../src/credentials/index.js'
import { seededRng, TestClock } from '../../stream-link/test/helpers/virtual.js'

const CREDS: HotspotCredentials = { ssid: 'DIRECT-bm-4F2A', passphrase: 'correct horse battery', host: '192.168.49.1', port: 8988 }

async function world(seed = 1, memberAheadMs = 0) {
  const clock = new TestClock()
  await clock.advance(1_700_000_000_000) // a realistic epoch-ms "now"
  const memberClock = { now: () => clock.now() + memberAheadMs, setTimeout: clock.setTimeout.bind(clock), clearTimeout: clock.clearTimeout.bind(clock) }
  const head = new HotspotCredentialIssuer({ crypto, clock, rng: seededRng(seed), identitySeed: seededRng(seed + 100).randomBytes(32), credentials: () => CREDS })
  const member = new HotspotCredentialRequester({ crypto, clock: memberClock, rng: seededRng(seed + 200) })
  return { clock, head, member, beacon: head.fingerprint.subarray(0, 8) }
}

describe('hotspot credential exchange', () => {
  it('delivers the credentials end to end; request and offer have the documented sizes', async () => {
    const { head, member, beacon } = await world()
    const request = member.createRequest()
    expect(request.length).toBe(58)
    const offer = head.respond(request)
    expect(offer.length).toBe(100 + encodeCredentials(CREDS).length + 16 + 64)
    expect(member.acceptOffer(offer, beacon)).toEqual(CREDS)
    expect(member.pendingCount).toBe(0)
  })

  it('never puts the passphrase on the air in clear', async () => {
    const { head, member } = await world()
    const offer = head.respond(member.createRequest())
    expect(Buffer.from(offer).includes(Buffer.from(CREDS.passphrase))).toBe(false)
    expect(Buffer.from(offer).includes(Buffer.from(CREDS.ssid))).toBe(false)
  })

  it('refuses a replayed offer (REPLAYED) and a replayed request (REPLAYED)', async () => {
    const { head, member, beacon } = await world()
    const request = member.createRequest()
    const offer = head.respond(request)
    member.acceptOffer(offer, beacon)
    expect(() => member.acceptOffer(offer, beacon)).toThrow(expect.objectContaining({ code: 'REPLAY', refusal: 'REPLAYED' }))
    expect(() => head.respond(request)).toThrow(expect.objectContaining({ code: 'REPLAY', refusal: 'REPLAYED' }))
  })

  it('refuses an offer for a request this member never made (UNKNOWN_REQUEST)', async () => {
    const a = await world(1)
    const b = await world(2)
    const offer = a.head.respond(a.member.createRequest())
    expect(() => b.member.acceptOffer(offer, a.beacon)).toThrow(expect.objectContaining({ code: 'REPLAY', refusal: 'UNKNOWN_REQUEST' }))
  })

  it('refuses an expired offer and a stale or future request (EXPIRED)', async () => {
    const { clock, head, member, beacon } = await world()
    const offer = head.respond(member.createRequest())
    await clock.advance(30_001)
    expect(() => member.acceptOffer(offer, beacon)).toThrow(expect.objectContaining({ code: 'REPLAY', refusal: 'EXPIRED' }))
    const stale = member.createRequest()
    await clock.advance(30_001)
    expect(() => head.respond(stale)).toThrow(expect.objectContaining({ refusal: 'EXPIRED' }))
    // A request dated in the future beyond the 5 s skew (a member clock 10 s ahead)…
    const ahead = await world(3, 10_000)
    expect(() => ahead.head.respond(ahead.member.createRequest())).toThrow(expect.objectContaining({ refusal: 'EXPIRED' }))
    // …while 4 s ahead is tolerated.
    const near = await world(4, 4_000)
    expect(near.member.acceptOffer(near.head.respond(near.member.createRequest()), near.beacon)).toEqual(CREDS)
  })

  it('refuses an impostor head whose key does not match the beacon fingerprint (FINGERPRINT_MISMATCH)', async () => {
    const { member, beacon, clock } = await world()
    const impostor = new HotspotCredentialIssuer({ crypto, clock, rng: seededRng(9), identitySeed: seededRng(99).randomBytes(32), credentials: () => ({ ...CREDS, ssid: 'evil' }) })
    expect(() => member.acceptOffer(impostor.respond(member.createRequest()), beacon)).toThrow(expect.objectContaining({ code: 'CRYPTO_ERROR', refusal: 'FINGERPRINT_MISMATCH' }))
  })

  it('refuses a tampered offer: signature (BAD_SIGNATURE); identity swap is caught by the fingerprint', async () => {
    const { head, member, beacon } = await world()
    const offer = head.respond(member.createRequest())
    const flipped = offer.slice()
    flipped[110]! ^= 1 // inside the sealed credentials
    expect(() => member.acceptOffer(flipped, beacon)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE', refusal: 'BAD_SIGNATURE' }))
    const times = offer.slice()
    times[97]! ^= 1 // expiresAt: the signature covers it too
    expect(() => member.acceptOffer(times, beacon)).toThrow(expect.objectContaining({ refusal: 'BAD_SIGNATURE' }))
  })

  it('binds the offer to the requesting member: a man in the middle who swaps ephemeral keys is refused', async () => {
    const { head, member, beacon } = await world()
    const request = member.createRequest()
    const decoded = decodeCredentialRequest(request)
    const mitm = new HotspotCredentialRequester({ crypto, clock: new TestClock(), rng: seededRng(77) })
    const forged = mitm.createRequest().slice()
    forged.set(decoded.requestId, 2) // same request ID, attacker's ephemeral key
    forged.set(request.subarray(50), 50)
    const offer = head.respond(forged)
    expect(() => member.acceptOffer(offer, beacon)).toThrow(expect.objectContaining({ refusal: 'BAD_SIGNATURE' }))
  })

  it('rotates the head ephemeral key every 30 s and wipes it on wipe()', async () => {
    const { clock, head, member, beacon } = await world()
    const first = decodeCredentialOffer(head.respond(member.createRequest()))
    const sameEpoch = decodeCredentialOffer(head.respond(member.createRequest()))
    expect(sameEpoch.headEphemeralPublicKey).toEqual(first.headEphemeralPublicKey)
    await clock.advance(CREDENTIAL_KEY_ROTATION_MS)
    const request = member.createRequest()
    const offer = head.respond(request)
    const next = decodeCredentialOffer(offer)
    expect(next.headEphemeralPublicKey).not.toEqual(first.headEphemeralPublicKey)
    expect(member.acceptOffer(offer, beacon)).toEqual(CREDS)
    head.wipe()
    expect(head.keyEpoch).toBeUndefined()
  })

  it('checks the full 32-byte fingerprint too, and refuses nonsense fingerprints', async () => {
    const { head, member } = await world()
    const fp = headFingerprint(crypto, head.identityPublicKey)
    expect(member.acceptOffer(head.respond(member.createRequest()), fp)).toEqual(CREDS)
    expect(() => member.acceptOffer(head.respond(member.createRequest()), fp.subarray(0, 4))).toThrow(RangeError)
  })

  it('refuses while the hotspot is down (CLOSED)', () => {
    const clock = new TestClock()
    const head = new HotspotCredentialIssuer({ crypto, clock, rng: seededRng(1), identitySeed: new Uint8Array(32).fill(1), credentials: () => undefined })
    const member = new HotspotCredentialRequester({ crypto, clock, rng: seededRng(2) })
    expect(() => head.respond(member.createRequest())).toThrow(expect.objectContaining({ code: 'CLOSED' }))
  })

  it('decoders never throw anything but typed errors on random bytes (property)', async () => {
    const { head, member, beacon } = await world()
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const f of [() => head.respond(bytes), () => member.acceptOffer(bytes, beacon), () => decodeCredentials(bytes)]) {
          try {
            f()
          } catch (error) {
            expect((error as { code?: string }).code).toMatch(/^(DECODE_ERROR|REPLAY|CRYPTO_ERROR|INVALID_SIGNATURE|AUTH_FAILED|CLOSED)$/)
          }
        }
      }),
    )
  })

  it('credentials codec round-trips and refuses over-long fields', () => {
    expect(decodeCredentials(encodeCredentials(CREDS))).toEqual(CREDS)
    expect(() => encodeCredentials({ ...CREDS, ssid: 'x'.repeat(33) })).toThrow(expect.objectContaining({ code: 'ENCODE_ERROR' }))
    expect(() => encodeCredentials({ ...CREDS, passphrase: 'x'.repeat(64) })).toThrow(expect.objectContaining({ code: 'ENCODE_ERROR' }))
  })
})
