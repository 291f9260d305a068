/**
 * The physical world: where nodes stand, how they walk, and which pairs can hear each other.
 * Positions live in flat typed arrays and a uniform spatial grid (cell side = radio range), so a
 * neighbour query touches 9 cells instead of every node and 10 000-node crowds stay fast.
 * @module
 */
import { CourierWalk, type PartitionLayout } from './partition.js'
import { DEFAULT_PATH_LOSS, meanRssiDbm, shadowingFromStream, type PathLossParameters } from './path-loss.js'
import { deriveSeed, type SeededRng } from './rng.js'

/** Walking speed of a pedestrian, m/s (the commonly cited mean adult walking speed). */
export const WALKING_SPEED_MPS = 1.4

/** How nodes are placed at time zero. */
export type Placement = 'grid' | 'random'

/** How nodes move. */
export type Mobility =
  | { model: 'static' }
  /** Random waypoint (Johnson & Maltz): pick a uniform point, walk to it at `speedMps`, pause, repeat. */
  | { model: 'random-waypoint'; speedMps: number; pauseS: number }

/** Construction options of a {@link World}. */
export interface WorldOptions {
  /** Number of nodes. */
  count: number
  /** Area width, metres. */
  widthM: number
  /** Area height, metres. */
  heightM: number
  /** Placement at time zero. */
  placement: Placement
  /** Movement model. */
  mobility: Mobility
  /** Hard radio range cut-off, metres (also the grid cell side). */
  rangeM: number
  /** Base per-frame loss probability on every in-range link. */
  lossRate: number
  /** Path-loss constants (defaults: {@link DEFAULT_PATH_LOSS}). */
  pathLoss?: Partial<PathLossParameters>
  /**
   * The last `extraCount` of `count` nodes (hostile devices) are placed uniformly at random from
   * their own stream after the others, so the others sit exactly where they would without them.
   * Default 0.
   */
  extraCount?: number
  /**
   * Crowds in separate discs and couriers walking between them (`partition.ts`). When set, it
   * replaces `placement` and `mobility` for the nodes it places (the first ones).
   */
  partition?: PartitionLayout
  /** World seed (shadowing is a pure function of it). */
  seed: number
  /** Stream for placement and waypoints. */
  rng: SeededRng
}

/** What the radio gets back for one pair: the BlePropagationModel sample shape. */
export interface LinkSample {
  rssiDbm: number
  lossRate: number
}

/** Positions, mobility and propagation of one simulated crowd. */
export class World {
  /** Node x coordinates, metres. */
  readonly x: Float64Array
  /** Node y coordinates, metres. */
  readonly y: Float64Array
  readonly #tx: Float64Array
  readonly #ty: Float64Array
  readonly #pauseUntilMs: Float64Array
  readonly #options: WorldOptions
  readonly #pathLoss: PathLossParameters
  readonly #shadowSeed: number
  readonly #cols: number
  readonly #rows: number
  /** Cell → node indices in it. */
  #cells: number[][] = []
  #cellOf: Int32Array
  readonly #rng: SeededRng
  /** Couriers of a partitioned world. */
  readonly #walk: CourierWalk | undefined
  /** Node index of each address. */
  readonly #indexOf = new Map<string, number>()
  /** Address of each node index. */
  readonly addresses: string[]

  /**
   * @param options - Geometry, mobility and radio.
   * @param addressOf - Radio address of node `i`.
   * @throws {RangeError} On non-positive sizes or range.
   */
  constructor(options: WorldOptions, addressOf: (index: number) => string) {
    if (!(options.widthM > 0 && options.heightM > 0 && options.rangeM > 0)) throw new RangeError('area and range must be positive')
    this.#options = options
    this.#pathLoss = { ...DEFAULT_PATH_LOSS, ...options.pathLoss }
    this.#shadowSeed = deriveSeed(options.seed, 'shadow')
    this.#rng = options.rng
    const n = options.count
    this.x = new Float64Array(n)
    this.y = new Float64Array(n)
    this.#tx = new Float64Array(n)
    this.#ty = new Float64Array(n)
    this.#pauseUntilMs = new Float64Array(n)
    this.#cellOf = new Int32Array(n)
    this.#cols = Math.max(1, Math.ceil(options.widthM / options.rangeM))
    this.#rows = Math.max(1, Math.ceil(options.heightM / options.rangeM))
    this.addresses = []
    for (let i = 0; i < n; i++) {
      const address = addressOf(i)
      this.addresses.push(address)
      this.#indexOf.set(address, i)
    }
    this.#walk = options.partition === undefined ? undefined : new CourierWalk(options.partition)
    this.#place()
    if (this.#walk === undefined && options.mobility.model === 'random-waypoint') {
      for (let i = 0; i < n; i++) this.#pickWaypoint(i)
    }
    this.#rebuildGrid()
  }

  /** Number of nodes. */
  get count(): number {
    return this.x.length
  }

  /** Hard range cut-off, metres. */
  get rangeM(): number {
    return this.#options.rangeM
  }

  /**
   * @param address - A node address.
   * @returns Its index, or `undefined` when unknown.
   */
  indexOf(address: string): number | undefined {
    return this.#indexOf.get(address)
  }

  /**
   * @param a - Node index.
   * @param b - Node index.
   * @returns Euclidean distance, metres.
   */
  distance(a: number, b: number): number {
    const dx = this.x[a]! - this.x[b]!
    const dy = this.y[a]! - this.y[b]!
    return Math.sqrt(dx * dx + dy * dy)
  }

  /**
   * Propagation between two nodes now (the `BlePropagationModel.sample` of transport-ble).
   * @param from - Sender address.
   * @param to - Receiver address.
   * @returns RSSI and loss rate, or `null` when out of range (beyond `rangeM` or below sensitivity).
   */
  sample(from: string, to: string): LinkSample | null {
    const a = this.#indexOf.get(from)
    const b = this.#indexOf.get(to)
    if (a === undefined || b === undefined || a === b) return null
    return this.sampleIndex(a, b)
  }

  /**
   * {@link World.sample} by node index.
   * @param a - Sender index.
   * @param b - Receiver index.
   * @returns RSSI and loss rate, or `null` when out of range.
   */
  sampleIndex(a: number, b: number): LinkSample | null {
    const d = this.distance(a, b)
    if (d > this.#options.rangeM) return null
    const p = this.#pathLoss
    const rssiDbm = meanRssiDbm(d, p) - shadowingFromStream(this.#shadowSeed, a, b, p.shadowingSigmaDb)
    if (rssiDbm < p.sensitivityDbm) return null
    return { rssiDbm, lossRate: this.#options.lossRate }
  }

  /**
   * Addresses of the nodes that `address` can hear now (spatial-grid query, 3×3 cells).
   * @param address - A node address.
   * @returns Addresses in index order, excluding `address` itself.
   */
  neighbours(address: string): string[] {
    const i = this.#indexOf.get(address)
    if (i === undefined) return []
    return this.neighbourIndices(i).map((j) => this.addresses[j]!)
  }

  /**
   * Addresses that may be in range of `address` (everyone in the 3×3 grid cells around it,
   * unfiltered): the spatial index transport-ble's `BlePropagationModel.candidates` asks for.
   * @param address - A node address.
   * @returns Candidate addresses (the radio still calls {@link World.sample} on each).
   */
  candidates(address: string): string[] {
    const i = this.#indexOf.get(address)
    if (i === undefined) return []
    const out: string[] = []
    this.#forCells(i, (j) => {
      if (j !== i) out.push(this.addresses[j]!)
    })
    return out
  }

  #forCells(i: number, visit: (j: number) => void): void {
    const cell = this.#cellOf[i]!
    const cx = cell % this.#cols
    const cy = (cell - cx) / this.#cols
    for (let dy = -1; dy <= 1; dy++) {
      const yy = cy + dy
      if (yy < 0 || yy >= this.#rows) continue
      for (let dx = -1; dx <= 1; dx++) {
        const xx = cx + dx
        if (xx < 0 || xx >= this.#cols) continue
        for (const j of this.#cells[yy * this.#cols + xx]!) visit(j)
      }
    }
  }

  /**
   * @param i - Node index.
   * @returns Indices of the nodes in range of `i`, ascending.
   */
  neighbourIndices(i: number): number[] {
    const out: number[] = []
    this.#forCells(i, (j) => {
      if (j !== i && this.sampleIndex(i, j) !== null) out.push(j)
    })
    return out.sort((p, q) => p - q)
  }

  /**
   * Move every node by `dtMs` of its mobility model and refresh the grid.
   * @param nowMs - Virtual ms at the end of the step.
   * @param dtMs - Step length, ms.
   */
  step(nowMs: number, dtMs: number): void {
    if (this.#walk !== undefined) {
      this.#walk.step(this.x, this.y, nowMs, dtMs)
      this.#rebuildGrid()
      return
    }
    const m = this.#options.mobility
    if (m.model !== 'random-waypoint') return
    const stepM = (m.speedMps * dtMs) / 1000
    for (let i = 0; i < this.count; i++) {
      if (this.#pauseUntilMs[i]! > nowMs) continue
      const dx = this.#tx[i]! - this.x[i]!
      const dy = this.#ty[i]! - this.y[i]!
      const left = Math.sqrt(dx * dx + dy * dy)
      if (left <= stepM) {
        this.x[i] = this.#tx[i]!
        this.y[i] = this.#ty[i]!
        this.#pauseUntilMs[i] = nowMs + m.pauseS * 1000
        this.#pickWaypoint(i)
      } else {
        this.x[i] = this.x[i]! + (dx / left) * stepM
        this.y[i] = this.y[i]! + (dy / left) * stepM
      }
    }
    this.#rebuildGrid()
  }

  #place(): void {
    const { widthM, heightM, placement } = this.#options
    const extra = Math.min(this.#options.count, Math.max(0, this.#options.extraCount ?? 0))
    const count = this.#options.count - extra
    const extraRng = this.#rng.fork('extra')
    for (let i = count; i < this.#options.count; i++) {
      this.x[i] = extraRng.uniform(0, widthM)
      this.y[i] = extraRng.uniform(0, heightM)
    }
    if (this.#walk !== undefined) {
      this.#walk.place(this.x, this.y, this.#rng)
      return
    }
    if (placement === 'grid') {
      // Near-square lattice filling the area, cells centred.
      const cols = Math.max(1, Math.ceil(Math.sqrt((count * widthM) / heightM)))
      const rows = Math.max(1, Math.ceil(count / cols))
      for (let i = 0; i < count; i++) {
        this.x[i] = ((i % cols) + 0.5) * (widthM / cols)
        this.y[i] = (Math.floor(i / cols) + 0.5) * (heightM / rows)
      }
      return
    }
    for (let i = 0; i < count; i++) {
      this.x[i] = this.#rng.uniform(0, widthM)
      this.y[i] = this.#rng.uniform(0, heightM)
    }
  }

  #pickWaypoint(i: number): void {
    this.#tx[i] = this.#rng.uniform(0, this.#options.widthM)
    this.#ty[i] = this.#rng.uniform(0, this.#options.heightM)
  }

  #rebuildGrid(): void {
    const cells: number[][] = []
    for (let c = 0; c < this.#cols * this.#rows; c++) cells.push([])
    const side = this.#options.rangeM
    for (let i = 0; i < this.count; i++) {
      const cx = Math.min(this.#cols - 1, Math.max(0, Math.floor(this.x[i]! / side)))
      const cy = Math.min(this.#rows - 1, Math.max(0, Math.floor(this.y[i]! / side)))
      const c = cy * this.#cols + cx
      this.#cellOf[i] = c
      cells[c]!.push(i)
    }
    this.#cells = cells
  }
}
