/**
 * Options and events of the transport manager.
 * @module
 */
import type { Clock, Link, Rng, Transport, TransportKind } from '@bitmesh/interface'

/** Options of {@link createTransportManager}. */
export interface TransportManagerOptions {
  /** The member transports (one per kind is usual). Started and stopped by the manager. */
  transports: ReadonlyArray<Transport>
  clock: Clock
  rng: Rng
  /** Kinds best first (default `['multipeer', 'wifi-direct', 'hotspot', 'ble']`); unlisted kinds rank last. */
  preference?: ReadonlyArray<TransportKind>
  /**
   * This node's identity, sent in HELLO so the peer's manager can group our links: a string or a
   * callback read at each new link (so the mesh's peer ID can be supplied once it is known).
   * Default: 16 random hex digits drawn from `rng` at `start()`.
   */
  localId?: string | (() => string)
  /** Largest frame the managed links accept (default 65 520 bytes: 64 KiB less the DATA header; at most 4 MiB). */
  mtu?: number
  /** Frames of at least this many bytes are bulk and prefer the fastest link (default 4 KiB). */
  bulkThresholdBytes?: number
  /** When it returns true, non-bulk frames go on the cheapest link (power cost) instead of the best ranked. */
  powerSaving?: () => boolean
  /** Relative energy cost per kind (default: ble 1 … hotspot 5). */
  powerCost?: Readonly<Record<string, number>>
  highWaterBytes?: number
  maxQueueBytes?: number
  windowFrames?: number
  windowBytes?: number
  rxBufferBytes?: number
  stallTimeoutMs?: number
  orphanTimeoutMs?: number
  helloTimeoutMs?: number
  maxNeighbours?: number
}

/** Detail of `link:upgrade` / `link:downgrade`. */
export interface LinkChoiceEvent {
  /** The managed link (one per neighbour). */
  link: Link
  /** The neighbour's node ID (what it sent in HELLO). */
  nodeId: string
  /** Kind and physical link ID chosen before, or `null`. */
  from: { kind: TransportKind; linkId: string } | null
  /** Kind and physical link ID chosen now, or `null` when no link is left. */
  to: { kind: TransportKind; linkId: string } | null
  /** Why: a link came up, went down (closed), stalled, or measurements changed the ranking. */
  reason: 'link-up' | 'link-down' | 'stall' | 'measured'
}

/** Events of the manager beyond the `Transport` ones. */
export interface TransportManagerExtraEvents {
  'link:upgrade': LinkChoiceEvent
  'link:downgrade': LinkChoiceEvent
}

/** Counters of a manager. */
export interface TransportManagerStats {
  /** Frames accepted by managed links' `send`. */
  framesQueued: number
  /** Frames delivered up. */
  framesDelivered: number
  /** Frames sent again on another link after a link failed. */
  framesRequeued: number
  /** Duplicate pieces or frames dropped by receivers. */
  duplicatesDropped: number
  /** Malformed or out-of-window envelopes dropped. */
  malformedDropped: number
  /** Links declared stalled. */
  stalls: number
  upgrades: number
  downgrades: number
  /** Physical links that never said HELLO and were passed through unchanged. */
  plainLinks: number
}

/** A snapshot of one neighbour for diagnostics. */
export interface NeighbourSnapshot {
  nodeId: string
  /** ID of the managed link. */
  linkId: string
  /** Kind currently chosen for normal frames, or `null`. */
  current: TransportKind | null
  links: Array<{ id: string; kind: TransportKind; success: number; rttMs?: number; throughputBytesPerSecond?: number }>
  /** Bytes waiting in the manager. */
  bufferedBytes: number
  /** Frames sent and not yet acknowledged. */
  inFlightFrames: number
}
