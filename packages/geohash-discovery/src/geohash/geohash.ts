/**
 * Geohash encode, decode and cell bounds (standard base32 geohash, as bitchat uses it, §7.2).
 *
 * Cells are handled as two integer indices (latitude row, longitude column) of `5·p / 2` bits
 * each, so bounds are exact dyadic fractions and neighbour arithmetic is integer arithmetic.
 * Precision is capped at 12 characters (60 bits): each axis then fits in 30 bits, inside the
 * range of JavaScript's 32-bit bitwise operators, and 12 is the longest geohash any bitchat
 * TLV carries.
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'

/** The geohash base32 alphabet (no `a`, `i`, `l`, `o`). */
export const GEOHASH_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz'

/** Longest geohash these functions accept, in characters (60 bits). */
export const MAX_GEOHASH_PRECISION = 12

/** Default precision of {@link encodeGeohash}: the maximum. */
export const DEFAULT_GEOHASH_PRECISION = MAX_GEOHASH_PRECISION

// Character code → 5-bit value, or -1. Upper case maps too, so user input need not be normalised.
const DECODE_TABLE: Int8Array = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < 32; i++) {
    const c = GEOHASH_ALPHABET.charCodeAt(i)
    table[c] = i
    if (c >= 0x61) table[c - 0x20] = i
  }
  return table
})()

/** A geohash cell as two integer indices. @internal */
export interface CellIndex {
  /** Row, 0 at the south pole. */
  lat: number
  /** Column, 0 at −180°. */
  lng: number
  /** Bits of `lat` (⌊5p/2⌋). */
  latBits: number
  /** Bits of `lng` (⌈5p/2⌉). */
  lngBits: number
}

/** A decoded cell's rectangle, in degrees. */
export interface GeohashBounds {
  /** Southern edge. */
  minLat: number
  /** Northern edge. */
  maxLat: number
  /** Western edge. */
  minLng: number
  /** Eastern edge. */
  maxLng: number
}

/** A decoded cell's centre and half-size, in degrees. */
export interface GeohashPoint {
  /** Centre latitude. */
  latitude: number
  /** Centre longitude. */
  longitude: number
  /** Half the cell height (the centre is within this of any point in the cell). */
  latitudeError: number
  /** Half the cell width. */
  longitudeError: number
}

function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_GEOHASH_PRECISION) {
    throw new RangeError(`geohash precision must be an integer in 1…${MAX_GEOHASH_PRECISION}, got ${String(precision)}`)
  }
}

/**
 * Whether `value` is a geohash these functions accept: 1–12 characters of the alphabet.
 * @param value - Anything.
 * @param options - `lowercaseOnly` (default `false`) rejects upper case, as event tags must be lower case.
 * @returns True for a valid geohash.
 */
export function isValidGeohash(value: unknown, options?: { lowercaseOnly?: boolean }): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_GEOHASH_PRECISION) return false
  const lower = options?.lowercaseOnly === true
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 128 || DECODE_TABLE[c] === -1) return false
    if (lower && c < 0x61 && c > 0x39) return false
  }
  return true
}

/**
 * Encode a position. Each bit halves the current interval and takes the upper half when the
 * coordinate is ≥ the midpoint, so 90° and 180° land in the last row/column.
 * @param latitude - Degrees in [−90, 90].
 * @param longitude - Degrees in [−180, 180].
 * @param precision - Characters, 1…12 (default 12).
 * @returns The lower-case geohash.
 * @throws RangeError for a non-finite or out-of-range coordinate, or a bad precision.
 */
export function encodeGeohash(latitude: number, longitude: number, precision: number = DEFAULT_GEOHASH_PRECISION): string {
  if (!(latitude >= -90 && latitude <= 90)) throw new RangeError(`latitude must be in [-90, 90], got ${String(latitude)}`)
  if (!(longitude >= -180 && longitude <= 180)) throw new RangeError(`longitude must be in [-180, 180], got ${String(longitude)}`)
  checkPrecision(precision)
  let latLo = -90
  let latHi = 90
  let lngLo = -180
  let lngHi = 180
  let out = ''
  let even = true // bit 0 is a longitude bit
  for (let c = 0; c < precision; c++) {
    let v = 0
    for (let b = 0; b < 5; b++) {
      v <<= 1
      // Midpoints of dyadic intervals of ±90/±180 are exact in binary64: no rounding drift.
      if (even) {
        const mid = (lngLo + lngHi) / 2
        if (longitude >= mid) {
          v |= 1
          lngLo = mid
        } else lngHi = mid
      } else {
        const mid = (latLo + latHi) / 2
        if (latitude >= mid) {
          v |= 1
          latLo = mid
        } else latHi = mid
      }
      even = !even
    }
    out += GEOHASH_ALPHABET[v]
  }
  return out
}

/**
 * Split a geohash into its row and column indices.
 * @internal
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 */
export function geohashToCell(geohash: string): CellIndex {
  if (typeof geohash !== 'string' || geohash.length === 0 || geohash.length > MAX_GEOHASH_PRECISION) {
    throw new DecodeError(DecodeReason.BAD_VALUE, `geohash must have 1…${MAX_GEOHASH_PRECISION} characters`)
  }
  let lat = 0
  let lng = 0
  let bit = 0
  for (let i = 0; i < geohash.length; i++) {
    const code = geohash.charCodeAt(i)
    const v = code < 128 ? DECODE_TABLE[code]! : -1
    if (v < 0) throw new DecodeError(DecodeReason.BAD_VALUE, `invalid geohash character at index ${i}`)
    for (let b = 4; b >= 0; b--, bit++) {
      const set = (v >> b) & 1
      if ((bit & 1) === 0) lng = (lng << 1) | set
      else lat = (lat << 1) | set
    }
  }
  const total = geohash.length * 5
  return { lat, lng, latBits: total >> 1, lngBits: total - (total >> 1) }
}

/**
 * Interleave a row and column back into a geohash of `(latBits + lngBits) / 5` characters.
 * @internal
 */
export function cellToGeohash(lat: number, lng: number, latBits: number, lngBits: number): string {
  const total = latBits + lngBits
  let out = ''
  let latShift = latBits
  let lngShift = lngBits
  let v = 0
  for (let bit = 0; bit < total; bit++) {
    v <<= 1
    if ((bit & 1) === 0) v |= (lng >>> --lngShift) & 1
    else v |= (lat >>> --latShift) & 1
    if (bit % 5 === 4) {
      out += GEOHASH_ALPHABET[v]
      v = 0
    }
  }
  return out
}

/**
 * The rectangle a geohash covers.
 * @param geohash - 1…12 characters (either case).
 * @returns Exact bounds in degrees.
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 */
export function geohashBounds(geohash: string): GeohashBounds {
  const cell = geohashToCell(geohash)
  const latStep = 180 / 2 ** cell.latBits
  const lngStep = 360 / 2 ** cell.lngBits
  const minLat = -90 + cell.lat * latStep
  const minLng = -180 + cell.lng * lngStep
  return { minLat, maxLat: minLat + latStep, minLng, maxLng: minLng + lngStep }
}

/**
 * The centre of a geohash cell and its half-size.
 * @param geohash - 1…12 characters (either case).
 * @returns Centre and error in degrees.
 * @throws DecodeError `BAD_VALUE` for an invalid geohash.
 */
export function decodeGeohash(geohash: string): GeohashPoint {
  const b = geohashBounds(geohash)
  const latitudeError = (b.maxLat - b.minLat) / 2
  const longitudeError = (b.maxLng - b.minLng) / 2
  return { latitude: b.minLat + latitudeError, longitude: b.minLng + longitudeError, latitudeError, longitudeError }
}
