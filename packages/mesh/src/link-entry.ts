/**
 * The node's view of one open link: the peer bound to it, a paced queue for fragment trains
 * (§6.6: 20–30 ms between fragments), and an ingress rate limit.
 * @module
 */
import { isBitMeshError, type Link } from '@bitmesh/interface'
import type { TimerSet } from './timers.js'

/** Result of a send attempt on a link. */
export type LinkSendResult = 'sent' | 'queued' | 'capacity' | 'closed' | 'error'

/** Callbacks a {@link LinkEntry} reports to. */
export interface LinkEntryHooks {
  /** A frame was handed to the link. */
  onSent(bytes: number): void
  /** A frame could not be handed over. */
  onFailed(result: Exclude<LinkSendResult, 'sent' | 'queued'>): void
}

/** Mutable state of one link. */
export class LinkEntry {
  /** Node-unique ID: `<transport index>:<link id>`. */
  readonly key: string
  readonly link: Link
  /** Peer bound by a direct announce, or `null`. */
  peerId: string | null = null
  /** `clock.now()` of our last REQUEST_SYNC on this link (−∞ when none). */
  lastSyncRequestMs = Number.NEGATIVE_INFINITY
  /** Listener removers. */
  readonly unsubscribes: Array<() => void> = []
  readonly #timers: TimerSet
  readonly #hooks: LinkEntryHooks
  readonly #maxPaced: number
  readonly #paced: Array<{ frame: Uint8Array; spacingMs: number }> = []
  #pumpTimer: number | undefined

  /**
   * @param key - Node-unique ID.
   * @param link - The transport link.
   * @param timers - The node's timers (pacing).
   * @param hooks - Counters.
   * @param maxPaced - Cap of the paced queue in frames.
   */
  constructor(key: string, link: Link, timers: TimerSet, hooks: LinkEntryHooks, maxPaced: number) {
    this.key = key
    this.link = link
    this.#timers = timers
    this.#hooks = hooks
    this.#maxPaced = maxPaced
  }

  /** Frames waiting in the paced queue. */
  get pacedFrames(): number {
    return this.#paced.length
  }

  /**
   * Send one frame now, or behind a fragment train in progress (keeps wire order).
   * @returns What happened.
   */
  send(frame: Uint8Array): LinkSendResult {
    if (this.#paced.length > 0) return this.#enqueue([frame], 0)
    return this.#sendNow(frame)
  }

  /**
   * Send frames `spacingMs` apart: the first at once (unless a train is in progress), the rest
   * from timers. The whole train is refused when the queue would exceed its cap.
   */
  sendTrain(frames: readonly Uint8Array[], spacingMs: number): LinkSendResult {
    if (frames.length === 0) return 'sent'
    if (this.#paced.length === 0) {
      const first = this.#sendNow(frames[0]!)
      if (first !== 'sent' && first !== 'queued') return first
      if (frames.length === 1) return first
      return this.#enqueue(frames.slice(1), spacingMs)
    }
    return this.#enqueue(frames, spacingMs)
  }

  /** Drop the paced queue and its timer. */
  dispose(): void {
    this.#timers.clear(this.#pumpTimer)
    this.#pumpTimer = undefined
    this.#paced.length = 0
    for (const off of this.unsubscribes.splice(0)) off()
  }

  #enqueue(frames: readonly Uint8Array[], spacingMs: number): LinkSendResult {
    if (this.#paced.length + frames.length > this.#maxPaced) {
      this.#hooks.onFailed('capacity')
      return 'capacity'
    }
    for (const frame of frames) this.#paced.push({ frame, spacingMs })
    if (this.#pumpTimer === undefined) this.#pumpTimer = this.#timers.set(() => this.#pump(), spacingMs)
    return 'queued'
  }

  #pump(): void {
    this.#pumpTimer = undefined
    const next = this.#paced.shift()
    if (next === undefined) return
    this.#sendNow(next.frame)
    const following = this.#paced[0]
    if (following !== undefined) this.#pumpTimer = this.#timers.set(() => this.#pump(), following.spacingMs)
  }

  #sendNow(frame: Uint8Array): LinkSendResult {
    if (this.link.status !== 'open') {
      this.#hooks.onFailed('closed')
      return 'closed'
    }
    try {
      const below = this.link.send(frame)
      this.#hooks.onSent(frame.length)
      return below ? 'sent' : 'queued'
    } catch (error) {
      const result = isBitMeshError(error) && error.code === 'CAPACITY_EXCEEDED' ? 'capacity' : isBitMeshError(error) && error.code === 'CLOSED' ? 'closed' : 'error'
      this.#hooks.onFailed(result)
      return result
    }
  }
}
