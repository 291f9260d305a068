/**
 * IPC messages between the orchestrator (`run.ts`) and the two peer processes (`peer.ts`).
 * @module
 */

/**
 * Which path a transfer takes: a plain TCP socket (`raw`), the full stack over the data plane
 * with the mesh's ingress digest (`full`), with the cheaper fragment-header key (`full-lean`), or
 * two mesh nodes' `sendFile` (`mesh`, wifi-direct only).
 */
export type TransferKind = 'raw' | 'full' | 'full-lean' | 'mesh'

/** What the tap in the sender process saw (correctness test only). */
export interface TapReport {
  plane: { bytesToTarget: number; markerSeen: boolean }
  raw: { bytesToTarget: number; markerSeen: boolean }
}

/** Orchestrator → peer. */
export type ToPeer =
  /** Sender: dial the receiver, run the Noise handshake, build a file of `bytes`. */
  | { t: 'connect'; peerId: string; rawPort: number; fingerprint: string | null; bytes: number; tap: boolean; meshPeerId: string | null }
  /** Hotspot credential request (to the receiver) or offer (to the sender), hex. */
  | { t: 'cred'; hex: string }
  /** Receiver: get ready for one transfer of `bytes`. */
  | { t: 'expect'; kind: TransferKind; bytes: number }
  /** Sender: start one transfer. */
  | { t: 'send'; kind: TransferKind }
  /** Sender: report CPU time since the last `send`. */
  | { t: 'cpu' }
  /** Both: shut down and report. */
  | { t: 'stop' }

/** Peer → orchestrator. */
export type FromPeer =
  | { t: 'ready'; peerId: string; rawPort: number; fingerprint: string | null; meshPeerId: string | null }
  | { t: 'cred'; hex: string }
  | { t: 'connected'; sha256: string; mtu: number }
  | { t: 'expecting' }
  /** Receiver: the last byte of the transfer arrived (sent before any verification work). */
  | { t: 'received'; kind: TransferKind; cpuMicros: number }
  /** Receiver: SHA-256 of the reassembled file (empty for raw transfers). */
  | { t: 'verified'; kind: TransferKind; sha256: string }
  | { t: 'cpu'; cpuMicros: number }
  | { t: 'stopped'; drops: Record<string, number>; tap: TapReport | null }
