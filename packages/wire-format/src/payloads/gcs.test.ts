/**
 * GCS (§2.7.2): bucket hash against an independent BigInt/node:crypto computation, filter bytes
 * against a bit-string reference encoder, the iOS/Android trimming rules, and the Golomb-Rice
 * bit reader/writer against the BIP-158 test vectors (the only use those vectors are good for:
 * their item hash and delta coding differ from bitchat's, see shared/vectors/gcs/README.md).
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import { GolombRiceReader, GolombRiceWriter } from './internal/golomb.js'
import {
  GCS_DEFAULT_P,
  buildGcsFilter,
  buildGcsFilterFromHashes,
  decodeGcsFilter,
  decodeRequestSync,
  encodeRequestSync,
  gcsBucket,
  gcsBucketOfHash,
  gcsContains,
  gcsContainsHash,
  gcsItemHash,
  gcsParameterForFpr,
} from './index.js'

function ids(count: number, seed = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`id-${seed}-${i}`).digest().subarray(0, 16))
}

/** Reference bucket: BigInt arithmetic on node:crypto's SHA-256. */
function referenceBucket(id: Uint8Array, m: number): number {
  const d = createHash('sha256').update(id).digest()
  const h = d.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn
  const v = Number(h % BigInt(m))
  return v === 0 ? 1 : v
}

/** Reference encoder: sorted distinct values → bit string → bytes. */
function referenceEncode(values: number[], p: number): string {
  let bits = ''
  let prev = 0
  for (const v of [...new Set(values)].sort((a, b) => a - b)) {
    const x = v - prev - 1
    prev = v
    const q = Math.floor(x / 2 ** p)
    bits += '1'.repeat(q) + '0' + (x % 2 ** p).toString(2).padStart(p, '0')
  }
  while (bits.length % 8 !== 0) bits += '0'
  let out = ''
  for (let i = 0; i < bits.length; i += 8) out += Number.parseInt(bits.slice(i, i + 8), 2).toString(16).padStart(2, '0')
  return out
}

describe('GCS parameters', () => {
  it('P = ceil(log2(1/fpr)), 7 for 1 %', () => {
    expect(gcsParameterForFpr(0.01)).toBe(7)
    expect(GCS_DEFAULT_P).toBe(7)
    expect(gcsParameterForFpr(0.25)).toBe(2)
    expect(gcsParameterForFpr(0.9)).toBe(2) // clamped to 0.25
    expect(gcsParameterForFpr(1e-9)).toBe(20) // clamped to 1e-6
  })
})

describe('gcsBucket', () => {
  it('matches the BigInt reference for any ID and M', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 2, max: 0xffff_ffff }), (id, m) => {
        expect(gcsBucket(id, m)).toBe(referenceBucket(id, m))
      }),
      { numRuns: 2000 },
    )
  })
  it('is 0 for an empty filter (M ≤ 1)', () => expect(gcsBucket(new Uint8Array(16), 1)).toBe(0))
})

describe('buildGcsFilter', () => {
  it('an empty store yields M = 1 and no data', () => {
    const f = buildGcsFilter([])
    expect(f).toEqual({ p: 7, m: 1, data: new Uint8Array(0), includedCount: 0 })
    expect(decodeGcsFilter(f).values).toHaveLength(0)
  })

  it('matches the reference encoder byte for byte and M = n·2^P', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 16 }), (list, p) => {
        const f = buildGcsFilter(list, { p, maxBytes: 100_000 })
        expect(f.m).toBe(Math.min(0xffff_ffff, list.length * 2 ** p))
        expect(f.includedCount).toBe(list.length)
        expect(toHex(f.data)).toBe(referenceEncode(list.map((id) => referenceBucket(id, f.m)), p))
        for (const id of list) expect(gcsContains(f, id)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('caps n at ⌊8·maxBytes/(P+2)⌋ (356 for the 400-byte default) and keeps the newest', () => {
    const list = ids(1000)
    const f = buildGcsFilter(list)
    expect(f.data.length).toBeLessThanOrEqual(400)
    expect(f.m).toBe(355 * 128) // ⌊3200/9⌋ = 355
    const decoded = decodeGcsFilter(f)
    for (const id of list.slice(0, f.includedCount)) expect(gcsContains(decoded, id)).toBe(true)
  })

  it('never exceeds the budget, so the drop-oldest-10 % retry never has to fire', () => {
    // Σq ≤ (max value − n)/2^P < n, so n codes take < n·(P+2) ≤ 8·maxBytes bits whenever the
    // estimate is not clamped up to 1; only a lone code wider than the budget can overflow.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20 }), fc.nat(), (n, maxBytes, p, seed) => {
        const list = ids(n, seed)
        const estimate = Math.max(1, Math.floor(Math.max(8, maxBytes * 8) / Math.max(3, p + 2)))
        for (const recomputeModulusOnTrim of [false, true]) {
          const f = buildGcsFilter(list, { p, maxBytes, recomputeModulusOnTrim })
          expect(f.data.length).toBeLessThanOrEqual(maxBytes)
          if (Math.floor((maxBytes * 8) / Math.max(3, p + 2)) >= 1) expect(f.includedCount).toBe(Math.min(n, estimate))
          else expect([0, 1]).toContain(f.includedCount)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('a zero budget keeps M and sends empty data (iOS single-element overflow)', () => {
    expect(buildGcsFilter(ids(5), { maxBytes: 0 })).toEqual({ p: 7, m: 128, data: new Uint8Array(0), includedCount: 0 })
  })

  it('has about a 1/2^P false-positive rate', () => {
    const members = ids(300, 2)
    const f = decodeGcsFilter(buildGcsFilter(members, { maxBytes: 10_000 }))
    const probes = ids(20_000, 3)
    const hits = probes.filter((id) => gcsContains(f, id)).length
    expect(hits / probes.length).toBeGreaterThan(0.002)
    expect(hits / probes.length).toBeLessThan(0.02)
  })

  it('round-trips through a REQUEST_SYNC payload', () => {
    const list = ids(50, 4)
    const f = buildGcsFilter(list)
    const r = decodeRequestSync(encodeRequestSync(f))
    for (const id of list) expect(gcsContains(r, id)).toBe(true)
  })

  it('rejects a bad P or budget', () => {
    expect(() => buildGcsFilter(ids(2), { p: 0 })).toThrow(RangeError)
    expect(() => buildGcsFilter(ids(2), { p: 33 })).toThrow(RangeError)
    expect(() => buildGcsFilter(ids(2), { maxBytes: -1 })).toThrow(RangeError)
  })
})

describe('decodeGcsFilter', () => {
  it('stops at the first running sum ≥ M', () => {
    // P = 1: deltas 1, 1, 3 → values 1, 2, 5; with M = 5 the last one is cut off.
    const data = hex(referenceEncode([1, 2, 5], 1))
    expect([...decodeGcsFilter({ p: 1, m: 6, data }).values]).toEqual([1, 2, 5])
    expect([...decodeGcsFilter({ p: 1, m: 5, data }).values]).toEqual([1, 2])
  })
  it('is bounded by the data length for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 0xffff_ffff }), (data, p, m) => {
        const { values } = decodeGcsFilter({ p, m, data })
        expect(values.length).toBeLessThanOrEqual(Math.floor((data.length * 8) / (p + 1)))
        for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!)
        if (values.length > 0) expect(values[values.length - 1]!).toBeLessThan(m)
      }),
      { numRuns: 500 },
    )
  })
  it('throws RangeError for P outside 1…32', () => expect(() => decodeGcsFilter({ p: 40, m: 100, data: new Uint8Array(1) })).toThrow(RangeError))
})

describe('BIP-158 testnet-19 vectors: Golomb-Rice bit reader and writer (P = 19)', () => {
  type Row = [number, string, string, string[], string, string, string, string]
  const rows = loadJsonVectors<unknown[]>('gcs', 'bip158-testnet-19.json').slice(1) as Row[]
  const P = 19
  const M = 784931

  it.each(rows.map((r) => [r[0], r[5]] as const))('block %i: decodes N values below N·M and re-encodes the same bits', (_height, filterHex) => {
    const filter = hex(filterHex)
    expect(filter[0]!).toBeLessThan(0xfd) // CompactSize N fits one byte in every vector
    const n = filter[0]!
    const stream = filter.subarray(1)
    const reader = new GolombRiceReader(stream, P)
    const writer = new GolombRiceWriter(P)
    let sum = 0
    for (let i = 0; i < n; i++) {
      const delta = reader.read()
      expect(delta).not.toBeNull()
      sum += delta!
      writer.write(delta!)
    }
    if (n > 0) expect(sum).toBeLessThan(n * M)
    // Only zero padding may follow the last code.
    expect(Math.ceil(reader.bitPosition / 8)).toBe(stream.length)
    expect(toHex(writer.finish())).toBe(toHex(stream))
  })
})

describe('precomputed item hashes', () => {
  it('gcsBucketOfHash(gcsItemHash(id)) is the reference bucket', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 2, max: 0xffff_ffff }), (id, m) => {
        expect(gcsBucketOfHash(gcsItemHash(id), m)).toBe(referenceBucket(id, m))
      }),
    )
  })

  it('buildGcsFilterFromHashes builds the same filter as buildGcsFilter, trimming included', () => {
    for (const [count, options] of [[50, {}], [900, {}], [900, { recomputeModulusOnTrim: true }], [300, { maxBytes: 40 }]] as const) {
      const list = ids(count, count)
      const fromIds = buildGcsFilter(list, options)
      const fromHashes = buildGcsFilterFromHashes(list.map(gcsItemHash), options)
      expect(toHex(fromHashes.data)).toBe(toHex(fromIds.data))
      expect([fromHashes.m, fromHashes.includedCount]).toEqual([fromIds.m, fromIds.includedCount])
    }
  })

  it('gcsContainsHash answers as gcsContains for members and non-members', () => {
    const members = ids(120, 7)
    const decoded = decodeGcsFilter(buildGcsFilter(members))
    for (const id of [...members, ...ids(200, 8)]) {
      expect(gcsContainsHash(decoded, gcsItemHash(id))).toBe(gcsContains(decoded, id))
    }
    for (const id of members) expect(gcsContainsHash(decoded, gcsItemHash(id))).toBe(true)
  })

  it('refuses item hashes that are not 8 bytes', () => {
    expect(() => buildGcsFilterFromHashes([new Uint8Array(16)])).toThrow(RangeError)
  })
})
