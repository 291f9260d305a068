/**
 * Shared types: message classes, queue items, and the storage seam every backend implements.
 * @module
 */

/**
 * Traffic class of a packet. Decides relay-cache hold time and eviction priority
 * (`sos` > `dm` > `group` > `public`); `media` and `control` are never cached.
 */
export type MessageClass = 'sos' | 'dm' | 'group' | 'public' | 'media' | 'control'

/** Every {@link MessageClass}, for validation. */
export const MESSAGE_CLASSES: readonly MessageClass[] = Object.freeze(['sos', 'dm', 'group', 'public', 'media', 'control'])

/** One persisted item of a queue, as a backend stores it. */
export interface StoredItem {
  /** Queue-assigned unique ID (32 hex chars). */
  readonly id: string
  /** Insertion sequence number: breaks `createdAt` ties so order is total and stable. */
  readonly seq: number
  /** Creation time (ms since the epoch): the queue's order key (Gozzip `created_at`). */
  readonly createdAt: number
  /** Recipient label: peer ID hex, Nostr pubkey, or `''` for broadcast. */
  readonly recipient: string
  /** Traffic class. */
  readonly cls: MessageClass
  /** The application's message ID (opaque; `''` when none). */
  readonly messageId: string
  /** Sends tried so far. */
  readonly attempts: number
  /** Earliest time (ms) of the next send attempt. */
  readonly nextAttemptAt: number
  /** Packet size in bytes. */
  readonly size: number
}

/** A {@link StoredItem} with its packet bytes, as handed to {@link QueueBackend.insert}. */
export interface StoredItemWithPacket extends StoredItem {
  /** The signed packet (or payload), stored verbatim. */
  readonly packet: Uint8Array
}

/**
 * The storage seam of this package: one ordered, durable table of items per queue. The
 * outbound queue and the outbox keep an in-memory index of the metadata and read packet bytes
 * lazily, so a backend only has to be durable, not fast at scanning.
 *
 * Every mutating call resolves only once its change is durable and is atomic: either all of a
 * batch is stored or none of it.
 */
export interface QueueBackend {
  /**
   * Every stored item's metadata (no packet bytes), in any order.
   * @throws StorageError when the store cannot be read (corrupt file, cipher failure).
   */
  load(): Promise<StoredItem[]>
  /**
   * Insert items in one transaction.
   * @throws StorageFullError when the medium is full; nothing of the batch is stored then.
   */
  insert(items: readonly StoredItemWithPacket[]): Promise<void>
  /** The packet bytes of one item, or `undefined` when it is gone. */
  readPacket(id: string): Promise<Uint8Array | undefined>
  /** Persist new retry state of one item (ignored when the item is gone). */
  updateAttempt(id: string, attempts: number, nextAttemptAt: number): Promise<void>
  /** Delete items in one transaction; unknown IDs are ignored. */
  remove(ids: readonly string[]): Promise<void>
  /** Delete every item of this queue. */
  clear(): Promise<void>
  /** Release resources; later calls reject. */
  close(): Promise<void>
}

/**
 * Optional at-rest encryption of stored blobs (packet and metadata), so a panic wipe can
 * crypto-shred a queue by destroying the key. `ad` binds a blob to its row (queue name and
 * item ID): a blob moved to another row fails to open.
 */
export interface AtRestCipher {
  /** Encrypt and authenticate `plain`, binding `ad`. */
  seal(plain: Uint8Array, ad: Uint8Array): Uint8Array
  /**
   * Decrypt `sealed`.
   * @throws any error when authentication fails (the backend reports it as a `StorageError`).
   */
  open(sealed: Uint8Array, ad: Uint8Array): Uint8Array
}
