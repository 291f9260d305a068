/**
 * A minimal abort controller satisfying {@link AbortSignalLike}, so the package needs no DOM
 * or Node globals (React Native's Hermes has had gaps here).
 * @module
 */
import type { AbortSignalLike } from './transport.js'

/** A signal plus the function that fires it. */
export interface SimpleAbortController {
  readonly signal: AbortSignalLike
  abort(reason?: unknown): void
}

/** Create a fresh {@link SimpleAbortController}. */
export function createAbortController(): SimpleAbortController {
  const listeners = new Set<() => void>()
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener(_type: 'abort', listener: () => void): void {
      listeners.add(listener)
    },
    removeEventListener(_type: 'abort', listener: () => void): void {
      listeners.delete(listener)
    },
  }
  return {
    signal,
    abort(reason?: unknown): void {
      if (signal.aborted) return
      signal.aborted = true
      signal.reason = reason
      for (const l of [...listeners]) {
        try {
          l()
        } catch {
          // a throwing listener must not stop the others
        }
      }
      listeners.clear()
    },
  }
}

/**
 * Run `fn` when `signal` aborts; returns the unsubscribe function.
 * @param signal optional signal
 * @param fn abort handler (runs at once if already aborted)
 */
export function onAbort(signal: AbortSignalLike | undefined, fn: () => void): () => void {
  if (signal === undefined) return () => {}
  if (signal.aborted) {
    fn()
    return () => {}
  }
  signal.addEventListener('abort', fn, { once: true })
  return () => signal.removeEventListener('abort', fn)
}
