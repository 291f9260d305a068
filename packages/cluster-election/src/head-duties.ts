/**
 * What a head does besides being elected (DESIGN §6): every 10 s it gossips its neighbour table
 * and the messages queued for other clusters to each adjacent head, TTL 5; it learns from other
 * heads' tables which head each remote peer sits behind, so it can bridge clusters.
 * Pure state machine: time comes in as `nowMs`, packets leave through the injected `send`.
 * @module
 */
import { HEAD_GOSSIP_INTERVAL_MS, HEAD_GOSSIP_TTL, FALLBACK_MAX_AGE_MS } from './constants.js'
import { encodeClusterControl, HEAD_TABLE_MAX_ENTRIES, type HeadTableEntry } from './control.js'
import { idKey } from './id-key.js'

/** Why a queued message left the head queue without being sent. */
export type HeadQueueDropReason = 'expired' | 'evicted' | 'tooLarge'

/** Outputs of {@link HeadDuties}; the mesh wraps them in outer packets. */
export interface HeadSend {
  /** Send a cluster control payload (type `0xB1`, here a head table page) to `to` with hop budget `ttl`. */
  control(to: Uint8Array, payload: Uint8Array, ttl: number): void
  /** Forward a queued, already-encoded bitchat frame to head `to` with hop budget `ttl`. */
  frame(to: Uint8Array, frame: Uint8Array, ttl: number): void
}

/** Options of {@link HeadDuties}. */
export interface HeadDutiesOptions {
  /** This head's peer ID. */
  selfId: Uint8Array
  /** Where packets go. */
  send: HeadSend
  /** Gossip period (default 10 s). */
  gossipIntervalMs?: number
  /** Hop budget of gossip (default 5). */
  ttl?: number
  /** An adjacent head not heard of for this long is dropped (default 3 gossip periods). */
  adjacentTimeoutMs?: number
  /** Most queued messages (default 256). */
  queueCapacity?: number
  /** Most queued bytes (default 256 KiB). */
  queueBytes?: number
  /** A queued message older than this is dropped (default 2 min). */
  maxAgeMs?: number
  /**
   * Largest frame accepted by {@link HeadDuties.enqueue}, bytes (default: the byte budget). The
   * mesh sets `CARRY_MAX_FRAME_BYTES`, what one `carry` control can hold.
   */
  maxFrameBytes?: number
  /** Most remote peers remembered from other heads' tables (default 4 096). */
  directoryCapacity?: number
  /** Called for each message dropped from the queue. */
  onDrop?: (reason: HeadQueueDropReason, frame: Uint8Array) => void
}

interface Queued {
  frame: Uint8Array
  /** Target head key, or `null` for every adjacent head. */
  to: string | null
  atMs: number
}

interface Remote {
  head: Uint8Array
  atMs: number
}

/** The head's periodic duties: table gossip, queued messages, cluster directory. */
export class HeadDuties {
  /** Gossip period, ms. */
  readonly gossipIntervalMs: number
  /** Gossip hop budget. */
  readonly ttl: number
  private readonly selfId: Uint8Array
  private readonly send: HeadSend
  private readonly adjacentTimeoutMs: number
  private readonly queueCapacity: number
  private readonly queueBytes: number
  private readonly maxAgeMs: number
  private readonly maxFrameBytes: number
  private readonly directoryCapacity: number
  private readonly onDrop: HeadDutiesOptions['onDrop']
  private readonly adjacent = new Map<string, { id: Uint8Array; atMs: number }>()
  private readonly directory = new Map<string, Remote>()
  private queue: Queued[] = []
  private bytes = 0
  private nextGossipMs: number | null = null
  private epoch = 0
  /** Messages dropped, per reason. */
  readonly drops: Record<HeadQueueDropReason, number> = { expired: 0, evicted: 0, tooLarge: 0 }

  /**
   * @param options - Identity, send functions and bounds.
   * @throws TypeError when `selfId` is not 8 bytes.
   * @throws RangeError for non-positive periods or capacities.
   */
  constructor(options: HeadDutiesOptions) {
    if (!(options.selfId instanceof Uint8Array) || options.selfId.length !== 8) throw new TypeError('selfId must be 8 bytes')
    this.selfId = options.selfId.slice()
    this.send = options.send
    this.gossipIntervalMs = options.gossipIntervalMs ?? HEAD_GOSSIP_INTERVAL_MS
    this.ttl = options.ttl ?? HEAD_GOSSIP_TTL
    this.adjacentTimeoutMs = options.adjacentTimeoutMs ?? 3 * this.gossipIntervalMs
    this.queueCapacity = options.queueCapacity ?? 256
    this.queueBytes = options.queueBytes ?? 256 * 1024
    this.maxAgeMs = options.maxAgeMs ?? FALLBACK_MAX_AGE_MS
    this.maxFrameBytes = Math.min(options.maxFrameBytes ?? this.queueBytes, this.queueBytes)
    this.directoryCapacity = options.directoryCapacity ?? 4096
    this.onDrop = options.onDrop
    for (const v of [this.gossipIntervalMs, this.adjacentTimeoutMs, this.queueCapacity, this.queueBytes, this.maxAgeMs, this.directoryCapacity, this.maxFrameBytes]) {
      if (!(v > 0)) throw new RangeError('periods and capacities must be positive')
    }
    if (!Number.isInteger(this.ttl) || this.ttl < 1 || this.ttl > 255) throw new RangeError('ttl must be 1–255')
  }

  /** Messages waiting for the next gossip round. */
  get queued(): number {
    return this.queue.length
  }

  /** Adjacent heads currently known. */
  get adjacentCount(): number {
    return this.adjacent.size
  }

  /**
   * Note an adjacent head: heard in a scan (a `head` beacon too far to merge), named by a member,
   * or the sender of a head table.
   * @param id - Its peer ID.
   * @param nowMs - When.
   */
  noteAdjacentHead(id: Uint8Array, nowMs: number): void {
    const key = idKey(id)
    if (key === idKey(this.selfId)) return
    const e = this.adjacent.get(key)
    if (e !== undefined) e.atMs = nowMs
    else this.adjacent.set(key, { id: id.slice(), atMs: nowMs })
  }

  /**
   * Queue an encoded frame for other clusters; it leaves at the next gossip round.
   * @param frame - Encoded bitchat packet (kept by reference; do not mutate).
   * @param nowMs - When.
   * @param toHead - A specific head (for example from {@link headFor}), or `null` for all adjacent heads.
   * @returns Whether it was queued (`false`: larger than `maxFrameBytes`, counted as `tooLarge`).
   */
  enqueue(frame: Uint8Array, nowMs: number, toHead: Uint8Array | null = null): boolean {
    if (frame.length > this.maxFrameBytes) {
      this.drop('tooLarge', frame)
      return false
    }
    while (this.queue.length >= this.queueCapacity || this.bytes + frame.length > this.queueBytes) {
      const old = this.queue.shift()!
      this.bytes -= old.frame.length
      this.drop('evicted', old.frame)
    }
    this.queue.push({ frame, to: toHead === null ? null : idKey(toHead), atMs: nowMs })
    this.bytes += frame.length
    return true
  }

  /**
   * Record another head's table page: its rows become "reachable behind that head".
   * @param fromHead - The sending head.
   * @param entries - The page's rows.
   * @param nowMs - When.
   */
  onHeadTable(fromHead: Uint8Array, entries: readonly HeadTableEntry[], nowMs: number): void {
    this.noteAdjacentHead(fromHead, nowMs)
    const head = this.adjacent.get(idKey(fromHead))?.id ?? fromHead.slice()
    for (const e of entries) {
      const key = idKey(e.id)
      const cur = this.directory.get(key)
      if (cur !== undefined) {
        cur.head = head
        cur.atMs = nowMs
        // Re-insert so Map order stays oldest-first for eviction.
        this.directory.delete(key)
        this.directory.set(key, cur)
        continue
      }
      if (this.directory.size >= this.directoryCapacity) {
        const oldest = this.directory.keys().next().value as string
        this.directory.delete(oldest)
      }
      this.directory.set(key, { head, atMs: nowMs })
    }
  }

  /**
   * Which adjacent head a remote peer sits behind, per the latest tables.
   * @param peerId - Remote peer ID.
   * @param nowMs - Current time (entries older than the adjacency timeout are ignored).
   * @returns The head's peer ID or `null`.
   */
  headFor(peerId: Uint8Array, nowMs: number): Uint8Array | null {
    const r = this.directory.get(idKey(peerId))
    return r !== undefined && nowMs - r.atMs <= this.adjacentTimeoutMs ? r.head : null
  }

  /**
   * Run due duties. Call from the mesh's timer (any period ≤ the gossip interval).
   * @param nowMs - Current time.
   * @param table - This head's neighbour rows (members first), at most 255 pages of 32.
   * @returns How many control payloads and frames were sent this call.
   */
  tick(nowMs: number, table: readonly HeadTableEntry[]): { tables: number; frames: number } {
    if (this.nextGossipMs === null) this.nextGossipMs = nowMs + this.gossipIntervalMs
    this.expire(nowMs)
    if (nowMs < this.nextGossipMs) return { tables: 0, frames: 0 }
    this.nextGossipMs = nowMs + this.gossipIntervalMs
    this.epoch = (this.epoch + 1) >>> 0
    let tables = 0
    let frames = 0
    if (this.adjacent.size === 0) return { tables, frames }
    const rows = table.slice(0, 255 * HEAD_TABLE_MAX_ENTRIES)
    const pages = Math.max(1, Math.ceil(rows.length / HEAD_TABLE_MAX_ENTRIES))
    const payloads: Uint8Array[] = []
    for (let p = 0; p < pages; p++) {
      const entries = rows.slice(p * HEAD_TABLE_MAX_ENTRIES, (p + 1) * HEAD_TABLE_MAX_ENTRIES)
      payloads.push(encodeClusterControl({ kind: 'headTable', epoch: this.epoch, page: p, pages, entries }))
    }
    for (const head of this.adjacent.values()) {
      for (const payload of payloads) {
        this.send.control(head.id, payload, this.ttl)
        tables++
      }
    }
    frames = this.sendQueued(nowMs)
    return { tables, frames }
  }

  /**
   * Send the queued frames to their adjacent heads now, without waiting for the gossip round.
   * Each frame travels in its own packet, so waiting batches nothing; and a Noise handshake
   * across two clusters needs its reply within the initiator's 10 s timeout, which a 10 s wait
   * in each direction would often miss.
   * @param nowMs - Current time.
   * @returns How many frames were sent.
   */
  sendQueued(nowMs: number): number {
    this.expire(nowMs)
    if (this.queue.length === 0 || this.adjacent.size === 0) return 0
    let frames = 0
    for (const [key, head] of this.adjacent) {
      for (const q of this.queue) {
        if (q.to !== null && q.to !== key) continue
        this.send.frame(head.id, q.frame, this.ttl)
        frames++
      }
    }
    // Targeted messages whose head is not adjacent (any more) stay queued until they expire.
    const kept: Queued[] = []
    let bytes = 0
    for (const q of this.queue) {
      if (q.to !== null && !this.adjacent.has(q.to)) {
        kept.push(q)
        bytes += q.frame.length
      }
    }
    this.queue = kept
    this.bytes = bytes
    return frames
  }

  /** Forget adjacency, directory and queue (on resignation). Queued messages are not reported as drops. */
  reset(): void {
    this.adjacent.clear()
    this.directory.clear()
    this.queue = []
    this.bytes = 0
    this.nextGossipMs = null
  }

  private expire(nowMs: number): void {
    for (const [k, a] of this.adjacent) if (nowMs - a.atMs > this.adjacentTimeoutMs) this.adjacent.delete(k)
    for (const [k, r] of this.directory) if (nowMs - r.atMs > this.adjacentTimeoutMs) this.directory.delete(k)
    if (this.queue.length === 0 || nowMs - this.queue[0]!.atMs <= this.maxAgeMs) return
    const kept: Queued[] = []
    for (const q of this.queue) {
      if (nowMs - q.atMs > this.maxAgeMs) {
        this.bytes -= q.frame.length
        this.drop('expired', q.frame)
      } else kept.push(q)
    }
    this.queue = kept
  }

  private drop(reason: HeadQueueDropReason, frame: Uint8Array): void {
    this.drops[reason]++
    this.onDrop?.(reason, frame)
  }
}
