import { describe, expect, it } from 'vitest'
import { loadJsonVectors, hex } from '@bitmesh-internal/test-vectors'
import { verifyEvent as nostrToolsVerify } from 'nostr-tools/pure'
import { finalizeEvent, getEventHash, serializeEvent, verifyEvent, type NostrEvent } from './event.js'
import { getPublicKey, isValidPublicKey, isValidSecretKey, npubDecode, npubEncode } from './keys.js'
import { matchFilter, matchFilters, isNostrFilter } from './filter.js'
import { committedPowBits, countLeadingZeroBits, mineEvent } from './pow.js'
import { seededRng } from '../../test/helpers/clock.js'

interface Nip01 {
  events: Array<{ source: string; event: NostrEvent; id_valid: boolean; sig_valid: boolean | null; serialized: string }>
}
interface Bip340 {
  vectors: Array<{ index: number; secret_key: string | null; public_key: string; valid: boolean }>
}

describe('NIP-01 event vectors (go-nostr, NIP-59, NIP-17)', () => {
  const { events } = loadJsonVectors<Nip01>('nostr', 'nip01-events.json')
  it('serialises, hashes and verifies all 10', () => {
    expect(events).toHaveLength(10)
    for (const v of events) {
      expect(serializeEvent(v.event)).toBe(v.serialized)
      expect(getEventHash(v.event) === v.event.id).toBe(v.id_valid)
      if (v.sig_valid !== null) expect(verifyEvent(v.event)).toBe(v.sig_valid)
    }
  })
  it('rejects tampering and malformed events without throwing', () => {
    const signed = events.find((v) => v.sig_valid === true)!.event
    expect(verifyEvent({ ...signed, content: signed.content + ' ' })).toBe(false)
    expect(verifyEvent({ ...signed, sig: signed.sig.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toBe(false)
    expect(verifyEvent({ ...signed, id: signed.id.toUpperCase() })).toBe(false)
    expect(verifyEvent({ ...signed, tags: [[1]] })).toBe(false)
    expect(verifyEvent(null)).toBe(false)
    expect(verifyEvent('x')).toBe(false)
    expect(verifyEvent({ ...signed, created_at: 1.5 })).toBe(false)
  })
  it('NIP-01 escaping is JSON.stringify’s', () => {
    expect(serializeEvent({ pubkey: 'p', created_at: 1, kind: 1, tags: [], content: '\x00\x01\b\t\n\x1f"\\' })).toBe(
      '[0,"p",1,1,[],"\\u0000\\u0001\\b\\t\\n\\u001f\\"\\\\"]',
    )
  })
})

describe('BIP-340 key vectors', () => {
  const { vectors } = loadJsonVectors<Bip340>('nostr', 'bip340-schnorr.json')
  it('derives each public key from its secret key', () => {
    const withKey = vectors.filter((v) => v.secret_key !== null)
    expect(withKey.length).toBe(8)
    for (const v of withKey) expect(getPublicKey(hex(v.secret_key!))).toBe(v.public_key)
  })
  it('flags public keys that are not on the curve', () => {
    // Vector 5: "public key not on the curve".
    const v5 = vectors.find((v) => v.index === 5)!
    expect(isValidPublicKey(v5.public_key)).toBe(false)
    expect(isValidPublicKey(vectors[0]!.public_key)).toBe(true)
  })
})

describe('signing', () => {
  const sk = hex('0000000000000000000000000000000000000000000000000000000000000003')
  it('finalizeEvent output verifies here and in nostr-tools; a seeded rng makes it deterministic', () => {
    const t = { kind: 1, created_at: 1_700_000_000, tags: [['g', 'u33d']], content: 'hello' }
    const e1 = finalizeEvent(t, sk, seededRng(1))
    const e2 = finalizeEvent(t, sk, seededRng(1))
    expect(e1).toEqual(e2)
    expect(verifyEvent(e1)).toBe(true)
    expect(nostrToolsVerify({ ...e1 })).toBe(true)
    expect(e1.pubkey).toBe('f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9')
  })
  it('validates keys and round-trips npub', () => {
    expect(isValidSecretKey(new Uint8Array(32))).toBe(false)
    expect(isValidSecretKey(new Uint8Array(32).fill(0xff))).toBe(false)
    expect(() => getPublicKey(new Uint8Array(31))).toThrow(RangeError)
    const pk = getPublicKey(sk)
    const npub = npubEncode(pk)
    expect(npub.startsWith('npub1')).toBe(true)
    expect(npubDecode(npub)).toBe(pk)
    expect(npubDecode('nsec1xyz')).toBeNull()
    expect(npubDecode('garbage')).toBeNull()
  })
})

describe('filters', () => {
  const e: NostrEvent = { id: 'a'.repeat(64), pubkey: 'b'.repeat(64), created_at: 100, kind: 20000, tags: [['g', 'u33d'], ['n', 'al']], content: '', sig: 'c'.repeat(128) }
  it('ANDs fields, ORs values and filters', () => {
    expect(matchFilter({ kinds: [20000, 20001], '#g': ['u33d'] }, e)).toBe(true)
    expect(matchFilter({ kinds: [1] }, e)).toBe(false)
    expect(matchFilter({ '#g': ['u33'] }, e)).toBe(false)
    expect(matchFilter({ since: 101 }, e)).toBe(false)
    expect(matchFilter({ until: 99 }, e)).toBe(false)
    expect(matchFilter({ since: 100, until: 100, authors: ['b'.repeat(64)], ids: ['a'.repeat(64)] }, e)).toBe(true)
    expect(matchFilter({ '#p': ['x'] }, e)).toBe(false)
    expect(matchFilters([{ kinds: [1] }, { '#n': ['al'] }], e)).toBe(true)
    expect(isNostrFilter({ kinds: ['1'] })).toBe(false)
    expect(isNostrFilter({ '#g': ['u'], limit: 5 })).toBe(true)
  })
})

describe('NIP-13 proof of work', () => {
  it('counts leading zero bits', () => {
    expect(countLeadingZeroBits('000f' + 'f'.repeat(60))).toBe(12)
    expect(countLeadingZeroBits(new Uint8Array([0, 0, 0x10]))).toBe(19)
    expect(countLeadingZeroBits('0'.repeat(64))).toBe(256)
  })
  it('mines a 12-bit nonce tag whose id matches the full serialisation', () => {
    const sk = hex('00000000000000000000000000000000000000000000000000000000000000aa')
    const t = { kind: 20000, created_at: 1_700_000_000, tags: [['g', 'u33d'], ['n', 'q"uote']], content: 'hi "there" ✓' }
    const mined = mineEvent(t, getPublicKey(sk), 12, seededRng(5))
    expect(mined).not.toBeNull()
    const nonceTag = mined!.tags.at(-1)!
    expect(nonceTag[0]).toBe('nonce')
    expect(nonceTag[1]).toMatch(/^[0-9a-f]{16}$/)
    expect(nonceTag[2]).toBe('12')
    const e = finalizeEvent(mined!, sk)
    expect(countLeadingZeroBits(e.id)).toBeGreaterThanOrEqual(12)
    expect(committedPowBits(e)).toBe(12)
    expect(verifyEvent(e)).toBe(true)
  })
  it('gives up within the iteration budget', () => {
    const t = { kind: 20000, created_at: 1, tags: [], content: '' }
    expect(mineEvent(t, 'b'.repeat(64), 64, seededRng(1), { maxIterations: 100 })).toBeNull()
    expect(() => mineEvent(t, 'b'.repeat(64), 257, seededRng(1))).toThrow(RangeError)
  })
  it('does not credit a nonce whose commitment is not met', () => {
    expect(committedPowBits({ id: 'f'.repeat(64), tags: [['nonce', '00', '8']] })).toBe(0)
    expect(committedPowBits({ id: '00' + 'f'.repeat(62), tags: [['nonce', '00', '4']] })).toBe(4)
  })
})
