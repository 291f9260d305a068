/**
 * Geohash encode and 8-way neighbours per second, against ngeohash 0.6.4 in the same run.
 * Run: `node --import tsx benchmark/geohash.ts`.
 */
import ngeohash from 'ngeohash'
import { decodeGeohash, encodeGeohash, geohashNeighbors } from '../src/index.js'
import { header, run } from './_shared.js'

const N = 1024
const pts = Array.from({ length: N }, (_, k) => [((k * 7919) % 17_999) / 100 - 89.99, ((k * 104_729) % 35_999) / 100 - 179.99] as const)
const hashes = pts.map(([la, ln]) => encodeGeohash(la, ln, 8))
let i = 0

header('@bitmesh/geohash-discovery — geohash (precision 8 = bitchat building level)')
await run([
  { name: 'ngeohash.encode', fn: () => ngeohash.encode(pts[i & 1023]![0], pts[i++ & 1023]![1], 8) },
  { name: 'encodeGeohash', fn: () => encodeGeohash(pts[i & 1023]![0], pts[i++ & 1023]![1], 8), baseline: 'ngeohash.encode' },
  { name: 'ngeohash.decode', fn: () => ngeohash.decode(hashes[i++ & 1023]!) },
  { name: 'decodeGeohash', fn: () => decodeGeohash(hashes[i++ & 1023]!), baseline: 'ngeohash.decode' },
  { name: 'ngeohash.neighbors', fn: () => ngeohash.neighbors(hashes[i++ & 1023]!) },
  { name: 'geohashNeighbors', fn: () => geohashNeighbors(hashes[i++ & 1023]!), baseline: 'ngeohash.neighbors' },
])
