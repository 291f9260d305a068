/**
 * The X25519 low-order policy both providers enforce.
 *
 * A peer that sends a low-order point (or a non-canonical encoding of one) forces the shared
 * secret to all zeros whatever our private key is, so a Noise handshake would derive keys the
 * attacker knows. bitchat iOS (CryptoKit) refuses such points; RFC 7748 §6.1 allows checking the
 * output for all zeros. Rejecting exactly the all-zero output rejects exactly the low-order
 * inputs, because X25519 scalars are clamped to multiples of the cofactor 8.
 * @internal
 * @module
 */
import { CryptoError, ErrorCode } from '@bitmesh/interface'

/**
 * The error both providers throw for a low-order public key.
 * @param cause - The underlying library error, if any.
 * @returns A `CryptoError` with code `CRYPTO_ERROR`.
 */
export function lowOrderPointError(cause?: unknown): CryptoError {
  return new CryptoError(
    ErrorCode.CRYPTO_ERROR,
    'X25519 shared secret is all zeros: the public key is a low-order point',
    cause === undefined ? undefined : { cause },
  )
}

/**
 * True when every byte is zero. Reads every byte (no early exit) since the input is a secret.
 * @param bytes - Candidate shared secret.
 * @returns Whether all bytes are zero.
 */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i] as number
  return acc === 0
}
