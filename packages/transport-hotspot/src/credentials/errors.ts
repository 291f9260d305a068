/**
 * Typed refusals of the hotspot credential exchange.
 * @module
 */
import { CryptoError, type BitMeshErrorOptions } from '@bitmesh/interface'

/** Why a credential message was refused. */
export const CredentialRefusal = {
  /** The message is older than its validity window (or dated in the future beyond the skew). */
  EXPIRED: 'EXPIRED',
  /** The message was already used (a request seen before, an offer whose request was answered). */
  REPLAYED: 'REPLAYED',
  /** The offer answers no request this member made. */
  UNKNOWN_REQUEST: 'UNKNOWN_REQUEST',
  /** The head's identity key does not match the fingerprint from its BLE beacon. */
  FINGERPRINT_MISMATCH: 'FINGERPRINT_MISMATCH',
  /** The head's signature over the offer does not verify. */
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  /** The sealed credentials failed authentication (wrong key or tampered ciphertext). */
  AUTH_FAILED: 'AUTH_FAILED',
} as const

/** Union of {@link CredentialRefusal} values. */
export type CredentialRefusalValue = (typeof CredentialRefusal)[keyof typeof CredentialRefusal]

const CODE_OF = {
  EXPIRED: 'REPLAY',
  REPLAYED: 'REPLAY',
  UNKNOWN_REQUEST: 'REPLAY',
  FINGERPRINT_MISMATCH: 'CRYPTO_ERROR',
  BAD_SIGNATURE: 'INVALID_SIGNATURE',
  AUTH_FAILED: 'AUTH_FAILED',
} as const

/**
 * A credential message was well-formed but refused. `code` is `REPLAY` (expired, replayed,
 * unknown request), `CRYPTO_ERROR` (fingerprint mismatch), `INVALID_SIGNATURE` or `AUTH_FAILED`;
 * {@link HotspotCredentialError.refusal} says exactly why.
 */
export class HotspotCredentialError extends CryptoError {
  static override name = 'HotspotCredentialError'
  /** The precise reason. */
  readonly refusal: CredentialRefusalValue

  constructor(refusal: CredentialRefusalValue, message: string, options?: BitMeshErrorOptions) {
    super(CODE_OF[refusal], message, options)
    this.name = 'HotspotCredentialError'
    this.refusal = refusal
  }
}
