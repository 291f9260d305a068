/**
 * @packageDocumentation
 * Node backends of `@bitmesh/store-forward` on SQLite (`better-sqlite3`, an optional peer
 * dependency): {@link SqliteStore} (WAL, full fsync, one transaction per enqueue batch / ack,
 * optional at-rest cipher) and {@link SqliteKeyValueStore}, the repository's default Node
 * `KeyValueStore`.
 */
export { SqliteStore, type SqliteStoreOptions, type SqliteQueueBackendOptions } from './database.js'
export { SqliteKeyValueStore, type SqliteKeyValueStoreOptions } from './kv-store.js'
export { mapSqliteError } from './errors.js'
