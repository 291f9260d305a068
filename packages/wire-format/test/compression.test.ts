/**
 * §1.5 compression: the shouldCompress rule, byte equality of our level-5 raw DEFLATE with
 * vanilla zlib (python3's zlib), pako/zlib decode vectors, zlib's infcover edge cases, and the
 * decoder limits (bombs, ratio, exact length, trailing bytes).
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import pako from 'pako'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import { deflateRawPayload, inflateRawPayload, shouldCompress } from '../src/packet/index.js'
import { chatBytes, prng, repetitiveChatBytes } from './helpers/chat-text.js'

function expectDecodeError(fn: () => unknown, reason: string): void {
  let error: unknown
  try {
    fn()
  } catch (e) {
    error = e
  }
  expect(error, `expected DecodeError ${reason}`).toMatchObject({ name: 'DecodeError', reason })
}

function bytesWithDistinct(length: number, distinct: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = i % distinct
  return out
}

describe('shouldCompress (§1.5)', () => {
  it('requires at least 100 bytes', () => {
    expect(shouldCompress(new Uint8Array(99))).toBe(false)
    expect(shouldCompress(new Uint8Array(100))).toBe(true)
  })

  it('uses distinct bytes ÷ min(length, 256) < 0.9 with the exact boundary', () => {
    // 100 bytes: 89 distinct → 0.89 → compress; 90 distinct → 0.9 → do not.
    expect(shouldCompress(bytesWithDistinct(100, 89))).toBe(true)
    expect(shouldCompress(bytesWithDistinct(100, 90))).toBe(false)
    // ≥ 256 bytes: 230 / 256 = 0.898 → compress; 231 / 256 = 0.902 → do not.
    expect(shouldCompress(bytesWithDistinct(1000, 230))).toBe(true)
    expect(shouldCompress(bytesWithDistinct(1000, 231))).toBe(false)
    // 150 bytes: 134/150 = 0.893 → compress; 135/150 = 0.9 → do not.
    expect(shouldCompress(bytesWithDistinct(150, 134))).toBe(true)
    expect(shouldCompress(bytesWithDistinct(150, 135))).toBe(false)
  })

  it('matches a direct transcription of the rule on random inputs', () => {
    const rnd = prng(7)
    for (let n = 0; n < 2000; n++) {
      const length = 90 + Math.floor(rnd() * 400)
      const alphabet = 1 + Math.floor(rnd() * 256)
      const data = new Uint8Array(length)
      for (let i = 0; i < length; i++) data[i] = Math.floor(rnd() * alphabet)
      const expected = length >= 100 && new Set(data).size / Math.min(length, 256) < 0.9
      expect(shouldCompress(data)).toBe(expected)
    }
  })

  it('refuses v1 payloads over 65 535 bytes (iOS) but not v2 ones', () => {
    const big = new Uint8Array(65_536)
    expect(shouldCompress(big, 1)).toBe(false)
    expect(shouldCompress(big)).toBe(false)
    expect(shouldCompress(big, 2)).toBe(true)
    expect(shouldCompress(new Uint8Array(65_535), 1)).toBe(true)
  })
})

describe('deflateRawPayload (level 5, raw, memLevel 8)', () => {
  it('round-trips and returns null unless strictly smaller', () => {
    const text = chatBytes(1, 300)
    const deflated = deflateRawPayload(text)!
    expect(deflated.length).toBeLessThan(text.length)
    expect(toHex(inflateRawPayload(deflated, text.length))).toBe(toHex(text))
    const noise = new Uint8Array(200)
    const rnd = prng(3)
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rnd() * 256)
    expect(deflateRawPayload(noise)).toBeNull()
    expect(deflateRawPayload(new Uint8Array(0))).toBeNull()
  })

  it('equals pako.deflateRaw with a fresh stream for every call (stream reuse is invisible)', () => {
    for (let seed = 0; seed < 400; seed++) {
      // mostly chat-sized, some beyond the 32 KiB window, a few past the 64 KiB window slide
      const length = seed % 100 === 50 ? 150_000 + seed : seed % 25 === 0 ? 20_000 + seed * 37 : 100 + seed * 3
      const data = seed % 2 === 0 ? chatBytes(seed, length) : repetitiveChatBytes(seed)
      const fresh = pako.deflateRaw(data, { level: 5, windowBits: 15, memLevel: 8, strategy: 0 })
      const ours = deflateRawPayload(data)
      if (fresh.length < data.length) expect(toHex(ours!)).toBe(toHex(fresh))
      else expect(ours).toBeNull()
    }
  })

  it('equals vanilla zlib (python3, compressobj(5, DEFLATED, -15, 8)) byte for byte', (ctx) => {
    const probe = spawnSync('python3', ['-c', 'import zlib; print(zlib.ZLIB_RUNTIME_VERSION)'], { encoding: 'utf8' })
    if (probe.status !== 0) {
      ctx.skip('python3 with zlib is not available: cannot compare against vanilla zlib')
      return
    }
    const inputs: Uint8Array[] = []
    for (let seed = 0; seed < 300; seed++) inputs.push(chatBytes(1000 + seed, 100 + ((seed * 7) % 600)))
    for (let seed = 0; seed < 60; seed++) inputs.push(repetitiveChatBytes(seed))
    for (let seed = 0; seed < 3; seed++) inputs.push(chatBytes(9000 + seed, 150_000)) // past the window slide
    const script = [
      'import sys, zlib',
      'for line in sys.stdin:',
      '    data = bytes.fromhex(line.strip())',
      '    c = zlib.compressobj(5, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)',
      '    print((c.compress(data) + c.flush()).hex())',
    ].join('\n')
    const run = spawnSync('python3', ['-c', script], {
      input: inputs.map((d) => toHex(d)).join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(run.status, run.stderr).toBe(0)
    const expected = run.stdout.trim().split('\n')
    expect(expected.length).toBe(inputs.length)
    let compared = 0
    inputs.forEach((data, i) => {
      const zlibBytes = expected[i]!
      const ours = deflateRawPayload(data)
      if (zlibBytes.length / 2 < data.length) {
        expect(ours, `input ${i}`).not.toBeNull()
        expect(toHex(ours!), `input ${i}`).toBe(zlibBytes)
        compared++
      } else {
        expect(ours).toBeNull()
      }
    })
    expect(compared).toBeGreaterThan(300)
  })
})

interface LoremVectors {
  original_base64: string
  original_size: number
  streams: { file: string; format: string; base64: string; size: number }[]
}

describe('pako zlib snapshots (deflate/pako-zlib-snapshots-lorem.json)', () => {
  const vectors = loadJsonVectors<LoremVectors>('deflate', 'pako-zlib-snapshots-lorem.json')
  const original = new Uint8Array(Buffer.from(vectors.original_base64, 'base64'))

  it('inflates the raw level-6 and level-1 streams to the original', () => {
    expect(original.length).toBe(vectors.original_size)
    const raw = vectors.streams.filter((s) => s.format.startsWith('raw'))
    expect(raw.length).toBe(2)
    for (const stream of raw) {
      const data = new Uint8Array(Buffer.from(stream.base64, 'base64'))
      expect(data.length).toBe(stream.size)
      expect(Buffer.from(inflateRawPayload(data, original.length)).equals(Buffer.from(original))).toBe(true)
    }
  })

  it('rejects the zlib-wrapped stream (bitchat never emits RFC 1950)', () => {
    const wrapped = vectors.streams.find((s) => s.format.startsWith('zlib'))!
    const data = new Uint8Array(Buffer.from(wrapped.base64, 'base64'))
    expect(() => inflateRawPayload(data, original.length)).toThrowError(expect.objectContaining({ name: 'DecodeError' }))
  })

  it('rejects the raw stream when the declared size is off by one either way', () => {
    const data = new Uint8Array(Buffer.from(vectors.streams[0]!.base64, 'base64'))
    expectDecodeError(() => inflateRawPayload(data, original.length - 1), 'DECOMPRESSION_LIMIT')
    expectDecodeError(() => inflateRawPayload(data, original.length + 1), 'DECOMPRESSION_LIMIT')
  })
})

interface InfcoverCase {
  name: string
  input: string
  window_bits: number
  'python_zlib_1.2.13_one_shot': string
  output: string | null
}

describe("zlib infcover cases (deflate/zlib-infcover-cases.json, raw only)", () => {
  const { cases } = loadJsonVectors<{ cases: InfcoverCase[] }>('deflate', 'zlib-infcover-cases.json')
  const raw = cases.filter((c) => c.window_bits < 0)

  it('has the 32 raw cases the README describes', () => {
    expect(raw.length).toBe(32)
  })

  for (const c of raw) {
    const verdict = c['python_zlib_1.2.13_one_shot']
    it(`${c.name} (${c.input || 'empty'}) → ${verdict.split(':')[0]}`, () => {
      const input = hex(c.input)
      const output = c.output === null ? null : hex(c.output)
      if (verdict === 'complete') {
        if (output!.length === 0) {
          // bitchat rejects a declared original size of 0 before inflating
          expectDecodeError(() => inflateRawPayload(input, 0), 'BAD_LENGTH')
        } else {
          // Python's one-shot decompress ignores bytes after the final block; bitchat (Android)
          // rejects them. Find where the stream ends and check both halves of that policy.
          const reference = new pako.Inflate({ raw: true })
          reference.push(input, true)
          const streamEnd = input.length - reference.strm.avail_in
          if (streamEnd < input.length) {
            expectDecodeError(() => inflateRawPayload(input, output!.length), 'BAD_COMPRESSION')
          }
          expect(toHex(inflateRawPayload(input.subarray(0, streamEnd), output!.length))).toBe(c.output)
        }
      } else if (verdict === 'truncated_ok_so_far') {
        if (input.length === 0) expectDecodeError(() => inflateRawPayload(input, 1), 'BAD_LENGTH')
        else expectDecodeError(() => inflateRawPayload(input, output!.length || 1), 'BAD_COMPRESSION')
      } else {
        expect(verdict.startsWith('error')).toBe(true)
        expectDecodeError(() => inflateRawPayload(input, 64), 'BAD_COMPRESSION')
      }
    })
  }
})

describe('inflate limits (§1.5, §1.7)', () => {
  const zeros1MiB = new Uint8Array(1 << 20)
  const bomb = pako.deflateRaw(zeros1MiB, { level: 9 })

  it('stops a bomb that inflates past its declared size after declared+1 bytes', () => {
    // 1 MiB of zeros in ~1 KiB, declared as 1 000 bytes: the ratio passes, the size does not.
    expect(bomb.length).toBeLessThan(2048)
    expectDecodeError(() => inflateRawPayload(bomb, 1000), 'DECOMPRESSION_LIMIT')
  })

  it('rejects declared sizes over the cap before inflating', () => {
    const tenMiB = pako.deflateRaw(new Uint8Array(10 << 20), { level: 9 })
    expectDecodeError(() => inflateRawPayload(tenMiB, 10 << 20), 'DECOMPRESSION_LIMIT')
    expectDecodeError(() => inflateRawPayload(bomb, 1 << 20, { maxOutputBytes: 1000 }), 'DECOMPRESSION_LIMIT')
  })

  it('rejects ratios above 50 000 before inflating', () => {
    // 1 MiB declared for 16 bytes of input: ratio 65 536.
    expectDecodeError(() => inflateRawPayload(bomb.subarray(0, 16), 1 << 20), 'DECOMPRESSION_LIMIT')
    // 50 000 is still allowed by the ratio rule (then fails as truncated data).
    expectDecodeError(() => inflateRawPayload(bomb.subarray(0, 20), 1_000_000), 'BAD_COMPRESSION')
    expectDecodeError(() => inflateRawPayload(bomb.subarray(0, 20), 1_000_001), 'DECOMPRESSION_LIMIT')
  })

  it('accepts an honest 1 MiB of zeros within the limits', () => {
    expect(inflateRawPayload(bomb, 1 << 20).every((b) => b === 0)).toBe(true)
  })

  it('rejects trailing bytes after the final block, empty input and size 0', () => {
    const text = chatBytes(5, 200)
    const deflated = deflateRawPayload(text)!
    const trailing = new Uint8Array(deflated.length + 1)
    trailing.set(deflated)
    expectDecodeError(() => inflateRawPayload(trailing, text.length), 'BAD_COMPRESSION')
    expectDecodeError(() => inflateRawPayload(new Uint8Array(0), 10), 'BAD_LENGTH')
    expectDecodeError(() => inflateRawPayload(deflated, 0), 'BAD_LENGTH')
  })

  it('throws RangeError for a nonsensical expected size (misuse)', () => {
    expect(() => inflateRawPayload(new Uint8Array(4), -1)).toThrow(RangeError)
    expect(() => inflateRawPayload(new Uint8Array(4), 1.5)).toThrow(RangeError)
  })
})
