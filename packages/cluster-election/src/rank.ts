/**
 * Eligibility and ranking of head candidates (DESIGN §6): Android-class, hotspot support,
 * battery above 30 % to become head (at least 20 % to stay); rank by strongest RSSI, ties by
 * battery level, then estimated battery life.
 *
 * "Strongest RSSI" needs one meaning that every node evaluates the same way, or neighbours
 * would elect different heads: candidates are ranked by their *advertised neighbourhood score*
 * (mean smoothed RSSI of their 8 strongest neighbours, see `ClusterNeighborTable`), compared in
 * {@link RSSI_TIE_DB}-wide buckets so RSSI noise inside a bucket does not reorder candidates;
 * within a bucket battery decides, then life, then the lower peer ID (a total order, so exactly
 * one candidate ranks first). Members then pick among heads by the RSSI *they* measure.
 * @module
 */
import { type Beacon } from './beacon.js'
import { HEAD_MIN_BATTERY_TO_BECOME, HEAD_MIN_BATTERY_TO_STAY, RSSI_TIE_DB } from './constants.js'
import { compareIds } from './id-key.js'

/** The fields eligibility and ranking read (a `Beacon` satisfies it). */
export type CandidateView = Pick<Beacon, 'id' | 'os' | 'hotspotSupport' | 'batteryLevel' | 'estBatteryLifeMin' | 'neighborhoodRssiDbm'>

/**
 * May this node become head? Android-class with hotspot support and battery strictly above the threshold.
 * @param c - Candidate fields.
 * @param minBattery - Threshold in percent (default 30).
 */
export function canBecomeHead(c: CandidateView, minBattery = HEAD_MIN_BATTERY_TO_BECOME): boolean {
  return c.os === 'android' && c.hotspotSupport && c.batteryLevel > minBattery
}

/**
 * May a head keep its role? Same as {@link canBecomeHead} with the lower threshold (at least 20 %),
 * so a head at 25 % neither resigns nor could be newly elected: the 20–30 % band is hysteresis.
 * @param c - Candidate fields.
 * @param minBattery - Threshold in percent (default 20).
 */
export function canStayHead(c: CandidateView, minBattery = HEAD_MIN_BATTERY_TO_STAY): boolean {
  return c.os === 'android' && c.hotspotSupport && c.batteryLevel >= minBattery
}

/**
 * Compare two candidates; a total order.
 * @param a - First candidate.
 * @param b - Second candidate.
 * @param tieDb - Width of the score buckets (default 3 dB).
 * @returns Positive when `a` ranks above `b`, negative when below, 0 only for the same ID.
 */
export function compareCandidates(a: CandidateView, b: CandidateView, tieDb = RSSI_TIE_DB): number {
  const sa = bucket(a.neighborhoodRssiDbm, tieDb)
  const sb = bucket(b.neighborhoodRssiDbm, tieDb)
  if (sa !== sb) return sa > sb ? 1 : -1
  if (a.batteryLevel !== b.batteryLevel) return a.batteryLevel - b.batteryLevel
  const la = a.estBatteryLifeMin ?? -1
  const lb = b.estBatteryLifeMin ?? -1
  if (la !== lb) return la - lb
  return -compareIds(a.id, b.id)
}

function bucket(score: number | null, tieDb: number): number {
  return score === null ? Number.NEGATIVE_INFINITY : Math.floor(score / tieDb)
}
