/**
 * The panic wipe wired into the node (issue #10, wire spec §8): every stateful part registers a
 * {@link Wipeable} with one `PanicWipe`; from the first synchronous moment of a wipe the node
 * sends nothing (no LEAVE under the old identity, as iOS); afterwards it comes back idle with a
 * new identity (new peer ID), optionally a decoy profile, ready for `start()`.
 * @module
 */
import type { NeighborTable } from '@bitmesh/gossip-router'
import { isBitMeshError, ErrorCode, type Clock, type CryptoProvider, type KeyValueStore, type Rng, type Wipeable } from '@bitmesh/interface'
import {
  createDecoyProfile,
  createFreshIdentity,
  installProfile,
  PanicWipe,
  WipePriority,
  type FreshIdentity,
  type RegisterOptions,
  type WipeReport,
} from '@bitmesh/panic-wipe'
import type { QueueBackend } from '@bitmesh/store-forward'
import { utf8Encode } from '@bitmesh/wire-format'
import type { GossipSync } from './gossip.js'
import type { Ingress } from './ingress.js'
import type { MeshPanicWipeOptions, MeshReopenedStores } from './panic-types.js'
import type { PeerTable } from './peer-table.js'
import type { PrivateMessaging } from './private-messaging.js'
import type { Relayer } from './relay.js'
import type { StoreForward } from './store-forward.js'
import type { MeshIdentity } from './types.js'

/**
 * Priority of the node's persistent stores (outbox, key-value store): just before
 * `WipePriority.STORES`, so an app can close the databases beneath them at `STORES`.
 */
export const MESH_STORE_WIPE_PRIORITY = WipePriority.STORES - 1

/** The node parts a wipe clears (those of the current or last `start()`). */
export interface WipeParts {
  readonly messaging: PrivateMessaging
  readonly ingress: Ingress
  readonly gossip: GossipSync
  readonly relayer: Relayer
  readonly storeForward: StoreForward | null
}

/** What the node lends its {@link MeshWipe}. */
export interface WipeHost {
  readonly clock: Clock
  readonly crypto: CryptoProvider
  readonly rng: Rng
  readonly peers: PeerTable
  readonly neighborhood: NeighborTable
  /** Key prefix of the identity in the store. */
  readonly storePrefix: string
  /** Parts of the current or last run, if any. */
  parts(): WipeParts | undefined
  /** The identity in use (its key bytes are zeroed). */
  identity(): MeshIdentity | undefined
  /** Our 8-byte peer ID buffer (zeroed). */
  localPeerId(): Uint8Array
  /** The key-value store in use. */
  store(): KeyValueStore
  /** The outbox backend in use, or `null` when the outbox is off. */
  outboxBackend(): QueueBackend | null
  /**
   * Synchronous part: leave the running state, cancel timers, drop link queues and listeners.
   * @param inStart - The wipe is being resumed by `start()` (which keeps its own state).
   * @returns Resolves once the transports stopped (without LEAVE).
   */
  silence(inStart: boolean): Promise<void>
  /** Adopt the new identity, nickname and stores; become idle unless `inStart`. */
  comeBack(identity: MeshIdentity, nickname: string, reopened: MeshReopenedStores, inStart: boolean): void
}

function isPanicWipe(value: unknown): value is PanicWipe {
  // Duck-typed: a PanicWipe from the other module format (ESM vs CJS) would fail `instanceof`.
  const v = value as Partial<PanicWipe> | null
  return typeof v === 'object' && v !== null && typeof v.wipe === 'function' && typeof v.onWipeStart === 'function' && typeof v.afterWipe === 'function'
}

/**
 * Check and normalise `MeshNodeOptions.panicWipe`.
 * @param option - A `PanicWipe`, the long form, or `undefined`.
 * @returns The long form.
 * @throws TypeError for a malformed option; RangeError for a nickname over 255 UTF-8 bytes.
 */
export function resolvePanicWipeOptions(option: PanicWipe | MeshPanicWipeOptions | undefined): MeshPanicWipeOptions {
  if (option === undefined) return {}
  if (option === null || typeof option !== 'object') throw new TypeError('options.panicWipe must be a PanicWipe or an options object')
  if (isPanicWipe(option)) return { panic: option }
  const o = option as MeshPanicWipeOptions
  if (o.panic !== undefined && !isPanicWipe(o.panic)) throw new TypeError('options.panicWipe.panic must be a PanicWipe')
  if (o.reopen !== undefined && typeof o.reopen !== 'function') throw new TypeError('options.panicWipe.reopen must be a function')
  if (o.nickname !== undefined) {
    if (typeof o.nickname !== 'string') throw new TypeError('options.panicWipe.nickname must be a string')
    if (utf8Encode(o.nickname).length > 255) throw new RangeError('options.panicWipe.nickname exceeds 255 UTF-8 bytes')
  }
  if (o.decoy !== undefined && typeof o.decoy !== 'boolean' && (o.decoy === null || typeof o.decoy !== 'object')) {
    throw new TypeError('options.panicWipe.decoy must be a boolean or an object')
  }
  return o
}

/** A closed store or backend holds nothing we could still reach: not a failure of the wipe. */
function ignoreClosed(error: unknown): void {
  if (isBitMeshError(error) && error.code === ErrorCode.CLOSED) return
  throw error
}

/** The node's side of a `PanicWipe`: its components, the send gate and the comeback. */
export class MeshWipe {
  /** The orchestrator (the app's, or one of our own). */
  readonly panic: PanicWipe
  readonly #host: WipeHost
  readonly #options: MeshPanicWipeOptions
  #silenced = false
  #inStart = false
  #transportsStopped: Promise<void> = Promise.resolve()
  #done: { promise: Promise<void>; resolve: () => void } | undefined
  #nextIdentity: MeshIdentity | undefined

  /**
   * Register the node's components, the start listener and the after-wipe hook.
   * @param option - `MeshNodeOptions.panicWipe`.
   * @param host - The node.
   * @throws TypeError / RangeError for a malformed option.
   */
  constructor(option: PanicWipe | MeshPanicWipeOptions | undefined, host: WipeHost) {
    this.#options = resolvePanicWipeOptions(option)
    this.#host = host
    this.panic = this.#options.panic ?? new PanicWipe({ clock: host.clock })
    this.panic.onWipeStart(() => this.#onWipeStart())
    this.#registerComponents()
    const wipe = this
    this.panic.afterWipe(async function meshNewIdentity() {
      await wipe.#comeBack()
    })
  }

  /** `true` while a wipe silences the node: nothing may be sent. */
  get sendsBlocked(): boolean {
    return this.#silenced || this.panic.wiping
  }

  /** `true` from the start of a wipe until the node came back (idle, new identity). */
  get busy(): boolean {
    return this.#silenced
  }

  /** `true` while `start()` resumes an interrupted wipe. */
  get resuming(): boolean {
    return this.#inStart
  }

  /** The identity made by the last wipe (used by the next `start()` instead of any other). */
  get nextIdentity(): MeshIdentity | undefined {
    return this.#nextIdentity
  }

  /** @returns Resolves once the node came back from the wipe in progress (at once when none). */
  whenDone(): Promise<void> {
    return this.#done?.promise ?? Promise.resolve()
  }

  /**
   * Wipe now (joins a wipe in progress).
   * @param reason - Recorded in the marker and the report.
   * @returns The report; never rejects.
   */
  wipe(reason: string): Promise<WipeReport> {
    return this.panic.wipe(reason)
  }

  /**
   * Finish a wipe a crash interrupted: the first thing `start()` does.
   * @returns The report, or `null` when none was pending.
   */
  async resumeInStart(): Promise<WipeReport | null> {
    this.#inStart = true
    try {
      return await this.panic.resumePendingWipe()
    } finally {
      this.#inStart = false
    }
  }

  /**
   * Register an app component (message history, media, settings) with the node's wipe.
   * @param component - Anything with `wipeName` and `wipe()`.
   * @param options - Priority (default `STATE`; use `WipePriority.STORES` for databases), name, deadline.
   * @returns A function that unregisters it.
   */
  register(component: Wipeable, options?: RegisterOptions): () => void {
    return this.panic.register(component, options)
  }

  #onWipeStart(): void {
    // Synchronous, inside wipe(): the gate closes before the wipe's first await.
    this.#silenced = true
    if (this.#done === undefined) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => (resolve = r))
      this.#done = { promise, resolve }
    }
    this.#transportsStopped = this.#host.silence(this.#inStart)
  }

  #registerComponents(): void {
    const host = this.#host
    const add = (wipeName: string, priority: number, wipe: () => Promise<void> | void): void => {
      this.panic.register({ wipeName, wipe }, { priority })
    }
    // SECRETS: radios off first, then keys.
    add('mesh transports', WipePriority.SECRETS, () => this.#transportsStopped)
    add('mesh noise sessions', WipePriority.SECRETS, () => host.parts()?.messaging.stop())
    add('mesh identity', WipePriority.SECRETS, () => {
      const identity = host.identity()
      if (identity !== undefined) {
        identity.noiseStaticKeyPair.privateKey.fill(0)
        identity.noiseStaticKeyPair.publicKey.fill(0)
        identity.signingSeed.fill(0)
      }
      host.localPeerId().fill(0)
    })
    // STATE: who we met and what we saw.
    add('mesh peer table', WipePriority.STATE, () => host.peers.clear())
    add('mesh neighbour table', WipePriority.STATE, () => host.neighborhood.clear())
    add('mesh dedup and fragments', WipePriority.STATE, () => host.parts()?.ingress.clear())
    add('mesh gossip sync store', WipePriority.STATE, () => host.parts()?.gossip.clear())
    add('mesh relay spool and cache', WipePriority.STATE, () => {
      const parts = host.parts()
      parts?.relayer.clear()
      parts?.storeForward?.clear()
    })
    add('crypto caches', WipePriority.STATE, () => host.crypto.clearCaches?.())
    // Persistent stores, before an app closes the databases beneath them at STORES.
    add('mesh outbox', MESH_STORE_WIPE_PRIORITY, async () => {
      if ((await host.parts()?.messaging.wipeOutbox()) === true) return
      await host.outboxBackend()?.clear().catch(ignoreClosed)
    })
    add('mesh store', MESH_STORE_WIPE_PRIORITY, () => host.store().clear().catch(ignoreClosed))
  }

  /** The after-wipe hook: a new identity (or decoy profile), written into the (reopened) store. */
  async #comeBack(): Promise<void> {
    const host = this.#host
    const o = this.#options
    const base = o.nickname === undefined ? { rng: host.rng } : { rng: host.rng, nickname: o.nickname }
    let profile: FreshIdentity
    if (o.decoy === undefined || o.decoy === false) profile = createFreshIdentity(host.crypto, base)
    else profile = createDecoyProfile(host.crypto, { ...base, ...(o.decoy === true ? {} : o.decoy), now: host.clock.now() })
    const identity: MeshIdentity = { noiseStaticKeyPair: profile.noiseStaticKeyPair, signingSeed: profile.signingSeed }
    let reopened: MeshReopenedStores = {}
    try {
      if (o.reopen !== undefined) reopened = (await o.reopen()) ?? {}
      await installProfile(reopened.store ?? host.store(), profile, { identityPrefix: host.storePrefix })
    } finally {
      // Even when the store cannot take it, the node comes back as someone new (kept in memory).
      this.#nextIdentity = identity
      host.comeBack(identity, profile.nickname, reopened, this.#inStart)
      this.#silenced = false
      const done = this.#done
      this.#done = undefined
      done?.resolve()
    }
  }
}
