/**
 * Geohash neighbours, correct at the ±180° seam (columns wrap) and at the poles (there is no cell
 * beyond a pole, so those neighbours are `null`, as bitchat's `Geohash.neighbors` drops them;
 * ngeohash instead clamps and returns the cell itself).
 * @module
 */
import { cellToGeohash, geohashToCell } from './geohash.js'

/** Compass directions, in the order {@link geohashNeighbors} lists them. */
export const GEOHASH_DIRECTIONS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const

/** One of {@link GEOHASH_DIRECTIONS}. */
export type GeohashDirection = (typeof GEOHASH_DIRECTIONS)[number]

/** The eight neighbours of a cell; `null` where the neighbour would lie beyond a pole. */
export type GeohashNeighbors = Record<GeohashDirection, string | null>

// Row and column steps per direction, in GEOHASH_DIRECTIONS order.
const D_LAT = [1, 1, 0, -1, -1, -1, 0, 1] as const
const D_LNG = [0, 1, 1, 1, 0, -1, -1, -1] as const

/**
 * The cell next to `geohash` in one direction, at the same precision.
 * @param geohash - 1…12 characters (either case); the result is lower case.
 * @param direction - One of {@link GEOHASH_DIRECTIONS}.
 * @returns The neighbour, or `null` beyond a pole.
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 * @throws RangeError for an unknown direction.
 */
export function geohashAdjacent(geohash: string, direction: GeohashDirection): string | null {
  const i = GEOHASH_DIRECTIONS.indexOf(direction)
  if (i < 0) throw new RangeError(`unknown direction ${String(direction)}`)
  const cell = geohashToCell(geohash)
  return step(cell.lat, cell.lng, cell.latBits, cell.lngBits, D_LAT[i]!, D_LNG[i]!)
}

function step(lat: number, lng: number, latBits: number, lngBits: number, dLat: number, dLng: number): string | null {
  const rows = 2 ** latBits
  const cols = 2 ** lngBits
  const row = lat + dLat
  if (row < 0 || row >= rows) return null
  // Columns wrap: the cell east of the last column is the first one (the antimeridian).
  const col = (lng + dLng + cols) % cols
  return cellToGeohash(row, col, latBits, lngBits)
}

/**
 * All eight neighbours.
 * @param geohash - 1…12 characters (either case); results are lower case.
 * @returns Neighbours keyed by direction; `null` beyond a pole. At precision 1 the east and west
 *   neighbours of a column wrap round the globe like any other.
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 */
export function geohashNeighbors(geohash: string): GeohashNeighbors {
  const c = geohashToCell(geohash)
  const out = {} as GeohashNeighbors
  for (let i = 0; i < 8; i++) {
    out[GEOHASH_DIRECTIONS[i]!] = step(c.lat, c.lng, c.latBits, c.lngBits, D_LAT[i]!, D_LNG[i]!)
  }
  return out
}

/**
 * The distinct existing neighbours as a list (for subscribing to a cell and its surroundings):
 * nulls dropped, duplicates (possible at very coarse precisions, where wrapping meets itself)
 * and the cell itself removed.
 * @param geohash - 1…12 characters (either case).
 * @returns Up to eight lower-case geohashes in {@link GEOHASH_DIRECTIONS} order.
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 */
export function geohashNeighborList(geohash: string): string[] {
  const self = geohash.toLowerCase()
  const n = geohashNeighbors(geohash)
  const out: string[] = []
  for (const d of GEOHASH_DIRECTIONS) {
    const h = n[d]
    if (h !== null && h !== self && !out.includes(h)) out.push(h)
  }
  return out
}
