/**
 * The unlock screen's logic: the real PIN unlocks, the decoy PIN wipes (and the app then shows
 * the decoy profile as if it had unlocked), anything else is rejected — optionally wiping after
 * too many wrong PINs.
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { checkPin, pinRecordAfterDecoyWipe, type PinRecord } from './pin.js'
import type { WipeReport } from './report.js'

/** Result of {@link DecoyPinGate.enter}. */
export type PinGateResult =
  | { readonly outcome: 'unlocked' }
  | {
      readonly outcome: 'wiped'
      /** Why: the decoy PIN, or too many wrong PINs. */
      readonly trigger: 'decoy-pin' | 'too-many-failures'
      readonly report: WipeReport
      /** The record to store from now on (the decoy PIN unlocks the decoy profile). */
      readonly nextRecord: PinRecord
    }
  | { readonly outcome: 'rejected'; readonly failures: number }

/** Options of {@link DecoyPinGate}. */
export interface DecoyPinGateOptions {
  /** Provider for the PIN hash. */
  crypto: CryptoProvider
  /** The stored record. */
  record: PinRecord
  /** What wipes (a {@link PanicWipe}). */
  panic: { wipe(reason?: string): Promise<WipeReport> }
  /** Wipe after this many consecutive wrong PINs (default: never). Counted in memory only. */
  maxFailures?: number
}

/** Checks PINs and triggers the wipe on the decoy PIN. */
export class DecoyPinGate {
  readonly #crypto: CryptoProvider
  readonly #panic: DecoyPinGateOptions['panic']
  readonly #maxFailures: number
  #record: PinRecord
  #failures = 0

  /**
   * @param options - Provider, record, wipe target, failure limit.
   * @throws RangeError when `maxFailures` is not a positive integer.
   */
  constructor(options: DecoyPinGateOptions) {
    this.#crypto = options.crypto
    this.#record = options.record
    this.#panic = options.panic
    this.#maxFailures = options.maxFailures ?? Number.POSITIVE_INFINITY
    if (!(this.#maxFailures === Number.POSITIVE_INFINITY || (Number.isSafeInteger(this.#maxFailures) && this.#maxFailures > 0))) {
      throw new RangeError('maxFailures must be a positive integer')
    }
  }

  /** The record in force (it changes after a decoy wipe). */
  get record(): PinRecord {
    return this.#record
  }

  /**
   * Handle one PIN entry.
   * @param pin - What the user typed.
   * @returns `unlocked`, `wiped` (with the wipe report) or `rejected`.
   */
  async enter(pin: string): Promise<PinGateResult> {
    const check = checkPin(this.#crypto, this.#record, pin)
    if (check === 'unlock') {
      this.#failures = 0
      return { outcome: 'unlocked' }
    }
    if (check === 'decoy') return this.#wipe('decoy-pin')
    this.#failures++
    if (this.#failures >= this.#maxFailures) return this.#wipe('too-many-failures')
    return { outcome: 'rejected', failures: this.#failures }
  }

  async #wipe(trigger: 'decoy-pin' | 'too-many-failures'): Promise<PinGateResult> {
    const report = await this.#panic.wipe(trigger)
    this.#failures = 0
    if (trigger === 'decoy-pin') this.#record = pinRecordAfterDecoyWipe(this.#record)
    return { outcome: 'wiped', trigger, report, nextRecord: this.#record }
  }
}
