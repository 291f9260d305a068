/**
 * One identity derivation for a cluster head (issue #6): the beacon names the head by its peer
 * ID, and the hotspot credential exchange (`@bitmesh/transport-hotspot`) checks the head's
 * Ed25519 identity key against a fingerprint. Both come from the keys the head's **verified
 * announce** binds together (wire §4):
 *
 * 1. beacon `id` = peer ID = SHA-256(Noise static public key)[0..8];
 * 2. the announce carrying that Noise key is signed by the head's Ed25519 signing key, which is
 *    also its hotspot identity key;
 * 3. hotspot fingerprint = SHA-256(Ed25519 signing public key), 32 bytes
 *    (`headFingerprint` of `@bitmesh/transport-hotspot` computes the same).
 *
 * A member that joins a head from its beacon therefore passes
 * {@link headFingerprintForBeacon}`(beacon.id, announced keys)` to `acceptOffer`; an offer signed
 * by any other key fails with `FINGERPRINT_MISMATCH`, and a beacon whose id does not match the
 * announced Noise key yields `null` (do not join).
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { BEACON_ID_BYTES } from './beacon.js'

/** Bytes of a head's identity fingerprint (full SHA-256). */
export const HEAD_FINGERPRINT_BYTES = 32

/** The keys a verified announce binds to a peer ID. */
export interface AnnouncedKeys {
  /** X25519 Noise static public key (32 bytes) from the announce. */
  noiseStaticPublicKey: Uint8Array
  /** Ed25519 signing public key (32 bytes) that signed the announce; the head's hotspot identity key. */
  signingPublicKey: Uint8Array
}

/**
 * Peer ID of a Noise static key, as the beacon carries it (wire §4).
 * @param crypto - SHA-256 provider.
 * @param noiseStaticPublicKey - 32-byte X25519 key.
 * @returns 8 bytes.
 */
export function peerIdOfNoiseKey(crypto: CryptoProvider, noiseStaticPublicKey: Uint8Array): Uint8Array {
  return crypto.sha256(noiseStaticPublicKey).slice(0, BEACON_ID_BYTES)
}

/**
 * The head identity fingerprint: SHA-256 of the Ed25519 signing (= hotspot identity) public key.
 * @param crypto - SHA-256 provider.
 * @param signingPublicKey - 32-byte Ed25519 public key.
 * @returns 32 bytes.
 * @throws TypeError when the key is not 32 bytes.
 */
export function headKeyFingerprint(crypto: CryptoProvider, signingPublicKey: Uint8Array): Uint8Array {
  if (!(signingPublicKey instanceof Uint8Array) || signingPublicKey.length !== 32) throw new TypeError('signingPublicKey must be 32 bytes')
  return crypto.sha256(signingPublicKey)
}

/**
 * The fingerprint a member must see in the head's hotspot credential offer, given the head's
 * beacon and the keys of its verified announce.
 * @param crypto - SHA-256 provider.
 * @param beaconId - The 8-byte id from the head's beacon.
 * @param keys - Keys from the head's verified announce.
 * @returns The 32-byte fingerprint, or `null` when the beacon does not name these keys.
 * @throws TypeError for keys of the wrong length.
 */
export function headFingerprintForBeacon(crypto: CryptoProvider, beaconId: Uint8Array, keys: AnnouncedKeys): Uint8Array | null {
  if (!(keys.noiseStaticPublicKey instanceof Uint8Array) || keys.noiseStaticPublicKey.length !== 32) throw new TypeError('noiseStaticPublicKey must be 32 bytes')
  if (!(beaconId instanceof Uint8Array) || beaconId.length !== BEACON_ID_BYTES) return null
  const id = peerIdOfNoiseKey(crypto, keys.noiseStaticPublicKey)
  let diff = 0
  for (let i = 0; i < BEACON_ID_BYTES; i++) diff |= id[i]! ^ beaconId[i]!
  return diff === 0 ? headKeyFingerprint(crypto, keys.signingPublicKey) : null
}
