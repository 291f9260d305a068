import { createHash, generateKeyPairSync } from 'node:crypto'
import type { CryptoProvider } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import { headFingerprintForBeacon, headKeyFingerprint, peerIdOfNoiseKey } from './head-identity.js'

const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest())
const crypto = { sha256 } as unknown as CryptoProvider

/** A raw 32-byte public key of the given type. */
function rawPublic(type: 'x25519' | 'ed25519'): Uint8Array {
  const der = generateKeyPairSync(type as 'x25519').publicKey.export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(der.length - 32))
}

describe('head identity: beacon id ↔ hotspot fingerprint (one derivation)', () => {
  const noise = rawPublic('x25519')
  const signing = rawPublic('ed25519')

  it('the beacon id is the peer ID, SHA-256(Noise static key)[0..8] (wire §4)', () => {
    expect(peerIdOfNoiseKey(crypto, noise)).toEqual(sha256(noise).slice(0, 8))
  })

  it('the fingerprint is SHA-256 of the Ed25519 signing key — what transport-hotspot checks offers against', () => {
    const id = peerIdOfNoiseKey(crypto, noise)
    const fp = headFingerprintForBeacon(crypto, id, { noiseStaticPublicKey: noise, signingPublicKey: signing })
    expect(fp).toEqual(sha256(signing))
    expect(fp).toEqual(headKeyFingerprint(crypto, signing))
    expect(fp).toHaveLength(32)
  })

  it('a beacon that does not name the announced Noise key yields no fingerprint', () => {
    const id = peerIdOfNoiseKey(crypto, noise)
    id[7] = id[7]! ^ 1
    expect(headFingerprintForBeacon(crypto, id, { noiseStaticPublicKey: noise, signingPublicKey: signing })).toBeNull()
    expect(headFingerprintForBeacon(crypto, new Uint8Array(7), { noiseStaticPublicKey: noise, signingPublicKey: signing })).toBeNull()
    const other = rawPublic('x25519')
    expect(headFingerprintForBeacon(crypto, peerIdOfNoiseKey(crypto, other), { noiseStaticPublicKey: noise, signingPublicKey: signing })).toBeNull()
  })

  it('rejects keys of the wrong size as programmer errors', () => {
    expect(() => headKeyFingerprint(crypto, new Uint8Array(31))).toThrow(TypeError)
    expect(() => headFingerprintForBeacon(crypto, new Uint8Array(8), { noiseStaticPublicKey: new Uint8Array(1), signingPublicKey: signing })).toThrow(TypeError)
  })
})
