import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  decodeStreamFrames,
  decodeStreamPreface,
  encodeStreamFrame,
  encodeStreamPreface,
  STREAM_PREFACE_FIXED_BYTES,
  StreamFrameDecoder,
  writeStreamFrameHeader,
  type StreamPreface,
} from './index.js'

function collect(maxFrameBytes: number, expectPreface = false) {
  const frames: Uint8Array[] = []
  const prefaces: StreamPreface[] = []
  const decoder = new StreamFrameDecoder({ maxFrameBytes, expectPreface, onFrame: (f) => frames.push(f), onPreface: (p) => prefaces.push(p) })
  return { decoder, frames, prefaces }
}

/** Split `bytes` at the given cut points (sorted, deduplicated, in range). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let last = 0
  for (const p of points) {
    out.push(bytes.subarray(last, p))
    last = p
  }
  out.push(bytes.subarray(last))
  return out
}

describe('stream frame encoding', () => {
  it('prefixes the big-endian length', () => {
    expect([...encodeStreamFrame(Uint8Array.of(0xaa, 0xbb))]).toEqual([0, 0, 0, 2, 0xaa, 0xbb])
    const out = new Uint8Array(6)
    writeStreamFrameHeader(0x01020304, out, 1)
    expect([...out]).toEqual([0, 1, 2, 3, 4, 0])
  })

  it('refuses empty frames and bad header arguments', () => {
    expect(() => encodeStreamFrame(new Uint8Array(0))).toThrow(RangeError)
    expect(() => writeStreamFrameHeader(0, new Uint8Array(4), 0)).toThrow(RangeError)
    expect(() => writeStreamFrameHeader(5, new Uint8Array(4), 1)).toThrow(RangeError)
  })
})

describe('stream preface', () => {
  it('round-trips and has the documented layout', () => {
    const bytes = encodeStreamPreface({ maxFrameBytes: 65_536, datagramPort: 4242, label: 'aa:bb' })
    expect(bytes.length).toBe(STREAM_PREFACE_FIXED_BYTES + 5)
    expect([...bytes.subarray(0, 13)]).toEqual([0x42, 0x4d, 0x53, 0x46, 1, 0, 0, 1, 0, 0, 0x10, 0x92, 5])
    expect(decodeStreamPreface(bytes)).toEqual({ maxFrameBytes: 65_536, datagramPort: 4242, label: 'aa:bb' })
  })

  it('refuses wrong magic, version, flags, sizes and label', () => {
    const good = encodeStreamPreface({ maxFrameBytes: 1000, datagramPort: 0, label: '' })
    const bad = (i: number, v: number) => {
      const b = good.slice()
      b[i] = v
      return b
    }
    expect(() => decodeStreamPreface(bad(0, 0x47))).toThrow(expect.objectContaining({ reason: 'BAD_VALUE' }))
    expect(() => decodeStreamPreface(bad(4, 2))).toThrow(expect.objectContaining({ reason: 'BAD_VERSION' }))
    expect(() => decodeStreamPreface(bad(5, 1))).toThrow(expect.objectContaining({ reason: 'BAD_VALUE' }))
    const zero = good.slice()
    zero.fill(0, 6, 10)
    expect(() => decodeStreamPreface(zero)).toThrow(expect.objectContaining({ reason: 'BAD_LENGTH' }))
    const huge = good.slice()
    huge.fill(0xff, 6, 10)
    expect(() => decodeStreamPreface(huge)).toThrow(expect.objectContaining({ reason: 'BAD_LENGTH' }))
    expect(() => decodeStreamPreface(good.subarray(0, 12))).toThrow(expect.objectContaining({ reason: 'TRUNCATED' }))
    const badUtf8 = Uint8Array.of(...good.subarray(0, 12), 1, 0xff)
    expect(() => decodeStreamPreface(badUtf8)).toThrow(expect.objectContaining({ reason: 'BAD_UTF8' }))
    expect(() => encodeStreamPreface({ maxFrameBytes: 10, datagramPort: 0, label: 'x'.repeat(256) })).toThrow(expect.objectContaining({ code: 'ENCODE_ERROR' }))
    expect(() => encodeStreamPreface({ maxFrameBytes: 0, datagramPort: 0, label: '' })).toThrow(RangeError)
  })
})

describe('StreamFrameDecoder', () => {
  it('delivers the preface, then frames, across arbitrary chunk boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 20 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, label, cuts) => {
          const preface = encodeStreamPreface({ maxFrameBytes: 300, datagramPort: 7, label })
          const stream = Uint8Array.of(...preface, ...frames.flatMap((f) => [...encodeStreamFrame(f)]))
          const { decoder, frames: got, prefaces } = collect(300, true)
          for (const chunk of split(stream, cuts)) expect(decoder.push(chunk)).toBeNull()
          expect(prefaces).toEqual([{ maxFrameBytes: 300, datagramPort: 7, label }])
          expect(got.map((f) => [...f])).toEqual(frames.map((f) => [...f]))
          expect(decoder.bufferedBytes).toBe(0)
        },
      ),
    )
  })

  it('delivers distinct plain arrays the listener may overwrite, even from Node Buffers', () => {
    const { decoder, frames } = collect(16)
    const stream = Buffer.from([...encodeStreamFrame(Uint8Array.of(1, 2)), ...encodeStreamFrame(Uint8Array.of(3))])
    expect(decoder.push(stream)).toBeNull()
    expect(frames).toHaveLength(2)
    for (const f of frames) expect(Object.getPrototypeOf(f)).toBe(Uint8Array.prototype)
    frames[0]!.fill(9)
    expect([...stream]).toEqual([0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 3])
    expect([...frames[1]!]).toEqual([3])
  })

  it('refuses an oversized declared length before allocating it, and stays failed', () => {
    const { decoder, frames } = collect(100)
    const err = decoder.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff))
    expect(err).toMatchObject({ code: 'DECODE_ERROR', reason: 'BAD_LENGTH' })
    expect(decoder.bufferedBytes).toBe(0)
    expect(decoder.push(encodeStreamFrame(Uint8Array.of(1)))).toBe(err)
    expect(frames).toHaveLength(0)
    expect(decoder.error).toBe(err)
  })

  it('refuses an empty frame and a frame one byte over the limit, accepts exactly the limit', () => {
    expect(collect(10).decoder.push(Uint8Array.of(0, 0, 0, 0))).toMatchObject({ reason: 'BAD_LENGTH' })
    expect(collect(10).decoder.push(encodeStreamFrame(new Uint8Array(11)))).toMatchObject({ reason: 'BAD_LENGTH' })
    const ok = collect(10)
    expect(ok.decoder.push(encodeStreamFrame(new Uint8Array(10)))).toBeNull()
    expect(ok.frames).toHaveLength(1)
  })

  it('reports a bad preface as a typed error', () => {
    const { decoder } = collect(10, true)
    expect(decoder.push(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'))).toMatchObject({ reason: 'BAD_VALUE' })
  })

  it('holds at most one frame while it is incomplete', () => {
    const { decoder, frames } = collect(1000)
    const framed = encodeStreamFrame(new Uint8Array(1000).fill(5))
    expect(decoder.push(framed.subarray(0, 2))).toBeNull()
    expect(decoder.bufferedBytes).toBe(2)
    expect(decoder.push(framed.subarray(2, 500))).toBeNull()
    expect(decoder.bufferedBytes).toBe(496)
    expect(decoder.push(framed.subarray(500))).toBeNull()
    expect(frames[0]!.every((b) => b === 5)).toBe(true)
  })

  it('decodeStreamFrames decodes whole buffers and flags truncation', () => {
    const bytes = Uint8Array.of(...encodeStreamFrame(Uint8Array.of(1)), ...encodeStreamFrame(Uint8Array.of(2, 3)))
    expect(decodeStreamFrames(bytes, 10).map((f) => [...f])).toEqual([[1], [2, 3]])
    expect(() => decodeStreamFrames(bytes.subarray(0, bytes.length - 1), 10)).toThrow(expect.objectContaining({ reason: 'TRUNCATED' }))
  })

  it('rejects nonsensical limits', () => {
    expect(() => new StreamFrameDecoder({ maxFrameBytes: 0, onFrame: () => {} })).toThrow(RangeError)
  })
})
