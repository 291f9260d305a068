/**
 * The crypto-shredding key store: a small blob of per-purpose data keys. Everything BitMesh
 * persists is sealed under one of these keys, so destroying this one blob (and the keys in
 * memory) makes all of it unreadable at once, whatever its size.
 * @module
 */
import { ClosedError, type CryptoProvider, type Wipeable } from '@bitmesh/interface'
import { assertBytes } from './bytes.js'
import { DATA_KEY_BYTES } from './constants.js'
import { DataKey } from './data-key.js'
import { checkPurpose, decodeKeyStore, encodeKeyStore } from './key-store-format.js'

/** Where a key store keeps its blob. The Node file backend is `fileKeyStoreBackend` in `./node`. */
export interface KeyStoreBackend {
  /** The stored blob, or `undefined` when there is none (first start, or after a wipe). */
  load(): Promise<Uint8Array | undefined>
  /** Replace the blob durably (atomically: a crash leaves the old or the new blob, never a mix). */
  save(blob: Uint8Array): Promise<void>
  /** Destroy the blob durably; idempotent (no blob is fine). */
  destroy(): Promise<void>
}

/** Something whose destruction makes the stored data unreadable: a key store or its backend. */
export interface KeyDestroyer {
  /** Destroy the keys (idempotent). */
  destroy(): Promise<void> | void
}

/** Options of {@link DataKeyStore.open}. */
export interface DataKeyStoreOptions {
  /** Provider of randomness (new keys) and of the wrapping AEAD. */
  crypto: CryptoProvider
  /** Where the blob lives. */
  backend: KeyStoreBackend
  /**
   * Optional app secret (for example 32 random bytes kept in the iOS Keychain / Android Keystore)
   * under which the blob is sealed. Without it the blob holds the keys in clear and the wipe
   * relies on deleting it. The store keeps a reference (no copy) until it is destroyed.
   */
  wrappingSecret?: Uint8Array
}

/** A freshly created in-memory {@link KeyStoreBackend} (tests, simulator, browsers without storage). */
export function memoryKeyStoreBackend(): KeyStoreBackend & { readonly blob: Uint8Array | undefined } {
  let blob: Uint8Array | undefined
  return {
    get blob() {
      return blob
    },
    load: async () => (blob === undefined ? undefined : blob.slice()),
    save: async (next) => {
      blob?.fill(0)
      blob = next.slice()
    },
    destroy: async () => {
      blob?.fill(0)
      blob = undefined
    },
  }
}

/**
 * Per-purpose data keys, created on first use and persisted through a {@link KeyStoreBackend}.
 * As a {@link Wipeable} its wipe is the crypto-shredding step.
 */
export class DataKeyStore implements Wipeable, KeyDestroyer {
  /** @inheritDoc */
  readonly wipeName = 'data-keys'
  readonly #crypto: CryptoProvider
  readonly #backend: KeyStoreBackend
  #secret: Uint8Array | undefined
  readonly #keys = new Map<string, DataKey>()
  #saving: Promise<void> = Promise.resolve()
  #destroyed = false

  private constructor(options: DataKeyStoreOptions) {
    this.#crypto = options.crypto
    this.#backend = options.backend
    this.#secret = options.wrappingSecret
  }

  /**
   * Load the key store from its backend (an empty one when there is no blob yet).
   * @param options - Provider, backend, optional wrapping secret.
   * @returns The store.
   * @throws DecodeError for a damaged blob; CryptoError `AUTH_FAILED` for a wrong wrapping secret.
   */
  static async open(options: DataKeyStoreOptions): Promise<DataKeyStore> {
    if (options.wrappingSecret !== undefined) {
      assertBytes(options.wrappingSecret, 'wrappingSecret')
      if (options.wrappingSecret.length < 16) throw new RangeError('wrappingSecret must be at least 16 bytes')
    }
    const store = new DataKeyStore(options)
    const blob = await options.backend.load()
    if (blob !== undefined) {
      const entries = decodeKeyStore(options.crypto, blob, options.wrappingSecret)
      blob.fill(0)
      for (const [purpose, bytes] of entries) store.#keys.set(purpose, new DataKey(purpose, bytes))
    }
    return store
  }

  /** `true` once the store was destroyed. */
  get destroyed(): boolean {
    return this.#destroyed
  }

  /** Purposes that have a key, in creation order. */
  purposes(): string[] {
    return [...this.#keys.keys()]
  }

  /**
   * The key for `purpose`, created (random, 32 bytes) and persisted on first use.
   * @param purpose - 1..64 UTF-8 bytes, e.g. `'queue'`.
   * @returns The key; resolves once a new key is durable.
   * @throws ClosedError after {@link DataKeyStore.destroy}.
   */
  async key(purpose: string): Promise<DataKey> {
    this.#check()
    checkPurpose(purpose)
    const existing = this.#keys.get(purpose)
    if (existing !== undefined) {
      // A key created by a concurrent call may still be on its way to disk.
      await this.#saving
      return existing
    }
    const key = new DataKey(purpose, this.#crypto.randomBytes(DATA_KEY_BYTES))
    this.#keys.set(purpose, key)
    await this.#persist()
    this.#check()
    return key
  }

  /** Persist the current key set; saves are serialised so the last one wins. */
  #persist(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.#destroyed) return
      const entries = new Map<string, Uint8Array>()
      for (const [purpose, key] of this.#keys) entries.set(purpose, key.bytes())
      const blob = encodeKeyStore(this.#crypto, entries, this.#secret)
      try {
        await this.#backend.save(blob)
      } finally {
        blob.fill(0)
      }
    }
    const next = this.#saving.then(run, run)
    this.#saving = next.catch(() => undefined)
    return next
  }

  #check(): void {
    if (this.#destroyed) throw new ClosedError('key store was destroyed by a wipe')
  }

  /**
   * Crypto-shred: zero every key in memory, drop the wrapping secret reference, then destroy the
   * persisted blob. Idempotent; works on a store that never loaded (the backend call is what
   * counts on a resumed wipe).
   */
  async destroy(): Promise<void> {
    this.#destroyed = true
    for (const key of this.#keys.values()) key.destroy()
    this.#keys.clear()
    this.#secret = undefined
    await this.#saving
    await this.#backend.destroy()
  }

  /** @inheritDoc */
  wipe(): Promise<void> {
    return this.destroy()
  }
}
