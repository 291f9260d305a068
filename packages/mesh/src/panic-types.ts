/**
 * Public types of the panic wipe in the mesh node (issue #10, wire spec §8): the
 * `MeshNodeOptions.panicWipe` option and what the app hands back after a wipe.
 * @module
 */
import type { KeyValueStore } from '@bitmesh/interface'
import type { PanicWipe } from '@bitmesh/panic-wipe'
import type { QueueBackend } from '@bitmesh/store-forward'

/** Stores opened for the identity that replaces a wiped one (see {@link MeshPanicWipeOptions.reopen}). */
export interface MeshReopenedStores {
  /** The node's key-value store from now on (the new identity is written into it). */
  store?: KeyValueStore
  /** The store-and-forward outbox backend from now on (ignored when the outbox is off). */
  outbox?: QueueBackend
}

/** The decoy history given to the identity that replaces a wiped one (`createDecoyProfile`). */
export interface MeshDecoyOptions {
  /** Texts of the innocuous public-channel history (default `DEFAULT_DECOY_TEXTS`). */
  texts?: readonly string[]
  /** Channel label of that history (default `'#mesh'`). */
  channel?: string
}

/** `MeshNodeOptions.panicWipe` in its long form. */
export interface MeshPanicWipeOptions {
  /**
   * The wipe orchestrator the app built (durable `fileWipeJournal`, `DataKeyStore` as `keys`,
   * `directoryScrubber` registered at `FILES`). Default: a `PanicWipe` on the node's clock with an
   * in-memory journal — NOT durable: a crash mid-wipe is not resumed.
   */
  panic?: PanicWipe
  /** Nickname after a wipe. Default: `anon` + 4 digits, as bitchat does after a panic (§8). */
  nickname?: string
  /**
   * Give the new identity a decoy history (written into the store under `bitmesh/history/`, for the
   * app to show) so the app looks normally used. Default `false`.
   */
  decoy?: boolean | MeshDecoyOptions
  /**
   * Called after every component was wiped, before the new identity is written: open the stores
   * the new identity lives in. Needed when the node's store or outbox backend was sealed under a
   * data key the wipe destroyed (or its database was closed or deleted); without it the node
   * keeps using the (now empty) store and outbox backend it had.
   */
  reopen?: () => MeshReopenedStores | Promise<MeshReopenedStores>
}
