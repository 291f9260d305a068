/**
 * Putting a file's fragment train on one link: paced by the link's own backlog instead of a fixed
 * spacing. iOS's 25 ms per directed fragment would take 56 s for the 2 236 fragments of a 1 MiB
 * file at a 512-byte MTU — longer than the 30 s reassembly lifetime of both apps (§6.6) — so the
 * train goes as fast as the link drains, never with more than a small window queued on it.
 * Each link carries one train at a time ({@link MAX_FILE_TRAINS_PER_LINK}, the rest queue) at
 * 3/4 of the receiver's per-link budget in frames and bytes, which scales with the MTU
 * (link-rate.ts): 300 frames/s on BLE, up to 1 536 frames / 96 MiB per second on a 64 KiB link.
 * Frames go with the link's bulk hint when it has one (the transport manager's `sendBulk`), so
 * they prefer the fastest physical link.
 * @module
 */
import { isBitMeshError, type Link } from '@bitmesh/interface'
import type { NodeContext } from './context.js'
import type { LinkEntry } from './link-entry.js'
import { linkRate } from './link-rate.js'

/** Check the link's backlog again after this long when it had no room (virtual ms). */
export const FILE_PACER_POLL_MS = 10
/**
 * Frames a train may put on a BLE link (MTU ≤ 512) per {@link FILE_PACER_POLL_MS}: 300 frames/s,
 * below the 400 frames/s a BitMesh receiver accepts on such a link. Faster links get
 * {@link FILE_PACER_RATE_SHARE} of their larger budget (see {@link pacerTickBudget}).
 */
export const FILE_PACER_FRAMES_PER_TICK = 3
/** Share of the receiver's per-link budget (frames and bytes) a train uses: 3/4. */
export const FILE_PACER_RATE_SHARE = 0.75
/**
 * Fragment sets a node has in flight per link at once: 1. Further files on that link wait their
 * turn (FIFO), so a receiver's reassembly buffer (4 MiB, wire-format) holds at most one set per
 * sender and link — a 1 MiB file's set never pushes another sender's set out.
 */
export const MAX_FILE_TRAINS_PER_LINK = 1
/** Least bytes a train may keep queued on a link. */
export const FILE_PACER_MIN_WINDOW_BYTES = 4_096
/** Most bytes a train may keep queued on a link. */
export const FILE_PACER_MAX_WINDOW_BYTES = 512 * 1024
/** Window in link MTUs between the two bounds above. */
export const FILE_PACER_WINDOW_MTUS = 8

/** A link that accepts a bulk hint (the transport manager's managed link). */
interface BulkLink extends Link {
  sendBulk(frame: Uint8Array): boolean
}

function hasBulk(link: Link): link is BulkLink {
  return typeof (link as Partial<BulkLink>).sendBulk === 'function'
}

/**
 * Bytes a train may keep queued on a link of `mtu` bytes.
 * @param mtu - The link MTU.
 * @returns The window in bytes.
 */
export function pacerWindowBytes(mtu: number): number {
  return Math.min(FILE_PACER_MAX_WINDOW_BYTES, Math.max(FILE_PACER_MIN_WINDOW_BYTES, mtu * FILE_PACER_WINDOW_MTUS))
}

/**
 * Frames a train may put on a link of `mtu` bytes per {@link FILE_PACER_POLL_MS}, and their bytes.
 * @param mtu - The link MTU.
 * @returns Per-tick frame and byte budgets (at least one frame of one MTU).
 */
export function pacerTickBudget(mtu: number): { frames: number; bytes: number } {
  const rate = linkRate(mtu)
  const ticks = 1_000 / FILE_PACER_POLL_MS
  return {
    frames: Math.max(1, Math.floor((rate.frames * FILE_PACER_RATE_SHARE) / ticks)),
    bytes: Math.max(mtu, Math.floor((rate.bytes * FILE_PACER_RATE_SHARE) / ticks)),
  }
}

interface Train {
  readonly frames: readonly Uint8Array[]
  next: number
}

interface LinkTrains {
  /** Head runs, the rest wait (FIFO). */
  readonly queue: Train[]
  timer: number | undefined
}

/** Fragment trains of files in progress: one running per link, at most one timer per link. */
export class FilePacer {
  readonly #ctx: NodeContext
  readonly #links = new Map<LinkEntry, LinkTrains>()

  /** @param ctx - The node. */
  constructor(ctx: NodeContext) {
    this.#ctx = ctx
  }

  /** Trains in progress or waiting. */
  get active(): number {
    let n = 0
    for (const state of this.#links.values()) n += state.queue.length
    return n
  }

  /**
   * Send `frames` on `entry`, in order, as the link drains, after the trains already on it. A
   * link's trains stop when it closes, refuses a frame or the node stops (each file's resend
   * timer covers what was lost).
   * @param entry - The link.
   * @param frames - Fragment frames in index order.
   */
  start(entry: LinkEntry, frames: readonly Uint8Array[]): void {
    if (frames.length === 0) return
    let state = this.#links.get(entry)
    if (state === undefined) {
      state = { queue: [], timer: undefined }
      this.#links.set(entry, state)
    }
    state.queue.push({ frames, next: 0 })
    if (state.queue.length === 1) this.#pump(entry, state)
  }

  /** Stop every train (node stop). */
  clear(): void {
    for (const state of this.#links.values()) this.#ctx.timers.clear(state.timer)
    this.#links.clear()
  }

  #pump(entry: LinkEntry, state: LinkTrains): void {
    const ctx = this.#ctx
    const link = entry.link
    state.timer = undefined
    const window = pacerWindowBytes(link.mtu)
    const budget = pacerTickBudget(link.mtu)
    let frames = budget.frames
    let bytes = budget.bytes
    for (;;) {
      const train = state.queue[0]
      if (train === undefined || !ctx.running() || link.status !== 'open') {
        this.#links.delete(entry)
        return
      }
      if (train.next >= train.frames.length) {
        state.queue.shift()
        continue
      }
      const frame = train.frames[train.next]!
      // A fresh tick always sends one frame, so an oversized frame cannot stall the train.
      if (link.bufferedBytes >= window || frames === 0 || (bytes < frame.length && bytes !== budget.bytes)) {
        state.timer = ctx.timers.set(() => this.#pump(entry, state), FILE_PACER_POLL_MS)
        return
      }
      frames--
      bytes -= frame.length
      train.next++
      if (!this.#sendOne(entry, frame)) {
        // The link refused: drop its trains; the files' resend timers recover.
        this.#links.delete(entry)
        return
      }
    }
  }

  #sendOne(entry: LinkEntry, frame: Uint8Array): boolean {
    const ctx = this.#ctx
    const link = entry.link
    if (!hasBulk(link)) {
      ctx.sendOn(entry, frame, true)
      ctx.counters.fragmentsSent++
      return true
    }
    try {
      link.sendBulk(frame)
    } catch (error) {
      const code = isBitMeshError(error) ? error.code : 'error'
      ctx.drop(code === 'CAPACITY_EXCEEDED' ? 'capacity' : 'protocol', { detail: `file fragment on ${entry.key}: ${code}` })
      return false
    }
    ctx.counters.framesSent++
    ctx.counters.bytesSent += frame.length
    ctx.counters.fragmentsSent++
    return true
  }
}
