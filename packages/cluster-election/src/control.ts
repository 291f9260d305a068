/**
 * Payloads of outer packet type `0xB1` (cluster control). bitchat peers relay the unknown type
 * untouched (wire §1.9). The mesh signs these packets with the sender's Ed25519 key and verifies
 * them like announces; this module only encodes payloads.
 *
 * Every payload starts `version (1) ‖ kind (1)`:
 * | kind | name | direction, TTL | body |
 * |---|---|---|---|
 * | `0x01` | register | member → head, recipient = head, TTL 2 | beacon (12 B); its wake bit: "I duty-cycle (deep sleep), hold my directed traffic" |
 * | `0x02` | registerAck | head → member, TTL 2 | status u8 (0 accepted, 1 full, 2 not head) ‖ lease u16 BE seconds |
 * | `0x03` | deregister | member → head, TTL 2 | — |
 * | `0x04` | resign | head → broadcast, TTL 1 | reason u8 (0 low battery, 1 merged, 2 ineligible, 3 leaving) ‖ [successor 8 B] |
 * | `0x05` | headTable | head → adjacent head, recipient = that head, TTL 5 | epoch u32 BE ‖ page u8 ‖ pages u8 ‖ count u8 ‖ count × (id 8 B ‖ rssi i8 ‖ battery u8) |
| `0x06` | poll | sleeping member → head, TTL 2 | — ("my radio is on now: send what you hold for me") |
| `0x07` | carry | head → adjacent head, recipient = that head, TTL 5 | one encoded bitchat frame, 1…4 096 B, unchanged (its own signature still authenticates it) |

A member re-registers whenever its sleep state changes, so the head learns it at once; a
`register` without the wake bit also asks the head to hand over what it holds (the member is
awake). `poll` is for members that cannot scan the head's wake bit (no advertisement source).
 * @module
 */
import { DecodeError, DecodeReason, EncodeError } from '@bitmesh/interface'
import { BEACON_BYTES, BEACON_ID_BYTES, encodeBeaconInto, tryDecodeBeacon, type Beacon } from './beacon.js'
import { CARRY_MAX_FRAME_BYTES, CLUSTER_CONTROL_VERSION } from './constants.js'

/** Kind bytes of cluster control payloads. */
export const ClusterControlKind = {
  REGISTER: 0x01,
  REGISTER_ACK: 0x02,
  DEREGISTER: 0x03,
  RESIGN: 0x04,
  HEAD_TABLE: 0x05,
  POLL: 0x06,
  CARRY: 0x07,
} as const

/** Registration outcome a head returns. */
export type RegisterStatus = 'accepted' | 'full' | 'notHead'
/** Why a head stepped down. */
export type ResignReason = 'lowBattery' | 'merged' | 'ineligible' | 'leaving'

/**
 * Entries per head-table page: 32 × 10 B + 9 B header = 329 B of payload, which with the 14-byte
 * header, 8-byte recipient and 64-byte signature stays under one 512-byte BLE write (wire §6.6),
 * so gossip never fragments.
 */
export const HEAD_TABLE_MAX_ENTRIES = 32

/** One row of a head's neighbour table as gossiped. */
export interface HeadTableEntry {
  /** Member (or neighbour) peer ID, 8 bytes. */
  id: Uint8Array
  /** Smoothed RSSI the head hears it at, integer dBm −128…127. */
  rssiDbm: number
  /** Its last advertised battery level, percent. */
  batteryLevel: number
}

/** A decoded cluster control payload. */
export type ClusterControlMessage =
  | { kind: 'register'; beacon: Beacon }
  | { kind: 'registerAck'; status: RegisterStatus; leaseSec: number }
  | { kind: 'deregister' }
  | { kind: 'resign'; reason: ResignReason; successor: Uint8Array | null }
  | { kind: 'headTable'; epoch: number; page: number; pages: number; entries: HeadTableEntry[] }
  | { kind: 'poll' }
  | { kind: 'carry'; frame: Uint8Array }

const STATUS: readonly RegisterStatus[] = ['accepted', 'full', 'notHead']
const REASONS: readonly ResignReason[] = ['lowBattery', 'merged', 'ineligible', 'leaving']

/**
 * Encode a cluster control payload.
 * @param msg - The message.
 * @returns The payload for an outer packet of type `0xB1`.
 * @throws EncodeError when a head table has more than {@link HEAD_TABLE_MAX_ENTRIES} entries, or a
 *   carried frame is longer than {@link CARRY_MAX_FRAME_BYTES}.
 * @throws TypeError / RangeError for malformed fields (wrong ID length, out-of-range numbers, an
 *   empty carried frame).
 */
export function encodeClusterControl(msg: ClusterControlMessage): Uint8Array {
  switch (msg.kind) {
    case 'register': {
      const out = header(2 + BEACON_BYTES, ClusterControlKind.REGISTER)
      encodeBeaconInto(msg.beacon, out, 2)
      return out
    }
    case 'registerAck': {
      const status = STATUS.indexOf(msg.status)
      if (status < 0) throw new TypeError(`unknown status ${String(msg.status)}`)
      checkInt(msg.leaseSec, 0, 0xffff, 'leaseSec')
      const out = header(5, ClusterControlKind.REGISTER_ACK)
      out[2] = status
      out[3] = msg.leaseSec >>> 8
      out[4] = msg.leaseSec & 0xff
      return out
    }
    case 'deregister':
      return header(2, ClusterControlKind.DEREGISTER)
    case 'resign': {
      const reason = REASONS.indexOf(msg.reason)
      if (reason < 0) throw new TypeError(`unknown resign reason ${String(msg.reason)}`)
      if (msg.successor !== null) checkId(msg.successor, 'successor')
      const out = header(msg.successor === null ? 3 : 3 + BEACON_ID_BYTES, ClusterControlKind.RESIGN)
      out[2] = reason
      if (msg.successor !== null) out.set(msg.successor, 3)
      return out
    }
    case 'headTable': {
      const n = msg.entries.length
      if (n > HEAD_TABLE_MAX_ENTRIES) throw new EncodeError(`${n} head-table entries; at most ${HEAD_TABLE_MAX_ENTRIES} per page`)
      checkInt(msg.epoch, 0, 0xffffffff, 'epoch')
      checkInt(msg.pages, 1, 0xff, 'pages')
      checkInt(msg.page, 0, msg.pages - 1, 'page')
      const out = header(9 + n * 10, ClusterControlKind.HEAD_TABLE)
      new DataView(out.buffer).setUint32(2, msg.epoch)
      out[6] = msg.page
      out[7] = msg.pages
      out[8] = n
      let o = 9
      for (const e of msg.entries) {
        checkId(e.id, 'entry id')
        checkInt(e.rssiDbm, -128, 127, 'rssiDbm')
        checkInt(e.batteryLevel, 0, 100, 'batteryLevel')
        out.set(e.id, o)
        out[o + 8] = e.rssiDbm & 0xff
        out[o + 9] = e.batteryLevel
        o += 10
      }
      return out
    }
    case 'poll':
      return header(2, ClusterControlKind.POLL)
    case 'carry': {
      const f = msg.frame
      if (!(f instanceof Uint8Array)) throw new TypeError('carry frame must be a Uint8Array')
      if (f.length === 0) throw new RangeError('carry frame is empty')
      if (f.length > CARRY_MAX_FRAME_BYTES) throw new EncodeError(`carry frame is ${f.length} bytes; at most ${CARRY_MAX_FRAME_BYTES}`)
      const out = header(2 + f.length, ClusterControlKind.CARRY)
      out.set(f, 2)
      return out
    }
    default:
      throw new TypeError(`unknown cluster control kind ${String((msg as { kind: unknown }).kind)}`)
  }
}

/**
 * Decode a cluster control payload. Strict: exact lengths, known kinds and codes only.
 * @param payload - Outer packet payload of type `0xB1`.
 * @returns The message; byte fields are views into `payload`.
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH`, `BAD_VERSION` or `BAD_VALUE`.
 */
export function decodeClusterControl(payload: Uint8Array): ClusterControlMessage {
  if (payload.length < 2) throw fail(DecodeReason.TRUNCATED, 'cluster control payload shorter than 2 bytes')
  if (payload[0] !== CLUSTER_CONTROL_VERSION) throw fail(DecodeReason.BAD_VERSION, `cluster control version ${payload[0]}`)
  const kind = payload[1]!
  const len = payload.length
  switch (kind) {
    case ClusterControlKind.REGISTER: {
      exact(len, 2 + BEACON_BYTES, 'register')
      const r = tryDecodeBeacon(payload.subarray(2))
      if (!r.ok) throw r.error
      return { kind: 'register', beacon: r.beacon }
    }
    case ClusterControlKind.REGISTER_ACK: {
      exact(len, 5, 'registerAck')
      const status = STATUS[payload[2]!]
      if (status === undefined) throw fail(DecodeReason.BAD_VALUE, `registerAck status ${payload[2]}`)
      return { kind: 'registerAck', status, leaseSec: (payload[3]! << 8) | payload[4]! }
    }
    case ClusterControlKind.DEREGISTER:
      exact(len, 2, 'deregister')
      return { kind: 'deregister' }
    case ClusterControlKind.RESIGN: {
      if (len !== 3 && len !== 3 + BEACON_ID_BYTES) {
        throw fail(len < 3 ? DecodeReason.TRUNCATED : DecodeReason.BAD_LENGTH, `resign is ${len} bytes`)
      }
      const reason = REASONS[payload[2]!]
      if (reason === undefined) throw fail(DecodeReason.BAD_VALUE, `resign reason ${payload[2]}`)
      return { kind: 'resign', reason, successor: len === 3 ? null : payload.subarray(3) }
    }
    case ClusterControlKind.HEAD_TABLE: {
      if (len < 9) throw fail(DecodeReason.TRUNCATED, 'headTable header truncated')
      const view = new DataView(payload.buffer, payload.byteOffset, len)
      const page = payload[6]!
      const pages = payload[7]!
      const n = payload[8]!
      if (pages === 0 || page >= pages) throw fail(DecodeReason.BAD_VALUE, `headTable page ${page} of ${pages}`)
      if (n > HEAD_TABLE_MAX_ENTRIES) throw fail(DecodeReason.BAD_LENGTH, `headTable has ${n} entries`)
      exact(len, 9 + n * 10, 'headTable')
      const entries: HeadTableEntry[] = new Array(n)
      for (let i = 0, o = 9; i < n; i++, o += 10) {
        const batteryLevel = payload[o + 9]!
        if (batteryLevel > 100) throw fail(DecodeReason.BAD_VALUE, `headTable battery ${batteryLevel}`)
        entries[i] = { id: payload.subarray(o, o + 8), rssiDbm: view.getInt8(o + 8), batteryLevel }
      }
      return { kind: 'headTable', epoch: view.getUint32(2), page, pages, entries }
    }
    case ClusterControlKind.POLL:
      exact(len, 2, 'poll')
      return { kind: 'poll' }
    case ClusterControlKind.CARRY:
      if (len < 3) throw fail(DecodeReason.TRUNCATED, 'carry has no frame')
      if (len > 2 + CARRY_MAX_FRAME_BYTES) throw fail(DecodeReason.BAD_LENGTH, `carry frame is ${len - 2} bytes; at most ${CARRY_MAX_FRAME_BYTES}`)
      return { kind: 'carry', frame: payload.subarray(2) }
    default:
      throw fail(DecodeReason.BAD_VALUE, `unknown cluster control kind 0x${kind.toString(16)}`)
  }
}

function header(length: number, kind: number): Uint8Array {
  const out = new Uint8Array(length)
  out[0] = CLUSTER_CONTROL_VERSION
  out[1] = kind
  return out
}

function exact(len: number, want: number, what: string): void {
  if (len < want) throw fail(DecodeReason.TRUNCATED, `${what} is ${len} bytes, needs ${want}`)
  if (len > want) throw fail(DecodeReason.BAD_LENGTH, `${what} is ${len} bytes, expected ${want}`)
}

function checkId(id: Uint8Array, name: string): void {
  if (!(id instanceof Uint8Array) || id.length !== BEACON_ID_BYTES) throw new TypeError(`${name} must be 8 bytes`)
}

function checkInt(v: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} ${v} is outside ${min}…${max}`)
}

function fail(reason: (typeof DecodeReason)[keyof typeof DecodeReason], message: string): DecodeError {
  return new DecodeError(reason, message)
}
