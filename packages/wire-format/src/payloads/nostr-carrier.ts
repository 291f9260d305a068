/**
 * NOSTR_CARRIER (`0x28`, iOS only) payload (`shared/spec/bitchat-wire.md` §2.10): a signed Nostr
 * event ferried between a mesh-only peer and an internet gateway. TLVs with 1-byte type and
 * 2-byte length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkIsBytes, fail } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'

/** Nostr carrier TLV type numbers. */
export const NostrCarrierTlv = {
  DIRECTION: 0x01,
  GEOHASH: 0x02,
  EVENT_JSON: 0x03,
} as const

/** Carrier directions. */
export const NostrCarrierDirection = {
  /** Directed to a gateway: publish this event. */
  TO_GATEWAY: 0x01,
  /** Broadcast by a gateway: an event from the relays. */
  FROM_GATEWAY: 0x02,
  /** Directed to a bridge: publish this rendezvous event. */
  TO_BRIDGE: 0x03,
  /** Broadcast by a bridge: a rendezvous event from a remote island. */
  FROM_BRIDGE: 0x04,
} as const

/** Longest carried event JSON. */
export const MAX_NOSTR_EVENT_JSON_BYTES = 16 * 1024
/** Longest geohash. */
export const MAX_CARRIER_GEOHASH_BYTES = 12

/** A Nostr carrier payload. */
export interface NostrCarrier {
  /** One of {@link NostrCarrierDirection}. */
  direction: number
  /** Geohash of the channel, 1–12 bytes. */
  geohash: string
  /** Complete signed event JSON, 1 … 16 384 bytes (verify its signature before use). */
  eventJson: Uint8Array
}

/**
 * Encode 01 direction, 02 geohash, 03 event JSON.
 * @param carrier - The carrier.
 * @returns The TLV payload.
 * @throws RangeError for an unknown direction; EncodeError for an empty or over-long geohash or
 *   event.
 */
export function encodeNostrCarrier(carrier: NostrCarrier): Uint8Array {
  if (!isDirection(carrier.direction)) throw new RangeError(`unknown carrier direction ${carrier.direction}`)
  const geohash = utf8Encode(carrier.geohash)
  if (geohash.length === 0 || geohash.length > MAX_CARRIER_GEOHASH_BYTES) throw cannotEncode('carrier geohash must be 1…12 bytes')
  checkIsBytes(carrier.eventJson, 'eventJson')
  if (carrier.eventJson.length === 0 || carrier.eventJson.length > MAX_NOSTR_EVENT_JSON_BYTES) {
    throw cannotEncode(`carrier event must be 1…${MAX_NOSTR_EVENT_JSON_BYTES} bytes`)
  }
  return new TlvWriter(2)
    .add(NostrCarrierTlv.DIRECTION, Uint8Array.of(carrier.direction), 'direction')
    .add(NostrCarrierTlv.GEOHASH, geohash, 'geohash')
    .add(NostrCarrierTlv.EVENT_JSON, carrier.eventJson, 'eventJson')
    .finish()
}

/**
 * Decode a carrier (iOS rules: unknown TLVs skipped, no trailing bytes, a bad direction or a
 * non-UTF-8 geohash rejects, geohash 1–12 bytes and event 1 … 16 384 bytes).
 * @param payload - The TLV payload.
 * @returns The carrier (`eventJson` is a view into `payload`).
 * @throws DecodeError `TRUNCATED`, `BAD_VALUE`, `BAD_UTF8`, `BAD_LENGTH` or `BAD_TLV`.
 */
export function decodeNostrCarrier(payload: Uint8Array): NostrCarrier {
  let direction: number | undefined
  let geohash: string | undefined
  let eventJson: Uint8Array | undefined
  forEachTlv(payload, 0, 2, 'reject', (type, v) => {
    if (type === NostrCarrierTlv.DIRECTION) {
      if (v.length !== 1 || !isDirection(v[0]!)) throw fail(DecodeReason.BAD_VALUE, 'bad carrier direction')
      direction = v[0]!
    } else if (type === NostrCarrierTlv.GEOHASH) {
      const text = tryUtf8(v)
      if (text === null) throw fail(DecodeReason.BAD_UTF8, 'carrier geohash is not UTF-8')
      geohash = text
    } else if (type === NostrCarrierTlv.EVENT_JSON) {
      eventJson = v
    }
  })
  if (direction === undefined || geohash === undefined || eventJson === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'carrier lacks direction, geohash or event')
  }
  const geohashBytes = utf8Encode(geohash).length
  if (geohashBytes === 0 || geohashBytes > MAX_CARRIER_GEOHASH_BYTES) throw fail(DecodeReason.BAD_LENGTH, 'carrier geohash must be 1…12 bytes')
  if (eventJson.length === 0 || eventJson.length > MAX_NOSTR_EVENT_JSON_BYTES) {
    throw fail(DecodeReason.BAD_LENGTH, `carrier event must be 1…${MAX_NOSTR_EVENT_JSON_BYTES} bytes`)
  }
  return { direction, geohash, eventJson }
}

function isDirection(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 4
}
