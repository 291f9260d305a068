/**
 * The three-layer rumor → seal (13) → gift wrap (1059) structure shared by NIP-59 and bitchat's
 * private envelope (§7.4). The two differ only in the cipher, the timestamp jitter and the rumor
 * tag rules, so both are built from this one core.
 * @module
 */
import { CryptoError, DecodeError, DecodeReason, type Clock, type Rng } from '@bitmesh/interface'
import { finalizeEvent, getEventHash, isTagList, verifyEvent, type NostrEvent, type UnsignedEvent } from './event.js'
import { isLowerHex } from './hex.js'
import { generateKeyPair, getPublicKey } from './keys.js'
import { NostrKind } from './kinds.js'

/** A rumor: an unsigned event that always carries its id once built. */
export interface Rumor extends UnsignedEvent {
  id?: string
}

/** The encryption of one layer. `encrypt`/`decrypt` may throw `CryptoError`/`DecodeError`. */
export interface LayerCipher {
  /** Encrypt `plaintext` from `secretKey` to `recipient` (hex). */
  encrypt(plaintext: string, secretKey: Uint8Array, recipient: string, rng: Rng): string
  /** Decrypt `payload` sent by `sender` (hex) to the owner of `secretKey`. */
  decrypt(payload: string, secretKey: Uint8Array, sender: string): string
}

/** How far seal and wrap timestamps are moved from the real time, in seconds. */
export interface TimestampJitter {
  /** Largest shift into the past. */
  pastS: number
  /** Largest shift into the future. */
  futureS: number
}

/** The layers recovered from a gift wrap. */
export interface UnwrappedGift {
  /** The innermost unsigned event; authenticated by the seal's signature. */
  rumor: Rumor
  /** The sender's signed seal. `seal.pubkey` is the sender. */
  seal: NostrEvent
  /** The outer event as received. */
  wrap: NostrEvent
}

/** Inputs shared by the wrapping functions. */
export interface WrapContext {
  /** Time source (real time goes in the rumor; seal and wrap get jittered copies). */
  clock: Clock
  /** Randomness: nonces, jitter, the one-time wrap key, signature aux randomness. */
  rng: Rng
}

/**
 * A timestamp `nowS` moved by a random amount within `jitter`.
 * @internal
 */
export function jitteredTimestamp(nowS: number, jitter: TimestampJitter, rng: Rng): number {
  const span = jitter.pastS + jitter.futureS
  return nowS - jitter.pastS + Math.floor(rng.next() * (span + 1))
}

/**
 * Build the seal: the rumor JSON encrypted to the recipient and signed by the sender.
 * @internal
 */
export function sealRumor(rumor: Rumor, senderSecretKey: Uint8Array, recipient: string, cipher: LayerCipher, jitter: TimestampJitter, ctx: WrapContext): NostrEvent {
  const nowS = Math.floor(ctx.clock.now() / 1000)
  const content = cipher.encrypt(JSON.stringify(rumor), senderSecretKey, recipient, ctx.rng)
  return finalizeEvent({ kind: NostrKind.SEAL, created_at: jitteredTimestamp(nowS, jitter, ctx.rng), tags: [], content }, senderSecretKey, ctx.rng)
}

/**
 * Wrap a seal for `recipient` under a fresh one-time key, which is zeroed afterwards.
 * @internal
 */
export function wrapSeal(seal: NostrEvent, recipient: string, cipher: LayerCipher, jitter: TimestampJitter, ctx: WrapContext): NostrEvent {
  const nowS = Math.floor(ctx.clock.now() / 1000)
  const oneTime = generateKeyPair(ctx.rng)
  try {
    const content = cipher.encrypt(JSON.stringify(seal), oneTime.secretKey, recipient, ctx.rng)
    return finalizeEvent(
      { kind: NostrKind.GIFT_WRAP, created_at: jitteredTimestamp(nowS, jitter, ctx.rng), tags: [['p', recipient]], content },
      oneTime,
      ctx.rng,
    )
  } finally {
    oneTime.secretKey.fill(0)
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new DecodeError(DecodeReason.BAD_VALUE, `${what} is not JSON`, { cause })
  }
}

/**
 * Open a gift wrap: verify the wrap, decrypt and verify the seal, decrypt the rumor, and check
 * that the rumor's author is the seal's signer (otherwise anyone could forge a sender).
 * @internal
 * @throws CryptoError `INVALID_SIGNATURE` for a bad wrap or seal signature or a rumor whose
 *   author is not the seal's signer; `AUTH_FAILED`/`CRYPTO_ERROR` from the cipher.
 * @throws DecodeError for malformed layers.
 */
export function openGiftWrap(wrap: unknown, recipientSecretKey: Uint8Array, cipher: LayerCipher): UnwrappedGift {
  if (!verifyEvent(wrap)) throw new CryptoError('INVALID_SIGNATURE', 'gift wrap is malformed or its signature does not verify')
  if (wrap.kind !== NostrKind.GIFT_WRAP) throw new DecodeError(DecodeReason.BAD_VALUE, `expected kind 1059, got ${wrap.kind}`)
  const seal = parseJson(cipher.decrypt(wrap.content, recipientSecretKey, wrap.pubkey), 'seal')
  if (!verifyEvent(seal)) throw new CryptoError('INVALID_SIGNATURE', 'seal is malformed or its signature does not verify')
  if (seal.kind !== NostrKind.SEAL) throw new DecodeError(DecodeReason.BAD_VALUE, `expected seal kind 13, got ${seal.kind}`)
  const rumor = parseJson(cipher.decrypt(seal.content, recipientSecretKey, seal.pubkey), 'rumor')
  if (!isRumorShape(rumor)) throw new DecodeError(DecodeReason.BAD_VALUE, 'rumor is malformed')
  if (rumor.pubkey !== seal.pubkey) throw new CryptoError('INVALID_SIGNATURE', 'rumor author differs from seal signer')
  if (rumor.id !== undefined && rumor.id !== getEventHash(rumor)) throw new DecodeError(DecodeReason.BAD_VALUE, 'rumor id does not match its content')
  return { rumor, seal, wrap }
}

function isRumorShape(value: unknown): value is Rumor {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  if (!isLowerHex(r.pubkey, 32)) return false
  if (r.id !== undefined && !isLowerHex(r.id, 32)) return false
  if (typeof r.created_at !== 'number' || !Number.isSafeInteger(r.created_at) || r.created_at < 0) return false
  if (typeof r.kind !== 'number' || !Number.isInteger(r.kind) || r.kind < 0 || r.kind > 65535) return false
  return typeof r.content === 'string' && isTagList(r.tags)
}

/**
 * Build a rumor from a template and the author's key.
 * @param template - Kind, time, tags, content.
 * @param authorSecretKey - Author's key (only its public half goes in the rumor).
 * @param withId - Include the `id` field (NIP-59 does; iOS bitchat does not).
 * @returns The rumor.
 */
export function createRumor(template: { kind: number; created_at: number; tags: string[][]; content: string }, authorSecretKey: Uint8Array, withId = true): Rumor {
  const rumor: Rumor = { pubkey: getPublicKey(authorSecretKey), created_at: template.created_at, kind: template.kind, tags: template.tags, content: template.content }
  if (withId) return { id: getEventHash(rumor), ...rumor }
  return rumor
}
