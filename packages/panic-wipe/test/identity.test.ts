import { describe, expect, it } from 'vitest'
import { createDecoyProfile, createFreshIdentity, installProfile } from '../src/index.js'
import { crypto, memoryKv, seededRng } from './helpers.js'

describe('fresh identity and decoy profile', () => {
  it('a fresh identity has new keys and the peer ID of its Noise key (wire spec §4)', () => {
    const a = createFreshIdentity(crypto, { rng: seededRng(1) })
    const b = createFreshIdentity(crypto, { rng: seededRng(2) })
    expect(a.peerIdHex).toMatch(/^[0-9a-f]{16}$/)
    expect(a.peerIdHex).not.toBe(b.peerIdHex)
    expect(a.peerIdHex).toBe(Buffer.from(crypto.sha256(a.noiseStaticKeyPair.publicKey).subarray(0, 8)).toString('hex'))
    expect(a.noiseStaticKeyPair.publicKey).toEqual(crypto.x25519.getPublicKey(a.noiseStaticKeyPair.privateKey))
    expect(a.signingPublicKey).toEqual(crypto.ed25519.getPublicKey(a.signingSeed))
    expect(a.nickname).toMatch(/^anon\d{4}$/)
    expect(createFreshIdentity(crypto, { rng: seededRng(1), nickname: 'sam' }).nickname).toBe('sam')
  })

  it('a decoy profile has innocuous messages in the last hour, oldest first', () => {
    const now = 1_700_000_000_000
    const p = createDecoyProfile(crypto, { rng: seededRng(3), now })
    expect(p.messages.length).toBeGreaterThan(0)
    for (const m of p.messages) {
      expect(m.timestamp).toBeLessThanOrEqual(now)
      expect(m.timestamp).toBeGreaterThan(now - 2 * 3_600_000)
      expect(m.sender).toMatch(/^anon\d{4}$/)
      expect(m.channel).toBe('#mesh')
    }
    const times = p.messages.map((m) => m.timestamp)
    expect([...times].sort((x, y) => x - y)).toEqual(times)
  })

  it('installProfile writes the identity where @bitmesh/mesh loadOrCreateIdentity reads it', async () => {
    const kv = memoryKv()
    const p = createDecoyProfile(crypto, { rng: seededRng(4), now: 1_700_000_000_000, texts: ['hi', 'there'] })
    await installProfile(kv, p)
    expect(await kv.get('bitmesh/mesh/identity/noise-static')).toEqual(p.noiseStaticKeyPair.privateKey)
    expect(await kv.get('bitmesh/mesh/identity/ed25519-seed')).toEqual(p.signingSeed)
    expect(new TextDecoder().decode(await kv.get('bitmesh/profile/nickname'))).toBe(p.nickname)
    expect(await kv.keys('bitmesh/history/')).toEqual(['bitmesh/history/000000', 'bitmesh/history/000001'])
    expect(JSON.parse(new TextDecoder().decode(await kv.get('bitmesh/history/000001')))).toMatchObject({ text: 'there' })
  })
})
