/**
 * The packet inspector: decode one frame with `@bitmesh/wire-format` and annotate everything a
 * fork maintainer needs — header fields with offsets, flags by name, addressing, compression,
 * the payload decoded by type, padding, signature validity and the sync packet ID. Frames in
 * the legacy dialect are reported as such and still decoded as far as is certain.
 * @module
 */
import {
  bytesToHex,
  decodeFilePacket,
  fingerprint,
  packetIdHex,
  peerIdFromNoiseKey,
  summarizePayload,
  tryDecodePacket,
  verifyPacketSignature,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import { readLayout, type FrameLayout, type LayoutField } from './layout.js'
import { describeLegacyPayload } from './legacy.js'
import { decompressLegacyLz4 } from './lz4.js'
import { flagNames, isKnownType, typeLabel } from './names.js'
import type { SummaryFields } from './summary.js'
import { TLV_NAMES, walkTlvs } from './tlv.js'

/** Bytes of an opaque payload shown as a hex preview. */
const MAX_HEAD_BYTES = 32

/** Options of {@link inspectFrame}. */
export interface InspectOptions {
  /** Ed25519 public key to verify signatures with (announces carry their own). */
  key?: Uint8Array | undefined
}

/** Compression details. */
export interface CompressionInfo {
  algorithm: string
  /** Bytes of the compressed stream on the wire (size field excluded). */
  wireBytes: number
  /** Bytes after decompression. */
  originalBytes: number
  /** originalBytes / wireBytes. */
  ratio: number
}

/** One TLV in the annotated payload view. */
export interface TlvInfo {
  offset: number
  type: number
  name: string
  length: number
  complete: boolean
}

/** The decoded payload. */
export interface PayloadInfo {
  /** Offset of the payload on the wire. */
  offset: number
  /** Bytes on the wire (compressed when compressed). */
  wireBytes: number
  /** Bytes after decompression. */
  bytes: number
  /** Whether the payload decoded as its type. */
  ok: boolean
  fields: SummaryFields
  error?: { reason: string; message: string }
  tlvs?: TlvInfo[]
}

/** Signature details. */
export interface SignatureInfo {
  present: boolean
  offset?: number
  status: 'valid' | 'invalid' | 'unchecked' | 'absent'
  /** Where the verification key came from. */
  keySource?: 'announce' | '--key'
  key?: string
}

/** Bytes after the last section. */
export interface PaddingInfo {
  bytes: number
  kind: 'none' | 'pkcs7' | 'legacy-random' | 'trailing'
  /** The pad byte value for PKCS#7 padding. */
  value?: number
}

/** Everything the inspector found out about one frame. */
export interface FrameInspection {
  bytes: number
  status: 'ok' | 'legacy' | 'invalid'
  dialect: 'current' | 'legacy'
  error: { code: string; reason: string; message: string } | null
  version: number | null
  type: number | null
  typeLabel: string | null
  ttl: number | null
  timestamp: bigint | null
  fields: LayoutField[]
  /** Where the layout ran out, for truncated frames. */
  truncatedIn: string | null
  flags: string[]
  senderId: string | null
  recipientId: string | null
  broadcast: boolean
  route: string[] | null
  compression: CompressionInfo | null
  payload: PayloadInfo | null
  signature: SignatureInfo
  padding: PaddingInfo
  packetId: string | null
  notes: string[]
}

function paddingOf(frame: Uint8Array, end: number | undefined, legacy: boolean): PaddingInfo {
  if (end === undefined || end >= frame.length) return { bytes: 0, kind: 'none' }
  const bytes = frame.length - end
  const last = frame[frame.length - 1]!
  let pkcs7 = last === bytes
  for (let i = end; pkcs7 && i < frame.length; i++) if (frame[i] !== last) pkcs7 = false
  if (pkcs7) return { bytes, kind: 'pkcs7', value: last }
  // Legacy padding was random bytes with only the last one giving the count.
  if (legacy && last === bytes) return { bytes, kind: 'legacy-random', value: last }
  return { bytes, kind: 'trailing' }
}

function tlvInfos(p: Uint8Array, width: number | ((type: number) => number), names: ReadonlyMap<number, string>): TlvInfo[] {
  return walkTlvs(p, width).map((t) => ({ ...t, name: names.get(t.type) ?? 'unknown (skipped)' }))
}

/** Type-specific additions to the payload codecs' summary. */
function enrichPayload(packet: BitchatPacket, info: PayloadInfo, notes: string[]): Uint8Array | undefined {
  const p = packet.payload
  switch (packet.type) {
    case 0x01: {
      info.tlvs = tlvInfos(p, 1, TLV_NAMES.announce)
      const noise = info.fields.noisePublicKey
      if (info.ok && typeof noise === 'string') {
        const key = hexBytes(noise)
        const derived = bytesToHex(peerIdFromNoiseKey(key))
        info.fields.fingerprint = fingerprint(key)
        info.fields.derivedPeerId = derived
        const sender = bytesToHex(packet.senderId)
        notes.push(
          derived === sender
            ? 'sender ID = SHA-256(noise key)[0..8]: binding OK'
            : `sender ID ${sender} does NOT match SHA-256(noise key)[0..8] = ${derived}; receivers reject this announce`,
        )
        const signing = info.fields.signingPublicKey
        if (typeof signing === 'string') return hexBytes(signing)
      }
      return undefined
    }
    case 0x20:
      if (typeof info.fields.originalType === 'number') info.fields.originalType = typeLabel(info.fields.originalType, 'current')
      delete info.fields.originalTypeName
      return undefined
    case 0x02:
    case 0x03:
      if (info.fields.text === null) info.fields.head = bytesToHex(p.subarray(0, MAX_HEAD_BYTES))
      if (packet.type === 0x03) return undefined
      // Android first tries a MESSAGE payload as a file packet (wire spec §2.3).
      try {
        decodeFilePacket(p)
        notes.push('this text also parses as a file TLV: Android would show it as a file')
      } catch {
        // the normal case
      }
      return undefined
    case 0x11:
      if (p.length >= 20) info.fields.tagBytes = 16
      return undefined
    case 0x21: {
      info.tlvs = tlvInfos(p, 2, TLV_NAMES.requestSync)
      const P = info.fields.p
      if (info.ok && typeof P === 'number') {
        info.fields.falsePositiveRate = `≈ 1/${2 ** P} (2^-P)`
        info.fields.gcsBits = (info.fields.dataBytes as number) * 8
      }
      return undefined
    }
    case 0x22:
      info.tlvs = tlvInfos(p, (type) => (type === 0x04 ? 4 : 2), TLV_NAMES.file)
      return undefined
    default:
      if (!isKnownType(packet.type, 'current') || !info.ok) info.fields.head = bytesToHex(p.subarray(0, MAX_HEAD_BYTES))
      return undefined
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function baseInspection(frame: Uint8Array, dialect: 'current' | 'legacy', layout: FrameLayout): FrameInspection {
  const field = (name: string) => layout.fields.find((f) => f.name === name)
  const ts = field('timestamp') === undefined ? null : readTimestamp(frame)
  const recipient = field('recipientId') === undefined ? null : bytesToHex(frame.subarray(field('recipientId')!.offset, field('recipientId')!.offset + 8))
  const routeFields = layout.fields.filter((f) => f.name.startsWith('route['))
  return {
    bytes: frame.length,
    status: 'ok',
    dialect,
    error: null,
    version: layout.version ?? null,
    type: layout.type ?? null,
    typeLabel: layout.type === undefined ? null : typeLabel(layout.type, dialect),
    ttl: field('ttl') === undefined ? null : frame[2]!,
    timestamp: ts,
    fields: layout.fields,
    truncatedIn: layout.truncatedIn ?? null,
    flags: layout.flags === undefined ? [] : flagNames(layout.flags, dialect, layout.version ?? 1),
    senderId: field('senderId')?.value ?? null,
    recipientId: recipient,
    broadcast: recipient === null || recipient === 'ffffffffffffffff',
    route: routeFields.length === 0 ? null : routeFields.map((f) => f.value),
    compression: null,
    payload: null,
    signature: { present: layout.signatureOffset !== undefined || ((layout.flags ?? 0) & 0x02) !== 0, status: 'absent' },
    padding: paddingOf(frame, layout.end, dialect === 'legacy'),
    packetId: null,
    notes: [],
  }
}

function readTimestamp(frame: Uint8Array): bigint {
  let ts = 0n
  for (let i = 3; i < 11; i++) ts = (ts << 8n) | BigInt(frame[i]!)
  return ts
}

function inspectCurrent(frame: Uint8Array, packet: BitchatPacket, options: InspectOptions): FrameInspection {
  const layout = readLayout(frame, 'current')
  const out = baseInspection(frame, 'current', layout)
  if (out.type !== null && !isKnownType(out.type, 'current')) {
    out.notes.push('unknown type: bitchat peers relay it but do not interpret it')
  }
  if (packet.wireCompression != null) {
    const wire = packet.wireCompression.deflated.length
    out.compression = { algorithm: 'raw DEFLATE (RFC 1951)', wireBytes: wire, originalBytes: packet.payload.length, ratio: packet.payload.length / wire }
  }
  const summary = summarizePayload(packet.type, packet.payload)
  const payload: PayloadInfo = {
    offset: layout.payloadOffset ?? 0,
    wireBytes: layout.payloadWireLength ?? packet.payload.length,
    bytes: packet.payload.length,
    ok: summary.ok,
    fields: summary.fields,
  }
  if (summary.error !== undefined) {
    payload.error = summary.error
    out.notes.push(`payload does not decode as ${out.typeLabel}: ${summary.error.reason} (${summary.error.message})`)
  }
  const announceKey = enrichPayload(packet, payload, out.notes)
  out.payload = payload

  if (packet.signature !== null) {
    const key = options.key ?? announceKey
    const keySource = options.key !== undefined ? '--key' : announceKey !== undefined ? 'announce' : undefined
    out.signature = { present: true, status: 'unchecked' }
    if (layout.signatureOffset !== undefined) out.signature.offset = layout.signatureOffset
    if (key !== undefined && keySource !== undefined) {
      out.signature.status = verifyPacketSignature(packet, key) ? 'valid' : 'invalid'
      out.signature.keySource = keySource
      out.signature.key = bytesToHex(key)
    }
  }
  out.packetId = packetIdHex(packet)
  return out
}

function inspectLegacy(frame: Uint8Array, error: FrameInspection['error']): FrameInspection {
  const layout = readLayout(frame, 'legacy')
  const out = baseInspection(frame, 'legacy', layout)
  out.status = 'legacy'
  out.error = error
  out.notes.push(
    'LEGACY_DIALECT: pre-August-2025 bitchat (old type numbers, LZ4 compression); current peers drop it. Decoded for diagnosis only.',
  )
  if (layout.payloadOffset === undefined || layout.end === undefined) {
    out.notes.push(`frame is truncated in ${layout.truncatedIn ?? 'the header'}`)
    return out
  }
  let payload = frame.subarray(layout.payloadOffset, layout.payloadOffset + layout.payloadWireLength!)
  if (layout.originalSize !== undefined) {
    const result = decompressLegacyLz4(payload, layout.originalSize)
    if (result === null) {
      out.notes.push('compressed payload is not LZ4 of the declared size; shown compressed')
    } else {
      out.compression = {
        algorithm: result.container === 'apple-lz4' ? `LZ4, Apple container (${result.blocks} block${result.blocks === 1 ? '' : 's'})` : 'LZ4 raw block',
        wireBytes: payload.length,
        originalBytes: result.bytes.length,
        ratio: result.bytes.length / Math.max(1, payload.length),
      }
      payload = result.bytes
    }
  }
  const described = describeLegacyPayload(out.type!, payload)
  out.payload = {
    offset: layout.payloadOffset,
    wireBytes: layout.payloadWireLength!,
    bytes: payload.length,
    ok: true,
    fields: described.fields,
  }
  out.notes.push(...described.notes)
  if (out.signature.present) {
    out.signature = { present: true, status: 'unchecked', offset: layout.signatureOffset! }
    out.notes.push('legacy signatures are not checked: the legacy signing preimage is not modelled')
  }
  return out
}

/**
 * Inspect one frame.
 * @param frame - The bytes as received.
 * @param options - Verification key.
 * @returns The report; never throws for any input bytes.
 */
export function inspectFrame(frame: Uint8Array, options: InspectOptions = {}): FrameInspection {
  const decoded = tryDecodePacket(frame)
  if (decoded.ok) return inspectCurrent(frame, decoded.packet, options)
  const error = { code: decoded.reason === 'LEGACY_DIALECT' ? 'LEGACY_DIALECT' : 'DECODE_ERROR', reason: decoded.reason, message: decoded.message }
  if (decoded.reason === 'LEGACY_DIALECT') return inspectLegacy(frame, error)
  const out = baseInspection(frame, 'current', readLayout(frame, 'current'))
  out.status = 'invalid'
  out.error = error
  out.signature = { present: out.signature.present, status: out.signature.present ? 'unchecked' : 'absent' }
  if (out.truncatedIn !== null) out.notes.push(`the layout runs out in ${out.truncatedIn}`)
  return out
}
