/**
 * The toolkit each compliance case gets: the harness's transports, waiting that works both in
 * virtual time (`advance`) and real time, and listener bookkeeping so leaks can be measured.
 * @module
 */
import type { Link, Transport } from '@bitmesh/interface'
import { vi } from 'vitest'
import type { TransportComplianceEnv, TransportComplianceHarness } from './harness.js'

/** Default real-time wait, in ms, before a case fails. */
export const DEFAULT_REAL_TIMEOUT_MS = 5_000
/** Default virtual-time wait, in ms, before a case fails. */
export const DEFAULT_VIRTUAL_TIMEOUT_MS = 120_000
/** Virtual time, in ms, that {@link CaseContext.quiesce} lets pass. */
const QUIESCE_VIRTUAL_MS = 1_000
/** Polls (of {@link POLL_INTERVAL_MS} each) that {@link CaseContext.quiesce} waits in real time. */
const QUIESCE_REAL_POLLS = 10
const POLL_INTERVAL_MS = 5
/** Largest virtual step, in ms; steps grow from 1 ms so short latencies stay fine-grained. */
const MAX_VIRTUAL_STEP_MS = 250

/** Anything that may expose `listenerCount()` (the reference `TypedEmitter` does). */
interface MaybeCounted {
  listenerCount?: (event?: never) => number
}

/** Number of listeners an emitter reports, or `undefined` when it does not expose a count. */
export function listenerCountOf(emitter: unknown): number | undefined {
  const count = (emitter as MaybeCounted | null)?.listenerCount
  return typeof count === 'function' ? count.call(emitter) : undefined
}

/** What a case receives. */
export interface CaseContext {
  readonly a: Transport
  readonly b: Transport
  /** Listener counts of `a` and `b` right after setup (before the case subscribed anything). */
  readonly baselineListeners: { readonly a: number | undefined; readonly b: number | undefined }
  /** Whether time is virtual (the harness has `advance`). */
  readonly virtualTime: boolean
  /** Timers pending on the harness clock, when it tells. */
  pendingTimers(): number | undefined
  /** The harness's `connect()`, driven until it settles. */
  connect(): Promise<[Link, Link]>
  /** Wait until `condition()` holds. @throws Error naming `what` on timeout. */
  until(condition: () => boolean, what: string): Promise<void>
  /** Await `promise` while driving time. @throws Error naming `what` when it does not settle in time. */
  settle<T>(promise: Promise<T>, what: string): Promise<T>
  /** Let a quiet period pass (1 s virtual, or about 50 ms real) before checking that nothing happened. */
  quiesce(): Promise<void>
  /**
   * Remember an unsubscribe function (what `Emitter.on` returns) for {@link CaseContext.unsubscribeAll}:
   * `ctx.track(link.on('frame', onFrame))`.
   */
  track(off: () => void): void
  /** Remove every subscription the case made. */
  unsubscribeAll(): void
}

/**
 * Build the context for one case.
 * @param env the harness's fresh world.
 * @param harness for its timeouts.
 */
export function createCaseContext(env: TransportComplianceEnv, harness: TransportComplianceHarness): CaseContext {
  const realMs = harness.timeouts?.realMs ?? DEFAULT_REAL_TIMEOUT_MS
  const virtualMs = harness.timeouts?.virtualMs ?? DEFAULT_VIRTUAL_TIMEOUT_MS
  const offs: Array<() => void> = []
  const rawAdvance = env.advance?.bind(env)
  // Cases may wait on two things at once; their advances run one after another, never interleaved.
  let idle: Promise<void> = Promise.resolve()
  const advance =
    rawAdvance === undefined
      ? undefined
      : (ms: number): Promise<void> => {
          const run = idle.then(() => rawAdvance(ms))
          idle = run.catch(() => undefined)
          return run
        }

  async function until(condition: () => boolean, what: string): Promise<void> {
    if (advance !== undefined) {
      for (let elapsed = 0; ; ) {
        if (condition()) return
        if (elapsed >= virtualMs) throw new Error(`timed out after ${virtualMs} virtual ms waiting for ${what}`)
        const step = Math.min(MAX_VIRTUAL_STEP_MS, Math.max(1, Math.floor(elapsed / 8)))
        await advance(step)
        elapsed += step
      }
    }
    await vi.waitFor(
      () => {
        if (!condition()) throw new Error(`timed out after ${realMs} ms waiting for ${what}`)
      },
      { timeout: realMs, interval: POLL_INTERVAL_MS },
    )
  }

  async function settle<T>(promise: Promise<T>, what: string): Promise<T> {
    let settled = false
    const observed = promise.then(
      () => {
        settled = true
      },
      () => {
        settled = true
      },
    )
    await until(() => settled, what)
    await observed
    return promise
  }

  return {
    a: env.a,
    b: env.b,
    baselineListeners: { a: listenerCountOf(env.a), b: listenerCountOf(env.b) },
    virtualTime: advance !== undefined,
    pendingTimers: () => env.pendingTimers?.(),
    connect: () => settle(env.connect(), 'connect() to settle'),
    until,
    settle,
    async quiesce() {
      if (advance !== undefined) {
        await advance(QUIESCE_VIRTUAL_MS)
        return
      }
      let polls = 0
      await vi.waitFor(
        () => {
          if (++polls < QUIESCE_REAL_POLLS) throw new Error('quiet period')
        },
        { timeout: realMs, interval: POLL_INTERVAL_MS },
      )
    },
    track(off) {
      offs.push(off)
    },
    unsubscribeAll() {
      for (const off of offs.splice(0)) off()
    },
  }
}
