/**
 * Storage errors. A full medium is a {@link CapacityError} (the app already handles "queue
 * full" — never silent loss); anything else the store cannot do is a {@link StorageError}.
 * @module
 */
import { BitMeshError, CapacityError, type BitMeshErrorOptions } from '@bitmesh/interface'

/** Stable code of {@link StorageError}. */
export const STORAGE_ERROR_CODE = 'STORAGE_ERROR'

/** Why a storage operation failed. */
export type StorageErrorReason = 'corrupt' | 'io' | 'busy' | 'cipher'

/** A storage operation failed for a reason other than a full medium. */
export class StorageError extends BitMeshError {
  static override name = 'StorageError'
  /** The finer reason. */
  readonly reason: StorageErrorReason
  /**
   * @param reason - Why it failed.
   * @param message - Human-readable detail.
   * @param options - `cause`: the underlying driver error.
   */
  constructor(reason: StorageErrorReason, message: string, options?: BitMeshErrorOptions) {
    super(STORAGE_ERROR_CODE, message, options)
    this.name = 'StorageError'
    this.reason = reason
  }
}

/** The storage medium is full (SQLite `SQLITE_FULL`, quota exceeded). Code `CAPACITY_EXCEEDED`. */
export class StorageFullError extends CapacityError {
  static override name = 'StorageFullError'
  /**
   * @param message - Human-readable detail.
   * @param options - `cause`: the underlying driver error.
   */
  constructor(message: string, options?: BitMeshErrorOptions) {
    super(message, options)
    this.name = 'StorageFullError'
  }
}
