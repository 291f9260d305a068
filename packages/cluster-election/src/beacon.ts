/**
 * The cluster beacon: `{id, os, hotspotSupport, charging, batteryLevel, estBatteryLife}` plus role,
 * a wake bit and the sender's neighbourhood score, in 12 bytes.
 *
 * ## Byte budget (BLE legacy advertising)
 * A legacy advertising PDU carries 31 bytes of AD structures. A service-data AD structure keyed
 * by a 128-bit UUID costs 1 (length) + 1 (type `0x21`) + 16 (UUID) = 18 bytes. The beacon rides
 * in its own **non-connectable** advertising set, which needs no Flags structure (Core
 * Specification Supplement, Part A §1.3; Android adds the 3-byte Flags only to connectable sets),
 * so it has 31 − 18 = **13 bytes**. A connectable set would leave 31 − 3 − 18 = 10. bitchat's own
 * connectable advertisement (service UUID, and Android's 8-byte peer ID in the scan response,
 * wire §6.1) is left untouched. iOS cannot advertise service data, so iOS nodes publish the same
 * bytes in the announce TLV `0xB1` instead (see `cluster-tlv.ts`).
 *
 * ## Layout, version 1 (12 bytes; 1 byte spare)
 * | byte | bits | field |
 * |---|---|---|
 * | 0 | 7–5 | version (1) |
 * | 0 | 4–3 | os: 0 unknown, 1 Android, 2 iOS, 3 other |
 * | 0 | 2–1 | role: 0 none (flat), 1 member, 2 head; 3 is invalid |
 * | 0 | 0 | hotspotSupport |
 * | 1 | 7 | charging |
 * | 1 | 6–0 | batteryLevel, 0–100 % |
 * | 2 | — | estBatteryLife in 10-minute units, 0–254 (0–42 h 20 min, saturating); 255 = unknown |
 * | 3 | 7 | wake: from a head, "I hold traffic for sleeping members: wake and poll me"; from a member, "I duty-cycle (deep sleep): hold my directed traffic" |
 * | 3 | 6–0 | neighbourhood score: −value dBm, 0–126; 127 = none heard |
 * | 4–11 | — | id: the 8-byte peer ID, SHA-256(Noise static key)[0..8] (wire §4) |
 *
 * ## Why the id doubles as the head's key fingerprint, and why 8 bytes
 * A head's id is its key fingerprint truncated to 8 bytes, and a member checks the head's Noise
 * static key against it before trusting hotspot credentials (DESIGN §6). 8 bytes is exactly the
 * binding strength bitchat itself gives peer IDs (announce sender ID = the same prefix, wire §4):
 * forging a key with a chosen 64-bit prefix costs ~2⁶⁴ key generations and hashes, while 6 bytes
 * (2⁴⁸) is within a GPU-week. More than 8 bytes would not fit the 13-byte budget next to the
 * metadata, and would not help: the mesh's own identity binding is 64 bits.
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'

/** Size of an encoded version-1 beacon. */
export const BEACON_BYTES = 12
/** Beacon format version this codec writes. */
export const BEACON_VERSION = 1
/** Service-data bytes a non-connectable legacy advertisement has for a 128-bit-UUID service: 31 − 18. */
export const BEACON_AD_BUDGET_BYTES = 13
/** Service-data bytes left in a connectable legacy advertisement (which must carry Flags): 31 − 3 − 18. */
export const BEACON_AD_BUDGET_CONNECTABLE_BYTES = 10
/** Length of the id (and of the head's truncated key fingerprint). */
export const BEACON_ID_BYTES = 8
/** Granularity of the estimated battery life on the wire. */
export const BEACON_LIFE_UNIT_MIN = 10
/** Largest estimated battery life the beacon can carry (larger values saturate here). */
export const BEACON_LIFE_MAX_MIN = 254 * BEACON_LIFE_UNIT_MIN
/** Weakest neighbourhood score the beacon can carry, in dBm. */
export const BEACON_SCORE_MIN_DBM = -126

/** Operating system class of a node; only Android-class nodes can host the hotspot as head. */
export type NodeOs = 'unknown' | 'android' | 'ios' | 'other'
/** Cluster role a node advertises. `none` means flat mode (plain bitmesh relaying). */
export type ClusterRole = 'none' | 'member' | 'head'

/** A decoded beacon. */
export interface Beacon {
  /** 8-byte peer ID (the sender's key fingerprint truncated to 8 bytes). */
  id: Uint8Array
  /** Operating system class. */
  os: NodeOs
  /** Current cluster role. */
  role: ClusterRole
  /** The device can open a local-only hotspot. */
  hotspotSupport: boolean
  /** The device is on external power. */
  charging: boolean
  /** Battery level, integer percent 0–100. */
  batteryLevel: number
  /** Estimated remaining battery life in minutes (multiple of 10 after decoding), or `null` if unknown. */
  estBatteryLifeMin: number | null
  /**
   * From a head: it holds traffic for sleeping members, who should wake and poll it. From a
   * member (in its beacon and its `register`): it duty-cycles its radio (deep sleep), so its head
   * should hold its directed traffic. Meaningless for role `none`.
   */
  wake: boolean
  /** The sender's neighbourhood score in dBm (see `ClusterNeighborTable.neighborhoodScore`), or `null` when it hears nobody. */
  neighborhoodRssiDbm: number | null
}

const OS_CODES: readonly NodeOs[] = ['unknown', 'android', 'ios', 'other']
const ROLE_CODES: readonly ClusterRole[] = ['none', 'member', 'head']
const LIFE_UNKNOWN = 0xff
const SCORE_NONE = 0x7f

/**
 * Encode a beacon into `out` at `offset` (allocation-free; for advertising at 2 Hz).
 * Battery life is rounded to the nearest 10 minutes and saturates at 42 h 20 min.
 * @param beacon - The fields.
 * @param out - Destination with at least {@link BEACON_BYTES} bytes after `offset`.
 * @param offset - Where to write.
 * @returns The offset after the beacon.
 * @throws TypeError when `id` is not 8 bytes or an enum value is unknown.
 * @throws RangeError for a battery level outside 0–100, a negative life, a score outside
 *   −126…0 dBm, or too little room in `out`.
 */
export function encodeBeaconInto(beacon: Beacon, out: Uint8Array, offset = 0): number {
  const { id, batteryLevel, estBatteryLifeMin: life, neighborhoodRssiDbm: score } = beacon
  if (!(id instanceof Uint8Array) || id.length !== BEACON_ID_BYTES) throw new TypeError('beacon id must be 8 bytes')
  const os = OS_CODES.indexOf(beacon.os)
  const role = ROLE_CODES.indexOf(beacon.role)
  if (os < 0) throw new TypeError(`unknown os ${String(beacon.os)}`)
  if (role < 0) throw new TypeError(`unknown role ${String(beacon.role)}`)
  if (!Number.isInteger(batteryLevel) || batteryLevel < 0 || batteryLevel > 100) {
    throw new RangeError(`batteryLevel ${batteryLevel} is not an integer percent 0–100`)
  }
  if (life !== null && !(life >= 0)) throw new RangeError(`estBatteryLifeMin ${life} must be ≥ 0 or null`)
  if (score !== null && !(Number.isInteger(score) && score <= 0 && score >= BEACON_SCORE_MIN_DBM)) {
    throw new RangeError(`neighborhoodRssiDbm ${score} must be an integer in ${BEACON_SCORE_MIN_DBM}…0 or null`)
  }
  if (offset < 0 || offset + BEACON_BYTES > out.length) throw new RangeError('no room for a beacon')
  out[offset] = (BEACON_VERSION << 5) | (os << 3) | (role << 1) | (beacon.hotspotSupport ? 1 : 0)
  out[offset + 1] = (beacon.charging ? 0x80 : 0) | batteryLevel
  out[offset + 2] = life === null ? LIFE_UNKNOWN : Math.min(254, Math.round(life / BEACON_LIFE_UNIT_MIN))
  out[offset + 3] = (beacon.wake ? 0x80 : 0) | (score === null ? SCORE_NONE : 0 - score)
  out.set(id, offset + 4)
  return offset + BEACON_BYTES
}

/**
 * Encode a beacon.
 * @param beacon - The fields.
 * @returns A new 12-byte array.
 * @throws TypeError / RangeError as {@link encodeBeaconInto}.
 */
export function encodeBeacon(beacon: Beacon): Uint8Array {
  const out = new Uint8Array(BEACON_BYTES)
  encodeBeaconInto(beacon, out, 0)
  return out
}

/** Result of {@link tryDecodeBeacon}: the beacon, or the typed error. */
export type BeaconDecodeResult = { ok: true; beacon: Beacon } | { ok: false; error: DecodeError }

/**
 * Decode a beacon without throwing (the scan path sees hostile advertisements).
 * Strict: exact length, version 1, role ≠ 3, battery ≤ 100, reserved values rejected.
 * @param data - Service-data bytes (exactly one beacon).
 * @returns `{ ok: true, beacon }` (with `id` a view into `data`) or `{ ok: false, error }`.
 */
export function tryDecodeBeacon(data: Uint8Array): BeaconDecodeResult {
  if (data.length === 0) return bad(DecodeReason.TRUNCATED, 'empty beacon')
  const b0 = data[0]!
  const version = b0 >>> 5
  // Version first: a longer v2 beacon must say "unknown version", not "bad length".
  if (version !== BEACON_VERSION) return bad(DecodeReason.BAD_VERSION, `beacon version ${version} is not ${BEACON_VERSION}`)
  if (data.length < BEACON_BYTES) return bad(DecodeReason.TRUNCATED, `beacon is ${data.length} bytes, needs ${BEACON_BYTES}`)
  if (data.length > BEACON_BYTES) return bad(DecodeReason.BAD_LENGTH, `beacon is ${data.length} bytes, expected ${BEACON_BYTES}`)
  const roleCode = (b0 >>> 1) & 3
  const role = ROLE_CODES[roleCode]
  if (role === undefined) return bad(DecodeReason.BAD_VALUE, 'beacon role 3 is reserved')
  const b1 = data[1]!
  const batteryLevel = b1 & 0x7f
  if (batteryLevel > 100) return bad(DecodeReason.BAD_VALUE, `beacon battery ${batteryLevel} % is over 100`)
  const lifeCode = data[2]!
  const b3 = data[3]!
  const scoreCode = b3 & 0x7f
  return {
    ok: true,
    beacon: {
      id: data.subarray(4, 4 + BEACON_ID_BYTES),
      os: OS_CODES[(b0 >>> 3) & 3]!,
      role,
      hotspotSupport: (b0 & 1) === 1,
      charging: (b1 & 0x80) !== 0,
      batteryLevel,
      estBatteryLifeMin: lifeCode === LIFE_UNKNOWN ? null : lifeCode * BEACON_LIFE_UNIT_MIN,
      wake: (b3 & 0x80) !== 0,
      neighborhoodRssiDbm: scoreCode === SCORE_NONE ? null : 0 - scoreCode, // 0 − x, never −0
    },
  }
}

/**
 * Decode a beacon.
 * @param data - Service-data bytes (exactly one beacon).
 * @returns The beacon; `id` is a view into `data`.
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH`, `BAD_VERSION` or `BAD_VALUE`.
 */
export function decodeBeacon(data: Uint8Array): Beacon {
  const r = tryDecodeBeacon(data)
  if (!r.ok) throw r.error
  return r.beacon
}

function bad(reason: (typeof DecodeReason)[keyof typeof DecodeReason], message: string): BeaconDecodeResult {
  return { ok: false, error: new DecodeError(reason, message) }
}
