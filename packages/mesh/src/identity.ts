/**
 * The node's long-term keys (§3.1, §4): an X25519 Noise static key (its hash is the peer ID) and
 * a separate Ed25519 signing key, loaded from or persisted to the store.
 * @module
 */
import type { CryptoProvider, KeyValueStore, Rng } from '@bitmesh/interface'
import { keyPairFromPrivateKey } from '@bitmesh/noise'
import type { MeshIdentity } from './types.js'

const KEY_BYTES = 32

/**
 * Load the identity stored under `prefix`, or generate one from `rng` and store it.
 * A stored value of the wrong size is treated as absent and replaced.
 * @param store - Persistent store.
 * @param crypto - Provider deriving the public keys.
 * @param rng - Source of new secret keys (must be secure outside simulations).
 * @param prefix - Key prefix, e.g. `"bitmesh/mesh/identity/"`.
 * @returns The identity.
 */
export async function loadOrCreateIdentity(store: KeyValueStore, crypto: CryptoProvider, rng: Rng, prefix: string): Promise<MeshIdentity> {
  const noiseKey = `${prefix}noise-static`
  const signingKey = `${prefix}ed25519-seed`
  let noisePrivate = await store.get(noiseKey)
  let signingSeed = await store.get(signingKey)
  if (noisePrivate?.length !== KEY_BYTES) {
    noisePrivate = rng.randomBytes(KEY_BYTES)
    await store.set(noiseKey, noisePrivate)
  }
  if (signingSeed?.length !== KEY_BYTES) {
    signingSeed = rng.randomBytes(KEY_BYTES)
    await store.set(signingKey, signingSeed)
  }
  return { noiseStaticKeyPair: keyPairFromPrivateKey(crypto, noisePrivate), signingSeed }
}

/**
 * Check the shape of a caller-supplied identity.
 * @param identity - The identity.
 * @throws TypeError when a key is not 32 bytes.
 */
export function checkIdentity(identity: MeshIdentity): void {
  const { noiseStaticKeyPair: kp, signingSeed } = identity
  if (!(kp?.privateKey instanceof Uint8Array) || kp.privateKey.length !== KEY_BYTES) throw new TypeError('identity.noiseStaticKeyPair.privateKey must be 32 bytes')
  if (!(kp.publicKey instanceof Uint8Array) || kp.publicKey.length !== KEY_BYTES) throw new TypeError('identity.noiseStaticKeyPair.publicKey must be 32 bytes')
  if (!(signingSeed instanceof Uint8Array) || signingSeed.length !== KEY_BYTES) throw new TypeError('identity.signingSeed must be 32 bytes')
}
