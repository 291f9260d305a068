import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import ngeohash from 'ngeohash'
import { loadJsonVectors } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { decodeGeohash, encodeGeohash, geohashBounds, isValidGeohash } from './geohash.js'
import { geohashAdjacent, geohashNeighborList, geohashNeighbors, GEOHASH_DIRECTIONS } from './neighbors.js'
import { geohashLevelOf, GeohashLevel, PRESENCE_LEVELS } from './levels.js'

interface Rows<T> {
  cases: T[]
}
type EncodeRow = [number, number, string, string]
type DecodeRow = [string, number, number, number, number]
type NeighborRow = [number, number, string, string[], number, number, number[], boolean]
interface Curated {
  cases: Array<Record<string, unknown> & { op: string }>
}

describe('python-geohash encode vectors (mmcloughlin/geohash testcases)', () => {
  const { cases } = loadJsonVectors<Rows<EncodeRow>>('geohash', 'python-geohash-encode.json')
  it('has 4096 rows', () => expect(cases.length).toBe(4096))
  it('encodes every row at every precision 1…12', () => {
    let checked = 0
    for (const [lat, lng, hash] of cases) {
      for (let p = 1; p <= 12; p++) {
        expect(encodeGeohash(lat, lng, p)).toBe(hash.slice(0, p))
        checked++
      }
    }
    expect(checked).toBe(4096 * 12)
  })
})

describe('python-geohash decode vectors (decode_exactly)', () => {
  const { cases } = loadJsonVectors<Rows<DecodeRow>>('geohash', 'python-geohash-decode.json')
  it('has 4096 rows and reproduces each box within 1e-9', () => {
    expect(cases.length).toBe(4096)
    for (const [hash, minLat, maxLat, minLng, maxLng] of cases) {
      const b = geohashBounds(hash)
      expect(Math.abs(b.minLat - minLat)).toBeLessThan(1e-9)
      expect(Math.abs(b.maxLat - maxLat)).toBeLessThan(1e-9)
      expect(Math.abs(b.minLng - minLng)).toBeLessThan(1e-9)
      expect(Math.abs(b.maxLng - maxLng)).toBeLessThan(1e-9)
      const c = decodeGeohash(hash)
      expect(Math.abs(c.latitude - (minLat + maxLat) / 2)).toBeLessThan(1e-9)
      expect(Math.abs(c.longitude - (minLng + maxLng) / 2)).toBeLessThan(1e-9)
    }
  })
})

describe('ngeohash neighbour vectors', () => {
  const { cases } = loadJsonVectors<Rows<NeighborRow>>('geohash', 'ngeohash-neighbors.json')
  it('reproduces all 1000 rows in n, ne, e, se, s, sw, w, nw order', () => {
    expect(cases.length).toBe(1000)
    for (const [lat, lng, hash, expected] of cases) {
      expect(encodeGeohash(lat, lng, hash.length)).toBe(hash)
      const n = geohashNeighbors(hash)
      expect(GEOHASH_DIRECTIONS.map((d) => n[d])).toEqual(expected)
    }
  })
})

describe('curated vectors (latlon-geohash, node-geohash)', () => {
  const { cases } = loadJsonVectors<Curated>('geohash', 'curated.json')
  it('passes all 7', () => {
    expect(cases.length).toBe(7)
    for (const c of cases) {
      if (c.op === 'encode') expect(encodeGeohash(c.lat as number, c.lng as number, c.precision as number)).toBe(c.geohash)
      else if (c.op === 'neighbours') expect(geohashNeighbors(c.geohash as string)).toEqual(c.neighbours)
      else {
        const d = decodeGeohash(c.geohash as string)
        expect(Math.abs(d.latitude - (c.lat as number))).toBeLessThan(c.tolerance as number)
        expect(Math.abs(d.longitude - (c.lng as number))).toBeLessThan(c.tolerance as number)
      }
    }
  })
})

describe('poles', () => {
  it('a cell touching the north pole has no n/ne/nw neighbours, the rest exist', () => {
    const top = encodeGeohash(90, 0, 5)
    expect(geohashBounds(top).maxLat).toBe(90)
    const n = geohashNeighbors(top)
    expect(n.n).toBeNull()
    expect(n.ne).toBeNull()
    expect(n.nw).toBeNull()
    for (const d of ['e', 'se', 's', 'sw', 'w'] as const) expect(n[d]).toMatch(/^[0-9b-hjkmnp-z]{5}$/)
    expect(geohashBounds(n.s!).maxLat).toBe(geohashBounds(top).minLat)
  })
  it('a cell touching the south pole has no s/se/sw neighbours', () => {
    const bottom = encodeGeohash(-90, 45, 6)
    expect(geohashBounds(bottom).minLat).toBe(-90)
    const n = geohashNeighbors(bottom)
    expect([n.s, n.se, n.sw]).toEqual([null, null, null])
    expect(geohashBounds(n.n!).minLat).toBe(geohashBounds(bottom).maxLat)
    expect(geohashNeighborList(bottom)).toHaveLength(5)
  })
  it('encodes ±90° latitude into the first/last row', () => {
    expect(encodeGeohash(90, 180, 4)).toBe('zzzz')
    expect(encodeGeohash(-90, -180, 4)).toBe('0000')
    expect(geohashAdjacent('zzzz', 'n')).toBeNull()
    expect(geohashAdjacent('0000', 's')).toBeNull()
  })
  it('differs from ngeohash only by dropping the cells beyond the pole', () => {
    const top = encodeGeohash(89.99, 10, 4)
    const ours = geohashNeighbors(top)
    const theirs = ngeohash.neighbors(top)
    // ngeohash clamps: its "north" of a top-row cell is the cell itself.
    expect(theirs[0]).toBe(top)
    expect(ours.n).toBeNull()
    expect([ours.e, ours.se, ours.s, ours.sw, ours.w]).toEqual([theirs[2], theirs[3], theirs[4], theirs[5], theirs[6]])
  })
})

describe('±180° seam', () => {
  it('the cell east of the last column is the first column, same row', () => {
    const east = encodeGeohash(10, 179.99, 6)
    const e = geohashAdjacent(east, 'e')!
    expect(e).toBe(encodeGeohash(10, -179.99, 6))
    expect(geohashBounds(e).minLng).toBe(-180)
    expect(geohashAdjacent(e, 'w')).toBe(east)
  })
  it('diagonals wrap too', () => {
    const west = encodeGeohash(-33.3, -179.9999, 7)
    const n = geohashNeighbors(west)
    const b = geohashBounds(west)
    const nb = geohashBounds(n.nw!)
    expect(nb.maxLng).toBe(180)
    expect(nb.minLat).toBe(b.maxLat)
    expect(geohashBounds(n.sw!).maxLat).toBe(b.minLat)
    expect(geohashBounds(n.sw!).maxLng).toBe(180)
  })
  it('a polar corner cell still wraps east/west and drops the far side', () => {
    const corner = 'zzzzzzzz'
    const n = geohashNeighbors(corner)
    expect(n.n).toBeNull()
    expect(n.e).toBe(encodeGeohash(geohashBounds(corner).minLat, -180, 8))
    expect(n.se).not.toBeNull()
  })
  it('precision 1: wrapping never yields the cell itself or duplicates in the list', () => {
    for (const h of '0123456789bcdefghjkmnpqrstuvwxyz') {
      const list = geohashNeighborList(h)
      expect(new Set(list).size).toBe(list.length)
      expect(list).not.toContain(h)
    }
  })
})

describe('properties', () => {
  const lat = fc.double({ min: -90, max: 90, noNaN: true })
  const lng = fc.double({ min: -180, max: 180, noNaN: true })
  const precision = fc.integer({ min: 1, max: 12 })
  it('encode agrees with ngeohash off cell edges and the point lies inside the decoded box', () => {
    fc.assert(
      fc.property(lat, lng, precision, (la, ln, p) => {
        const h = encodeGeohash(la, ln, p)
        const b = geohashBounds(h)
        // ngeohash puts a point lying exactly on an edge in the lower cell; python-geohash (the
        // vectors) and this module put it in the upper one.
        if (la !== b.minLat && ln !== b.minLng) expect(h).toBe(ngeohash.encode(la, ln, p))
        expect(la >= b.minLat && (la < b.maxLat || b.maxLat === 90)).toBe(true)
        expect(ln >= b.minLng && (ln < b.maxLng || b.maxLng === 180)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
  it('neighbours are inverse: n then s (away from the poles) and e then w always return home', () => {
    fc.assert(
      fc.property(lat, lng, precision, (la, ln, p) => {
        const h = encodeGeohash(la, ln, p)
        const e = geohashAdjacent(h, 'e')!
        expect(geohashAdjacent(e, 'w')).toBe(h)
        const north = geohashAdjacent(h, 'n')
        if (north !== null) expect(geohashAdjacent(north, 's')).toBe(h)
        else expect(geohashBounds(h).maxLat).toBe(90)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('validation and levels', () => {
  it('rejects bad input with typed errors', () => {
    expect(isValidGeohash('u4pruy')).toBe(true)
    expect(isValidGeohash('U4PRUY')).toBe(true)
    expect(isValidGeohash('U4PRUY', { lowercaseOnly: true })).toBe(false)
    for (const bad of ['', 'a', 'u4pruyu4pruyu', 'ü', 'u4 p', 42]) expect(isValidGeohash(bad)).toBe(false)
    try {
      geohashBounds('abc')
      expect.unreachable()
    } catch (e) {
      expect(isBitMeshError(e) && (e as { reason?: string }).reason).toBe('BAD_VALUE')
    }
    expect(() => encodeGeohash(91, 0)).toThrow(RangeError)
    expect(() => encodeGeohash(0, Number.NaN)).toThrow(RangeError)
    expect(() => encodeGeohash(0, 0, 13)).toThrow(RangeError)
    expect(() => encodeGeohash(0, 0, 0)).toThrow(RangeError)
  })
  it('decodes upper case the same as lower case', () => {
    expect(geohashBounds('U4PRUY')).toEqual(geohashBounds('u4pruy'))
    expect(geohashNeighbors('EZZZ').n).toBe('gbpb')
  })
  it('names the bitchat levels', () => {
    expect(GeohashLevel).toEqual({ REGION: 2, PROVINCE: 4, CITY: 5, NEIGHBORHOOD: 6, BLOCK: 7, BUILDING: 8 })
    expect(PRESENCE_LEVELS).toEqual([2, 4, 5])
    expect(geohashLevelOf('u4pruy')).toBe(6)
    expect(geohashLevelOf('u4p')).toBeNull()
  })
})
