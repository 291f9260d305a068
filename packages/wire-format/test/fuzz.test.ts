/**
 * Fuzz: ≥ 100 000 random and mutated frames per run (truncations, bit flips, length-field lies,
 * original-size lies, splices, decompression bombs). tryDecodePacket must never throw,
 * decodePacket must throw only DecodeError with the same reason (checked on every third failure), and whatever decodes must
 * re-encode and decode to the same packet. Seeded: set FUZZ_SEED to explore other inputs.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import pako from 'pako'
import { DecodeError, DecodeReason } from '@bitmesh/interface'
import { concatBytes, decodePacket, encodePacket, tryDecodePacket } from '../src/packet/index.js'
import { optionsArb, packetArb } from './helpers/arbitraries.js'
import { prng } from './helpers/chat-text.js'
import { packetFields } from './helpers/packets.js'

const FRAMES_PER_RUN = 100_000
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_801)
const REASONS = new Set<string>(Object.values(DecodeReason))

function corpus(seed: number): Uint8Array[] {
  const samples = fc.sample(fc.tuple(packetArb, optionsArb), { numRuns: 400, seed })
  const frames = samples.map(([p, o]) => encodePacket(p, o))
  // Compressed frames whose payload is 64 KiB / 256 KiB of zeros: the raw material for bombs
  // (mutations then lie about the declared size, up to 4 GiB).
  const zeros64k = pako.deflateRaw(new Uint8Array(65_535), { level: 9 })
  const zeros256k = pako.deflateRaw(new Uint8Array(1 << 18), { level: 9 })
  const base = { type: 2, ttl: 7, timestamp: 1n, senderId: new Uint8Array(8), recipientId: null, route: null, signature: null, isRsr: false }
  frames.push(encodePacket({ ...base, version: 1, payload: new Uint8Array(65_535), wireCompression: { deflated: zeros64k } }))
  frames.push(encodePacket({ ...base, version: 2, payload: new Uint8Array(1 << 18), wireCompression: { deflated: zeros256k } }))
  return frames
}

/** Offset of the payloadLength field and its width. */
function lengthField(frame: Uint8Array): [number, number] {
  return frame[0] === 2 ? [12, 4] : [12, 2]
}

function mutate(frame: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n)
  const out = frame.slice()
  switch (pick(9)) {
    case 0: {
      // pure noise, sometimes with a plausible version byte
      const noise = new Uint8Array(pick(320))
      for (let i = 0; i < noise.length; i++) noise[i] = pick(256)
      if (noise.length > 0 && rnd() < 0.7) noise[0] = 1 + pick(2)
      return noise
    }
    case 1:
      return out.subarray(0, pick(out.length + 1))
    case 2: {
      const flips = 1 + pick(8)
      for (let i = 0; i < flips && out.length > 0; i++) out[pick(out.length)]! ^= 1 << pick(8)
      return out
    }
    case 3: {
      // payloadLength lie: small delta, random value, or huge
      if (out.length < 16) return out
      const [at, width] = lengthField(out)
      const r = rnd()
      let value = r < 0.4 ? pick(64) : r < 0.8 ? pick(0x10000) : 0xffffffff - pick(1000)
      for (let i = width - 1; i >= 0; i--) {
        out[at + i] = value & 0xff
        value = Math.floor(value / 256)
      }
      return out
    }
    case 4: {
      // original-size lie: force IS_COMPRESSED and scribble over the likely size field
      if (out.length < 30) return out
      out[11]! |= 0x04
      const at = (out[0] === 2 ? 16 : 14) + 8 + (out[11]! & 1 ? 8 : 0)
      for (let i = 0; i < 4 && at + i < out.length; i++) out[at + i] = rnd() < 0.5 ? 0xff : pick(256)
      return out
    }
    case 5: {
      for (let i = 0; i < 3; i++) out[pick(Math.min(out.length, 32))] = pick(256)
      return out
    }
    case 6: {
      // splice: delete or insert a run of bytes
      const at = pick(out.length + 1)
      const n = 1 + pick(16)
      if (rnd() < 0.5) return concatBytes(out.subarray(0, at), out.subarray(at + n))
      const ins = Uint8Array.from({ length: n }, () => pick(256))
      return concatBytes(out.subarray(0, at), ins, out.subarray(at))
    }
    case 7: {
      if (out.length > 11) {
        out[0] = pick(4)
        out[11] = pick(256)
      }
      return out
    }
    default: {
      // append garbage or padding-like tails
      const tail = new Uint8Array(pick(300))
      tail.fill(rnd() < 0.5 ? tail.length & 0xff : pick(256))
      return concatBytes(out, tail)
    }
  }
}

describe('decoder fuzz', () => {
  it(`survives ${FRAMES_PER_RUN} random and mutated frames (seed ${SEED})`, () => {
    const rnd = prng(SEED)
    const frames = corpus(SEED)
    const problems: string[] = []
    const outcomes = new Map<string, number>()
    for (let n = 0; n < FRAMES_PER_RUN && problems.length < 5; n++) {
      const source = frames[Math.floor(rnd() * frames.length)]!
      let frame = mutate(source, rnd)
      if (rnd() < 0.3) frame = mutate(frame, rnd)
      let result
      try {
        result = tryDecodePacket(frame)
      } catch (e) {
        problems.push(`tryDecodePacket threw ${String(e)} on ${Buffer.from(frame).toString('hex')}`)
        continue
      }
      const key = result.ok ? 'ok' : result.reason
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
      if (!result.ok) {
        if (!REASONS.has(result.reason)) problems.push(`unknown reason ${result.reason}`)
        // Throwing captures a stack trace (~20 µs); checking every third failure keeps the run short.
        if (n % 3 !== 0) continue
        try {
          decodePacket(frame)
          problems.push(`decodePacket accepted what tryDecodePacket rejected: ${Buffer.from(frame).toString('hex')}`)
        } catch (e) {
          if (!(e instanceof DecodeError) || e.reason !== result.reason) {
            problems.push(`decodePacket threw ${String(e)} (expected DecodeError ${result.reason})`)
          }
        }
        continue
      }
      try {
        const again = decodePacket(encodePacket(result.packet, { padding: false }))
        const a = packetFields(again)
        const b = packetFields(result.packet)
        if (JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) !==
          JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) {
          problems.push(`re-encode changed the packet: ${Buffer.from(frame).toString('hex')}`)
        }
      } catch (e) {
        problems.push(`re-encoding a decoded packet threw ${String(e)}: ${Buffer.from(frame).toString('hex')}`)
      }
    }
    expect(problems).toEqual([])
    // The mutations reach the interesting failure paths, not just one of them.
    for (const reason of ['ok', 'TRUNCATED', 'BAD_VERSION', 'BAD_LENGTH', 'DECOMPRESSION_LIMIT', 'BAD_COMPRESSION']) {
      expect(outcomes.get(reason) ?? 0, `outcome ${reason}`).toBeGreaterThan(50)
    }
  })
})
