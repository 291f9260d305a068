/**
 * A {@link KeyValueStore} on SQLite: the Node default store for identities and other small state.
 * @module
 */
import Database from 'better-sqlite3'
import { ClosedError, type KeyValueStore } from '@bitmesh/interface'
import { guard, mapSqliteError } from './errors.js'

/** Options of {@link SqliteKeyValueStore}. */
export interface SqliteKeyValueStoreOptions {
  /** Namespace inside the database (default `'default'`), so several stores can share one file. */
  namespace?: string
}

/**
 * Byte values under string keys in one namespace of a SQLite database. Each `set`/`delete` is
 * its own committed transaction (WAL, full fsync when opened through `SqliteStore` or a path).
 * Keys are returned in code-point order (SQLite's binary collation on UTF-8).
 */
export class SqliteKeyValueStore implements KeyValueStore {
  readonly #db: Database.Database
  readonly #ownsDb: boolean
  readonly #ns: string
  readonly #get: Database.Statement<[string, string], { value: Uint8Array }>
  readonly #set: Database.Statement<[string, string, Uint8Array]>
  readonly #delete: Database.Statement<[string, string]>
  readonly #keys: Database.Statement<[string, string, string, string], { key: string }>
  readonly #clear: Database.Statement<[string]>
  #closed = false

  /**
   * @param database - A file path (opened with WAL and full fsync, closed by {@link close}) or an
   *   open better-sqlite3 connection (left open by {@link close}).
   * @param options - Namespace.
   * @throws StorageError when the file cannot be opened or is not a database.
   */
  constructor(database: string | Database.Database, options: SqliteKeyValueStoreOptions = {}) {
    this.#ns = options.namespace ?? 'default'
    if (typeof database === 'string') {
      try {
        this.#db = new Database(database, { timeout: 5_000 })
        this.#db.pragma('journal_mode = WAL')
        this.#db.pragma('synchronous = FULL')
        this.#db.pragma('secure_delete = ON')
      } catch (error) {
        throw mapSqliteError(error, `open ${database}`)
      }
      this.#ownsDb = true
    } else {
      this.#db = database
      this.#ownsDb = false
    }
    const db = this.#db
    guard('create key-value table', () =>
      db.exec('CREATE TABLE IF NOT EXISTS sf_kv (ns TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (ns, key)) WITHOUT ROWID'),
    )
    this.#get = db.prepare('SELECT value FROM sf_kv WHERE ns = ? AND key = ?')
    this.#set = db.prepare('INSERT INTO sf_kv (ns, key, value) VALUES (?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value')
    this.#delete = db.prepare('DELETE FROM sf_kv WHERE ns = ? AND key = ?')
    // substr() on the key avoids LIKE's wildcard escaping; the range start lets the index seek.
    this.#keys = db.prepare('SELECT key FROM sf_kv WHERE ns = ? AND key >= ? AND substr(key, 1, length(?)) = ? ORDER BY key')
    this.#clear = db.prepare('DELETE FROM sf_kv WHERE ns = ?')
  }

  #check(): void {
    if (this.#closed) throw new ClosedError('key-value store is closed')
  }

  /** @inheritDoc */
  async get(key: string): Promise<Uint8Array | undefined> {
    this.#check()
    if (typeof key !== 'string') throw new TypeError('key must be a string')
    const row = guard('kv get', () => this.#get.get(this.#ns, key))
    return row === undefined ? undefined : new Uint8Array(row.value)
  }

  /** @inheritDoc */
  async set(key: string, value: Uint8Array): Promise<void> {
    this.#check()
    if (typeof key !== 'string') throw new TypeError('key must be a string')
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array')
    guard('kv set', () => this.#set.run(this.#ns, key, value))
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    this.#check()
    guard('kv delete', () => this.#delete.run(this.#ns, key))
  }

  /** @inheritDoc */
  async keys(prefix = ''): Promise<string[]> {
    this.#check()
    if (typeof prefix !== 'string') throw new TypeError('prefix must be a string')
    const rows = guard('kv keys', () => this.#keys.all(this.#ns, prefix, prefix, prefix))
    return rows.map((r) => r.key)
  }

  /** @inheritDoc */
  async clear(): Promise<void> {
    this.#check()
    guard('kv clear', () => this.#clear.run(this.#ns))
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#ownsDb) this.#db.close()
  }
}
