/**
 * Per-peer state held by the session manager. Internal.
 * @module
 */
import type { TimerHandle } from '@bitmesh/interface'
import type { HandshakeState } from '../handshake-state.js'
import { BoundedByteQueue, type ByteBudget } from './byte-queue.js'
import type { ResolvedLimits } from './limits.js'
import type { EstablishedSession } from './session.js'
import type { NoiseRole } from './types.js'

/** A handshake in progress with one peer. */
export interface PendingHandshake {
  /** The Noise state. */
  readonly state: HandshakeState
  /** Our role. */
  readonly role: NoiseRole
  /** Timeout timer (initiator or responder timeout). */
  readonly timer: TimerHandle
}

/**
 * Everything the manager holds about one peer. Invariant: while `handshake` is set, `session`
 * is `null` (a session being replaced has moved to `retired`, receive-only).
 */
export class PeerEntry {
  /** 16 lowercase hex characters. */
  readonly id: string
  /** The session payloads are sent with, or `null`. */
  session: EstablishedSession | null = null
  /** A replaced session kept receive-only until the new one completes or its timer fires. */
  retired: EstablishedSession | null = null
  /** Timer that destroys {@link PeerEntry.retired}. */
  retiredTimer: TimerHandle | null = null
  /** The handshake in progress, or `null`. */
  handshake: PendingHandshake | null = null
  /** Payloads (our copies) waiting for the handshake, oldest first. */
  readonly queue: BoundedByteQueue
  /** Transport frames that arrived while we waited for message 3 as responder. */
  readonly inbound: BoundedByteQueue
  /** The last message 1 accepted from this peer, to ignore mesh duplicates of it. */
  lastInitiation: Uint8Array | null = null
  /** When {@link PeerEntry.lastInitiation} was accepted. */
  lastInitiationAtMs = 0
  /** Authentication failures since the last authenticated frame. */
  consecutiveFailures = 0

  /**
   * @param id - peer ID (lowercase hex).
   * @param limits - queue caps.
   * @param budget - total queued-bytes allowance shared by all peers.
   */
  constructor(id: string, limits: ResolvedLimits, budget: ByteBudget) {
    this.id = id
    this.queue = new BoundedByteQueue(limits.maxQueuedPayloadsPerPeer, limits.maxQueuedBytesPerPeer, budget)
    this.inbound = new BoundedByteQueue(limits.maxBufferedInboundFramesPerPeer, limits.maxBufferedInboundBytesPerPeer)
  }

  /** Whether the entry holds nothing worth keeping (it can be removed from the table). */
  get idle(): boolean {
    return (
      this.session === null &&
      this.retired === null &&
      this.handshake === null &&
      this.queue.length === 0 &&
      this.inbound.length === 0
    )
  }

  /** Whether we wait for message 3 as responder (frames from the initiator may already arrive). */
  get awaitingFinalMessage(): boolean {
    return this.handshake !== null && this.handshake.role === 'responder' && this.handshake.state.status === 'read'
  }
}
