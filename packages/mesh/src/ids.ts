/**
 * Local identifiers: public message IDs (iOS derivation, §2.3), private message IDs (UUIDs, §2.5.1)
 * and peer ID validation.
 * @module
 */
import type { CryptoProvider, Rng } from '@bitmesh/interface'
import { bytesToHex, utf8Encode } from '@bitmesh/wire-format'

const PEER_ID_HEX = /^[0-9a-f]{16}$/

/**
 * iOS's public message ID: first 32 hex characters of
 * SHA-256(lowercase sender hex | "|" | decimal timestamp ms | "|" | trimmed content).
 * @param senderHex - Sender peer ID (lowercase hex).
 * @param timestampMs - Packet timestamp.
 * @param text - Message text.
 * @param crypto - SHA-256 provider.
 * @returns 32 lowercase hex characters.
 */
export function publicMessageId(senderHex: string, timestampMs: bigint | number, text: string, crypto: CryptoProvider): string {
  return bytesToHex(crypto.sha256(utf8Encode(`${senderHex}|${timestampMs}|${text.trim()}`))).slice(0, 32)
}

/**
 * A version-4 UUID in iOS's uppercase form, from the injected randomness.
 * @param rng - Randomness.
 * @returns e.g. `"1B4E28BA-2FA1-41D2-883F-0016D3CCA427"`.
 */
export function randomUuid(rng: Rng): string {
  const b = rng.randomBytes(16)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = bytesToHex(b).toUpperCase()
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * Normalise a peer ID given by the app.
 * @param peerId - 16 hex characters, any case.
 * @returns The lowercase form.
 * @throws TypeError when it is not 16 hex characters.
 */
export function normalizePeerId(peerId: string): string {
  const lower = typeof peerId === 'string' ? peerId.toLowerCase() : ''
  if (!PEER_ID_HEX.test(lower)) throw new TypeError('peerId must be 16 hex characters')
  return lower
}
