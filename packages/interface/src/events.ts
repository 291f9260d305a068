/**
 * A minimal typed event emitter. React Native's Hermes has no `EventTarget`/`CustomEvent`, so
 * BitMesh objects expose this shape instead (and the implementation below is small enough to ship
 * in the contract package).
 * @module
 */

/** A listener for one event of an event map. */
export type Listener<T> = (detail: T) => void

/** Something that emits the events of `Events` (event name → detail type). */
export interface Emitter<Events extends object> {
  /**
   * Subscribe to an event. Returns a function that unsubscribes (idempotent).
   * Listeners run synchronously in subscription order; a throwing listener does not stop the others.
   */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void
  /** Unsubscribe a listener added with {@link Emitter.on}. Unknown listeners are ignored. */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void
}

/**
 * The reference {@link Emitter}: `emit` is kept off the public type so only the owner fires events.
 * `listenerCount()` lets compliance tests prove that `stop()` left no listeners behind.
 */
export class TypedEmitter<Events extends object> implements Emitter<Events> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()
  readonly #onListenerError: ((error: unknown) => void) | undefined

  /** @param onListenerError called when a listener throws (default: the error is swallowed). */
  constructor(onListenerError?: (error: unknown) => void) {
    this.#onListenerError = onListenerError
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => this.off(event, listener)
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const set = this.#listeners.get(event)
    if (set === undefined) return
    set.delete(listener as Listener<never>)
    if (set.size === 0) this.#listeners.delete(event)
  }

  /** Fire an event. Returns true when at least one listener ran. */
  emit<K extends keyof Events>(event: K, detail: Events[K]): boolean {
    const set = this.#listeners.get(event)
    if (set === undefined) return false
    for (const listener of [...set]) {
      try {
        ;(listener as Listener<Events[K]>)(detail)
      } catch (error) {
        this.#onListenerError?.(error)
      }
    }
    return true
  }

  /** Number of listeners for one event, or for all events when `event` is omitted. */
  listenerCount(event?: keyof Events): number {
    if (event !== undefined) return this.#listeners.get(event)?.size ?? 0
    let total = 0
    for (const set of this.#listeners.values()) total += set.size
    return total
  }

  /** Drop every listener. */
  removeAllListeners(): void {
    this.#listeners.clear()
  }
}
