/**
 * Radio propagation: the log-distance path-loss model with log-normal shadowing,
 *
 *   PL(d) = PL(d₀) + 10·n·log₁₀(d / d₀) + X_σ,   RSSI = P_tx − PL(d)
 *
 * (Rappaport, *Wireless Communications*, 2nd ed., §4.9–4.11). Default constants are for BLE at
 * 2.4 GHz among people:
 * * `referenceLossDb` 40 dB at d₀ = 1 m — free-space loss at 2.44 GHz is 20·log₁₀(4π·1 m/λ) ≈ 40.2 dB;
 * * `exponent` 2.7 — measured BLE/2.4 GHz exponents run from 2 (free space, line of sight) to
 *   ~3.5 in cluttered indoor spaces and dense crowds (bodies absorb 2.4 GHz); 2.7 sits in the
 *   middle of published crowd/indoor fits;
 * * `shadowingSigmaDb` 4 dB — typical indoor BLE shadowing spreads are 2–6 dB;
 * * `txPowerDbm` 0 dBm — the usual phone BLE advertising/connection power;
 * * `sensitivityDbm` −95 dBm — BLE 1M PHY receivers are specified at −70 dBm and real phone
 *   chipsets reach −90…−97 dBm.
 * @module
 */
import { deriveSeed, splitmix32 } from './rng.js'

/** Constants of the path-loss model (see the module comment for sources). */
export interface PathLossParameters {
  /** Transmit power, dBm. */
  txPowerDbm: number
  /** Path loss at the 1 m reference distance, dB. */
  referenceLossDb: number
  /** Path-loss exponent n. */
  exponent: number
  /** Standard deviation of the log-normal shadowing term, dB (0 disables it). */
  shadowingSigmaDb: number
  /** Weakest receivable signal, dBm. */
  sensitivityDbm: number
}

/** The defaults documented in the module comment. */
export const DEFAULT_PATH_LOSS: Readonly<PathLossParameters> = Object.freeze({
  txPowerDbm: 0,
  referenceLossDb: 40,
  exponent: 2.7,
  shadowingSigmaDb: 4,
  sensitivityDbm: -95,
})

/** Reference distance d₀ of the model, metres; closer distances are clamped to it. */
export const REFERENCE_DISTANCE_M = 1

/**
 * Mean received power at `distanceM` (no shadowing).
 * @param distanceM - Distance in metres (≥ 0).
 * @param p - Model constants.
 * @returns RSSI in dBm.
 */
export function meanRssiDbm(distanceM: number, p: Readonly<PathLossParameters> = DEFAULT_PATH_LOSS): number {
  const d = distanceM > REFERENCE_DISTANCE_M ? distanceM : REFERENCE_DISTANCE_M
  return p.txPowerDbm - p.referenceLossDb - 10 * p.exponent * Math.log10(d / REFERENCE_DISTANCE_M)
}

/**
 * Distance at which the mean RSSI falls to the receiver sensitivity.
 * @param p - Model constants.
 * @returns Metres.
 */
export function maxRangeM(p: Readonly<PathLossParameters> = DEFAULT_PATH_LOSS): number {
  return REFERENCE_DISTANCE_M * 10 ** ((p.txPowerDbm - p.referenceLossDb - p.sensitivityDbm) / (10 * p.exponent))
}

/**
 * The shadowing term X_σ of one unordered pair of nodes: a standard normal scaled by σ, fixed
 * per (seed, pair) so a link's fade is stable and symmetric, and a run is reproducible.
 * @param seed - World seed.
 * @param a - Index of one node.
 * @param b - Index of the other.
 * @param sigmaDb - Standard deviation, dB.
 * @returns dB to add to the path loss.
 */
export function pairShadowingDb(seed: number, a: number, b: number, sigmaDb: number): number {
  return shadowingFromStream(deriveSeed(seed, 'shadow'), a, b, sigmaDb)
}

/**
 * {@link pairShadowingDb} with the stream seed already derived (`deriveSeed(seed, "shadow")`),
 * for the per-sample hot path.
 * @param streamSeed - `deriveSeed(worldSeed, "shadow")`.
 * @param a - Index of one node.
 * @param b - Index of the other.
 * @param sigmaDb - Standard deviation, dB.
 * @returns dB to add to the path loss.
 */
export function shadowingFromStream(streamSeed: number, a: number, b: number, sigmaDb: number): number {
  if (sigmaDb === 0) return 0
  const lo = a < b ? a : b
  const hi = a < b ? b : a
  const h1 = splitmix32(streamSeed ^ Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77))
  const h2 = splitmix32(h1)
  const u = (h1 + 1) / 4_294_967_297 // (0, 1)
  const v = h2 / 4_294_967_296
  return sigmaDb * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
