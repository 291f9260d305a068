/**
 * Per-node cluster election, stepped once per closed scan window. Pure: time comes in as
 * `nowMs`, messages leave through the injected `send`.
 *
 * Rules (defaults in `constants.ts`):
 * * **Join.** A node without a head joins the head it hears strongest (smoothed RSSI ≥
 *   `joinRssiDbm`, ≈ 30 m); ties by battery, then life, then lower ID. It sends `register`
 *   and re-registers every 30 s. A `full` answer backs that head off for 60 s.
 * * **Hysteresis.** A member keeps a head heard at ≥ `stickyRssiDbm` (≈ 13 m) whatever else
 *   it hears; below that it switches only when another head beats its head by `hysteresisDb`
 *   (6 dB) for `hysteresisWindows` (3) consecutive windows, and it leaves a head that fades below
 *   `joinRssiDbm − hysteresisDb` for as long.
 * * **Re-election.** A head whose battery drops below 20 % (or that becomes ineligible) resigns;
 *   members drop a head that resigns, advertises a low battery, stops advertising `head`, or
 *   misses `headMissWindows` (3) windows of beacons.
 * * **Promotion.** With no head in range, an eligible node (Android, hotspot, battery > 30 %)
 *   that outranks every eligible candidate it hears (see `rank.ts`) for `promoteWindows` (2)
 *   consecutive windows becomes head — unless a live head is heard just outside the join range
 *   (above `joinRssiDbm − hysteresisDb`): then it stays flat and waits for that head, for at most
 *   `promoteGuardWindows` (6) windows.
 * * **Merge.** Two heads that hear each other at ≥ `mergeRssiDbm` for `hysteresisWindows`
 *   windows: the lower-ranked one resigns, naming the other as successor.
 * * **Flat mode.** With no head in range and no eligible node (an all-iOS room), every node stays
 *   role `none`: `mode` is `flat` and the router keeps its flat `bitmesh` policy.
 *
 * While the sleep schedule has the radio off, neither tick the table nor step the election (a
 * sleeping member would otherwise count its own sleep as missed head beacons).
 * @module
 */
import { type Beacon, type ClusterRole, type NodeOs } from './beacon.js'
import {
  HEAD_MIN_BATTERY_TO_BECOME,
  HEAD_MIN_BATTERY_TO_STAY,
  HEAD_MISS_WINDOWS,
  HYSTERESIS_DB,
  HYSTERESIS_WINDOWS,
  JOIN_RSSI_DBM,
  MERGE_RSSI_DBM,
  PROMOTE_GUARD_WINDOWS,
  PROMOTE_WINDOWS,
  STICKY_RSSI_DBM,
  REFUSED_HEAD_BACKOFF_MS,
  REGISTER_REFRESH_MS,
  RSSI_TIE_DB,
} from './constants.js'
import { type ClusterControlMessage, type HeadTableEntry, type ResignReason } from './control.js'
import { compareIds, idKey } from './id-key.js'
import { MemberRegistry } from './member-registry.js'
import { type ClusterNeighborTable, type NeighborEntry } from './neighbor-table.js'
import { canBecomeHead, canStayHead, compareCandidates, type CandidateView } from './rank.js'

/** This node's own state, as it would advertise it. */
export interface SelfStatus {
  /** Operating system class. */
  os: NodeOs
  /** Can open a local-only hotspot. */
  hotspotSupport: boolean
  /** On external power. */
  charging: boolean
  /** Battery level, integer percent. */
  batteryLevel: number
  /** Estimated remaining life in minutes, or `null`. */
  estBatteryLifeMin: number | null
}

/** Tunables of the election (all optional; defaults from DESIGN §6 and `constants.ts`). */
export interface ElectionConfig {
  /** Weakest smoothed RSSI of a joinable head, dBm. */
  joinRssiDbm: number
  /** Two heads at least this strong to each other merge, dBm. */
  mergeRssiDbm: number
  /** A member ignores challengers while its head is at least this strong, dBm. */
  stickyRssiDbm: number
  /** Margin a challenger head needs, dB. */
  hysteresisDb: number
  /** Consecutive windows a challenge (or fade, or merge) must last. */
  hysteresisWindows: number
  /** Width of the candidate score buckets, dB. */
  rssiTieDb: number
  /** Windows without a beacon after which a head is gone. */
  headMissWindows: number
  /** Windows a node must rank first before claiming. */
  promoteWindows: number
  /** Most windows an eligible node waits for a live head heard just outside the join range. */
  promoteGuardWindows: number
  /** Registration refresh period, ms. */
  registerRefreshMs: number
  /** How long a head that answered `full` is skipped, ms. */
  refusedHeadBackoffMs: number
  /** Battery (percent) a node needs above to become head. */
  minBatteryToBecome: number
  /** Battery (percent) a head needs at least to stay head. */
  minBatteryToStay: number
}

/** Options of {@link ClusterElection}. */
export interface ElectionOptions extends Partial<ElectionConfig> {
  /** This node's 8-byte peer ID. */
  selfId: Uint8Array
  /** This node's status. */
  self: SelfStatus
  /** The neighbour table the scanner fills. */
  table: ClusterNeighborTable
  /**
   * Emit a cluster control message: `to` is the recipient's peer ID, or `null` for a one-hop
   * broadcast. The mesh wraps it in an outer packet of type `0xB1`, signs and sends it.
   */
  send: (to: Uint8Array | null, msg: ClusterControlMessage) => void
  /** A head's member registry (default: a new one with 128 members). */
  registry?: MemberRegistry
}

/** Cluster election state machine of one node. */
export class ClusterElection {
  /** Effective configuration. */
  readonly config: Readonly<ElectionConfig>
  /** This node's peer ID. */
  readonly selfId: Uint8Array
  /** Members registered with this node while it is head. */
  readonly registry: MemberRegistry
  /** Current role. */
  role: ClusterRole = 'none'
  /** Current head (this node's own ID while head), or `null`. */
  headId: Uint8Array | null = null
  /** Times this node's head changed (joining, switching, losing one, becoming or ceasing to be head). */
  headChanges = 0
  /** Times this node became head or stopped being head (the neighbourhood's leadership changed). */
  roleChanges = 0
  /** This node's neighbourhood score from the last step, dBm (advertised in its beacon). */
  score: number | null = null

  private self: SelfStatus
  private readonly table: ClusterNeighborTable
  private readonly send: ElectionOptions['send']
  private readonly selfKey: string
  private headKey: string | null = null
  private challengerKey: string | null = null
  private challengeCount = 0
  private fadeCount = 0
  private mergeKey: string | null = null
  private mergeCount = 0
  private promoteCount = 0
  private guardCount = 0
  private guardClear = 0
  private nextRegisterMs = 0
  private readonly backoff = new Map<string, number>()

  /**
   * @param options - Identity, status, table, send function and tunables.
   * @throws TypeError when `selfId` is not 8 bytes.
   * @throws RangeError when a window count is not an integer ≥ 0.
   */
  constructor(options: ElectionOptions) {
    if (!(options.selfId instanceof Uint8Array) || options.selfId.length !== 8) throw new TypeError('selfId must be 8 bytes')
    this.selfId = options.selfId.slice()
    this.selfKey = idKey(this.selfId)
    this.self = { ...options.self }
    this.table = options.table
    this.send = options.send
    this.registry = options.registry ?? new MemberRegistry()
    this.config = {
      joinRssiDbm: options.joinRssiDbm ?? JOIN_RSSI_DBM,
      mergeRssiDbm: options.mergeRssiDbm ?? MERGE_RSSI_DBM,
      stickyRssiDbm: options.stickyRssiDbm ?? STICKY_RSSI_DBM,
      hysteresisDb: options.hysteresisDb ?? HYSTERESIS_DB,
      hysteresisWindows: options.hysteresisWindows ?? HYSTERESIS_WINDOWS,
      rssiTieDb: options.rssiTieDb ?? RSSI_TIE_DB,
      headMissWindows: options.headMissWindows ?? HEAD_MISS_WINDOWS,
      promoteWindows: options.promoteWindows ?? PROMOTE_WINDOWS,
      promoteGuardWindows: options.promoteGuardWindows ?? PROMOTE_GUARD_WINDOWS,
      registerRefreshMs: options.registerRefreshMs ?? REGISTER_REFRESH_MS,
      refusedHeadBackoffMs: options.refusedHeadBackoffMs ?? REFUSED_HEAD_BACKOFF_MS,
      minBatteryToBecome: options.minBatteryToBecome ?? HEAD_MIN_BATTERY_TO_BECOME,
      minBatteryToStay: options.minBatteryToStay ?? HEAD_MIN_BATTERY_TO_STAY,
    }
    // A NaN or negative count would silently disable its rule (`++n <= NaN` is never true).
    for (const k of ['hysteresisWindows', 'headMissWindows', 'promoteWindows', 'promoteGuardWindows'] as const) {
      if (!Number.isInteger(this.config[k]) || this.config[k] < 0) throw new RangeError(`${k} must be an integer ≥ 0`)
    }
  }

  /** `flat` while this node has no head (plain bitmesh relaying), else `clustered`. */
  get mode(): 'flat' | 'clustered' {
    return this.role === 'none' ? 'flat' : 'clustered'
  }

  /**
   * Update this node's own status (battery, charging, …); takes effect at the next step.
   * @param status - Fields to change.
   */
  setSelf(status: Partial<SelfStatus>): void {
    Object.assign(this.self, status)
  }

  /**
   * The beacon this node advertises now.
   * @param wake - Head only: set when it holds traffic for sleeping members.
   * @returns A beacon (its `id` is this node's ID; do not mutate).
   */
  beacon(wake = false): Beacon {
    return {
      id: this.selfId,
      os: this.self.os,
      role: this.role,
      hotspotSupport: this.self.hotspotSupport,
      charging: this.self.charging,
      batteryLevel: this.self.batteryLevel,
      estBatteryLifeMin: this.self.estBatteryLifeMin,
      wake: wake && this.role === 'head',
      neighborhoodRssiDbm: this.score,
    }
  }

  /**
   * The rows a head gossips (`HeadDuties.tick`): its registered members with the smoothed RSSI
   * it hears them at (−128 when not heard) and their last battery level.
   * @returns A new array; empty unless this node is head.
   */
  headTableRows(): HeadTableEntry[] {
    if (this.role !== 'head') return []
    const rows: HeadTableEntry[] = []
    for (const m of this.registry.values()) {
      const e = this.table.get(m.id)
      const rssi = e === undefined ? -128 : Math.max(-128, Math.min(127, Math.round(e.ewmaDbm)))
      rows.push({ id: m.id, rssiDbm: rssi, batteryLevel: m.beacon.batteryLevel })
    }
    return rows
  }

  /**
   * Run one election step; call right after the table closed a window.
   * @param nowMs - Current time.
   * @returns Whether the role or head changed.
   */
  step(nowMs: number): boolean {
    const before = this.headKey
    const beforeRole = this.role
    this.score = this.table.neighborhoodScore()
    for (const [k, until] of this.backoff) if (until <= nowMs) this.backoff.delete(k)
    if (this.role === 'head') this.stepHead(nowMs)
    else if (this.role === 'member') this.stepMember(nowMs)
    else this.stepNone(nowMs)
    return before !== this.headKey || beforeRole !== this.role
  }

  private setRole(role: ClusterRole): void {
    if ((role === 'head') !== (this.role === 'head')) this.roleChanges++
    this.role = role
  }

  /**
   * Handle a verified cluster control message addressed to this node (or broadcast).
   * @param from - Sender peer ID (the outer packet's verified sender).
   * @param msg - Decoded payload.
   * @param nowMs - Current time.
   */
  onControl(from: Uint8Array, msg: ClusterControlMessage, nowMs: number): void {
    const fromKey = idKey(from)
    switch (msg.kind) {
      case 'register': {
        // A beacon must describe its sender; anything else is a forgery or a bug.
        if (compareIds(msg.beacon.id, from) !== 0) return
        const status = this.role === 'head' ? this.registry.register(msg.beacon, nowMs) : 'notHead'
        this.send(from, { kind: 'registerAck', status, leaseSec: status === 'accepted' ? Math.round(this.registry.leaseMs / 1000) : 0 })
        return
      }
      case 'deregister':
        this.registry.remove(from)
        return
      case 'registerAck':
        if (fromKey === this.headKey && this.role === 'member' && msg.status !== 'accepted') {
          this.backoff.set(fromKey, nowMs + this.config.refusedHeadBackoffMs)
          this.dropHead()
        }
        return
      case 'resign': {
        const entry = this.table.get(fromKey)
        // Until its next beacon the table still says "head"; correct it so we do not rejoin.
        if (entry !== undefined) entry.beacon.role = 'none'
        if (fromKey === this.headKey && this.role === 'member') {
          this.dropHead()
          const successor = msg.successor === null ? undefined : this.table.get(msg.successor)
          if (successor !== undefined && this.joinable(successor)) this.join(successor, nowMs)
        }
        return
      }
      case 'headTable':
        return // head duties, not election
    }
  }

  private stepHead(nowMs: number): void {
    const me = this.candidateSelf()
    if (!canStayHead(me, this.config.minBatteryToStay)) {
      this.resign(me.batteryLevel < this.config.minBatteryToStay ? 'lowBattery' : 'ineligible', null)
      this.stepNone(nowMs)
      return
    }
    this.registry.expire(nowMs)
    let rival: NeighborEntry | undefined
    for (const e of this.table.values()) {
      if (e.beacon.role !== 'head' || e.missedWindows !== 0 || e.ewmaDbm < this.config.mergeRssiDbm) continue
      if (!canStayHead(e.beacon, this.config.minBatteryToStay)) continue
      if (compareCandidates(e.beacon, me, this.config.rssiTieDb) <= 0) continue
      if (rival === undefined || compareCandidates(e.beacon, rival.beacon, this.config.rssiTieDb) > 0) rival = e
    }
    if (rival === undefined) {
      this.mergeKey = null
      this.mergeCount = 0
      return
    }
    this.mergeCount = rival.key === this.mergeKey ? this.mergeCount + 1 : 1
    this.mergeKey = rival.key
    if (this.mergeCount >= this.config.hysteresisWindows) {
      this.resign('merged', rival.beacon.id)
      this.join(rival, nowMs)
    }
  }

  private stepMember(nowMs: number): void {
    const head = this.headKey === null ? undefined : this.table.get(this.headKey)
    if (head === undefined || !this.headAlive(head)) {
      this.dropHead()
      this.stepNone(nowMs)
      return
    }
    // Fade: the head drifted out of the neighbourhood.
    if (head.ewmaDbm < this.config.joinRssiDbm - this.config.hysteresisDb) {
      if (++this.fadeCount >= this.config.hysteresisWindows) {
        this.dropHead()
        this.stepNone(nowMs)
        return
      }
    } else this.fadeCount = 0
    // Challenge: another head clearly stronger, for long enough.
    const challenger = head.ewmaDbm >= this.config.stickyRssiDbm ? undefined : this.bestHead(head.key)
    if (challenger !== undefined && challenger.ewmaDbm >= head.ewmaDbm + this.config.hysteresisDb) {
      this.challengeCount = challenger.key === this.challengerKey ? this.challengeCount + 1 : 1
      this.challengerKey = challenger.key
      if (this.challengeCount >= this.config.hysteresisWindows) {
        this.send(head.beacon.id, { kind: 'deregister' })
        this.join(challenger, nowMs)
        return
      }
    } else {
      this.challengerKey = null
      this.challengeCount = 0
    }
    if (nowMs >= this.nextRegisterMs) this.register(head, nowMs)
  }

  private stepNone(nowMs: number): void {
    const best = this.bestHead(null)
    if (best !== undefined) {
      this.join(best, nowMs)
      return
    }
    const me = this.candidateSelf()
    if (!canBecomeHead(me, this.config.minBatteryToBecome)) {
      this.promoteCount = 0
      return // flat: no head in range and we cannot lead
    }
    // A live head just outside the join range (between join and join − hysteresis): wait, flat,
    // for it (or another) to come within range instead of founding a cluster at its edge that
    // would merge back into it a minute later — but not for ever: a head that stays at the edge
    // is not coming, and waiting longer leaves this neighbourhood unclustered.
    // Windows in which the edge head is not heard (noise) do not restart the wait; only as many
    // clear windows in a row do.
    if (this.headNearby()) {
      this.guardClear = 0
      if (++this.guardCount <= this.config.promoteGuardWindows) {
        this.promoteCount = 0
        return
      }
    } else if (++this.guardClear >= this.config.promoteGuardWindows) this.guardCount = 0
    for (const e of this.table.values()) {
      if (e.beacon.role !== 'none' || e.missedWindows !== 0 || e.ewmaDbm < this.config.joinRssiDbm) continue
      if (!canBecomeHead(e.beacon, this.config.minBatteryToBecome)) continue
      if (compareCandidates(e.beacon, me, this.config.rssiTieDb) > 0) {
        this.promoteCount = 0
        return // someone better will claim
      }
    }
    if (++this.promoteCount >= this.config.promoteWindows) {
      this.promoteCount = 0
      this.setRole('head')
      this.setHead(this.selfKey, this.selfId)
      this.registry.clear()
    }
  }

  private candidateSelf(): CandidateView {
    return { id: this.selfId, ...this.self, neighborhoodRssiDbm: this.score }
  }

  /** Whether a live head is heard at or above the fade threshold (`joinRssiDbm − hysteresisDb`). */
  private headNearby(): boolean {
    const edge = this.config.joinRssiDbm - this.config.hysteresisDb
    for (const e of this.table.values()) if (e.key !== this.selfKey && e.missedWindows === 0 && e.ewmaDbm >= edge && this.headAlive(e)) return true
    return false
  }

  private headAlive(e: NeighborEntry): boolean {
    return e.beacon.role === 'head' && e.missedWindows < this.config.headMissWindows && canStayHead(e.beacon, this.config.minBatteryToStay)
  }

  private joinable(e: NeighborEntry): boolean {
    return this.headAlive(e) && e.missedWindows === 0 && e.ewmaDbm >= this.config.joinRssiDbm && !this.backoff.has(e.key)
  }

  /** Strongest joinable head by our own RSSI; ties by battery, life, lower ID. */
  private bestHead(excludeKey: string | null): NeighborEntry | undefined {
    let best: NeighborEntry | undefined
    for (const e of this.table.values()) {
      if (e.key === excludeKey || e.key === this.selfKey || !this.joinable(e)) continue
      if (best === undefined || betterHead(e, best)) best = e
    }
    return best
  }

  private join(e: NeighborEntry, nowMs: number): void {
    this.setRole('member')
    this.setHead(e.key, e.beacon.id)
    this.register(e, nowMs)
  }

  private register(e: NeighborEntry, nowMs: number): void {
    this.send(e.beacon.id, { kind: 'register', beacon: this.beacon() })
    this.nextRegisterMs = nowMs + this.config.registerRefreshMs
  }

  private resign(reason: ResignReason, successor: Uint8Array | null): void {
    this.send(null, { kind: 'resign', reason, successor })
    this.registry.clear()
    this.setRole('none')
    this.setHead(null, null)
  }

  private dropHead(): void {
    this.setRole('none')
    this.setHead(null, null)
  }

  private setHead(key: string | null, id: Uint8Array | null): void {
    if (key !== this.headKey) this.headChanges++
    this.headKey = key
    this.headId = id === null ? null : id.slice()
    this.challengerKey = null
    this.challengeCount = 0
    this.fadeCount = 0
    this.mergeKey = null
    this.mergeCount = 0
    this.guardCount = 0
    this.guardClear = 0
  }
}

function betterHead(a: NeighborEntry, b: NeighborEntry): boolean {
  if (a.ewmaDbm !== b.ewmaDbm) return a.ewmaDbm > b.ewmaDbm
  if (a.beacon.batteryLevel !== b.beacon.batteryLevel) return a.beacon.batteryLevel > b.beacon.batteryLevel
  const la = a.beacon.estBatteryLifeMin ?? -1
  const lb = b.beacon.estBatteryLifeMin ?? -1
  if (la !== lb) return la > lb
  return compareIds(a.beacon.id, b.beacon.id) < 0
}
