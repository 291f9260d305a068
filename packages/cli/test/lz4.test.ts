import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import { decompressLegacyLz4 } from '../src/inspect/lz4.js'

interface Lz4Vectors {
  vectors: { name: string; original: string; blocks: { block: string; decompressed_size: number; decompressed_offset: number }[] }[]
}

// pierrec/lz4 golden blocks (reference C lz4 output), ../shared/vectors/lz4
const { vectors } = loadJsonVectors<Lz4Vectors>('lz4', 'pierrec-lz4-golden-blocks.json')
const blocks = vectors.flatMap((v) =>
  v.blocks.map((b, i) => ({
    name: `${v.name} block ${i}`,
    block: hex(b.block),
    expected: v.original.slice(b.decompressed_offset * 2, (b.decompressed_offset + b.decompressed_size) * 2),
    size: b.decompressed_size,
  })),
)

const u32le = (n: number) => new Uint8Array([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff])
const ascii = (s: string) => new TextEncoder().encode(s)
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

describe('decompressLegacyLz4 (pierrec/lz4 golden blocks)', () => {
  it('has the vectors', () => {
    expect(blocks.length).toBe(6)
  })

  it.each(blocks)('raw block: $name', ({ block, expected, size }) => {
    const r = decompressLegacyLz4(block, size)
    expect(r?.container).toBe('raw-block')
    expect(toHex(r!.bytes)).toBe(expected)
  })

  it.each(blocks)('Apple bv41 container: $name', ({ block, expected, size }) => {
    const framed = cat(ascii('bv41'), u32le(size), u32le(block.length), block, ascii('bv4$'))
    const r = decompressLegacyLz4(framed, size)
    expect(r).toMatchObject({ container: 'apple-lz4', blocks: 1 })
    expect(toHex(r!.bytes)).toBe(expected)
  })

  it('Apple container with a stored (bv4-) block after an LZ4 block', () => {
    const { block, expected, size } = blocks[0]!
    const stored = ascii('tail')
    const framed = cat(ascii('bv41'), u32le(size), u32le(block.length), block, ascii('bv4-'), u32le(stored.length), stored, ascii('bv4$'))
    const r = decompressLegacyLz4(framed, size + stored.length)
    expect(r).toMatchObject({ container: 'apple-lz4', blocks: 2 })
    expect(toHex(r!.bytes)).toBe(expected + toHex(stored))
  })

  it('rejects a wrong declared size, a truncated block, a missing end marker', () => {
    const { block, size } = blocks[1]!
    expect(decompressLegacyLz4(block, size - 1)).toBeNull()
    expect(decompressLegacyLz4(block, size + 1)).toBeNull()
    expect(decompressLegacyLz4(block.subarray(0, block.length - 3), size)).toBeNull()
    expect(decompressLegacyLz4(cat(ascii('bv41'), u32le(size), u32le(block.length), block), size)).toBeNull()
  })

  it('rejects a match reaching before the start of the output', () => {
    // token: 1 literal, match length 4; literal 'a'; offset 2 (> 1 byte produced); then 5 literals
    const bad = new Uint8Array([0x10, 0x61, 0x02, 0x00, 0x50, 0x62, 0x63, 0x64, 0x65, 0x66])
    expect(decompressLegacyLz4(bad, 10)).toBeNull()
  })

  it('never throws and never exceeds the declared size on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 70_000 }), (data, size) => {
        const r = decompressLegacyLz4(data, size)
        if (r !== null) expect(r.bytes.length).toBe(size)
      }),
      { numRuns: 2000 },
    )
  })
})
