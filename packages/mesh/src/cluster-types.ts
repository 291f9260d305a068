/**
 * Public types of cluster mode (`MeshNodeOptions.clusters`, issue #6): the node's own status,
 * the events and the state snapshot. The logic is in `cluster.ts`.
 * @module
 */
import type { ClusterRole, ForwardingMode, NodeOs, SleepPhase } from '@bitmesh/cluster-election'

/** The node's battery as the app reads it (called once per scan window). */
export interface MeshBatteryStatus {
  /** Battery level, integer percent 0–100. */
  level: number
  /** On external power. */
  charging: boolean
  /** Estimated remaining life, minutes, or `null` when unknown. */
  estLifeMin: number | null
}

/** Options of cluster mode (DESIGN §6). */
export interface MeshClusterOptions {
  /** Operating system class (only Android-class nodes with a hotspot may become head). */
  os: NodeOs
  /** The device can open a local-only hotspot / Wi-Fi Direct group. */
  hotspotSupport: boolean
  /** Battery provider, read every scan window. */
  battery: () => MeshBatteryStatus
  /**
   * How registered members save power. `'light'` (default; `true` is the same): keep links, scan
   * in transport-ble's `cluster-member` windows (3 s of 15 s) unless a private conversation was
   * active in the last 30 s, beacon every 2 s. `'deep'`: 30 s cycles with the radio
   * off outside a 2 s listen window while no conversation is active. `false`: members stay fully
   * awake. A node without a head never sleeps: nobody would hold traffic for it.
   */
  sleep?: boolean | 'light' | 'deep'
  /**
   * How often the neighbour table takes one sample of each bound neighbour's beacon, ms.
   * Default 1 000 (scan results; see `cluster.ts` on why samples come from announces and links).
   */
  sampleIntervalMs?: number
  /** RSSI assumed for a link whose transport reports none, dBm. Default −75. */
  unknownRssiDbm?: number
}

/** Detail of `cluster:role`. */
export interface ClusterRoleEvent {
  /** New role. */
  role: ClusterRole
  /** Previous role. */
  previous: ClusterRole
  /** Head peer ID (hex; our own while head), or `null`. */
  headId: string | null
  /** `flat` without a head, `clustered` otherwise. */
  mode: 'flat' | 'clustered'
}

/** Detail of `cluster:head`: the node's head changed (joined, switched, lost, or it became/ceased head). */
export interface ClusterHeadEvent {
  /** New head (hex), or `null`. */
  headId: string | null
  /** Previous head (hex), or `null`. */
  previous: string | null
}

/** A snapshot of the node's cluster state (`MeshNode.cluster`). */
export interface MeshClusterState {
  role: ClusterRole
  /** Head peer ID (hex; our own while head), or `null`. */
  headId: string | null
  mode: 'flat' | 'clustered'
  /** Radio phase under the sleep schedule (`awake` for heads and nodes without a head). */
  phase: SleepPhase
  /** How this node forwards now (`forwardingMode` of `@bitmesh/cluster-election`). */
  forwarding: ForwardingMode['mode']
  /** Affiliation changes (join, switch, lose, become or cease head). */
  headChanges: number
  /** Times this node became or stopped being head. */
  roleChanges: number
  /** Members registered with us (heads). */
  members: number
  /** Neighbours in the cluster neighbour table. */
  neighbors: number
  /** Beacon interval the power policy picks for our battery (and role), ms. */
  beaconIntervalMs: number
  /** A member in light sleep: links kept, transports scanning in `cluster-member` windows. */
  lowPower: boolean
  /** Our battery level, percent (last read). */
  batteryLevel: number
  /** Control packets (outer type 0xB1) sent / accepted. */
  controlSent: number
  controlReceived: number
  /** Frames ignored while asleep (radio off). */
  asleepIgnored: number
  /** Messages held in, and sent from, the 2-minute fallback buffer. */
  buffered: number
  bufferFlushed: number
  /** Beacons accepted from scanned advertisements / advertisements with undecodable beacons. */
  beaconsScanned: number
  badBeacons: number
  /** Head-table gossip pages sent to adjacent heads (every 10 s, TTL 5) / accepted from them. */
  headTablesSent: number
  headTablesReceived: number
  /** Head: private frames held for members in deep sleep / handed over when they polled or woke. */
  held: number
  holdFlushed: number
  /** Head: frames held now, and our beacon's wake bit ("I hold traffic for sleeping members"). */
  holding: number
  wake: boolean
  /** Head: held frames dropped after 2 minutes / pushed out by the queue's bounds or a member leaving. */
  holdExpired: number
  holdEvicted: number
  /** Member: times private traffic in a listen window woke us / polls sent to our head. */
  wakeUps: number
  pollsSent: number
  /** Head: frames queued for adjacent heads / `carry` controls sent / received and fed to our ingress. */
  carryQueued: number
  carrySent: number
  carryReceived: number
  /** Head: frames waiting for the next gossip round now. */
  carryQueuedNow: number
  /** Head: queued frames dropped after 2 minutes / pushed out by the bounds / over the carry size. */
  carryExpired: number
  carryEvicted: number
  carryTooLarge: number
}
