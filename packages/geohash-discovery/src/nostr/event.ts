/**
 * NIP-01 events: canonical serialisation, id, BIP-340 signature, structural validation.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromHex, isLowerHex, toHex } from './hex.js'
import { getPublicKey, type NostrKeyPair } from './keys.js'

/** A signed NIP-01 event. */
export interface NostrEvent {
  /** SHA-256 of the canonical serialisation, lower-case hex. */
  id: string
  /** Author's x-only public key, lower-case hex. */
  pubkey: string
  /** Unix time in seconds. */
  created_at: number
  /** Event kind, 0…65535. */
  kind: number
  /** Tags: arrays of strings, the first being the tag name. */
  tags: string[][]
  /** Arbitrary string. */
  content: string
  /** BIP-340 signature of `id`, lower-case hex. */
  sig: string
}

/** What the caller supplies to sign an event. */
export interface EventTemplate {
  /** Unix time in seconds. */
  created_at: number
  /** Event kind. */
  kind: number
  /** Tags. */
  tags: string[][]
  /** Content. */
  content: string
}

/** An event with its author but no signature (a NIP-59 rumor, or an event before signing). */
export interface UnsignedEvent extends EventTemplate {
  /** Author's public key, hex. */
  pubkey: string
  /** Present on rumors that carry their id. */
  id?: string
}

/** Most tags accepted on an incoming event; real events carry a handful. */
export const MAX_EVENT_TAGS = 2_000
/** Most strings in one tag. */
export const MAX_TAG_ITEMS = 64

const encoder = /* @__PURE__ */ new TextEncoder()

/**
 * The NIP-01 serialisation `[0,pubkey,created_at,kind,tags,content]`. `JSON.stringify` escapes
 * exactly as NIP-01 asks (short escapes for `\n \" \\ \r \t \b \f`, `\u00XX` for other controls).
 * @param event - The fields to hash.
 * @returns The string whose SHA-256 is the event id.
 */
export function serializeEvent(event: UnsignedEvent): string {
  return JSON.stringify([0, event.pubkey, event.created_at, event.kind, event.tags, event.content])
}

/**
 * Compute an event id.
 * @param event - The fields to hash.
 * @returns 64 lower-case hex characters.
 */
export function getEventHash(event: UnsignedEvent): string {
  return toHex(sha256(encoder.encode(serializeEvent(event))))
}

/**
 * Sign a template with a secret key.
 * @param template - Kind, time, tags, content.
 * @param key - 32-byte secret scalar, or a key pair (skips re-deriving the public key, which
 *   costs a third of a signature). The pair must be consistent; the result would not verify otherwise.
 * @param rng - Optional source of the 32-byte BIP-340 auxiliary randomness (so a seeded
 *   simulation signs byte-identically); without it noble draws from the platform CSPRNG.
 * @returns The signed event (a new object; `tags` is the template's array).
 * @throws RangeError for an invalid secret key.
 */
export function finalizeEvent(template: EventTemplate, key: Uint8Array | NostrKeyPair, rng?: Rng): NostrEvent {
  const secretKey = key instanceof Uint8Array ? key : key.secretKey
  const pubkey = key instanceof Uint8Array ? getPublicKey(key) : key.publicKey
  const unsigned: UnsignedEvent = {
    pubkey,
    created_at: template.created_at,
    kind: template.kind,
    tags: template.tags,
    content: template.content,
  }
  const idBytes = sha256(encoder.encode(serializeEvent(unsigned)))
  const sig = schnorr.sign(idBytes, secretKey, rng === undefined ? undefined : rng.randomBytes(32))
  return { id: toHex(idBytes), pubkey, created_at: template.created_at, kind: template.kind, tags: template.tags, content: template.content, sig: toHex(sig) }
}

/**
 * Structural check of an untrusted value: every field present with the right type, hex fields
 * lower-case and the right length, integers in range, tags bounded.
 * @param value - Parsed JSON.
 * @returns True when `value` has the shape of a {@link NostrEvent} (signature not checked).
 */
export function isNostrEventShape(value: unknown): value is NostrEvent {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  if (!isLowerHex(e.id, 32) || !isLowerHex(e.pubkey, 32) || !isLowerHex(e.sig, 64)) return false
  if (typeof e.created_at !== 'number' || !Number.isSafeInteger(e.created_at) || e.created_at < 0) return false
  if (typeof e.kind !== 'number' || !Number.isInteger(e.kind) || e.kind < 0 || e.kind > 65535) return false
  if (typeof e.content !== 'string') return false
  return isTagList(e.tags)
}

/**
 * Whether a value is a bounded list of string tags.
 * @param tags - Anything.
 * @returns True for `string[][]` within {@link MAX_EVENT_TAGS} × {@link MAX_TAG_ITEMS}.
 */
export function isTagList(tags: unknown): tags is string[][] {
  if (!Array.isArray(tags) || tags.length > MAX_EVENT_TAGS) return false
  for (const tag of tags) {
    if (!Array.isArray(tag) || tag.length > MAX_TAG_ITEMS) return false
    for (const item of tag) if (typeof item !== 'string') return false
  }
  return true
}

/**
 * Full check of an untrusted event: shape, id matches the content, signature verifies.
 * Never throws.
 * @param value - Anything.
 * @returns True only for a correctly signed event.
 */
export function verifyEvent(value: unknown): value is NostrEvent {
  if (!isNostrEventShape(value)) return false
  try {
    const id = sha256(encoder.encode(serializeEvent(value)))
    if (toHex(id) !== value.id) return false
    return schnorr.verify(fromHex(value.sig), id, fromHex(value.pubkey))
  } catch {
    return false
  }
}

/**
 * The first value of the first tag named `name`.
 * @param event - An event or template.
 * @param name - Tag name, e.g. `"g"`.
 * @returns The value, or `undefined`.
 */
export function firstTagValue(event: { tags: string[][] }, name: string): string | undefined {
  for (const tag of event.tags) if (tag[0] === name && tag.length > 1) return tag[1]
  return undefined
}
