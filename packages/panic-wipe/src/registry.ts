/**
 * The registry of {@link Wipeable} components: named, ordered by priority, each run with a
 * deadline; an error or a hang in one never stops the others.
 * @module
 */
import { TimeoutError, type Clock, type Wipeable } from '@bitmesh/interface'
import { DEFAULT_COMPONENT_TIMEOUT_MS, WipePriority } from './constants.js'
import type { ComponentReport } from './report.js'

/** Options of {@link WipeRegistry.register}. */
export interface RegisterOptions {
  /** Lower runs first; equal priorities run concurrently. Default {@link WipePriority.STATE}. */
  priority?: number
  /** Name in reports (default: the component's `wipeName`). */
  name?: string
  /** Deadline of this component (default: the registry's). */
  timeoutMs?: number
}

interface Entry {
  readonly component: Wipeable
  readonly name: string
  readonly priority: number
  readonly timeoutMs: number
  readonly order: number
}

/** Progress callback of {@link WipeRegistry.wipeAll}: called as each component finishes. */
export type ComponentListener = (report: ComponentReport) => void

function checkMs(value: number, name: string): void {
  if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`${name} must be a positive number of ms`)
}

/** Components to wipe, in priority order. */
export class WipeRegistry {
  readonly #entries: Entry[] = []
  readonly #defaultTimeoutMs: number
  #order = 0

  /**
   * @param options - `componentTimeoutMs`: default per-component deadline (10 000 ms).
   */
  constructor(options: { componentTimeoutMs?: number } = {}) {
    this.#defaultTimeoutMs = options.componentTimeoutMs ?? DEFAULT_COMPONENT_TIMEOUT_MS
    checkMs(this.#defaultTimeoutMs, 'componentTimeoutMs')
  }

  /**
   * Add a component.
   * @param component - Anything with `wipeName` and `wipe()`.
   * @param options - Priority, report name, deadline.
   * @returns A function that removes the component again.
   * @throws TypeError when `component` has no `wipe` function; RangeError for bad options.
   */
  register(component: Wipeable, options: RegisterOptions = {}): () => void {
    if (component === null || typeof component !== 'object' || typeof component.wipe !== 'function') {
      throw new TypeError('component must have a wipe() method')
    }
    const priority = options.priority ?? WipePriority.STATE
    if (!Number.isFinite(priority)) throw new RangeError('priority must be a finite number')
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs
    checkMs(timeoutMs, 'timeoutMs')
    const entry: Entry = { component, name: options.name ?? String(component.wipeName), priority, timeoutMs, order: this.#order++ }
    this.#entries.push(entry)
    return () => {
      const i = this.#entries.indexOf(entry)
      if (i >= 0) this.#entries.splice(i, 1)
    }
  }

  /** Registered components in run order. */
  list(): Array<{ name: string; priority: number }> {
    return this.#sorted().map((e) => ({ name: e.name, priority: e.priority }))
  }

  #sorted(): Entry[] {
    return [...this.#entries].sort((a, b) => a.priority - b.priority || a.order - b.order)
  }

  /**
   * Wipe every component: priority groups in ascending order, each group concurrently.
   * Never rejects: failures and timeouts are reported.
   * @param clock - Times each component and enforces deadlines.
   * @param onComponent - Optional progress callback (errors it throws are ignored).
   * @returns One report per component, in run order.
   */
  async wipeAll(clock: Clock, onComponent?: ComponentListener): Promise<ComponentReport[]> {
    const sorted = this.#sorted()
    const reports: ComponentReport[] = []
    let i = 0
    while (i < sorted.length) {
      const priority = (sorted[i] as Entry).priority
      const group: Entry[] = []
      while (i < sorted.length && (sorted[i] as Entry).priority === priority) group.push(sorted[i++] as Entry)
      const done = await Promise.all(group.map((entry) => runOne(clock, entry)))
      for (const report of done) {
        reports.push(report)
        try {
          onComponent?.(report)
        } catch {
          // A progress listener must not break the wipe.
        }
      }
    }
    return reports
  }
}

/** Run one component with its deadline; never rejects. */
function runOne(clock: Clock, entry: Entry): Promise<ComponentReport> {
  const started = clock.now()
  return new Promise<ComponentReport>((resolve) => {
    let settled = false
    const finish = (ok: boolean, error: unknown, timedOut: boolean): void => {
      if (settled) return
      settled = true
      clock.clearTimeout(timer)
      const base = { name: entry.name, priority: entry.priority, ok, durationMs: clock.now() - started, timedOut }
      resolve(ok ? base : { ...base, error })
    }
    const timer = clock.setTimeout(
      () => finish(false, new TimeoutError(`wipe of '${entry.name}' exceeded ${entry.timeoutMs} ms`), true),
      entry.timeoutMs,
    )
    try {
      Promise.resolve(entry.component.wipe()).then(
        () => finish(true, undefined, false),
        (error: unknown) => finish(false, error, false),
      )
    } catch (error) {
      finish(false, error, false)
    }
  })
}
