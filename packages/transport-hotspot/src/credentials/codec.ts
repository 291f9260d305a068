/**
 * Byte layout of the hotspot credential exchange (BitMesh-only; carried over BLE by the caller,
 * e.g. inside a Noise-encrypted private payload or a BitMesh packet type). All integers big-endian.
 *
 * Request, member → head (58 bytes):
 * `0x01 ‖ version 0x01 ‖ requestId[16] ‖ memberEphemeralX25519[32] ‖ timestampMs u64`
 *
 * Offer, head → member (≤ 98 + 2 + 16 + 165 + 64 bytes):
 * `0x02 ‖ 0x01 ‖ requestId[16] ‖ headIdentityEd25519[32] ‖ headEphemeralX25519[32] ‖
 *  issuedAtMs u64 ‖ expiresAtMs u64 ‖ sealedLength u16 ‖ sealed ‖ signature[64]`
 *
 * Sealed plaintext: `ssidLen u8 ‖ ssid ‖ passphraseLen u8 ‖ passphrase ‖ hostLen u8 ‖ host ‖ port u16`.
 * @module
 */
import { DecodeError, DecodeReason, EncodeError } from '@bitmesh/interface'
import { utf8DecodeStrict, utf8Encode } from '@bitmesh/wire-format'

/** Message type byte of a credential request. */
export const CREDENTIAL_REQUEST_TYPE = 0x01
/** Message type byte of a credential offer. */
export const CREDENTIAL_OFFER_TYPE = 0x02
/** Version of the exchange. */
export const CREDENTIAL_EXCHANGE_VERSION = 0x01
/** Request ID size in bytes. */
export const CREDENTIAL_REQUEST_ID_BYTES = 16
/** Size of a request in bytes. */
export const CREDENTIAL_REQUEST_BYTES = 58
/** Offer bytes before the sealed credentials (also the AEAD associated data). */
export const CREDENTIAL_OFFER_HEADER_BYTES = 100
/** Ed25519 signature size. */
const SIGNATURE_BYTES = 64
/** Longest SSID in bytes (IEEE 802.11). */
export const MAX_SSID_BYTES = 32
/** Longest WPA2 passphrase in bytes. */
export const MAX_PASSPHRASE_BYTES = 63
/** Longest host string in bytes. */
export const MAX_HOST_BYTES = 64

/** What a member needs to join the head's hotspot and reach its data port. */
export interface HotspotCredentials {
  ssid: string
  passphrase: string
  /** The head's address on the hotspot LAN. */
  host: string
  /** The head's TCP data port. */
  port: number
}

/** A decoded request. */
export interface CredentialRequest {
  requestId: Uint8Array
  memberEphemeralPublicKey: Uint8Array
  timestampMs: number
}

/** A decoded offer (credentials still sealed). */
export interface CredentialOffer {
  requestId: Uint8Array
  headIdentityPublicKey: Uint8Array
  headEphemeralPublicKey: Uint8Array
  issuedAtMs: number
  expiresAtMs: number
  sealed: Uint8Array
  signature: Uint8Array
  /** The signed part: everything before the signature. */
  signedPart: Uint8Array
  /** The AEAD associated data: the fixed header. */
  header: Uint8Array
}

/** Encode a request. @throws RangeError for wrong field sizes */
export function encodeCredentialRequest(r: CredentialRequest): Uint8Array {
  size(r.requestId, CREDENTIAL_REQUEST_ID_BYTES, 'requestId')
  size(r.memberEphemeralPublicKey, 32, 'memberEphemeralPublicKey')
  const out = new Uint8Array(CREDENTIAL_REQUEST_BYTES)
  out[0] = CREDENTIAL_REQUEST_TYPE
  out[1] = CREDENTIAL_EXCHANGE_VERSION
  out.set(r.requestId, 2)
  out.set(r.memberEphemeralPublicKey, 18)
  writeU64(out, 50, r.timestampMs)
  return out
}

/** Decode a request. @throws DecodeError (`TRUNCATED`, `BAD_LENGTH`, `BAD_VALUE`, `BAD_VERSION`) */
export function decodeCredentialRequest(bytes: Uint8Array): CredentialRequest {
  if (bytes.length < CREDENTIAL_REQUEST_BYTES) throw new DecodeError(DecodeReason.TRUNCATED, 'credential request truncated')
  if (bytes.length > CREDENTIAL_REQUEST_BYTES) throw new DecodeError(DecodeReason.BAD_LENGTH, 'credential request too long')
  header(bytes, CREDENTIAL_REQUEST_TYPE)
  return { requestId: bytes.slice(2, 18), memberEphemeralPublicKey: bytes.slice(18, 50), timestampMs: readU64(bytes, 50) }
}

/**
 * Assemble an offer's header (the AEAD associated data).
 * @param sealedLength - length of the sealed credentials (ciphertext + tag)
 */
export function encodeOfferHeader(o: Omit<CredentialOffer, 'sealed' | 'signature' | 'signedPart' | 'header'>, sealedLength: number): Uint8Array {
  size(o.requestId, CREDENTIAL_REQUEST_ID_BYTES, 'requestId')
  size(o.headIdentityPublicKey, 32, 'headIdentityPublicKey')
  size(o.headEphemeralPublicKey, 32, 'headEphemeralPublicKey')
  const out = new Uint8Array(CREDENTIAL_OFFER_HEADER_BYTES)
  out[0] = CREDENTIAL_OFFER_TYPE
  out[1] = CREDENTIAL_EXCHANGE_VERSION
  out.set(o.requestId, 2)
  out.set(o.headIdentityPublicKey, 18)
  out.set(o.headEphemeralPublicKey, 50)
  writeU64(out, 82, o.issuedAtMs)
  writeU64(out, 90, o.expiresAtMs)
  out[98] = sealedLength >>> 8
  out[99] = sealedLength & 0xff
  return out
}

/** Decode an offer. @throws DecodeError for malformed bytes */
export function decodeCredentialOffer(bytes: Uint8Array): CredentialOffer {
  if (bytes.length < CREDENTIAL_OFFER_HEADER_BYTES + SIGNATURE_BYTES) throw new DecodeError(DecodeReason.TRUNCATED, 'credential offer truncated')
  header(bytes, CREDENTIAL_OFFER_TYPE)
  const sealedLength = (bytes[98]! << 8) | bytes[99]!
  const end = CREDENTIAL_OFFER_HEADER_BYTES + sealedLength
  if (sealedLength < 16) throw new DecodeError(DecodeReason.BAD_LENGTH, 'sealed credentials shorter than the AEAD tag')
  if (bytes.length !== end + SIGNATURE_BYTES) throw new DecodeError(bytes.length < end + SIGNATURE_BYTES ? DecodeReason.TRUNCATED : DecodeReason.BAD_LENGTH, 'credential offer length does not match its sealed length')
  return {
    requestId: bytes.slice(2, 18),
    headIdentityPublicKey: bytes.slice(18, 50),
    headEphemeralPublicKey: bytes.slice(50, 82),
    issuedAtMs: readU64(bytes, 82),
    expiresAtMs: readU64(bytes, 90),
    sealed: bytes.slice(CREDENTIAL_OFFER_HEADER_BYTES, end),
    signature: bytes.slice(end),
    signedPart: bytes.subarray(0, end),
    header: bytes.subarray(0, CREDENTIAL_OFFER_HEADER_BYTES),
  }
}

/** Encode the sealed plaintext. @throws EncodeError for over-long fields; RangeError for a bad port */
export function encodeCredentials(c: HotspotCredentials): Uint8Array {
  const ssid = utf8Encode(c.ssid)
  const pass = utf8Encode(c.passphrase)
  const host = utf8Encode(c.host)
  if (ssid.length === 0 || ssid.length > MAX_SSID_BYTES) throw new EncodeError(`SSID must be 1..${MAX_SSID_BYTES} bytes`)
  if (pass.length > MAX_PASSPHRASE_BYTES) throw new EncodeError(`passphrase must be at most ${MAX_PASSPHRASE_BYTES} bytes`)
  if (host.length === 0 || host.length > MAX_HOST_BYTES) throw new EncodeError(`host must be 1..${MAX_HOST_BYTES} bytes`)
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 0xffff) throw new RangeError('port must be in 1..65535')
  const out = new Uint8Array(3 + ssid.length + pass.length + host.length + 2)
  let p = 0
  for (const field of [ssid, pass, host]) {
    out[p++] = field.length
    out.set(field, p)
    p += field.length
  }
  out[p] = c.port >>> 8
  out[p + 1] = c.port & 0xff
  return out
}

/** Decode the sealed plaintext. @throws DecodeError for malformed bytes */
export function decodeCredentials(bytes: Uint8Array): HotspotCredentials {
  let p = 0
  const fields: string[] = []
  for (let i = 0; i < 3; i++) {
    const n = bytes[p]
    if (n === undefined || p + 1 + n > bytes.length) throw new DecodeError(DecodeReason.TRUNCATED, 'credentials truncated')
    fields.push(utf8DecodeStrict(bytes.subarray(p + 1, p + 1 + n)))
    p += 1 + n
  }
  if (bytes.length !== p + 2) throw new DecodeError(DecodeReason.BAD_LENGTH, 'credentials length mismatch')
  const port = (bytes[p]! << 8) | bytes[p + 1]!
  if (port === 0 || fields[0]!.length === 0) throw new DecodeError(DecodeReason.BAD_VALUE, 'empty SSID or port 0')
  return { ssid: fields[0]!, passphrase: fields[1]!, host: fields[2]!, port }
}

function header(bytes: Uint8Array, type: number): void {
  if (bytes[0] !== type) throw new DecodeError(DecodeReason.BAD_VALUE, `expected credential message type ${type}, got ${bytes[0]}`)
  if (bytes[1] !== CREDENTIAL_EXCHANGE_VERSION) throw new DecodeError(DecodeReason.BAD_VERSION, `unsupported credential exchange version ${bytes[1]}`)
}

function size(bytes: Uint8Array, n: number, name: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) throw new RangeError(`${name} must be ${n} bytes`)
}

function writeU64(out: Uint8Array, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('timestamps must be non-negative safe integers')
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  view.setUint32(at, Math.floor(value / 2 ** 32))
  view.setUint32(at + 4, value >>> 0)
}

function readU64(bytes: Uint8Array, at: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hi = view.getUint32(at)
  if (hi > 0x1fffff) throw new DecodeError(DecodeReason.BAD_VALUE, 'timestamp beyond 2^53')
  return hi * 2 ** 32 + view.getUint32(at + 4)
}
