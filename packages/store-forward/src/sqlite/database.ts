/**
 * Opening a SQLite database for store-and-forward: WAL journal, full fsync, secure delete,
 * a schema shared by every queue (one table, one `queue` column) and the key-value store, and
 * a corruption check at open.
 * @module
 */
import Database from 'better-sqlite3'
import { ClosedError } from '@bitmesh/interface'
import { StorageError } from '../errors.js'
import type { AtRestCipher, QueueBackend } from '../types.js'
import { guard, mapSqliteError } from './errors.js'
import { SqliteKeyValueStore } from './kv-store.js'
import { createSqliteQueueBackend } from './queue-backend.js'

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /**
   * `'full'` (default): every commit is fsynced — an acknowledged enqueue survives power loss.
   * `'normal'`: WAL commits survive a process crash but the last ones may roll back on power loss.
   */
  synchronous?: 'full' | 'normal'
  /** Overwrite deleted content with zeros (default `true`), so acked or wiped items leave no trace. */
  secureDelete?: boolean
  /** Run `PRAGMA quick_check` at open and refuse a damaged file (default `true`). */
  integrityCheck?: boolean
  /** Wait this long for a lock held by another connection (default 5 000 ms). */
  busyTimeoutMs?: number
  /** Cap the file at this many pages (`max_page_count`); writes beyond fail with `StorageFullError`. */
  maxPageCount?: number
}

/** Options of {@link SqliteStore.queueBackend}. */
export interface SqliteQueueBackendOptions {
  /** Encrypt packet and metadata blobs at rest. */
  cipher?: AtRestCipher
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sf_items (
  queue TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  size INTEGER NOT NULL,
  meta BLOB NOT NULL,
  packet BLOB NOT NULL,
  PRIMARY KEY (queue, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sf_kv (
  ns TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
`

/**
 * One SQLite database file holding any number of named queues and key-value namespaces.
 * Synchronous driver underneath (better-sqlite3): each call commits before its promise resolves.
 */
export class SqliteStore {
  /** The underlying better-sqlite3 connection (for diagnostics; do not close it directly). */
  readonly db: Database.Database
  #closed = false

  private constructor(db: Database.Database) {
    this.db = db
  }

  /**
   * Open (or create) a database file.
   * @param path - File path, or `':memory:'`.
   * @param options - Durability and checks.
   * @returns The store.
   * @throws StorageError `'corrupt'` for a damaged or foreign file, `'io'` / `'busy'` otherwise.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    let db: Database.Database | undefined
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 })
      db.pragma('journal_mode = WAL')
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
      db.pragma(`secure_delete = ${options.secureDelete === false ? 'OFF' : 'ON'}`)
      if (options.integrityCheck !== false) {
        const rows = db.pragma('quick_check') as Array<{ quick_check: string }>
        const first = rows[0]?.quick_check
        if (first !== 'ok') {
          throw new StorageError('corrupt', `database ${path} failed its integrity check: ${rows.map((r) => r.quick_check).slice(0, 3).join('; ')}`)
        }
      }
      db.exec(SCHEMA)
      if (options.maxPageCount !== undefined) {
        if (!Number.isSafeInteger(options.maxPageCount) || options.maxPageCount < 1) throw new RangeError('maxPageCount must be a positive integer')
        db.pragma(`max_page_count = ${options.maxPageCount}`)
      }
      return new SqliteStore(db)
    } catch (error) {
      try {
        db?.close()
      } catch {
        // Already failing; the original error is the one to report.
      }
      if (error instanceof RangeError) throw error
      throw mapSqliteError(error, `open ${path}`)
    }
  }

  #check(): void {
    if (this.#closed) throw new ClosedError('SQLite store is closed')
  }

  /**
   * A durable backend for one named queue of this database.
   * @param name - Queue name (`'outbound'`, `'outbox'` …): rows of different names never mix.
   * @param options - Optional at-rest cipher.
   * @returns The backend. Closing it does not close the database.
   */
  queueBackend(name: string, options: SqliteQueueBackendOptions = {}): QueueBackend {
    this.#check()
    if (typeof name !== 'string' || name === '') throw new TypeError('queue name must be a non-empty string')
    return createSqliteQueueBackend(this.db, name, options.cipher)
  }

  /**
   * A key-value store over one namespace of this database.
   * @param namespace - Namespace (default `'default'`).
   * @returns The store. Closing it does not close the database.
   */
  keyValueStore(namespace = 'default'): SqliteKeyValueStore {
    this.#check()
    return new SqliteKeyValueStore(this.db, { namespace })
  }

  /** Fold the WAL into the main file (for example before a backup). */
  checkpoint(): void {
    this.#check()
    guard('checkpoint', () => this.db.pragma('wal_checkpoint(TRUNCATE)'))
  }

  /** Close the database (idempotent). */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.db.close()
  }
}
