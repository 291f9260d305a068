/**
 * The storage seam (DESIGN §2): persistent state goes through a small key-value interface with a
 * real default per runtime (SQLite on Node, IndexedDB in browsers); memory stores are for tests
 * and the simulator.
 * @module
 */

/** An async byte-valued key-value store. Keys are UTF-8 strings, ordered lexicographically. */
export interface KeyValueStore {
  /** Value for `key`, or `undefined`. */
  get(key: string): Promise<Uint8Array | undefined>
  /** Store a value (replacing any previous one) durably before resolving. */
  set(key: string, value: Uint8Array): Promise<void>
  /** Remove a key; missing keys are ignored. */
  delete(key: string): Promise<void>
  /** Keys that start with `prefix`, in lexicographic order. */
  keys(prefix?: string): Promise<string[]>
  /** Remove every key (used by the panic wipe). */
  clear(): Promise<void>
  /** Release the underlying resources. */
  close(): Promise<void>
}

/** Something that holds user state and can destroy it on a panic wipe. */
export interface Wipeable {
  /** Name shown in wipe reports. */
  readonly wipeName: string
  /** Destroy everything this component holds (keys zeroed where JS allows). */
  wipe(): Promise<void> | void
}
