/**
 * The wipe transaction: suppress sends, write the durable marker, crypto-shred the keys, wipe
 * every registered component, run the after-wipe hooks (new identity, decoy profile), then clear
 * the marker.
 * @module
 */
import type { Clock, Wipeable } from '@bitmesh/interface'
import type { KeyDestroyer } from './key-store.js'
import { memoryWipeJournal, type WipeJournal } from './journal.js'
import { WipeRegistry, type RegisterOptions } from './registry.js'
import type { ComponentReport, StepReport, WipeReport } from './report.js'

/** Where a wipe stands. */
export type WipeState = 'idle' | 'wiping' | 'wiped'

/** Passed to {@link PanicWipe.onWipeStart} listeners. */
export interface WipeStartInfo {
  /** Why the wipe runs. */
  readonly reason: string
  /** `true` when finishing an interrupted wipe. */
  readonly resumed: boolean
}

/** Progress events, in order: `journal`, `keys`, one `component` per component, `hook`s, `commit`. */
export type WipeProgress =
  | { readonly step: 'journal' | 'keys' | 'commit' | 'hook'; readonly report: StepReport }
  | { readonly step: 'component'; readonly report: ComponentReport }

/** An after-wipe hook: install a new identity, a decoy profile, restart services. */
export type AfterWipeHook = (report: Omit<WipeReport, 'hooks' | 'commit' | 'ok'>) => void | Promise<void>

/** Options of {@link PanicWipe}. */
export interface PanicWipeOptions {
  /** Times each step; enforces component deadlines. */
  clock: Clock
  /**
   * Durable marker store. Default: {@link memoryWipeJournal} (NOT durable — pass `fileWipeJournal`
   * from `@bitmesh/panic-wipe/node` or an equivalent in production).
   */
  journal?: WipeJournal
  /**
   * What to destroy first (crypto-shredding): the {@link DataKeyStore}, its backend (on a resumed
   * wipe the store need not be open), a keychain entry holding the wrapping secret…
   * Destroyed in order, before any component; a failure does not stop the rest.
   */
  keys?: KeyDestroyer | readonly KeyDestroyer[]
  /** Component registry (default: a new one). */
  registry?: WipeRegistry
  /** Default per-component deadline when this creates the registry (10 000 ms). */
  componentTimeoutMs?: number
}

function errorStep(name: string, started: number, clock: Clock, error: unknown): StepReport {
  return { name, ok: false, error, durationMs: clock.now() - started }
}

/**
 * Orchestrates the panic wipe. One instance per node; the mesh consults {@link PanicWipe.sendsAllowed}
 * (or listens to {@link PanicWipe.onWipeStart}) so nothing — no LEAVE — goes out under the old
 * identity once a wipe began.
 * @example
 * ```ts
 * const panic = new PanicWipe({ clock, journal: fileWipeJournal(dir + '/WIPE'), keys: [keyStore, keyStoreBackend] })
 * panic.register(sessionManager, { priority: WipePriority.SECRETS })
 * panic.register(directoryScrubber(dir, { keep: [dir + '/WIPE'] }), { priority: WipePriority.FILES })
 * await panic.resumePendingWipe() // first thing at start-up
 * // … later, on the gesture:
 * const report = await panic.wipe('gesture')
 * ```
 */
export class PanicWipe {
  /** The component registry (also reachable through {@link PanicWipe.register}). */
  readonly registry: WipeRegistry
  readonly #clock: Clock
  readonly #journal: WipeJournal
  readonly #keys: readonly KeyDestroyer[]
  readonly #startListeners = new Set<(info: WipeStartInfo) => void>()
  readonly #progressListeners = new Set<(event: WipeProgress) => void>()
  readonly #hooks: AfterWipeHook[] = []
  #state: WipeState = 'idle'
  #running: Promise<WipeReport> | undefined
  #lastReport: WipeReport | undefined

  /**
   * @param options - Clock, journal, keys, registry.
   * @throws TypeError when `clock` is missing.
   */
  constructor(options: PanicWipeOptions) {
    if (options?.clock === undefined || typeof options.clock.now !== 'function') throw new TypeError('options.clock is required')
    this.#clock = options.clock
    this.#journal = options.journal ?? memoryWipeJournal()
    const keys = options.keys
    this.#keys = keys === undefined ? [] : Array.isArray(keys) ? [...(keys as KeyDestroyer[])] : [keys as KeyDestroyer]
    this.registry =
      options.registry ?? new WipeRegistry(options.componentTimeoutMs === undefined ? {} : { componentTimeoutMs: options.componentTimeoutMs })
  }

  /** `'idle'`, `'wiping'` or `'wiped'` (terminal until the app rebuilds the node). */
  get state(): WipeState {
    return this.#state
  }

  /** `true` from the first synchronous moment of a wipe until it finished. */
  get wiping(): boolean {
    return this.#state === 'wiping'
  }

  /** `false` once a wipe began: the mesh must send nothing (no LEAVE under the old identity). */
  get sendsAllowed(): boolean {
    return this.#state === 'idle'
  }

  /** The report of the last finished wipe. */
  get lastReport(): WipeReport | undefined {
    return this.#lastReport
  }

  /**
   * Register a component (see {@link WipeRegistry.register}).
   * @returns A function that unregisters it.
   */
  register(component: Wipeable, options?: RegisterOptions): () => void {
    return this.registry.register(component, options)
  }

  /**
   * Listen for the start of a wipe. Listeners run synchronously inside `wipe()`, before its first
   * `await`, so a mesh can stop sending before anything else happens. Errors they throw are ignored.
   * @returns A function that removes the listener.
   */
  onWipeStart(listener: (info: WipeStartInfo) => void): () => void {
    this.#startListeners.add(listener)
    return () => this.#startListeners.delete(listener)
  }

  /**
   * Listen to step-by-step progress (for a progress UI or a crash test).
   * @returns A function that removes the listener.
   */
  onProgress(listener: (event: WipeProgress) => void): () => void {
    this.#progressListeners.add(listener)
    return () => this.#progressListeners.delete(listener)
  }

  /**
   * Add a hook run after every component was wiped and before the marker is cleared (a new
   * identity, a decoy profile); a resumed wipe runs it again, so it must be idempotent. Hooks run
   * in order and are awaited; errors are reported, not thrown.
   * @returns A function that removes the hook.
   */
  afterWipe(hook: AfterWipeHook): () => void {
    this.#hooks.push(hook)
    return () => {
      const i = this.#hooks.indexOf(hook)
      if (i >= 0) this.#hooks.splice(i, 1)
    }
  }

  /**
   * Wipe now. A second call while a wipe runs returns the same promise. Never rejects: every
   * failure is in the report (and leaves the marker in place so the next start retries).
   * @param reason - Recorded in the marker and the report (default `'manual'`).
   * @returns The report.
   */
  wipe(reason = 'manual'): Promise<WipeReport> {
    return this.#start(String(reason), false)
  }

  /**
   * Finish a wipe a crash interrupted. Call it first thing at start-up, before opening stores
   * or starting the mesh.
   * @returns The report of the finished wipe, or `null` when no wipe was pending.
   */
  async resumePendingWipe(): Promise<WipeReport | null> {
    if (this.#running !== undefined) return this.#running
    const pending = await this.#journal.pending()
    if (pending === null) return null
    return this.#start(pending.reason, true)
  }

  #start(reason: string, resumed: boolean): Promise<WipeReport> {
    if (this.#running !== undefined) return this.#running
    this.#state = 'wiping'
    for (const listener of this.#startListeners) {
      try {
        listener({ reason, resumed })
      } catch {
        // Suppressing sends is the listener's job; its failure must not stop the wipe.
      }
    }
    const run = this.#run(reason, resumed).finally(() => {
      this.#running = undefined
    })
    this.#running = run
    return run
  }

  #emit(event: WipeProgress): void {
    for (const listener of this.#progressListeners) {
      try {
        listener(event)
      } catch {
        // Progress is informational.
      }
    }
  }

  async #step(name: string, action: () => Promise<void> | void): Promise<StepReport> {
    const started = this.#clock.now()
    try {
      await action()
      return { name, ok: true, durationMs: this.#clock.now() - started }
    } catch (error) {
      return errorStep(name, started, this.#clock, error)
    }
  }

  async #run(reason: string, resumed: boolean): Promise<WipeReport> {
    const clock = this.#clock
    const startedAt = clock.now()

    let journal: StepReport | undefined
    if (!resumed) {
      // Durable before destruction: a crash from here on resumes the wipe at next start.
      journal = await this.#step('journal', () => this.#journal.begin({ reason, startedAt }))
      this.#emit({ step: 'journal', report: journal })
    }

    const keys: StepReport[] = []
    for (let i = 0; i < this.#keys.length; i++) {
      const holder = this.#keys[i] as KeyDestroyer
      const name = (holder as Partial<Wipeable>).wipeName ?? `keys#${i}`
      const report = await this.#step(String(name), () => holder.destroy())
      keys.push(report)
      this.#emit({ step: 'keys', report })
    }
    const keysDestroyedAfterMs = clock.now() - startedAt

    const components = await this.registry.wipeAll(clock, (report) => this.#emit({ step: 'component', report }))
    const componentsDoneAfterMs = clock.now() - startedAt

    // Hooks run before the marker is cleared: a crash before the commit re-runs the whole wipe and
    // the hooks with it, so a decoy profile is never left half installed.
    const partial = { reason, resumed, startedAt, keysDestroyedAfterMs, componentsDoneAfterMs, journal, keys, components }
    const hooks: StepReport[] = []
    for (let i = 0; i < this.#hooks.length; i++) {
      const hook = this.#hooks[i] as AfterWipeHook
      const report = await this.#step(hook.name === '' ? `hook#${i}` : hook.name, () => hook(partial))
      hooks.push(report)
      this.#emit({ step: 'hook', report })
    }

    // A failed key or component step keeps the marker so the next start retries the wipe; a failed
    // hook does not (retrying would destroy the user's fresh start for an app-side bug).
    const destroyed = keys.every((r) => r.ok) && components.every((r) => r.ok)
    const commit = destroyed
      ? await this.#step('commit', () => this.#journal.commit())
      : errorStep('commit', clock.now(), clock, new Error('a wipe step failed: marker kept so the next start retries'))
    this.#emit({ step: 'commit', report: commit })

    const report: WipeReport = { ...partial, hooks, commit, ok: destroyed && commit.ok && hooks.every((r) => r.ok) }
    this.#state = 'wiped'
    this.#lastReport = report
    return report
  }
}
