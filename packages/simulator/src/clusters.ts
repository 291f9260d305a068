/**
 * Cluster mode in the simulator (issue #6): each node's device profile (OS, hotspot, battery)
 * and the per-node tracking of role, radio state and `drainMah` that yields the cluster metrics.
 *
 * **Population.** A mixed crowd: {@link ANDROID_SHARE} Android (every one hotspot-capable:
 * `LocalOnlyHotspot` exists on every Android since 8.0), the rest iOS. Batteries uniform in
 * {@link BATTERY_MIN_PERCENT}–100 %, {@link CHARGING_SHARE} on a power bank, estimated life
 * {@link EST_LIFE_MIN_PER_PERCENT} min per percent. Levels stay put over a run (minutes of
 * virtual time move a phone's battery by a percent or two).
 *
 * **Radio state** (drain model of `@bitmesh/cluster-election`), sampled every virtual second:
 * a head, or an awake node with links, is `ble-connected` (scanning + GATT; a head holds the CPU
 * awake); without links `ble-scan`; a member in light sleep (`lowPower`: links kept, the
 * transport scanning in cluster-member windows, 3 s of 15 s, 2 s beacon) `ble-member`; a member in deep sleep's
 * listen window `ble-scan`; asleep `ble-advertise`. The simulator has BLE only, so no head opens a hotspot (`wifi-ap`) and no
 * member joins one (`wifi-client`). Traffic: every frame's bytes are charged to both ends.
 * Baseline: `bitchatBaselineDrainMah` (an always-scanning bitchat node, 61 mA) with the same bytes.
 * @module
 */
import { bitchatBaselineDrainMah, drainMah, type ClusterRole, type RadioState } from '@bitmesh/cluster-election'
import type { MeshClusterOptions, MeshClusterState } from '@bitmesh/mesh'
import type { SeededRng } from './rng.js'

/**
 * Share of Android phones in the crowd: StatCounter's worldwide mobile OS share was ≈ 71 %
 * Android / 28 % iOS through 2024; rounded to 70 %.
 */
export const ANDROID_SHARE = 0.7
/** Lowest battery level at boot, percent (a phone below 20 % is usually on low-power mode or off). */
export const BATTERY_MIN_PERCENT = 20
/** Share of phones charging (power bank) for the whole run. */
export const CHARGING_SHARE = 0.1
/** Estimated life per percent of battery, minutes (10 h at 100 %, a mesh app running). */
export const EST_LIFE_MIN_PER_PERCENT = 6
/** Head changes are counted from this virtual time on (boot, first announces, first election), ms. */
export const CLUSTER_WARMUP_MS = 60_000

const MS_PER_HOUR = 3_600_000

/**
 * The device profile of one node.
 * @param rng - The node's cluster stream (a fork, so other streams are untouched).
 * @returns Options for `MeshNodeOptions.clusters`.
 */
export function clusterProfile(rng: SeededRng): MeshClusterOptions {
  const android = rng.next() < ANDROID_SHARE
  const level = BATTERY_MIN_PERCENT + rng.int(101 - BATTERY_MIN_PERCENT)
  const charging = rng.next() < CHARGING_SHARE
  const battery = { level, charging, estLifeMin: charging ? null : level * EST_LIFE_MIN_PER_PERCENT }
  return { os: android ? 'android' : 'ios', hotspotSupport: android, battery: () => battery }
}

/** Cluster figures of a run (`metrics.clusters`). */
export interface ClusterMetrics {
  /** Whether the nodes ran cluster mode. */
  enabled: boolean
  /** Share of Android nodes (all hotspot-capable). */
  androidShare: number
  /** Counting starts here, virtual s. */
  warmupS: number
  /** Node-hours after the warm-up. */
  nodeHours: number
  /** Affiliation changes (join, switch, lose, become/cease head) per node-hour after the warm-up. */
  headChangesPerNodeHour: number
  /** Leadership changes (became or stopped being head) per node-hour after the warm-up. */
  leadershipChangesPerNodeHour: number
  /** Time-averaged share of started nodes with a head (members and heads). */
  shareWithHead: number
  /** Time-averaged share of started nodes that are heads. */
  shareHeads: number
  /** Share of member time spent asleep (radio off but advertising). */
  memberSleepShare: number
  /** Simulated drain per role, mAh per node-hour (after the warm-up; `null` for a role never held). */
  drainMahPerHour: Record<ClusterRole, number | null> & { all: number | null }
  /** The always-scanning bitchat node with the same traffic, mAh per node-hour. */
  baselineMahPerHour: number | null
  /** 1 − member drain / baseline drain (positive = members save energy). */
  memberSavingVsBaseline: number | null
  /** The same saving if members in light sleep kept the CPU awake throughout (pessimistic bound). */
  memberSavingCpuAwakeBound: number | null
  /** Control packets (outer 0xB1) sent, summed over nodes. */
  controlSent: number
  /** Wake-on-advertisement hold queue and head-to-head carry counters, summed over nodes (mesh `MeshClusterState`). */
  wakeCarry: Record<(typeof WAKE_CARRY_KEYS)[number], number>
}

/** The wake / carry counters of `MeshClusterState` reported by the simulator. */
const WAKE_CARRY_KEYS = ['held', 'holdFlushed', 'holdExpired', 'holdEvicted', 'pollsSent', 'wakeUps', 'carryQueued', 'carrySent', 'carryReceived', 'carryTooLarge', 'carryExpired', 'carryEvicted'] as const

interface NodeWithCluster {
  readonly cluster?: MeshClusterState | null
}

const ROLES: readonly ClusterRole[] = ['none', 'member', 'head']

/** Per-node tracking of roles, radio states and drain. */
export class ClusterTracker {
  readonly #enabled: boolean
  readonly #warmupMs: number
  readonly #bytes: Float64Array
  readonly #changesAtWarmup: Float64Array
  readonly #rolesAtWarmup: Float64Array
  readonly #mah = { none: 0, member: 0, head: 0 }
  /** Member drain if light sleep kept the CPU awake throughout (the model's pessimistic bound). */
  #memberMahCpuAwake = 0
  readonly #hours = { none: 0, member: 0, head: 0 }
  #baselineMah = 0
  #samples = 0
  #withHead = 0
  #heads = 0
  #memberSamples = 0
  #memberAsleep = 0
  #warm = false

  /**
   * @param count - Honest nodes.
   * @param enabled - Cluster mode on.
   * @param durationMs - Run length (the warm-up is clipped to half of it).
   */
  constructor(count: number, enabled: boolean, durationMs: number) {
    this.#enabled = enabled
    this.#warmupMs = Math.min(CLUSTER_WARMUP_MS, durationMs / 2)
    this.#bytes = new Float64Array(count)
    this.#changesAtWarmup = new Float64Array(count)
    this.#rolesAtWarmup = new Float64Array(count)
  }

  /**
   * One frame on the air between honest nodes `a` → `b`.
   * @param a - Sender index (or −1).
   * @param b - Receiver index (or −1).
   * @param bytes - Frame size.
   */
  frame(a: number, b: number, bytes: number): void {
    if (a >= 0 && a < this.#bytes.length) this.#bytes[a] = this.#bytes[a]! + bytes
    if (b >= 0 && b < this.#bytes.length) this.#bytes[b] = this.#bytes[b]! + bytes
  }

  /**
   * Sample every node after `dtMs` of virtual time.
   * @param nodes - The nodes.
   * @param started - 1 where the node is on.
   * @param degree - Open links of node `i`.
   * @param elapsedMs - Virtual time now.
   * @param dtMs - Time since the previous sample.
   */
  sample(nodes: readonly object[], started: Uint8Array, degree: (i: number) => number, elapsedMs: number, dtMs: number): void {
    if (!this.#warm && elapsedMs >= this.#warmupMs) {
      this.#warm = true
      for (let i = 0; i < nodes.length; i++) {
        const s = (nodes[i] as NodeWithCluster).cluster
        this.#changesAtWarmup[i] = s?.headChanges ?? 0
        this.#rolesAtWarmup[i] = s?.roleChanges ?? 0
      }
    }
    const counting = this.#warm
    let on = 0
    for (let i = 0; i < nodes.length; i++) {
      const bytes = this.#bytes[i]!
      this.#bytes[i] = 0
      if (started[i] !== 1 || !counting) continue
      on++
      const s = (nodes[i] as NodeWithCluster).cluster ?? null
      const role: ClusterRole = s?.role ?? 'none'
      const phase = s?.phase ?? 'awake'
      const links = degree(i)
      let radio: RadioState
      if (phase === 'sleep') radio = 'ble-advertise'
      else if (phase === 'listen') radio = 'ble-scan'
      else if (s?.lowPower === true) radio = 'ble-member' // light sleep: links kept, cluster-member scanning
      else radio = links > 0 ? 'ble-connected' : 'ble-scan'
      const options = s === null ? {} : { beaconIntervalMs: s.beaconIntervalMs }
      const mah = drainMah(role, radio, dtMs, bytes, options)
      this.#mah[role] += mah
      if (role === 'member') this.#memberMahCpuAwake += radio === 'ble-member' ? drainMah(role, radio, dtMs, bytes, { ...options, memberCpuAlwaysAwake: true }) : mah
      this.#hours[role] += dtMs / MS_PER_HOUR
      this.#baselineMah += bitchatBaselineDrainMah(dtMs, bytes)
      if (role !== 'none') this.#withHead++
      if (role === 'head') this.#heads++
      if (role === 'member') {
        this.#memberSamples++
        if (phase === 'sleep') this.#memberAsleep++
      }
    }
    if (counting && on > 0) this.#samples += on
  }

  /**
   * The figures.
   * @param nodes - The nodes (for their final counters).
   * @returns Metrics.
   */
  metrics(nodes: readonly object[]): ClusterMetrics {
    let changes = 0
    let roleChanges = 0
    let controlSent = 0
    const wakeCarry = Object.fromEntries(WAKE_CARRY_KEYS.map((k) => [k, 0])) as ClusterMetrics['wakeCarry']
    for (let i = 0; i < nodes.length; i++) {
      const s = (nodes[i] as NodeWithCluster).cluster
      if (s === null || s === undefined) continue
      for (const k of WAKE_CARRY_KEYS) wakeCarry[k] += s[k] ?? 0 // absent on nodes of older builds
      changes += s.headChanges - this.#changesAtWarmup[i]!
      roleChanges += s.roleChanges - this.#rolesAtWarmup[i]!
      controlSent += s.controlSent
    }
    const hours = this.#hours.none + this.#hours.member + this.#hours.head
    const perHour = (mah: number, h: number): number | null => (h > 0 ? round(mah / h, 2) : null)
    const member = perHour(this.#mah.member, this.#hours.member)
    const baseline = perHour(this.#baselineMah, hours)
    const drain = Object.fromEntries(ROLES.map((r) => [r, perHour(this.#mah[r], this.#hours[r])])) as Record<ClusterRole, number | null>
    return {
      enabled: this.#enabled,
      androidShare: ANDROID_SHARE,
      warmupS: this.#warmupMs / 1000,
      nodeHours: round(hours, 3),
      headChangesPerNodeHour: hours > 0 ? round(changes / hours, 2) : 0,
      leadershipChangesPerNodeHour: hours > 0 ? round(roleChanges / hours, 2) : 0,
      shareWithHead: this.#samples > 0 ? round(this.#withHead / this.#samples, 3) : 0,
      shareHeads: this.#samples > 0 ? round(this.#heads / this.#samples, 3) : 0,
      memberSleepShare: this.#memberSamples > 0 ? round(this.#memberAsleep / this.#memberSamples, 3) : 0,
      drainMahPerHour: { ...drain, all: perHour(this.#mah.none + this.#mah.member + this.#mah.head, hours) },
      baselineMahPerHour: baseline,
      memberSavingVsBaseline: member !== null && baseline !== null && baseline > 0 ? round(1 - member / baseline, 3) : null,
      memberSavingCpuAwakeBound:
        member !== null && baseline !== null && baseline > 0 ? round(1 - this.#memberMahCpuAwake / this.#hours.member / baseline, 3) : null,
      controlSent,
      wakeCarry,
    }
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
