/**
 * bitchat peer IDs (`bitchat-wire.md` §4): the first 8 bytes of SHA-256 of the Noise static
 * public key, written as 16 lowercase hex characters. Computed here with the injected
 * `CryptoProvider` because `@bitmesh/noise` may not import `@bitmesh/wire-format`.
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { assertBytes } from '../bytes.js'
import { DH_LEN_BYTES } from '../constants.js'
import { PEER_ID_BYTES } from './constants.js'

const HEX_DIGITS = '0123456789abcdef'
const PEER_ID_HEX = /^[0-9a-fA-F]{16}$/

/**
 * Derive the 8-byte peer ID of a Noise static public key.
 * @param crypto - provider of SHA-256.
 * @param staticPublicKey - 32-byte X25519 public key.
 * @returns a new 8-byte array.
 * @throws TypeError when the key is not 32 bytes.
 */
export function peerIdFromStaticKey(crypto: CryptoProvider, staticPublicKey: Uint8Array): Uint8Array {
  assertBytes(staticPublicKey, DH_LEN_BYTES, 'staticPublicKey')
  return crypto.sha256(staticPublicKey).slice(0, PEER_ID_BYTES)
}

/**
 * Render an 8-byte peer ID as 16 lowercase hex characters.
 * @param peerId - 8 bytes.
 * @returns the hex form.
 * @throws TypeError when `peerId` is not 8 bytes.
 */
export function peerIdToHex(peerId: Uint8Array): string {
  assertBytes(peerId, PEER_ID_BYTES, 'peerId')
  let out = ''
  for (let i = 0; i < PEER_ID_BYTES; i++) {
    const b = peerId[i]!
    out += HEX_DIGITS[b >>> 4]! + HEX_DIGITS[b & 15]!
  }
  return out
}

/**
 * Parse a 16-character hex peer ID (either case). Strict: the lenient pad-with-zeros rule of §4
 * is for display strings, not for identities the session layer keys state on.
 * @param hex - 16 hex characters.
 * @returns a new 8-byte array.
 * @throws TypeError when `hex` is not exactly 16 hex characters.
 */
export function peerIdFromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !PEER_ID_HEX.test(hex)) throw new TypeError('peer ID must be 16 hex characters')
  const out = new Uint8Array(PEER_ID_BYTES)
  for (let i = 0; i < PEER_ID_BYTES; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/**
 * Normalise a peer ID given as 8 bytes or 16 hex characters to its lowercase hex form, the key
 * the session manager uses (and the form §5.3's lexicographic tie-break compares).
 * @param peerId - 8 bytes or 16 hex characters.
 * @returns 16 lowercase hex characters.
 * @throws TypeError for anything else.
 */
export function normalizePeerId(peerId: Uint8Array | string): string {
  if (typeof peerId === 'string') {
    if (!PEER_ID_HEX.test(peerId)) throw new TypeError('peer ID must be 8 bytes or 16 hex characters')
    return peerId.toLowerCase()
  }
  if (!(peerId instanceof Uint8Array) || peerId.length !== PEER_ID_BYTES) {
    throw new TypeError('peer ID must be 8 bytes or 16 hex characters')
  }
  return peerIdToHex(peerId)
}

/**
 * Whether `staticPublicKey` hashes to `peerIdHex` (§4 binding: a handshake whose authenticated
 * static key does not match the claimed peer ID is rejected).
 * @param crypto - provider of SHA-256.
 * @param staticPublicKey - the peer's authenticated 32-byte static key.
 * @param peerIdHex - the claimed peer ID, 16 lowercase hex characters.
 * @returns whether they match.
 */
export function staticKeyMatchesPeerId(crypto: CryptoProvider, staticPublicKey: Uint8Array, peerIdHex: string): boolean {
  if (staticPublicKey.length !== DH_LEN_BYTES) return false
  return peerIdToHex(peerIdFromStaticKey(crypto, staticPublicKey)) === peerIdHex
}
