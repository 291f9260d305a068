/**
 * After a wipe the node comes back as someone new: fresh Noise static and Ed25519 keys (hence a
 * new peer ID, wire spec §4) and bitchat's `anon####` nickname. A decoy profile adds innocuous
 * content so the app looks normally used.
 * @module
 */
import type { CryptoProvider, KeyValueStore, Rng } from '@bitmesh/interface'
import { toHex, utf8 } from './bytes.js'

const KEY_BYTES = 32
const PEER_ID_BYTES = 8

/** A new identity, shaped like `MeshIdentity` of `@bitmesh/mesh` plus display data. */
export interface FreshIdentity {
  /** X25519 Noise static key pair; SHA-256 of the public key gives the peer ID. */
  readonly noiseStaticKeyPair: { readonly privateKey: Uint8Array; readonly publicKey: Uint8Array }
  /** Ed25519 secret seed. */
  readonly signingSeed: Uint8Array
  /** Ed25519 public key. */
  readonly signingPublicKey: Uint8Array
  /** First 8 bytes of SHA-256(noise public key), as 16 hex characters (wire spec §4). */
  readonly peerIdHex: string
  /** Display name: `anon` + 4 digits unless the caller chose one. */
  readonly nickname: string
}

/** One innocuous message of a decoy profile. */
export interface DecoyMessage {
  /** Channel or conversation label, e.g. `'#mesh'`. */
  readonly channel: string
  /** Sender nickname. */
  readonly sender: string
  /** Text. */
  readonly text: string
  /** Timestamp (ms since the epoch). */
  readonly timestamp: number
}

/** A fresh identity plus content. */
export interface DecoyProfile extends FreshIdentity {
  /** Messages to show in the history. */
  readonly messages: readonly DecoyMessage[]
}

/** Default decoy history: public-channel small talk, one message every few minutes. */
export const DEFAULT_DECOY_TEXTS: readonly string[] = Object.freeze([
  'anyone know if the north gate is open?',
  'battery at 40%, heading to the charging tent',
  'the food trucks by the stage are great',
  'lost a blue jacket near the info booth',
  'see you all at the next set',
])

/** Options of {@link createFreshIdentity}. */
export interface FreshIdentityOptions {
  /** Source of the secret keys (must be cryptographically secure outside simulations). */
  rng: Rng
  /** Nickname (default `anon` + 4 random digits, as bitchat after a panic). */
  nickname?: string
}

/**
 * Generate a new identity.
 * @param crypto - Derives the public keys and the peer ID.
 * @param options - Randomness, optional nickname.
 * @returns The identity (the caller persists it; {@link installProfile} writes mesh's layout).
 */
export function createFreshIdentity(crypto: CryptoProvider, options: FreshIdentityOptions): FreshIdentity {
  const privateKey = options.rng.randomBytes(KEY_BYTES)
  const signingSeed = options.rng.randomBytes(KEY_BYTES)
  if (privateKey.length !== KEY_BYTES || signingSeed.length !== KEY_BYTES) throw new RangeError('rng.randomBytes returned the wrong length')
  const publicKey = crypto.x25519.getPublicKey(privateKey)
  const nickname = options.nickname ?? `anon${String(Math.floor(options.rng.next() * 10_000)).padStart(4, '0')}`
  return {
    noiseStaticKeyPair: { privateKey, publicKey },
    signingSeed,
    signingPublicKey: crypto.ed25519.getPublicKey(signingSeed),
    peerIdHex: toHex(crypto.sha256(publicKey), PEER_ID_BYTES),
    nickname,
  }
}

/** Options of {@link createDecoyProfile}. */
export interface DecoyProfileOptions extends FreshIdentityOptions {
  /** Time of the newest message (ms since the epoch); older ones go back from here. */
  now: number
  /** Texts to use (default {@link DEFAULT_DECOY_TEXTS}). */
  texts?: readonly string[]
  /** Channel of the messages (default `'#mesh'`). */
  channel?: string
}

/**
 * A fresh identity with innocuous history: its own keypair, an `anon####` nickname (or the
 * given one) and public-channel messages from made-up senders spread over the last hour.
 * @param crypto - Provider.
 * @param options - Randomness, `now`, texts.
 * @returns The profile.
 */
export function createDecoyProfile(crypto: CryptoProvider, options: DecoyProfileOptions): DecoyProfile {
  const identity = createFreshIdentity(crypto, options)
  const texts = options.texts ?? DEFAULT_DECOY_TEXTS
  const channel = options.channel ?? '#mesh'
  const stepMs = 60 * 60 * 1000 / Math.max(1, texts.length)
  const messages = texts.map((text, i) => ({
    channel,
    sender: `anon${String(Math.floor(options.rng.next() * 10_000)).padStart(4, '0')}`,
    text,
    timestamp: Math.round(options.now - (texts.length - 1 - i) * stepMs - options.rng.next() * 30_000),
  }))
  return { ...identity, messages }
}

/** Key layout written by {@link installProfile}. */
export interface ProfileLayout {
  /** Prefix of the identity keys, as `loadOrCreateIdentity` of `@bitmesh/mesh` reads them (default `'bitmesh/mesh/identity/'`). */
  identityPrefix?: string
  /** Key of the nickname (default `'bitmesh/profile/nickname'`). */
  nicknameKey?: string
  /** Prefix of history entries, numbered from `000000` (default `'bitmesh/history/'`). */
  historyPrefix?: string
}

/**
 * Persist an identity (or decoy profile) so the next node start loads it: the identity under
 * mesh's layout (`noise-static`, `ed25519-seed`), the nickname, and any decoy messages as JSON.
 * Idempotent (it overwrites), so it is safe in an after-wipe hook.
 * @param store - Where the node keeps its state (an encrypted store under a NEW data key).
 * @param profile - The identity or profile.
 * @param layout - Key names.
 */
export async function installProfile(store: KeyValueStore, profile: FreshIdentity | DecoyProfile, layout: ProfileLayout = {}): Promise<void> {
  const identityPrefix = layout.identityPrefix ?? 'bitmesh/mesh/identity/'
  await store.set(`${identityPrefix}noise-static`, profile.noiseStaticKeyPair.privateKey)
  await store.set(`${identityPrefix}ed25519-seed`, profile.signingSeed)
  await store.set(layout.nicknameKey ?? 'bitmesh/profile/nickname', utf8(profile.nickname))
  const messages = 'messages' in profile ? profile.messages : []
  const historyPrefix = layout.historyPrefix ?? 'bitmesh/history/'
  for (let i = 0; i < messages.length; i++) {
    await store.set(`${historyPrefix}${String(i).padStart(6, '0')}`, utf8(JSON.stringify(messages[i])))
  }
}
