/**
 * The key-store blob: `BMKS` ‖ version ‖ flags ‖ body, where the body lists (purpose, key) pairs
 * and, when wrapped, is sealed under a key derived from an app secret (e.g. from the OS keychain).
 *
 * ```
 * magic "BMKS" (4) | version 1 (1) | flags (1, bit 0 = wrapped)
 * wrapped:   salt (16) | nonce (12) | ChaCha20-Poly1305(body, ad = the 22 header bytes before nonce)
 * unwrapped: body
 * body: count (u16 BE) | count × ( purposeLength (u8) | purpose (UTF-8) | key (32) )
 * ```
 * @module
 */
import { CryptoError, DecodeError, DecodeReason, type CryptoProvider } from '@bitmesh/interface'
import { concatBytes, utf8 } from './bytes.js'
import { DATA_KEY_BYTES, KEY_STORE_MAGIC, KEY_STORE_VERSION, MAX_DATA_KEYS, MAX_PURPOSE_BYTES, SALT_BYTES } from './constants.js'

const FLAG_WRAPPED = 0x01
const HEADER_BYTES = KEY_STORE_MAGIC.length + 2
const NONCE_BYTES = 12
const WRAP_INFO = utf8('bitmesh panic-wipe key-store wrap v1')
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Raw (purpose, key) pairs of a key store. */
export type KeyEntries = ReadonlyMap<string, Uint8Array>

/**
 * Check a purpose name.
 * @throws TypeError / RangeError for a non-string, empty or over-long name.
 */
export function checkPurpose(purpose: string): Uint8Array {
  if (typeof purpose !== 'string') throw new TypeError('purpose must be a string')
  const bytes = utf8(purpose)
  if (bytes.length === 0 || bytes.length > MAX_PURPOSE_BYTES) throw new RangeError(`purpose must be 1..${MAX_PURPOSE_BYTES} UTF-8 bytes`)
  return bytes
}

function encodeBody(entries: KeyEntries): Uint8Array {
  if (entries.size > MAX_DATA_KEYS) throw new RangeError(`a key store holds at most ${MAX_DATA_KEYS} keys`)
  const parts: Uint8Array[] = [Uint8Array.of(entries.size >> 8, entries.size & 0xff)]
  for (const [purpose, key] of entries) {
    const name = checkPurpose(purpose)
    parts.push(Uint8Array.of(name.length), name, key)
  }
  return concatBytes(...parts)
}

function decodeBody(body: Uint8Array): Map<string, Uint8Array> {
  if (body.length < 2) throw new DecodeError(DecodeReason.TRUNCATED, 'key store body is truncated')
  const count = ((body[0] as number) << 8) | (body[1] as number)
  if (count > MAX_DATA_KEYS) throw new DecodeError(DecodeReason.BAD_LENGTH, `key store lists ${count} keys (max ${MAX_DATA_KEYS})`)
  const out = new Map<string, Uint8Array>()
  let offset = 2
  for (let i = 0; i < count; i++) {
    const nameLength = body[offset]
    if (nameLength === undefined) throw new DecodeError(DecodeReason.TRUNCATED, 'key store entry is truncated')
    if (nameLength === 0 || nameLength > MAX_PURPOSE_BYTES) throw new DecodeError(DecodeReason.BAD_LENGTH, 'key store purpose length out of range')
    offset++
    if (offset + nameLength + DATA_KEY_BYTES > body.length) throw new DecodeError(DecodeReason.TRUNCATED, 'key store entry is truncated')
    let purpose: string
    try {
      purpose = decoder.decode(body.subarray(offset, offset + nameLength))
    } catch (error) {
      throw new DecodeError(DecodeReason.BAD_UTF8, 'key store purpose is not UTF-8', { cause: error })
    }
    offset += nameLength
    if (out.has(purpose)) throw new DecodeError(DecodeReason.BAD_VALUE, `key store lists purpose '${purpose}' twice`)
    out.set(purpose, body.slice(offset, offset + DATA_KEY_BYTES))
    offset += DATA_KEY_BYTES
  }
  if (offset !== body.length) throw new DecodeError(DecodeReason.BAD_LENGTH, 'key store has trailing bytes')
  return out
}

function wrapKey(crypto: CryptoProvider, secret: Uint8Array, salt: Uint8Array): Uint8Array {
  return crypto.hkdfSha256(secret, salt, WRAP_INFO, DATA_KEY_BYTES)
}

/**
 * Serialise a key store.
 * @param crypto - Provider (randomness and AEAD when wrapping).
 * @param entries - Purpose → 32-byte key.
 * @param wrappingSecret - Optional app secret; when given the body is sealed under a key derived from it.
 * @returns The blob to persist.
 */
export function encodeKeyStore(crypto: CryptoProvider, entries: KeyEntries, wrappingSecret?: Uint8Array): Uint8Array {
  const body = encodeBody(entries)
  const wrapped = wrappingSecret !== undefined
  const header = concatBytes(KEY_STORE_MAGIC, Uint8Array.of(KEY_STORE_VERSION, wrapped ? FLAG_WRAPPED : 0))
  if (!wrapped) return concatBytes(header, body)
  const salt = crypto.randomBytes(SALT_BYTES)
  const nonce = crypto.randomBytes(NONCE_BYTES)
  const ad = concatBytes(header, salt)
  const key = wrapKey(crypto, wrappingSecret, salt)
  try {
    return concatBytes(ad, nonce, crypto.chacha20poly1305.seal(key, nonce, body, ad))
  } finally {
    key.fill(0)
    body.fill(0)
  }
}

/**
 * Parse a key-store blob.
 * @param crypto - Provider (AEAD when wrapped).
 * @param blob - The persisted bytes.
 * @param wrappingSecret - The app secret the blob was wrapped under, if any.
 * @returns Purpose → key (fresh arrays owned by the caller).
 * @throws DecodeError for a malformed blob; CryptoError `AUTH_FAILED` for a wrong secret or a
 *   tampered blob; CryptoError `CRYPTO_ERROR` when wrapping and secret presence do not match.
 */
export function decodeKeyStore(crypto: CryptoProvider, blob: Uint8Array, wrappingSecret?: Uint8Array): Map<string, Uint8Array> {
  if (blob.length < HEADER_BYTES) throw new DecodeError(DecodeReason.TRUNCATED, 'key store is truncated')
  for (let i = 0; i < KEY_STORE_MAGIC.length; i++) {
    if (blob[i] !== KEY_STORE_MAGIC[i]) throw new DecodeError(DecodeReason.BAD_VALUE, 'not a BitMesh key store (bad magic)')
  }
  if (blob[4] !== KEY_STORE_VERSION) throw new DecodeError(DecodeReason.BAD_VERSION, `unsupported key store version ${blob[4]}`)
  const flags = blob[5] as number
  if ((flags & ~FLAG_WRAPPED) !== 0) throw new DecodeError(DecodeReason.BAD_VALUE, 'unknown key store flags')
  const wrapped = (flags & FLAG_WRAPPED) !== 0
  if (!wrapped) {
    if (wrappingSecret !== undefined) throw new CryptoError('CRYPTO_ERROR', 'key store is not wrapped but a wrapping secret was given')
    return decodeBody(blob.subarray(HEADER_BYTES))
  }
  if (wrappingSecret === undefined) throw new CryptoError('CRYPTO_ERROR', 'key store is wrapped: a wrapping secret is required')
  const adEnd = HEADER_BYTES + SALT_BYTES
  if (blob.length < adEnd + NONCE_BYTES + 16) throw new DecodeError(DecodeReason.TRUNCATED, 'wrapped key store is truncated')
  const ad = blob.subarray(0, adEnd)
  const salt = blob.subarray(HEADER_BYTES, adEnd)
  const nonce = blob.subarray(adEnd, adEnd + NONCE_BYTES)
  const key = wrapKey(crypto, wrappingSecret, salt)
  const body = crypto.chacha20poly1305.open(key, nonce, blob.subarray(adEnd + NONCE_BYTES), ad)
  key.fill(0)
  if (body === null) throw new CryptoError('AUTH_FAILED', 'key store did not authenticate (wrong wrapping secret or tampered file)')
  try {
    return decodeBody(body)
  } finally {
    body.fill(0)
  }
}
