/**
 * Best-effort reading of legacy-dialect (pre-August-2025) payloads for diagnosis.
 *
 * Certain (read from bitchat iOS history): the 14-byte v1 header and flags 0x01/0x02/0x04 are
 * laid out as today; a compressed payload is a u16 original size followed by LZ4 (Apple's
 * `COMPRESSION_LZ4`); every frame was padded with random bytes whose last byte gives the pad
 * length; announce payloads were the bare UTF-8 nickname; `message` (0x04) carried the binary
 * `BitchatMessage` record; fragments 0x05–0x07 used today's 13-byte fragment header.
 * Not certain: payload layouts changed several times during the legacy period, so anything else
 * is shown as bytes only, and signatures are not checked (the legacy preimage is not modelled).
 * @module
 */
import { bytesToHex } from '@bitmesh/wire-format'
import type { SummaryFields } from './summary.js'

const strict = new TextDecoder('utf-8', { fatal: true })

function utf8(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes)
  } catch {
    return null
  }
}

/** Fields of a legacy `BitchatMessage` record (type 0x04). */
export interface LegacyMessage {
  flags: number
  isRelay: boolean
  isPrivate: boolean
  timestampMs: bigint
  id: string
  sender: string
  content: string
  originalSender?: string
  recipientNickname?: string
  senderPeerId?: string
  mentions?: string[]
}

/**
 * Parse the legacy binary message record: flags u8, timestamp u64 BE (ms), id (u8 length),
 * sender (u8 length), content (u16 BE length), then optional fields selected by flag bits
 * 0x04 original sender, 0x08 recipient nickname, 0x10 sender peer ID, 0x20 mentions.
 * @param p - The payload.
 * @returns The record, or `null` when the mandatory part does not fit.
 */
export function parseLegacyMessage(p: Uint8Array): LegacyMessage | null {
  let at = 0
  const byte = (): number | null => (at < p.length ? p[at++]! : null)
  const str = (length: number): string | null => {
    if (at + length > p.length) return null
    const s = utf8(p.subarray(at, at + length))
    at += length
    return s
  }
  const flags = byte()
  if (flags === null || at + 8 > p.length) return null
  let ts = 0n
  for (let i = 0; i < 8; i++) ts = (ts << 8n) | BigInt(p[at + i]!)
  at += 8
  const idLength = byte()
  const id = idLength === null ? null : str(idLength)
  const senderLength = byte()
  const sender = senderLength === null ? null : str(senderLength)
  if (id === null || sender === null || at + 2 > p.length) return null
  const contentLength = (p[at]! << 8) | p[at + 1]!
  at += 2
  const content = str(contentLength)
  if (content === null) return null
  const out: LegacyMessage = {
    flags,
    isRelay: (flags & 0x01) !== 0,
    isPrivate: (flags & 0x02) !== 0,
    timestampMs: ts,
    id,
    sender,
    content,
  }
  const optional = (bit: number): string | undefined => {
    if ((flags & bit) === 0) return undefined
    const length = byte()
    return length === null ? undefined : (str(length) ?? undefined)
  }
  const originalSender = optional(0x04)
  if (originalSender !== undefined) out.originalSender = originalSender
  const recipientNickname = optional(0x08)
  if (recipientNickname !== undefined) out.recipientNickname = recipientNickname
  const senderPeerId = optional(0x10)
  if (senderPeerId !== undefined) out.senderPeerId = senderPeerId
  if ((flags & 0x20) !== 0) {
    const count = byte() ?? 0
    const mentions: string[] = []
    for (let i = 0; i < count; i++) {
      const length = byte()
      const m = length === null ? null : str(length)
      if (m === null) break
      mentions.push(m)
    }
    out.mentions = mentions
  }
  return out
}

/**
 * Describe a legacy payload by its legacy type.
 * @param type - Legacy type byte.
 * @param p - The (decompressed) payload.
 * @returns Fields for the report and notes on what is uncertain.
 */
export function describeLegacyPayload(type: number, p: Uint8Array): { fields: SummaryFields; notes: string[] } {
  switch (type) {
    case 0x01: {
      const nickname = utf8(p)
      return { fields: { nickname: nickname ?? null, bytes: p.length }, notes: ['legacy announce: the payload is the bare UTF-8 nickname'] }
    }
    case 0x04: {
      const m = parseLegacyMessage(p)
      if (m === null) return { fields: { bytes: p.length }, notes: ['legacy message record did not parse'] }
      const fields: SummaryFields = {
        isRelay: m.isRelay,
        isPrivate: m.isPrivate,
        timestamp: m.timestampMs.toString(),
        id: m.id,
        sender: m.sender,
        content: m.content,
      }
      if (m.originalSender !== undefined) fields.originalSender = m.originalSender
      if (m.recipientNickname !== undefined) fields.recipientNickname = m.recipientNickname
      if (m.senderPeerId !== undefined) fields.senderPeerId = m.senderPeerId
      if (m.mentions !== undefined) fields.mentions = m.mentions
      return { fields, notes: ['legacy BitchatMessage record (flags, timestamp, id, sender, content, optional fields)'] }
    }
    case 0x05:
    case 0x06:
    case 0x07: {
      if (p.length < 13) return { fields: { bytes: p.length }, notes: ['legacy fragment shorter than its 13-byte header'] }
      return {
        fields: {
          fragmentId: bytesToHex(p.subarray(0, 8)),
          index: (p[8]! << 8) | p[9]!,
          total: (p[10]! << 8) | p[11]!,
          originalType: `0x${p[12]!.toString(16).padStart(2, '0')}`,
          dataBytes: p.length - 13,
        },
        notes: ['legacy fragments used start/continue/end types with the same 13-byte header'],
      }
    }
    case 0x10:
    case 0x11:
    case 0x12:
      return { fields: { bytes: p.length }, notes: ['legacy Noise message: raw handshake or transport bytes'] }
    default:
      return {
        fields: { bytes: p.length, head: bytesToHex(p.subarray(0, 32)) },
        notes: ['payload layout of this legacy type is not modelled; bytes shown as is'],
      }
  }
}
