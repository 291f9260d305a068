/**
 * Typed errors shared by every BitMesh package.
 *
 * Every error BitMesh raises for bad *input* (a malformed frame, a failed signature, a full
 * queue) is a {@link BitMeshError} with a stable {@link BitMeshError.code}. Programmer misuse
 * (wrong argument types, out-of-range options) raises the built-in `TypeError` / `RangeError`.
 *
 * Check errors with {@link isBitMeshError} or by `code`, never with `instanceof`: two copies of
 * this package in one bundle would make `instanceof` lie, the `Symbol.for` brand does not.
 * @module
 */

const BRAND = Symbol.for('@bitmesh/error')

/** Stable error codes. New codes may be added in minor versions; existing ones never change meaning. */
export const ErrorCode = {
  /** A frame or payload could not be decoded; see {@link DecodeError.reason}. */
  DECODE_ERROR: 'DECODE_ERROR',
  /** A frame uses the pre-August-2025 bitchat dialect (old type numbers, LZ4 payloads). */
  LEGACY_DIALECT: 'LEGACY_DIALECT',
  /** A value cannot be encoded (field too long, too many items). */
  ENCODE_ERROR: 'ENCODE_ERROR',
  /** A signature did not verify. */
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  /** AEAD authentication failed. */
  AUTH_FAILED: 'AUTH_FAILED',
  /** A nonce was already seen or is older than the replay window. */
  REPLAY: 'REPLAY',
  /** A Noise handshake failed or was used out of order. */
  HANDSHAKE_ERROR: 'HANDSHAKE_ERROR',
  /** A cryptographic operation was refused (low-order point, all-zero shared secret, bad key). */
  CRYPTO_ERROR: 'CRYPTO_ERROR',
  /** A rate limit was hit. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A bounded queue, cache or buffer is full. */
  CAPACITY_EXCEEDED: 'CAPACITY_EXCEEDED',
  /** An operation timed out. */
  TIMEOUT: 'TIMEOUT',
  /** An operation was aborted through its `AbortSignal`. */
  ABORTED: 'ABORTED',
  /** The object was used after being closed or stopped. */
  CLOSED: 'CLOSED',
  /** A frame is larger than the link MTU. */
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  /** The request or operation is not supported by this implementation. */
  UNSUPPORTED: 'UNSUPPORTED',
} as const

/** Union of all {@link ErrorCode} values. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Options accepted by every BitMesh error constructor. */
export interface BitMeshErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown
}

/** Base class of every BitMesh error. */
export class BitMeshError extends Error {
  static override name = 'BitMeshError'
  /** Stable machine-readable code; see {@link ErrorCode}. */
  readonly code: string
  readonly [BRAND] = true

  constructor(code: string, message: string, options?: BitMeshErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'BitMeshError'
    this.code = code
  }
}

/** True for any BitMesh error, even one created by another copy of this package. */
export function isBitMeshError(value: unknown): value is BitMeshError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/**
 * Why a frame or payload failed to decode. Stable strings: conformance adapters report them in
 * `error.reason`.
 */
export const DecodeReason = {
  /** Input ended before a declared field did. */
  TRUNCATED: 'TRUNCATED',
  /** Version byte is not 1 or 2. */
  BAD_VERSION: 'BAD_VERSION',
  /** A length field is inconsistent with the data or a cap. */
  BAD_LENGTH: 'BAD_LENGTH',
  /** Compressed payload violates the decompression limits (ratio, size, exact length). */
  DECOMPRESSION_LIMIT: 'DECOMPRESSION_LIMIT',
  /** Compressed payload is not valid raw DEFLATE. */
  BAD_COMPRESSION: 'BAD_COMPRESSION',
  /** A TLV is malformed, missing, duplicated or unknown where unknown TLVs are not allowed. */
  BAD_TLV: 'BAD_TLV',
  /** A field has a value outside its allowed range. */
  BAD_VALUE: 'BAD_VALUE',
  /** Text is not valid UTF-8. */
  BAD_UTF8: 'BAD_UTF8',
  /** The frame uses the legacy (pre-August-2025) dialect. */
  LEGACY_DIALECT: 'LEGACY_DIALECT',
} as const

/** Union of all {@link DecodeReason} values. */
export type DecodeReasonValue = (typeof DecodeReason)[keyof typeof DecodeReason]

/** Raised by decoders for malformed input. `code` is `DECODE_ERROR` (or `LEGACY_DIALECT`). */
export class DecodeError extends BitMeshError {
  static override name = 'DecodeError'
  /** The finer reason; one of {@link DecodeReason}. */
  readonly reason: DecodeReasonValue

  constructor(reason: DecodeReasonValue, message: string, options?: BitMeshErrorOptions) {
    super(reason === DecodeReason.LEGACY_DIALECT ? ErrorCode.LEGACY_DIALECT : ErrorCode.DECODE_ERROR, message, options)
    this.name = 'DecodeError'
    this.reason = reason
  }
}

/** Raised by encoders when a value cannot be represented on the wire. */
export class EncodeError extends BitMeshError {
  static override name = 'EncodeError'
  constructor(message: string, options?: BitMeshErrorOptions) {
    super(ErrorCode.ENCODE_ERROR, message, options)
    this.name = 'EncodeError'
  }
}

/** Raised when a cryptographic check fails or an operation is refused. */
export class CryptoError extends BitMeshError {
  static override name = 'CryptoError'
  constructor(code: 'INVALID_SIGNATURE' | 'AUTH_FAILED' | 'REPLAY' | 'CRYPTO_ERROR' | 'HANDSHAKE_ERROR', message: string, options?: BitMeshErrorOptions) {
    super(code, message, options)
    this.name = 'CryptoError'
  }
}

/** Raised when a bounded structure is full and the caller must be told (never silent loss). */
export class CapacityError extends BitMeshError {
  static override name = 'CapacityError'
  constructor(message: string, options?: BitMeshErrorOptions) {
    super(ErrorCode.CAPACITY_EXCEEDED, message, options)
    this.name = 'CapacityError'
  }
}

/** Raised when an operation is aborted through its `AbortSignal`. */
export class AbortError extends BitMeshError {
  static override name = 'AbortError'
  constructor(message = 'The operation was aborted', options?: BitMeshErrorOptions) {
    super(ErrorCode.ABORTED, message, options)
    this.name = 'AbortError'
  }
}

/** Raised by a link for a frame larger than its MTU. */
export class FrameTooLargeError extends BitMeshError {
  static override name = 'FrameTooLargeError'
  /** Size of the refused frame in bytes. */
  readonly frameBytes: number
  /** The link MTU in bytes. */
  readonly mtu: number
  constructor(frameBytes: number, mtu: number) {
    super(ErrorCode.FRAME_TOO_LARGE, `frame of ${frameBytes} bytes exceeds the link MTU of ${mtu} bytes`)
    this.name = 'FrameTooLargeError'
    this.frameBytes = frameBytes
    this.mtu = mtu
  }
}

/** Raised when an object is used after it was closed or stopped. */
export class ClosedError extends BitMeshError {
  static override name = 'ClosedError'
  constructor(message = 'closed', options?: BitMeshErrorOptions) {
    super(ErrorCode.CLOSED, message, options)
    this.name = 'ClosedError'
  }
}

/** Raised when an operation exceeds its deadline. */
export class TimeoutError extends BitMeshError {
  static override name = 'TimeoutError'
  constructor(message = 'The operation timed out', options?: BitMeshErrorOptions) {
    super(ErrorCode.TIMEOUT, message, options)
    this.name = 'TimeoutError'
  }
}
