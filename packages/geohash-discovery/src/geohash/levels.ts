/**
 * bitchat's geohash channel levels (`GeohashChannelLevel`, bitchat-wire.md §7.2): the number of
 * geohash characters each named level uses.
 * @module
 */

/** Geohash length, in characters, of each bitchat channel level. */
export const GeohashLevel = {
  /** ~1 250 km cells. */
  REGION: 2,
  /** ~39 km cells. */
  PROVINCE: 4,
  /** ~4.9 km cells. */
  CITY: 5,
  /** ~1.2 km cells. */
  NEIGHBORHOOD: 6,
  /** ~153 m cells. */
  BLOCK: 7,
  /** ~38 m cells. */
  BUILDING: 8,
} as const

/** Union of {@link GeohashLevel} values. */
export type GeohashLevelValue = (typeof GeohashLevel)[keyof typeof GeohashLevel]

/** Every bitchat channel level, coarsest first. */
export const GEOHASH_LEVELS: readonly GeohashLevelValue[] = /* @__PURE__ */ Object.freeze([2, 4, 5, 6, 7, 8] as const)

/**
 * Levels that send kind-20001 presence (§7.2): region, province and city only. Finer levels
 * would let anyone listening pin a user to a block.
 */
export const PRESENCE_LEVELS: readonly GeohashLevelValue[] = /* @__PURE__ */ Object.freeze([2, 4, 5] as const)

/**
 * Precisions Gozzip nearby mode offers the user (DESIGN.md §6): block down to region.
 */
export const NEARBY_PRECISIONS: readonly GeohashLevelValue[] = /* @__PURE__ */ Object.freeze([7, 6, 5, 4, 2] as const)

/**
 * The named level a geohash belongs to, from its length.
 * @param geohash - A geohash string.
 * @returns The level, or `null` when its length is not one of bitchat's levels.
 */
export function geohashLevelOf(geohash: string): GeohashLevelValue | null {
  const n = geohash.length
  return (GEOHASH_LEVELS as readonly number[]).includes(n) ? (n as GeohashLevelValue) : null
}
