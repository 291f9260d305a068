/**
 * Payload identification for the packet inspector: turns any outer type + payload into a
 * JSON-friendly summary, never throwing for malformed input.
 * @module
 */
import { isBitMeshError, type DecodeError } from '@bitmesh/interface'
import { bytesToHex } from '../packet/bytes.js'
import { MessageType } from '../packet/constants.js'
import { decodeAnnounce } from './announce.js'
import { decodeAnnounceV2 } from './announce-v2.js'
import { decodeBoardPayload } from './board.js'
import { PeerCapability } from './capabilities.js'
import { decodeCourierEnvelope } from './courier.js'
import { decodeFilePacket } from './file.js'
import { decodeFragmentPayload } from './fragment.js'
import { decodeGcsFilter } from './gcs.js'
import { decodeGroupMessage } from './group-message.js'
import { readU32 } from './internal/bin.js'
import { tryUtf8 } from './internal/text.js'
import { decodeNostrCarrier } from './nostr-carrier.js'
import { decodeMeshPing } from './ping.js'
import { decodePrekeyBundle } from './prekey.js'
import { decodeRequestSync } from './request-sync.js'
import { syncTypesToMessageTypes } from './sync-types.js'
import { decodeVoiceBurst } from './voice.js'

/** A JSON-compatible value. Bytes appear as lowercase hex, bigints as decimal strings. */
export type SummaryValue = string | number | boolean | null | readonly SummaryValue[] | { readonly [key: string]: SummaryValue }

/** What {@link summarizePayload} reports. */
export interface PayloadSummary {
  /** The outer type byte. */
  type: number
  /** `MessageType` key (e.g. `ANNOUNCE`), or `UNKNOWN_0x7f`. */
  name: string
  /** Whether bitchat defines this type. */
  known: boolean
  /** Whether only iOS implements it (Android relays but ignores it). */
  iosOnly: boolean
  /** Whether the payload decoded. */
  ok: boolean
  /** Decoded fields (partial or empty when `ok` is false). */
  fields: { [key: string]: SummaryValue }
  /** Why decoding failed. */
  error?: { reason: string; message: string }
}

const TYPE_NAMES: ReadonlyMap<number, string> = /* @__PURE__ */ new Map(Object.entries(MessageType).map(([k, v]) => [v, k]))
const IOS_ONLY: ReadonlySet<number> = /* @__PURE__ */ new Set<number>([
  MessageType.COURIER_ENVELOPE,
  MessageType.BOARD_POST,
  MessageType.PREKEY_BUNDLE,
  MessageType.GROUP_MESSAGE,
  MessageType.PING,
  MessageType.PONG,
  MessageType.NOSTR_CARRIER,
  MessageType.ANNOUNCE_V2,
])
/** Longest byte field shown in full; longer ones are abbreviated. */
const MAX_INLINE_BYTES = 64

/**
 * Name of an outer packet type.
 * @param type - Type byte.
 * @returns The `MessageType` key, or `UNKNOWN_0x..`.
 */
export function messageTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `UNKNOWN_0x${type.toString(16).padStart(2, '0')}`
}

/**
 * Decode a packet payload by its outer type and summarise it. Bad input yields `ok: false` with
 * the decode reason; this function itself throws nothing for any bytes.
 * @param type - The outer packet type.
 * @param payload - The (decompressed) payload.
 * @returns The summary.
 */
export function summarizePayload(type: number, payload: Uint8Array): PayloadSummary {
  const name = messageTypeName(type)
  const summary: PayloadSummary = { type, name, known: TYPE_NAMES.has(type), iosOnly: IOS_ONLY.has(type), ok: true, fields: {} }
  try {
    summary.fields = describe(type, payload)
  } catch (error) {
    if (!isBitMeshError(error)) throw error
    summary.ok = false
    summary.fields = { bytes: payload.length }
    summary.error = { reason: (error as DecodeError).reason ?? error.code, message: error.message }
  }
  return summary
}

function describe(type: number, p: Uint8Array): { [key: string]: SummaryValue } {
  switch (type) {
    case MessageType.ANNOUNCE: {
      const a = decodeAnnounce(p)
      return {
        nickname: a.nickname,
        noisePublicKey: bytesToHex(a.noisePublicKey),
        signingPublicKey: bytesToHex(a.signingPublicKey),
        directNeighbors: a.directNeighbors?.map(bytesToHex) ?? null,
        capabilities: a.capabilities === undefined ? null : capabilitySummary(a.capabilities),
        bridgeGeohash: a.bridgeGeohash ?? null,
        unknownTlvs: (a.unknownTlvs ?? []).map((t) => ({ type: t.type, value: bytes(t.value) })),
      }
    }
    case MessageType.MESSAGE:
    case MessageType.LEAVE: {
      const text = tryUtf8(p)
      return { bytes: p.length, text: text ?? null, utf8: text !== null }
    }
    case MessageType.NOISE_HANDSHAKE:
      // Message role follows from size: 32 = e, 96 = e ee s es, 64 = s se (§5.2).
      return { bytes: p.length, message: p.length === 32 ? 1 : p.length === 96 ? 2 : p.length === 64 ? 3 : null }
    case MessageType.NOISE_ENCRYPTED:
      return { bytes: p.length, nonce: p.length >= 4 ? readU32(p, 0) : null, ciphertextBytes: Math.max(0, p.length - 4) }
    case MessageType.FRAGMENT: {
      const f = decodeFragmentPayload(p)
      return {
        fragmentId: bytesToHex(f.fragmentId),
        index: f.index,
        total: f.total,
        originalType: f.originalType,
        originalTypeName: messageTypeName(f.originalType),
        dataBytes: f.data.length,
      }
    }
    case MessageType.REQUEST_SYNC: {
      const r = decodeRequestSync(p)
      return {
        p: r.p,
        m: r.m,
        dataBytes: r.data.length,
        items: decodeGcsFilter(r).values.length,
        types: r.types === undefined ? null : syncTypesToMessageTypes(r.types).map(messageTypeName),
        sinceTimestamp: r.sinceTimestamp?.toString() ?? null,
        fragmentIds: r.fragmentIds?.map(bytesToHex) ?? null,
      }
    }
    case MessageType.FILE_TRANSFER: {
      const f = decodeFilePacket(p)
      return { fileName: f.fileName ?? null, fileSize: f.fileSize ?? null, mimeType: f.mimeType ?? null, contentBytes: f.content.length }
    }
    case MessageType.VOICE_FRAME: {
      const v = decodeVoiceBurst(p)
      const body = v.body
      const detail: { [key: string]: SummaryValue } =
        body.kind === 'frames'
          ? { frames: body.frames.map((f) => f.length) }
          : body.kind === 'start'
            ? { codec: body.codec }
            : body.kind === 'end'
              ? { totalDataPackets: body.totalDataPackets, durationMs: body.durationMs }
              : {}
      return { burstId: bytesToHex(v.burstId), seq: v.seq, kind: body.kind, ...detail }
    }
    case MessageType.COURIER_ENVELOPE: {
      const c = decodeCourierEnvelope(p)
      return {
        recipientTag: bytesToHex(c.recipientTag),
        expiry: c.expiry.toString(),
        ciphertextBytes: c.ciphertext.length,
        copies: c.copies,
        prekeyId: c.prekeyId ?? null,
      }
    }
    case MessageType.BOARD_POST: {
      const b = decodeBoardPayload(p)
      return b.kind === 'post'
        ? {
            kind: 'post',
            postId: bytesToHex(b.postId),
            geohash: b.geohash,
            content: b.content,
            authorSigningKey: bytesToHex(b.authorSigningKey),
            authorNickname: b.authorNickname,
            createdAt: b.createdAt.toString(),
            expiresAt: b.expiresAt.toString(),
            flags: b.flags,
          }
        : { kind: 'tombstone', postId: bytesToHex(b.postId), authorSigningKey: bytesToHex(b.authorSigningKey), deletedAt: b.deletedAt.toString() }
    }
    case MessageType.PREKEY_BUNDLE: {
      const b = decodePrekeyBundle(p)
      return {
        noiseStaticPublicKey: bytesToHex(b.noiseStaticPublicKey),
        prekeys: b.prekeys.map((k) => ({ id: k.id, publicKey: bytesToHex(k.publicKey) })),
        generatedAt: b.generatedAt.toString(),
      }
    }
    case MessageType.GROUP_MESSAGE: {
      const g = decodeGroupMessage(p)
      return { groupId: bytesToHex(g.groupId), epoch: g.epoch, nonce: bytesToHex(g.nonce), ciphertextBytes: g.ciphertext.length }
    }
    case MessageType.PING:
    case MessageType.PONG: {
      const ping = decodeMeshPing(p)
      return { nonce: bytesToHex(ping.nonce), originTtl: ping.originTtl }
    }
    case MessageType.NOSTR_CARRIER: {
      const c = decodeNostrCarrier(p)
      return { direction: c.direction, geohash: c.geohash, eventJson: tryUtf8(c.eventJson) ?? bytes(c.eventJson) }
    }
    case MessageType.ANNOUNCE_V2: {
      const a = decodeAnnounceV2(p)
      return {
        epoch: a.epoch,
        tagBlock: bytesToHex(a.tagBlock),
        capabilities: a.capabilities === undefined ? null : capabilitySummary(a.capabilities),
        bridgeGeohash: a.bridgeGeohash ?? null,
      }
    }
    default:
      return { bytes: p.length }
  }
}

function capabilitySummary(caps: bigint): { [key: string]: SummaryValue } {
  const names = Object.entries(PeerCapability)
    .filter(([, bit]) => (caps & bit) !== 0n)
    .map(([k]) => k)
  return { value: `0x${caps.toString(16)}`, names }
}

function bytes(b: Uint8Array): SummaryValue {
  return b.length <= MAX_INLINE_BYTES ? bytesToHex(b) : { bytes: b.length, head: bytesToHex(b.subarray(0, 32)) }
}
