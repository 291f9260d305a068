/**
 * What a wipe reports: one entry per step, with durations on the injected clock.
 * @module
 */

/** Outcome of one step (journal write, key destruction, a component, an after-wipe hook). */
export interface StepReport {
  /** Step or component name. */
  readonly name: string
  /** `true` when the step finished without error. */
  readonly ok: boolean
  /** The error the step threw (or the timeout), when `ok` is false. */
  readonly error?: unknown
  /** Clock milliseconds the step took. */
  readonly durationMs: number
}

/** Outcome of one registered component. */
export interface ComponentReport extends StepReport {
  /** The component's priority (lower ran first). */
  readonly priority: number
  /** `true` when the component missed its deadline and the wipe moved on without it. */
  readonly timedOut: boolean
}

/** The report of one wipe. */
export interface WipeReport {
  /** Why the wipe ran: `'manual'`, `'decoy-pin'`, `'gesture'`, or an app string. */
  readonly reason: string
  /** `true` when this run finished a wipe a crash interrupted ({@link PanicWipe.resumePendingWipe}). */
  readonly resumed: boolean
  /** Clock time (ms) the wipe started. */
  readonly startedAt: number
  /** Clock ms from start until every data key was destroyed: all persisted data unreadable. */
  readonly keysDestroyedAfterMs: number
  /** Clock ms from start until every component finished (files gone, state cleared). */
  readonly componentsDoneAfterMs: number
  /** Writing the durable wipe marker (absent on a resumed wipe: the marker was already there). */
  readonly journal: StepReport | undefined
  /** Destroying each key holder, in order. */
  readonly keys: readonly StepReport[]
  /** Each registered component, in run order. */
  readonly components: readonly ComponentReport[]
  /** Clearing the wipe marker (skipped, `ok: false`, while any step failed: the next start retries). */
  readonly commit: StepReport
  /** After-wipe hooks (new identity, decoy profile). */
  readonly hooks: readonly StepReport[]
  /** `true` when every step (keys, components, commit, hooks) succeeded. */
  readonly ok: boolean
}
