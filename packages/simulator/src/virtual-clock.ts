/**
 * Virtual time: a {@link Clock} whose timers live in a binary heap and fire only when the
 * simulator advances time. Timers due at the same instant fire in the order they were scheduled
 * (ties broken by a sequence number), so one seed gives one event order.
 *
 * Promise continuations (microtasks) run between timers at most one *quantum* of virtual time
 * apart (default 1 ms): every timer due within a quantum fires in due order, then the microtask
 * queue is drained. Draining takes a macrotask turn, so doing it after every distinct instant —
 * and fractional byte times make nearly every instant distinct — cost more than the radio did.
 * A millisecond is far below BLE's 7.5 ms minimum connection interval, so nothing the simulator
 * models can tell the difference; pass 0 for a drain after every instant.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'

/** Default wall-clock epoch of virtual time zero: 2025-01-01T00:00:00Z, in ms. Bitchat timestamps are wall-clock ms, so virtual time must look like a real date. */
export const DEFAULT_EPOCH_MS = 1_735_689_600_000

/** Default virtual time between microtask drains, ms (see the module note). */
export const DEFAULT_MICROTASK_QUANTUM_MS = 1

/** One scheduled callback. */
interface Timer {
  /** Virtual elapsed ms at which it fires. */
  due: number
  /** Scheduling order, breaks ties. */
  seq: number
  callback: (() => void) | null
}

function before(x: Timer, y: Timer): boolean {
  return x.due < y.due || (x.due === y.due && x.seq < y.seq)
}

/** Callbacks waiting for a message-channel turn (browsers, which have no `setImmediate`). */
let channelQueue: Array<() => void> | undefined
let channelPort: { postMessage(message: null): void } | undefined

/**
 * The fastest macrotask turn: `setImmediate` where it exists (looked up at call time, so a host
 * may install its own), else a `MessageChannel` message (browsers clamp `setTimeout(0)` to 4 ms).
 */
function nextMacrotask(callback: () => void): void {
  const setImmediateFn = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate
  if (typeof setImmediateFn === 'function') {
    setImmediateFn(callback)
    return
  }
  if (channelPort === undefined) {
    const queue: Array<() => void> = []
    const channel = new MessageChannel()
    ;(channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => queue.shift()?.()
    channelQueue = queue
    channelPort = channel.port2 as unknown as { postMessage(message: null): void }
  }
  channelQueue!.push(callback)
  channelPort.postMessage(null)
}

/** Let every pending promise continuation run (a macrotask turn drains the microtask queue). */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => nextMacrotask(resolve))
}

/** A deterministic virtual {@link Clock}. */
export class VirtualClock implements Clock {
  readonly #heap: Timer[] = []
  #seq = 0
  #elapsedMs = 0
  #live = 0
  #fired = 0
  /** Wall-clock ms that virtual time zero maps to. */
  readonly epochMs: number

  /** Microtask drains happen at most this far apart in virtual time, ms. */
  readonly quantumMs: number

  /**
   * @param epochMs - Wall-clock ms of virtual time zero (default {@link DEFAULT_EPOCH_MS}).
   * @param quantumMs - Virtual ms between microtask drains (default
   *   {@link DEFAULT_MICROTASK_QUANTUM_MS}; 0 drains after every instant).
   * @throws {RangeError} For a negative or non-finite quantum.
   */
  constructor(epochMs: number = DEFAULT_EPOCH_MS, quantumMs: number = DEFAULT_MICROTASK_QUANTUM_MS) {
    if (!(quantumMs >= 0) || !Number.isFinite(quantumMs)) throw new RangeError(`quantumMs must be a finite number ≥ 0, got ${quantumMs}`)
    this.epochMs = epochMs
    this.quantumMs = quantumMs
  }

  /**
   * @returns Virtual wall-clock ms (epoch + elapsed), an integer like `Date.now()`: timers may
   *   fire at fractional instants, but code under test expects whole milliseconds.
   */
  now(): number {
    return this.epochMs + Math.floor(this.#elapsedMs)
  }

  /** Virtual ms since time zero. */
  get elapsedMs(): number {
    return this.#elapsedMs
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#live
  }

  /** Timers fired since construction (a cost measure for benchmarks). */
  get firedTimers(): number {
    return this.#fired
  }

  /**
   * @param callback - Runs when virtual time reaches now + delay.
   * @param delayMs - Delay; negative or non-finite values count as 0, like the platform timers.
   * @returns A handle for {@link VirtualClock.clearTimeout}.
   */
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0
    const timer: Timer = { due: this.#elapsedMs + delay, seq: this.#seq++, callback }
    this.#push(timer)
    this.#live++
    return timer
  }

  /** @param handle - A handle from {@link VirtualClock.setTimeout}; others are ignored. */
  clearTimeout(handle: TimerHandle): void {
    const timer = handle as Timer | null | undefined
    if (timer === null || typeof timer !== 'object' || timer.callback === undefined || timer.callback === null) return
    // Lazy deletion: the entry stays in the heap and is skipped when popped.
    timer.callback = null
    this.#live--
    if (this.#heap.length > 1024 && this.#live < this.#heap.length / 4) this.#compact()
  }

  /**
   * Fire, in order, every timer due at or before `elapsedMs`, then leave time at `elapsedMs`.
   * After each quantum of virtual time with timers in it, it yields one macrotask turn so promise
   * continuations run (within a quantum of the virtual time that caused them).
   * @param elapsedMs - Target virtual time (ms since time zero); must not be in the past.
   * @returns The number of timers fired.
   * @throws {RangeError} When `elapsedMs` is before the current virtual time.
   */
  async runUntil(elapsedMs: number): Promise<number> {
    if (!(elapsedMs >= this.#elapsedMs)) throw new RangeError(`cannot run back to ${elapsedMs} ms (now ${this.#elapsedMs} ms)`)
    let fired = 0
    await flushMicrotasks()
    for (;;) {
      const top = this.#peekLive()
      if (top === undefined || top.due > elapsedMs) break
      this.#elapsedMs = top.due
      // Fire everything due within this quantum, in due order (including zero-delay timers they
      // add), then let promise continuations run.
      const drainAt = Math.min(elapsedMs, top.due + this.quantumMs)
      for (;;) {
        const next = this.#peekLive()
        if (next === undefined || next.due > drainAt) break
        this.#elapsedMs = next.due
        this.#pop()
        const callback = next.callback!
        next.callback = null
        this.#live--
        this.#fired++
        fired++
        callback()
      }
      await flushMicrotasks()
    }
    this.#elapsedMs = elapsedMs
    return fired
  }

  /**
   * Advance by `ms` (see {@link VirtualClock.runUntil}).
   * @param ms - Non-negative duration.
   * @returns The number of timers fired.
   */
  advance(ms: number): Promise<number> {
    return this.runUntil(this.#elapsedMs + ms)
  }

  #peekLive(): Timer | undefined {
    let top = this.#heap[0]
    while (top !== undefined && top.callback === null) {
      this.#pop()
      top = this.#heap[0]
    }
    return top
  }

  #push(timer: Timer): void {
    const heap = this.#heap
    let i = heap.length
    heap.push(timer)
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent]!
      if (!before(timer, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = timer
  }

  #pop(): void {
    const heap = this.#heap
    const last = heap.pop()
    if (last === undefined || heap.length === 0) return
    let i = 0
    const n = heap.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let c = l
      if (r < n && before(heap[r]!, heap[l]!)) c = r
      if (!before(heap[c]!, last)) break
      heap[i] = heap[c]!
      i = c
    }
    heap[i] = last
  }

  #compact(): void {
    const live = this.#heap.filter((t) => t.callback !== null)
    this.#heap.length = 0
    for (const t of live) this.#push(t)
  }
}
