/**
 * PIN records with a decoy PIN: entering the real PIN unlocks, entering the decoy PIN wipes.
 *
 * Hashing: PBKDF2-HMAC-SHA256 (RFC 8018) built on the provider's `hmacSha256` — the provider has
 * no scrypt or Argon2, and PBKDF2 is the standard KDF HMAC gives. A 4–6 digit PIN has at most
 * 10^6 values, so anyone holding the record can test them all offline whatever the KDF; the
 * iterations only slow that down. The record protects no data (data keys are not derived from
 * the PIN): it only decides between unlock and wipe, and it does not say which hash is the decoy
 * to someone who has neither PIN — both hashes look alike.
 *
 * One hash is computed per attempt and compared with both stored hashes without an early exit,
 * so an unlock, a wipe and a rejection take the same time.
 * @module
 */
import { DecodeError, DecodeReason, type CryptoProvider } from '@bitmesh/interface'
import { constantTimeEqual, utf8 } from './bytes.js'
import { DEFAULT_PIN_ITERATIONS, MAX_PIN_BYTES, MAX_PIN_ITERATIONS, MIN_PIN_ITERATIONS, SALT_BYTES } from './constants.js'

const HASH_BYTES = 32
const RECORD_VERSION = 1
const RECORD_BYTES = 1 + 4 + SALT_BYTES + HASH_BYTES + 1 + HASH_BYTES

/** A stored PIN record. Treat it as sensitive (it allows an offline PIN search). */
export interface PinRecord {
  /** PBKDF2 iterations. */
  readonly iterations: number
  /** Random salt (16 bytes). */
  readonly salt: Uint8Array
  /** Hash of the PIN that unlocks. */
  readonly unlockHash: Uint8Array
  /** Hash of the decoy PIN that wipes, or `null` when no decoy PIN is set. */
  readonly decoyHash: Uint8Array | null
}

/** What an entered PIN means. */
export type PinCheck = 'unlock' | 'decoy' | 'reject'

/** Options of {@link createPinRecord}. */
export interface CreatePinRecordOptions {
  /** The PIN that unlocks. */
  pin: string
  /** Optional decoy PIN (must differ from `pin`): entering it wipes. */
  decoyPin?: string
  /** PBKDF2 iterations (default 50 000; at least 1 000). */
  iterations?: number
}

function pinBytes(pin: string, name: string): Uint8Array {
  if (typeof pin !== 'string') throw new TypeError(`${name} must be a string`)
  // NFC so the same PIN typed on two keyboards hashes the same.
  const bytes = utf8(pin.normalize('NFC'))
  if (bytes.length === 0 || bytes.length > MAX_PIN_BYTES) throw new RangeError(`${name} must be 1..${MAX_PIN_BYTES} UTF-8 bytes`)
  return bytes
}

/**
 * PBKDF2-HMAC-SHA256 with one 32-byte output block (RFC 8018 §5.2, dkLen = hLen).
 * @param crypto - Provider of HMAC-SHA256.
 * @param password - Password bytes.
 * @param salt - Salt.
 * @param iterations - Iteration count (≥ 1).
 * @returns 32 bytes.
 */
export function pbkdf2Sha256(crypto: CryptoProvider, password: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError('iterations must be a positive integer')
  const block = new Uint8Array(salt.length + 4)
  block.set(salt)
  block[salt.length + 3] = 1 // INT(1): the first and only block
  let u = crypto.hmacSha256(password, block)
  const out = u.slice()
  for (let i = 1; i < iterations; i++) {
    const next = crypto.hmacSha256(password, u)
    u.fill(0)
    u = next
    for (let j = 0; j < HASH_BYTES; j++) out[j] = (out[j] as number) ^ (u[j] as number)
  }
  u.fill(0)
  return out
}

/**
 * Create a PIN record.
 * @param crypto - Provider (HMAC, randomness for the salt).
 * @param options - PIN, optional decoy PIN, iterations.
 * @returns The record (store it with {@link encodePinRecord}).
 * @throws RangeError when the PINs are empty, too long or equal, or iterations are out of range.
 */
export function createPinRecord(crypto: CryptoProvider, options: CreatePinRecordOptions): PinRecord {
  const iterations = options.iterations ?? DEFAULT_PIN_ITERATIONS
  if (!Number.isSafeInteger(iterations) || iterations < MIN_PIN_ITERATIONS || iterations > MAX_PIN_ITERATIONS) {
    throw new RangeError(`iterations must be an integer in ${MIN_PIN_ITERATIONS}..${MAX_PIN_ITERATIONS}`)
  }
  const pin = pinBytes(options.pin, 'pin')
  const decoy = options.decoyPin === undefined ? undefined : pinBytes(options.decoyPin, 'decoyPin')
  if (decoy !== undefined && constantTimeEqual(pin, decoy)) throw new RangeError('decoyPin must differ from pin')
  const salt = crypto.randomBytes(SALT_BYTES)
  const record: PinRecord = {
    iterations,
    salt,
    unlockHash: pbkdf2Sha256(crypto, pin, salt, iterations),
    decoyHash: decoy === undefined ? null : pbkdf2Sha256(crypto, decoy, salt, iterations),
  }
  pin.fill(0)
  decoy?.fill(0)
  return record
}

/**
 * Classify an entered PIN. Same work for every outcome (one KDF run, two comparisons).
 * @param crypto - Provider.
 * @param record - The stored record.
 * @param pin - What the user typed.
 * @returns `'unlock'`, `'decoy'` (the caller must wipe) or `'reject'`.
 */
export function checkPin(crypto: CryptoProvider, record: PinRecord, pin: string): PinCheck {
  let bytes: Uint8Array
  try {
    bytes = pinBytes(pin, 'pin')
  } catch (error) {
    if (error instanceof RangeError) return 'reject'
    throw error
  }
  const hash = pbkdf2Sha256(crypto, bytes, record.salt, record.iterations)
  bytes.fill(0)
  const isUnlock = constantTimeEqual(hash, record.unlockHash)
  // Compare against a dummy when there is no decoy, so both paths do the same work.
  const isDecoy = constantTimeEqual(hash, record.decoyHash ?? record.unlockHash) && record.decoyHash !== null
  hash.fill(0)
  if (isDecoy && !isUnlock) return 'decoy'
  return isUnlock ? 'unlock' : 'reject'
}

/**
 * The record to keep after a decoy wipe: the decoy PIN becomes the ordinary unlock PIN (it now
 * opens the decoy profile) and no decoy remains, so entering it again does not wipe again.
 * @param record - The record whose decoy PIN was entered.
 * @returns The new record, or `record` itself when it had no decoy.
 */
export function pinRecordAfterDecoyWipe(record: PinRecord): PinRecord {
  if (record.decoyHash === null) return record
  return { iterations: record.iterations, salt: record.salt.slice(), unlockHash: record.decoyHash.slice(), decoyHash: null }
}

/**
 * Serialise a record: `version (1) ‖ iterations (u32 BE) ‖ salt (16) ‖ unlockHash (32) ‖
 * hasDecoy (1) ‖ decoyHash (32, zeros when absent)` — fixed length, so the file size does not
 * reveal whether a decoy PIN is set.
 */
export function encodePinRecord(record: PinRecord): Uint8Array {
  const out = new Uint8Array(RECORD_BYTES)
  const view = new DataView(out.buffer)
  out[0] = RECORD_VERSION
  view.setUint32(1, record.iterations)
  out.set(record.salt, 5)
  out.set(record.unlockHash, 5 + SALT_BYTES)
  out[5 + SALT_BYTES + HASH_BYTES] = record.decoyHash === null ? 0 : 1
  if (record.decoyHash !== null) out.set(record.decoyHash, 6 + SALT_BYTES + HASH_BYTES)
  return out
}

/**
 * Parse a record.
 * @throws DecodeError for a wrong length, version or out-of-range iteration count.
 */
export function decodePinRecord(bytes: Uint8Array): PinRecord {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array')
  if (bytes.length !== RECORD_BYTES) throw new DecodeError(DecodeReason.BAD_LENGTH, `a PIN record is ${RECORD_BYTES} bytes`)
  if (bytes[0] !== RECORD_VERSION) throw new DecodeError(DecodeReason.BAD_VERSION, `unknown PIN record version ${bytes[0]}`)
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1)
  if (iterations < MIN_PIN_ITERATIONS || iterations > MAX_PIN_ITERATIONS) throw new DecodeError(DecodeReason.BAD_VALUE, 'PIN record iterations out of range')
  const flag = bytes[5 + SALT_BYTES + HASH_BYTES]
  if (flag !== 0 && flag !== 1) throw new DecodeError(DecodeReason.BAD_VALUE, 'PIN record decoy flag must be 0 or 1')
  return {
    iterations,
    salt: bytes.slice(5, 5 + SALT_BYTES),
    unlockHash: bytes.slice(5 + SALT_BYTES, 5 + SALT_BYTES + HASH_BYTES),
    decoyHash: flag === 1 ? bytes.slice(6 + SALT_BYTES + HASH_BYTES) : null,
  }
}
