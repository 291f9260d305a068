/**
 * Injected randomness. Protocol randomness (jitter, fan-out choice, fragment IDs) comes from an
 * {@link Rng}, so one simulator seed yields one outcome byte for byte. Key generation uses
 * {@link Rng.randomBytes} too; production callers pass a cryptographically secure source.
 * @module
 */

/** A source of random numbers. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number
  /** Fill and return a new array of `length` random bytes. */
  randomBytes(length: number): Uint8Array
}
