/**
 * Map better-sqlite3 errors onto the package's typed errors.
 * @module
 */
import { isBitMeshError } from '@bitmesh/interface'
import { StorageError, StorageFullError } from '../errors.js'

/** SQLite result codes (primary) that mean "the file is not a usable database". */
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_FORMAT'])

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : ''
}

/**
 * Turn a driver error into a typed one: full medium → {@link StorageFullError} (a
 * CapacityError), corruption → `StorageError('corrupt')`, lock contention → `'busy'`, anything
 * else → `'io'`. Typed BitMesh errors pass through.
 * @param error - What better-sqlite3 threw.
 * @param what - The operation, for the message.
 * @returns The typed error to throw.
 */
export function mapSqliteError(error: unknown, what: string): Error {
  if (isBitMeshError(error)) return error
  const code = sqliteCode(error)
  const detail = error instanceof Error ? error.message : String(error)
  // Extended codes keep the primary code as a prefix (SQLITE_CORRUPT_INDEX, SQLITE_IOERR_SHORT_READ …).
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_FULL_')) {
    return new StorageFullError(`${what}: storage is full (${detail})`, { cause: error })
  }
  for (const c of CORRUPT_CODES) {
    if (code === c || code.startsWith(`${c}_`)) {
      return new StorageError('corrupt', `${what}: database file is corrupt or not a database (${detail})`, { cause: error })
    }
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StorageError('busy', `${what}: database is locked (${detail})`, { cause: error })
  }
  return new StorageError('io', `${what}: ${detail}`, { cause: error })
}

/**
 * Run `fn`, rethrowing driver errors as typed ones.
 * @param what - The operation, for messages.
 * @param fn - The synchronous driver call.
 * @returns What `fn` returns.
 */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw mapSqliteError(error, what)
  }
}
