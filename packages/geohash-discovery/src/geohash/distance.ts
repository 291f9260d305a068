/**
 * Great-circle distance, for picking the relays nearest a geohash.
 * @module
 */

/** Mean Earth radius in metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8

const RAD = Math.PI / 180

/**
 * Haversine distance between two points.
 * @param lat1 - Degrees.
 * @param lng1 - Degrees.
 * @param lat2 - Degrees.
 * @param lng2 - Degrees.
 * @returns Metres along the sphere.
 */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD
  const dLng = (lng2 - lng1) * RAD
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)))
}
