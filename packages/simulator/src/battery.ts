/**
 * A simple per-node battery model: a constant radio baseline (advertising + duty-cycled scanning),
 * a cost per open link (connection events), and energy per byte sent and received. It is a
 * bookkeeping model for comparing scenarios and policies, not a phone power profile: the
 * constants are round figures of published BLE phone measurements.
 * @module
 */

/** Battery capacity of a typical phone, mAh. */
export const BATTERY_CAPACITY_MAH = 3_000
/** Average current of advertising plus duty-cycled scanning on a phone, mA (published phone measurements span ~1–10 mA by scan mode). */
export const RADIO_BASELINE_MA = 3
/** Extra average current of one open BLE connection (connection events every ~30 ms), mA. */
export const LINK_CURRENT_MA = 0.3
/** Radio current while transmitting, mA (phone BLE chipsets draw ~5–15 mA at 0 dBm). */
export const TX_CURRENT_MA = 10
/** Radio current while receiving, mA. */
export const RX_CURRENT_MA = 8
/** Air time of one byte on the LE 1M PHY, seconds (8 bits at 1 Mbit/s). */
export const AIR_SECONDS_PER_BYTE = 8e-6

const MAS_PER_MAH = 3_600

/** Energy bookkeeping for every node of a world (charges in mA·s). */
export class BatteryModel {
  readonly #usedMas: Float64Array
  readonly #links: Int32Array
  readonly #lastMs: Float64Array

  /** @param count - Number of nodes. */
  constructor(count: number) {
    this.#usedMas = new Float64Array(count)
    this.#links = new Int32Array(count)
    this.#lastMs = new Float64Array(count)
  }

  #accrue(i: number, nowMs: number): void {
    const dt = (nowMs - this.#lastMs[i]!) / 1000
    if (dt > 0) this.#usedMas[i] = this.#usedMas[i]! + dt * (RADIO_BASELINE_MA + LINK_CURRENT_MA * this.#links[i]!)
    this.#lastMs[i] = nowMs
  }

  /**
   * Record a link opening (+1) or closing (−1) at node `i`.
   * @param i - Node index.
   * @param delta - +1 or −1.
   * @param nowMs - Virtual ms.
   */
  linkChange(i: number, delta: number, nowMs: number): void {
    this.#accrue(i, nowMs)
    this.#links[i] = Math.max(0, this.#links[i]! + delta)
  }

  /**
   * Record one frame on the air.
   * @param from - Sender index.
   * @param to - Receiver index.
   * @param bytes - Frame size.
   */
  frame(from: number, to: number, bytes: number): void {
    const air = bytes * AIR_SECONDS_PER_BYTE
    this.#usedMas[from] = this.#usedMas[from]! + air * TX_CURRENT_MA
    this.#usedMas[to] = this.#usedMas[to]! + air * RX_CURRENT_MA
  }

  /**
   * Charge used by every node up to `nowMs`.
   * @param nowMs - Virtual ms.
   * @returns mAh per node.
   */
  usedMah(nowMs: number): Float64Array {
    const out = new Float64Array(this.#usedMas.length)
    for (let i = 0; i < out.length; i++) {
      this.#accrue(i, nowMs)
      out[i] = this.#usedMas[i]! / MAS_PER_MAH
    }
    return out
  }
}
