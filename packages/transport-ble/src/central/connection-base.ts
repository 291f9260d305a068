/**
 * Shared bookkeeping of a central-only adapter's GATT connection (Web Bluetooth, ble-plx):
 * listener lists, the single close and the "already closed" checks. Platforms add I/O.
 * @module
 */
import { AbortError, ClosedError, type AbortSignalLike, type LinkCloseReason } from '@bitmesh/interface'

/**
 * Base of a {@link import('../adapter.js').BleCentralConnection} whose platform part only moves
 * bytes: subclasses implement `requestMtu`, `subscribe`, `write`, {@link release} and {@link hangUp}.
 */
export abstract class CentralConnectionBase {
  /** Transport address of the peripheral. */
  readonly address: string
  /** Notification listeners, in registration order; subclasses dispatch to them. */
  protected readonly notifyListeners: Array<(bytes: Uint8Array) => void> = []
  readonly #disconnectListeners: Array<(reason: LinkCloseReason) => void> = []
  readonly #onClosed: () => void
  readonly #closedMessage: string
  #closeReason: LinkCloseReason | undefined

  /**
   * @param address - The peripheral's transport address.
   * @param onClosed - Runs once when the connection ends, before the `onDisconnect` listeners.
   * @param closedMessage - Message of the {@link ClosedError} thrown by use after close.
   */
  protected constructor(address: string, onClosed: () => void, closedMessage: string) {
    this.address = address
    this.#onClosed = onClosed
    this.#closedMessage = closedMessage
  }

  /** Whether the connection has ended. */
  protected get closed(): boolean {
    return this.#closeReason !== undefined
  }

  /**
   * Register a notification listener.
   * @param listener - Gets each notified value.
   */
  onNotify(listener: (bytes: Uint8Array) => void): void {
    this.notifyListeners.push(listener)
  }

  /**
   * Register a disconnect listener; after the close it is still told, once, asynchronously.
   * @param listener - Gets the close reason.
   */
  onDisconnect(listener: (reason: LinkCloseReason) => void): void {
    const reason = this.#closeReason
    if (reason === undefined) this.#disconnectListeners.push(listener)
    else void Promise.resolve().then(() => listener(reason)) // already over: still tell it, once
  }

  /** Close from this side. Idempotent. */
  async disconnect(): Promise<void> {
    if (this.#closeReason !== undefined) return
    this.finish('local')
    await this.hangUp()
  }

  /** @throws ClosedError once the connection has ended */
  protected assertOpen(): void {
    if (this.#closeReason !== undefined) throw new ClosedError(this.#closedMessage)
  }

  /**
   * End the connection once: {@link release}, `onClosed`, then the disconnect listeners.
   * @param reason - Why it ended.
   */
  protected finish(reason: LinkCloseReason): void {
    if (this.#closeReason !== undefined) return
    this.#closeReason = reason
    this.release()
    this.#onClosed()
    const listeners = this.#disconnectListeners.splice(0)
    for (const listener of listeners) listener(reason)
  }

  /** Drop platform subscriptions and event listeners (runs inside {@link finish}). */
  protected abstract release(): void

  /** Tear the platform link down after a local {@link disconnect}; must not throw. */
  protected abstract hangUp(): Promise<void>
}

/**
 * The error a failed connection attempt rejects with: an {@link AbortError} (caused by `error`)
 * when `signal` was aborted meanwhile, since the platform's own failure is then a consequence.
 * @param error - What the attempt threw.
 * @param signal - The attempt's signal.
 * @returns the error to rethrow
 */
export function connectFailure(error: unknown, signal: AbortSignalLike | undefined): unknown {
  if (signal?.aborted && !(error instanceof AbortError)) return new AbortError(undefined, { cause: error })
  return error
}
