/**
 * Partitioned worlds: crowds standing in separate discs (out of radio range of each other) and
 * couriers walking between them — the setting where store-and-forward matters (issue #8). Crowd
 * members stand still; each courier walks the crowd centres in order and back (0 → 1 → … → m−1
 * → … → 0), pausing at each centre.
 * @module
 */
import type { SeededRng } from './rng.js'

/** One crowd: `count` people placed uniformly in a disc. */
export interface CrowdSpec {
  /** Centre, metres. */
  xM: number
  yM: number
  /** Disc radius, metres. */
  radiusM: number
  /** People in it. */
  count: number
}

/** The couriers walking between the crowds. */
export interface CourierSpec {
  /** How many (they are the last nodes of the world). */
  count: number
  /** Walking speed, m/s. */
  speedMps: number
  /** Pause at each crowd centre, s. */
  pauseS: number
}

/** Crowds and couriers of a partitioned world. Node order: crowd 0's people, crowd 1's, …, then couriers. */
export interface PartitionLayout {
  crowds: CrowdSpec[]
  couriers: CourierSpec
}

/**
 * The crowd of node `index`, or −1 for a courier (or an index past the layout).
 * @param layout - The layout.
 * @param index - Node index.
 * @returns Crowd index or −1.
 */
export function crowdOf(layout: PartitionLayout, index: number): number {
  let first = 0
  for (let c = 0; c < layout.crowds.length; c++) {
    const n = layout.crowds[c]!.count
    if (index < first + n) return c
    first += n
  }
  return -1
}

/**
 * Nodes the layout places (crowd members plus couriers).
 * @param layout - The layout.
 * @returns The count.
 */
export function partitionNodeCount(layout: PartitionLayout): number {
  return layout.crowds.reduce((sum, c) => sum + c.count, 0) + layout.couriers.count
}

/** Places the crowds and walks the couriers. */
export class CourierWalk {
  readonly #layout: PartitionLayout
  readonly #first: number
  /** Per courier: index of the next stop in the ping-pong route. */
  readonly #leg: Int32Array
  readonly #pauseUntilMs: Float64Array
  readonly #route: number[]

  /**
   * @param layout - Crowds and couriers.
   * @throws {RangeError} Without at least one crowd.
   */
  constructor(layout: PartitionLayout) {
    if (layout.crowds.length === 0) throw new RangeError('a partition needs at least one crowd')
    this.#layout = layout
    this.#first = layout.crowds.reduce((sum, c) => sum + c.count, 0)
    const m = layout.crowds.length
    // Ping-pong over the centres: 0, 1, …, m−1, m−2, …, 1 (then 0 again).
    this.#route = [...Array(m).keys(), ...Array.from({ length: Math.max(0, m - 2) }, (_, k) => m - 2 - k)]
    this.#leg = new Int32Array(layout.couriers.count)
    this.#pauseUntilMs = new Float64Array(layout.couriers.count)
  }

  /**
   * Put crowd members in their discs (uniform by area) and couriers on a crowd centre each
   * (courier k starts at crowd k mod m, heading for the next stop of the route).
   * @param x - X coordinates to fill, metres.
   * @param y - Y coordinates to fill, metres.
   * @param rng - Placement stream.
   */
  place(x: Float64Array, y: Float64Array, rng: SeededRng): void {
    let i = 0
    for (const crowd of this.#layout.crowds) {
      for (let k = 0; k < crowd.count; k++, i++) {
        const r = crowd.radiusM * Math.sqrt(rng.next())
        const a = rng.uniform(0, 2 * Math.PI)
        x[i] = crowd.xM + r * Math.cos(a)
        y[i] = crowd.yM + r * Math.sin(a)
      }
    }
    const route = this.#route
    for (let k = 0; k < this.#layout.couriers.count; k++) {
      const at = k % route.length
      const centre = this.#layout.crowds[route[at]!]!
      x[this.#first + k] = centre.xM
      y[this.#first + k] = centre.yM
      this.#leg[k] = (at + 1) % route.length
    }
  }

  /**
   * Walk every courier by `dtMs` towards its next stop, pausing on arrival.
   * @param x - X coordinates, metres (updated).
   * @param y - Y coordinates, metres (updated).
   * @param nowMs - Virtual ms at the end of the step.
   * @param dtMs - Step length, ms.
   */
  step(x: Float64Array, y: Float64Array, nowMs: number, dtMs: number): void {
    const { speedMps, pauseS, count } = this.#layout.couriers
    const stepM = (speedMps * dtMs) / 1000
    for (let k = 0; k < count; k++) {
      // Still pausing for the whole of this step (it covers (nowMs − dtMs, nowMs]).
      if (this.#pauseUntilMs[k]! > nowMs - dtMs) continue
      const i = this.#first + k
      const target = this.#layout.crowds[this.#route[this.#leg[k]!]!]!
      const dx = target.xM - x[i]!
      const dy = target.yM - y[i]!
      const left = Math.sqrt(dx * dx + dy * dy)
      if (left <= stepM) {
        x[i] = target.xM
        y[i] = target.yM
        this.#pauseUntilMs[k] = nowMs + pauseS * 1000
        this.#leg[k] = (this.#leg[k]! + 1) % this.#route.length
      } else {
        x[i] = x[i]! + (dx / left) * stepM
        y[i] = y[i]! + (dy / left) * stepM
      }
    }
  }
}
