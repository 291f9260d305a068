/**
 * The message waves the page draws: for each public message, who sent it and which nodes
 * received it when (virtual ms). Bounded: old waves are pruned and at most {@link MAX_WAVES} kept.
 * @module
 */

/** Most waves kept at once (a wave per public message; older ones are dropped first). */
export const MAX_WAVES = 256

/** One public message spreading through the crowd. */
export interface Wave {
  id: number
  /** Sender index, or −1 when its send was not seen (pruned or before the page attached). */
  from: number
  /** Virtual ms of the send (first receipt when the send was not seen). */
  sentMs: number
  /** Colour hue, degrees. */
  hue: number
  /** First receipts, flat pairs `nodeIndex, tMs`. */
  receipts: number[]
  /** Virtual ms of the latest event. */
  lastMs: number
}

/** Hues used run from orange round to magenta, leaving out the red of hostile devices. */
const FIRST_HUE_DEG = 35
const HUE_SPAN_DEG = 300

/**
 * A distinct, stable hue per message (golden angle steps), never red.
 * @param id - Message ID.
 * @returns Hue in [35, 335) degrees.
 */
export function waveHue(id: number): number {
  return FIRST_HUE_DEG + ((id * 137.508) % HUE_SPAN_DEG)
}

/** The live set of waves. */
export class WaveStore {
  readonly #waves = new Map<number, Wave>()

  /** @returns Number of waves kept. */
  get size(): number {
    return this.#waves.size
  }

  /**
   * Add the events of one snapshot.
   * @param sends - Triples `messageId, senderIndex, tMs`.
   * @param receipts - Triples `messageId, nodeIndex, tMs`.
   */
  add(sends: ArrayLike<number>, receipts: ArrayLike<number>): void {
    for (let k = 0; k + 2 < sends.length; k += 3) {
      const id = sends[k]!
      const t = sends[k + 2]!
      const wave = this.#get(id, t)
      wave.from = sends[k + 1]!
      wave.sentMs = t
    }
    for (let k = 0; k + 2 < receipts.length; k += 3) {
      const t = receipts[k + 2]!
      const wave = this.#get(receipts[k]!, t)
      wave.receipts.push(receipts[k + 1]!, t)
      if (t > wave.lastMs) wave.lastMs = t
    }
    // Map iteration is insertion order: the first entries are the oldest waves.
    for (const id of this.#waves.keys()) {
      if (this.#waves.size <= MAX_WAVES) break
      this.#waves.delete(id)
    }
  }

  #get(id: number, t: number): Wave {
    let wave = this.#waves.get(id)
    if (wave === undefined) {
      wave = { id, from: -1, sentMs: t, hue: waveHue(id), receipts: [], lastMs: t }
      this.#waves.set(id, wave)
    }
    return wave
  }

  /**
   * Drop waves with no event in the last `keepMs`.
   * @param nowMs - Current virtual ms.
   * @param keepMs - Virtual ms a finished wave stays.
   */
  prune(nowMs: number, keepMs: number): void {
    for (const [id, wave] of this.#waves) if (wave.lastMs < nowMs - keepMs) this.#waves.delete(id)
  }

  /** @returns The kept waves, oldest first. */
  values(): IterableIterator<Wave> {
    return this.#waves.values()
  }

  /** Forget everything. */
  clear(): void {
    this.#waves.clear()
  }
}
