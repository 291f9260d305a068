/**
 * VoiceBurstPacket (`shared/spec/bitchat-wire.md` §2.9): payload of VOICE_FRAME (`0x29`) and of
 * Noise payload `0x08`. `burstID (8) ‖ seq (u16 BE) ‖ flags (1) ‖ body`.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { cannotEncode, checkBytes, checkIsBytes, checkUnsigned, fail, readU16, readU32, writeU16, writeU32 } from './internal/bin.js'

/** Size of a burst ID. */
export const VOICE_BURST_ID_BYTES = 8
/** burstID + seq + flags. */
export const VOICE_HEADER_BYTES = 11
/** Most frames in one data packet (both apps). */
export const MAX_VOICE_FRAMES_PER_PACKET = 8
/** iOS/Android budget for one packet's encoded burst content, so it fits one BLE frame. */
export const MAX_VOICE_CONTENT_BYTES = 210

/** Flag byte values. */
export const VoiceFlag = {
  FRAMES: 0x00,
  START: 0x01,
  END: 0x02,
  CANCELED: 0x04,
} as const

/** Codecs a START packet may announce; both apps reject any other. */
export const VoiceCodec = {
  /** AAC-LC, 16 kHz, mono. */
  AAC_LC_16K_MONO: 0x01,
} as const

/** What one voice packet carries. */
export type VoiceBody =
  | { kind: 'start'; codec: number }
  | { kind: 'frames'; frames: Uint8Array[] }
  | { kind: 'end'; totalDataPackets: number; durationMs: number }
  | { kind: 'canceled' }

/** A decoded voice burst packet. */
export interface VoiceBurstPacket {
  /** 8 random bytes shared by one burst. */
  burstId: Uint8Array
  /** Sequence number, u16 (START uses 0, data packets count from 1). */
  seq: number
  /** Packet body. */
  body: VoiceBody
}

/**
 * Encode a voice burst packet.
 * @param packet - ID, sequence and body.
 * @returns The payload bytes.
 * @throws TypeError when the burst ID is not 8 bytes; RangeError for out-of-range numbers or an
 *   unknown codec; EncodeError for 0 or more than 8 frames, or an empty or > 65 535-byte frame.
 */
export function encodeVoiceBurst(packet: VoiceBurstPacket): Uint8Array {
  checkBytes(packet.burstId, VOICE_BURST_ID_BYTES, 'burstId')
  checkUnsigned(packet.seq, 16, 'seq')
  const body = packet.body
  let out: Uint8Array
  switch (body.kind) {
    case 'start':
      if (body.codec !== VoiceCodec.AAC_LC_16K_MONO) throw new RangeError(`unknown voice codec ${body.codec}`)
      out = new Uint8Array(VOICE_HEADER_BYTES + 1)
      out[10] = VoiceFlag.START
      out[11] = body.codec
      break
    case 'frames': {
      const frames = body.frames
      if (frames.length === 0 || frames.length > MAX_VOICE_FRAMES_PER_PACKET) {
        throw cannotEncode(`a voice packet carries 1…${MAX_VOICE_FRAMES_PER_PACKET} frames, got ${frames.length}`)
      }
      let size = VOICE_HEADER_BYTES
      for (const f of frames) {
        checkIsBytes(f, 'frame')
        if (f.length === 0 || f.length > 0xffff) throw cannotEncode(`voice frame of ${f.length} bytes; must be 1…65535`)
        size += 2 + f.length
      }
      out = new Uint8Array(size)
      out[10] = VoiceFlag.FRAMES
      let o = VOICE_HEADER_BYTES
      for (const f of frames) {
        writeU16(out, o, f.length)
        out.set(f, o + 2)
        o += 2 + f.length
      }
      break
    }
    case 'end':
      checkUnsigned(body.totalDataPackets, 16, 'totalDataPackets')
      checkUnsigned(body.durationMs, 32, 'durationMs')
      out = new Uint8Array(VOICE_HEADER_BYTES + 6)
      out[10] = VoiceFlag.END
      writeU16(out, 11, body.totalDataPackets)
      writeU32(out, 13, body.durationMs)
      break
    case 'canceled':
      out = new Uint8Array(VOICE_HEADER_BYTES)
      out[10] = VoiceFlag.CANCELED
      break
    default:
      throw new TypeError('unknown voice body kind')
  }
  out.set(packet.burstId, 0)
  writeU16(out, 8, packet.seq)
  return out
}

/**
 * Decode a voice burst packet with the apps' rules: START needs a known codec, END needs 6 body
 * bytes, data packets need 1–8 non-empty length-prefixed frames filling the body exactly; bytes
 * after a START/END/CANCELED body are ignored.
 * @param payload - The packet payload (or Noise `0x08` data).
 * @returns The packet (burst ID and frames are views into `payload`).
 * @throws DecodeError `TRUNCATED` for short input, `BAD_VALUE` for unknown flags or codec or a
 *   bad frame count, `BAD_LENGTH` for a zero-length or overrunning frame.
 */
export function decodeVoiceBurst(payload: Uint8Array): VoiceBurstPacket {
  if (payload.length < VOICE_HEADER_BYTES) throw fail(DecodeReason.TRUNCATED, 'voice packet shorter than its header')
  const burstId = payload.subarray(0, VOICE_BURST_ID_BYTES)
  const seq = readU16(payload, 8)
  const flags = payload[10]!
  let body: VoiceBody
  switch (flags) {
    case VoiceFlag.START: {
      if (payload.length < VOICE_HEADER_BYTES + 1) throw fail(DecodeReason.TRUNCATED, 'voice START has no codec')
      const codec = payload[11]!
      if (codec !== VoiceCodec.AAC_LC_16K_MONO) throw fail(DecodeReason.BAD_VALUE, `unknown voice codec ${codec}`)
      body = { kind: 'start', codec }
      break
    }
    case VoiceFlag.END:
      if (payload.length < VOICE_HEADER_BYTES + 6) throw fail(DecodeReason.TRUNCATED, 'voice END body is short')
      body = { kind: 'end', totalDataPackets: readU16(payload, 11), durationMs: readU32(payload, 13) }
      break
    case VoiceFlag.CANCELED:
      body = { kind: 'canceled' }
      break
    case VoiceFlag.FRAMES: {
      const frames: Uint8Array[] = []
      let o = VOICE_HEADER_BYTES
      while (o < payload.length) {
        if (o + 2 > payload.length) throw fail(DecodeReason.TRUNCATED, 'voice frame length cut off')
        if (frames.length >= MAX_VOICE_FRAMES_PER_PACKET) throw fail(DecodeReason.BAD_VALUE, 'more than 8 voice frames')
        const length = readU16(payload, o)
        o += 2
        if (length === 0) throw fail(DecodeReason.BAD_LENGTH, 'empty voice frame')
        if (o + length > payload.length) throw fail(DecodeReason.BAD_LENGTH, 'voice frame runs past the end')
        frames.push(payload.subarray(o, o + length))
        o += length
      }
      if (frames.length === 0) throw fail(DecodeReason.BAD_VALUE, 'voice data packet without frames')
      body = { kind: 'frames', frames }
      break
    }
    default:
      throw fail(DecodeReason.BAD_VALUE, `unknown voice flags 0x${flags.toString(16)}`)
  }
  return { burstId, seq, body }
}
