/**
 * Per-node charge bookkeeping shared by the radio energy models (`battery.ts` for BLE,
 * `wifi-energy.ts` for fast links): a link-count-dependent idle current accrued over virtual
 * time, plus TX/RX current for each frame's airtime. Charges are kept in mA·s.
 * @module
 */

/** mA·s in one mAh. */
const MAS_PER_MAH = 3_600

/** Charge bookkeeping for every node of a world; a radio model subclasses it with its currents. */
export class ChargeLedger {
  readonly #usedMas: Float64Array
  readonly #links: Int32Array
  readonly #lastMs: Float64Array
  readonly #idleMa: (openLinks: number) => number
  readonly #txMa: number
  readonly #rxMa: number

  /**
   * @param count - Number of nodes.
   * @param idleMa - Average current, mA, of a node's radio with `openLinks` links open and no traffic.
   * @param txMa - Current while transmitting, mA.
   * @param rxMa - Current while receiving, mA.
   */
  protected constructor(count: number, idleMa: (openLinks: number) => number, txMa: number, rxMa: number) {
    this.#usedMas = new Float64Array(count)
    this.#links = new Int32Array(count)
    this.#lastMs = new Float64Array(count)
    this.#idleMa = idleMa
    this.#txMa = txMa
    this.#rxMa = rxMa
  }

  #accrue(i: number, nowMs: number): void {
    const dt = (nowMs - this.#lastMs[i]!) / 1000
    if (dt > 0) this.#usedMas[i] = this.#usedMas[i]! + dt * this.#idleMa(this.#links[i]!)
    this.#lastMs[i] = nowMs
  }

  /**
   * A link opened (+1) or closed (−1) at node `i`; idle charge so far is accrued at the old count.
   * @param i - Node index.
   * @param delta - +1 or −1.
   * @param nowMs - Virtual ms.
   */
  linkChange(i: number, delta: number, nowMs: number): void {
    this.#accrue(i, nowMs)
    this.#links[i] = Math.max(0, this.#links[i]! + delta)
  }

  /**
   * Charge one frame: TX current at the sender, RX current at the receiver, for its airtime.
   * @param from - Sender index.
   * @param to - Receiver index.
   * @param airSeconds - The frame's airtime, s.
   */
  protected airtime(from: number, to: number, airSeconds: number): void {
    this.#usedMas[from] = this.#usedMas[from]! + airSeconds * this.#txMa
    this.#usedMas[to] = this.#usedMas[to]! + airSeconds * this.#rxMa
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
