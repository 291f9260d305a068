/**
 * A fast path for the commonest frame in a crowd: a byte-identical copy of a packet already
 * accepted, arriving over another link. Relays forward frames unchanged but for the TTL byte (and
 * sync replays for TTL and IS_RSR), so a digest of the rest recognises such copies before any
 * decoding, inflating or hashing of the payload.
 *
 * Only frames of accepted packets are remembered, so a digest collision can do no more than make
 * a frame look like a copy of an accepted one: an attacker cannot poison the set with forged
 * frames, and cannot aim a collision at a packet not yet sent (its signature is unknown). A frame
 * that misses here takes the full §6.4 path, so correctness never depends on this cache.
 * @module
 */

/** Offset of the TTL byte in v1 and v2 headers (§1.1). */
const TTL_OFFSET = 2
/** Offset of the flags byte (§1.1). */
const FLAGS_OFFSET = 11
/** IS_RSR (§1.2): set on sync replays, which are otherwise the original frame. */
const IS_RSR = 0x10

/**
 * A 53-bit digest of a frame that ignores the TTL byte and the IS_RSR flag: two independent
 * 32-bit FNV-1a lanes (different offsets and primes), the first cut to 21 bits. Not
 * cryptographic; see the module note for why it need not be.
 * @param frame - A received frame.
 * @returns An integer in [0, 2^53).
 */
export function frameDigest(frame: Uint8Array): number {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ frame.length
  for (let i = 0; i < frame.length; i++) {
    let byte = frame[i]!
    if (i === TTL_OFFSET) byte = 0
    else if (i === FLAGS_OFFSET) byte &= ~IS_RSR
    a = Math.imul(a ^ byte, 0x01000193)
    b = Math.imul(b ^ byte, 0x5bd1e995)
    b ^= b >>> 15
  }
  return (a >>> 11) * 0x1_0000_0000 + (b >>> 0)
}

/** What a remembered frame stands for. */
export interface SeenFrame {
  /** The packet's §6.4 dedup key (for cancel-on-duplicate and the registry's lifetime). */
  readonly key: string
  /** Sender, hex (for the drop event). */
  readonly sender: string
}

/** A bounded FIFO map from frame digests to the packets they carried. */
export class SeenFrames {
  readonly #map = new Map<number, SeenFrame>()
  readonly #capacity: number

  /**
   * @param capacity - Entries kept (oldest forgotten first).
   * @throws RangeError for a capacity below 1.
   */
  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1')
    this.#capacity = capacity
  }

  /** Entries held. */
  get size(): number {
    return this.#map.size
  }

  /**
   * @param digest - {@link frameDigest} of a frame.
   * @returns The packet it carried, if that frame was accepted before.
   */
  get(digest: number): SeenFrame | undefined {
    return this.#map.get(digest)
  }

  /**
   * Remember an accepted frame.
   * @param digest - Its {@link frameDigest}.
   * @param seen - The packet's key and sender.
   */
  add(digest: number, seen: SeenFrame): void {
    if (this.#map.has(digest)) return
    this.#map.set(digest, seen)
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as number)
  }

  /** Forget everything. */
  clear(): void {
    this.#map.clear()
  }
}
