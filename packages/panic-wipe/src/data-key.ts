/**
 * One data key: 32 random bytes that encrypt one purpose's data at rest. Destroying it (and the
 * key-store copy) is what makes that data unreadable, whatever its size.
 * @module
 */
import { ClosedError } from '@bitmesh/interface'
import { DATA_KEY_BYTES } from './constants.js'

/**
 * A data key held in memory. Ciphers keep a reference to this object, not a copy of the bytes,
 * so {@link DataKey.destroy} disables every cipher built on it at once.
 */
export class DataKey {
  /** What the key encrypts, e.g. `'queue'`, `'kv'`, `'media'`. */
  readonly purpose: string
  readonly #bytes: Uint8Array
  #destroyed = false

  /**
   * @param purpose - Purpose name.
   * @param bytes - 32 key bytes; the object takes ownership (no copy) and zeroes them on destroy.
   * @throws RangeError when `bytes` is not 32 bytes long.
   */
  constructor(purpose: string, bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== DATA_KEY_BYTES) throw new RangeError(`a data key is ${DATA_KEY_BYTES} bytes`)
    this.purpose = purpose
    this.#bytes = bytes
  }

  /** `true` once {@link DataKey.destroy} ran. */
  get destroyed(): boolean {
    return this.#destroyed
  }

  /**
   * The key bytes themselves (no copy: hot paths seal with it; callers must not keep or alter it).
   * @returns The 32 key bytes.
   * @throws ClosedError once the key was destroyed.
   */
  bytes(): Uint8Array {
    if (this.#destroyed) throw new ClosedError(`data key '${this.purpose}' was destroyed by a wipe`)
    return this.#bytes
  }

  /** Overwrite the key with zeros and refuse further use (idempotent). */
  destroy(): void {
    this.#bytes.fill(0)
    this.#destroyed = true
  }
}
