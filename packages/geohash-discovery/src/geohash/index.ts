/**
 * Geohash utilities: encode, decode, bounds, neighbours and bitchat's channel levels.
 * @module
 */
export {
  GEOHASH_ALPHABET,
  MAX_GEOHASH_PRECISION,
  DEFAULT_GEOHASH_PRECISION,
  isValidGeohash,
  encodeGeohash,
  decodeGeohash,
  geohashBounds,
  type GeohashBounds,
  type GeohashPoint,
} from './geohash.js'
export {
  GEOHASH_DIRECTIONS,
  geohashAdjacent,
  geohashNeighbors,
  geohashNeighborList,
  type GeohashDirection,
  type GeohashNeighbors,
} from './neighbors.js'
export * from './levels.js'
export { distanceMeters, EARTH_RADIUS_M } from './distance.js'
