/**
 * Cluster mode of the mesh node (issue #6, DESIGN §6), on top of `@bitmesh/cluster-election`:
 * our beacon travels in announce TLV `0xB1`; election control messages are signed outer packets
 * of type `0xB1` (plain bitchat peers relay them untouched); the election runs on the node's
 * clock; members sleep in 30 s cycles when no conversation is active; messages with no link wait
 * in the 2-minute fallback buffer.
 *
 * **Scan source.** Transports that scan advertisements (BLE: the `advertisement` event) feed
 * the neighbour table with every beacon in range and its RSSI, link or no link; non-iOS nodes
 * advertise their own beacon through `setBeacon` (iOS cannot advertise service data). Peers whose
 * beacon we never scanned (iOS) are still sampled once per `sampleIntervalMs` from their latest
 * direct announce (TLV `0xB1`) with the link's RSSI; once any beacon has been scanned, those
 * samples no longer make a scan window "heard" (see the neighbour table's deaf windows).
 *
 * **Sleep.** `light` (default): a registered member with at least 3 links keeps them but its
 * transports scan in `power-saver` windows (2 s of 30 s) and it beacons every 2 s; traffic still flows over the
 * kept links, so delivery does not wait for a listen window. `deep`: the old 30 s cycles with the
 * radio off between 2 s listen windows (frames to others are ignored while asleep).
 * @module
 */
import type { Transport } from '@bitmesh/interface'
import {
  beaconIntervalMs,
  encodeBeacon,
  headFingerprintForBeacon,
  MEMBER_BEACON_INTERVAL_MS,
  tryDecodeBeacon,
  CLUSTER_ANNOUNCE_TLV,
  CLUSTER_CONTROL_PACKET_TYPE,
  clusterAnnounceFrom,
  ClusterElection,
  ClusterNeighborTable,
  decodeClusterControl,
  encodeClusterAnnounce,
  encodeClusterControl,
  FallbackBuffer,
  forwardingMode,
  HeadDuties,
  HEAD_GOSSIP_TTL,
  SleepSchedule,
  type Beacon,
  type ClusterControlMessage,
  type ClusterRole,
  type ForwardingMode,
  type SleepPhase,
} from '@bitmesh/cluster-election'
import type { RelayContext, RelayDecision, RelayPolicy } from '@bitmesh/gossip-router'
import { bytesToHex, isBroadcastRecipient, MessageType, verifyPacketSignature, type BitchatPacket, type UnknownTlv } from '@bitmesh/wire-format'
import type { MeshClusterOptions, MeshClusterState } from './cluster-types.js'
import type { NodeContext } from './context.js'
import type { LinkEntry } from './link-entry.js'
import { encodeSettled } from './transmit.js'

/** Default spacing of neighbour-table samples, ms (one per bound neighbour). */
export const CLUSTER_SAMPLE_INTERVAL_MS = 1_000
/** RSSI assumed for a link that reports none, dBm (between the join and sticky thresholds). */
export const CLUSTER_UNKNOWN_RSSI_DBM = -75
/**
 * A sleeping member accepts sync replies this long after its listen-window request, ms (the 2 s
 * window plus time for a paced reply train; later replies would arrive while the radio is off).
 */
export const CLUSTER_CATCH_UP_WINDOW_MS = 5_000
/** Beacons remembered from announces (one per peer; oldest forgotten first). */
export const CLUSTER_MAX_CACHED_BEACONS = 512
/**
 * Neighbours unheard this long leave the table, ms: two `power-saver` scan cycles (30 s each), so
 * a member's duty-cycled scanner does not lose its head between scan windows.
 */
export const CLUSTER_STALE_AFTER_MS = 60_000
/** Transport power mode of a member in light sleep (2 s scan windows every 30 s, wire §6.2). */
export const CLUSTER_MEMBER_POWER_MODE = 'power-saver'
/**
 * A member in light sleep scans in power-saver windows only while it holds at least this many
 * links; with fewer (walking away from its neighbours) it scans like everyone else until it has
 * them again, so duty-cycled discovery does not strand it (without this floor a walking 300-node
 * crowd delivered 0.84 of private messages against 0.95 flat, same build).
 */
export const CLUSTER_MEMBER_MIN_LINKS = 3
/** Transport power mode of heads and unaffiliated nodes (the transport default). */
export const CLUSTER_DEFAULT_POWER_MODE = 'adaptive'
/** TTL of register / registerAck / deregister (control.ts). */
const MEMBER_CONTROL_TTL = 2
/** TTL of resign: one hop (control.ts). */
const RESIGN_TTL = 1
/** Link kinds that count as an upgraded link to the head. */
const UPGRADED_KINDS: ReadonlySet<string> = new Set(['wifi-direct', 'hotspot', 'multipeer', 'lan'])

/** Where the cluster hands work back to the node. */
export interface MeshClusterHooks {
  /** Announce soon (our beacon changed). */
  forceAnnounce(): void
  /** Send a REQUEST_SYNC on that link (a sleeper's listen window: catch up on broadcasts). */
  requestSync(entry: LinkEntry): void
  /** The node's transports (beacon scans come from, and our beacon goes to, those that can). */
  transports?: readonly Transport[]
}

/** The optional beacon and power capabilities of a transport (BLE has them). */
interface BeaconCapable {
  setBeacon?(beacon: Uint8Array | undefined): Promise<void>
  setPowerMode?(mode: string): void
}

/** What the ingress does with a received control packet. */
export type ControlVerdict = 'relay' | 'accept' | 'reject'

/** Cluster state and behaviour of one node. */
export class MeshCluster {
  readonly table = new ClusterNeighborTable({ staleAfterMs: CLUSTER_STALE_AFTER_MS })
  readonly election: ClusterElection
  readonly sleep = new SleepSchedule()
  readonly fallback: FallbackBuffer
  /** Head duties: 10 s neighbour-table gossip to adjacent heads, TTL 5 (queued frames: not used by the mesh). */
  readonly duties: HeadDuties
  readonly #ctx: NodeContext
  readonly #options: MeshClusterOptions
  readonly #hooks: MeshClusterHooks
  readonly #beacons = new Map<string, Beacon>()
  readonly #sleepEnabled: boolean
  readonly #lightSleep: boolean
  readonly #advertisers = new Set<string>()
  readonly #unsubscribes: Array<() => void> = []
  #lowPower = false
  readonly #sampleMs: number
  readonly #unknownRssi: number
  #timer: number | undefined
  #phase: SleepPhase = 'awake'
  #role: ClusterRole = 'none'
  #headHex: string | null = null
  #battery = { level: 0, charging: false }
  #catchUpMs = Number.NEGATIVE_INFINITY
  #counts = { controlSent: 0, controlReceived: 0, asleepIgnored: 0, buffered: 0, bufferFlushed: 0, beaconsScanned: 0, badBeacons: 0, headTablesSent: 0, headTablesReceived: 0 }

  /**
   * @param ctx - The node.
   * @param options - OS, hotspot, battery provider, sleep.
   * @param hooks - Announce and sync hooks of the node.
   * @throws TypeError when `battery` is not a function.
   */
  constructor(ctx: NodeContext, options: MeshClusterOptions, hooks: MeshClusterHooks) {
    if (typeof options.battery !== 'function') throw new TypeError('clusters.battery must be a function')
    this.#ctx = ctx
    this.#options = options
    this.#hooks = hooks
    const sleep = options.sleep ?? 'light'
    this.#sleepEnabled = sleep === 'deep'
    this.#lightSleep = sleep === 'light' || sleep === true
    this.#sampleMs = options.sampleIntervalMs ?? CLUSTER_SAMPLE_INTERVAL_MS
    this.#unknownRssi = options.unknownRssiDbm ?? CLUSTER_UNKNOWN_RSSI_DBM
    const b = this.#readBattery()
    this.election = new ClusterElection({
      selfId: ctx.localPeerId,
      self: { os: options.os, hotspotSupport: options.hotspotSupport, charging: b.charging, batteryLevel: b.level, estBatteryLifeMin: b.estLifeMin },
      table: this.table,
      send: (to, msg) => this.#sendControl(to, msg),
    })
    this.fallback = new FallbackBuffer()
    this.duties = new HeadDuties({
      selfId: ctx.localPeerId,
      send: {
        control: (to, payload, ttl) => this.#sendPayload(to, payload, ttl),
        // BLE mode floods messages hop by hop already; queued frames would only duplicate them.
        frame: () => {},
      },
    })
  }

  /** Begin sampling and stepping (the node is running). */
  start(): void {
    this.sleep.setRole('head', this.#ctx.clock.now()) // awake until we are a member
    for (const t of this.#hooks.transports ?? []) this.#unsubscribes.push(t.on('advertisement', (ad) => this.onAdvertisement(ad.serviceData, ad.rssiDbm)))
    this.#publishBeacon()
    this.#schedule()
  }

  /** Stop timers and forget state. */
  clear(): void {
    this.#ctx.timers.clear(this.#timer)
    this.#timer = undefined
    this.#beacons.clear()
    this.#advertisers.clear()
    for (const off of this.#unsubscribes.splice(0)) off()
  }

  /**
   * A scanned advertisement with beacon service data. Hostile bytes are counted and dropped.
   * @param serviceData - The beacon bytes.
   * @param rssiDbm - RSSI of the advertisement.
   */
  onAdvertisement(serviceData: Uint8Array, rssiDbm: number): void {
    if (this.#phase === 'sleep') return // radio off between listen windows
    const r = tryDecodeBeacon(serviceData)
    if (!r.ok) {
      this.#counts.badBeacons++
      return
    }
    const key = bytesToHex(r.beacon.id)
    if (key === this.#ctx.localPeerIdHex) return
    if (this.table.observe(r.beacon, rssiDbm, this.#ctx.clock.now()) === null) return
    this.#counts.beaconsScanned++
    if (this.#advertisers.size >= CLUSTER_MAX_CACHED_BEACONS) this.#advertisers.clear() // bounded; refills from scans
    this.#advertisers.add(key)
  }

  /**
   * The fingerprint the head's hotspot credential offer must carry (`acceptOffer`): SHA-256 of
   * the Ed25519 key of the head whose beacon we joined, via its verified announce.
   * @returns 32 bytes, or `null` without a head, for our own head role, or before its announce.
   */
  headFingerprint(): Uint8Array | null {
    const e = this.election
    if (e.role !== 'member' || e.headId === null || this.#headHex === null) return null
    const peer = this.#ctx.peers.get(this.#headHex)
    if (peer === undefined) return null
    return headFingerprintForBeacon(this.#ctx.crypto, e.headId, { noiseStaticPublicKey: peer.noisePublicKey, signingPublicKey: peer.signingPublicKey })
  }

  /** @returns Our announce TLV `0xB1`: beacon, plus the head's ID when we are a member. */
  announceTlv(): UnknownTlv {
    const e = this.election
    const wake = false
    const value = encodeClusterAnnounce({ beacon: e.beacon(wake), headId: e.role === 'member' ? e.headId : null })
    return { type: CLUSTER_ANNOUNCE_TLV, value }
  }

  /**
   * A verified announce arrived. Beacons of direct neighbours are remembered for sampling.
   * @param sender - Sender peer ID (hex).
   * @param tlvs - The announce's unknown TLVs.
   * @param senderId - Sender peer ID bytes (the beacon must name it).
   */
  onAnnounce(sender: string, tlvs: readonly UnknownTlv[] | undefined, senderId: Uint8Array): void {
    const state = clusterAnnounceFrom(tlvs)
    if (state === null || bytesToHex(state.beacon.id) !== bytesToHex(senderId)) return
    if (!this.#beacons.has(sender) && this.#beacons.size >= CLUSTER_MAX_CACHED_BEACONS) {
      const oldest = this.#beacons.keys().next().value
      if (oldest !== undefined) this.#beacons.delete(oldest)
    }
    this.#beacons.delete(sender) // re-insert: the map's order is recency of announce
    this.#beacons.set(sender, { ...state.beacon, id: state.beacon.id.slice() })
  }

  /**
   * A control packet (outer type `0xB1`) passed dedup. Verified like announces: signed by a
   * peer whose announce we verified.
   * @returns What the ingress does with it.
   */
  onControl(packet: BitchatPacket, sender: string, forSelf: boolean): ControlVerdict {
    const ctx = this.#ctx
    if (!forSelf && !isBroadcastRecipient(packet.recipientId)) return 'relay'
    const peer = ctx.peers.get(sender)
    if (peer === undefined) {
      ctx.drop('unknown-sender', { peerId: sender, detail: 'cluster control' })
      return 'reject'
    }
    if (!verifyPacketSignature(packet, peer.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'cluster control' })
      return 'reject'
    }
    let msg: ClusterControlMessage
    try {
      msg = decodeClusterControl(packet.payload)
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: (error as Error).message })
      return 'reject'
    }
    this.#counts.controlReceived++
    if (msg.kind === 'headTable') {
      if (this.election.role === 'head') {
        this.duties.onHeadTable(packet.senderId, msg.entries, ctx.clock.now())
        this.#counts.headTablesReceived++
      }
      return forSelf ? 'accept' : 'relay'
    }
    if (msg.kind === 'resign') {
      // Sampling would otherwise restore the stale "head" beacon until its next announce.
      const cached = this.#beacons.get(sender)
      if (cached !== undefined) cached.role = 'none'
    }
    this.election.onControl(packet.senderId, msg, ctx.clock.now())
    this.#afterElection()
    return forSelf ? 'accept' : 'relay'
  }

  /**
   * Whether a received packet is lost because our radio is off (asleep between listen windows).
   * Packets addressed to us get through and wake us: a neighbour with traffic for a sleeper
   * connects to its (still advertising) beacon — "wake on advertisement".
   * @param packet - The decoded packet.
   * @returns `true` to ignore it.
   */
  ignoreWhileAsleep(packet: BitchatPacket): boolean {
    if (this.#phase !== 'sleep') return false
    const now = this.#ctx.clock.now()
    // Sync replies to the catch-up request of our listen window arrive on a connection we opened.
    if (packet.isRsr && now - this.#catchUpMs <= CLUSTER_CATCH_UP_WINDOW_MS) return false
    if (packet.recipientId !== null && !isBroadcastRecipient(packet.recipientId) && bytesToHex(packet.recipientId) === this.#ctx.localPeerIdHex) {
      // Only a private conversation (Noise) wakes us; registration acks and sync requests are
      // answered without ending the sleep (they recur every 15–30 s and would keep us awake).
      if (packet.type === MessageType.NOISE_HANDSHAKE || packet.type === MessageType.NOISE_ENCRYPTED || packet.type === MessageType.FRAGMENT) this.noteConversation()
      return false
    }
    this.#phase = this.sleep.phaseAt(now)
    if (this.#phase !== 'sleep') return false
    this.#counts.asleepIgnored++
    return true
  }

  /** A message of ours was sent or a private one received: stay awake 30 s. */
  noteConversation(): void {
    const now = this.#ctx.clock.now()
    this.sleep.noteConversation(now)
    this.#phase = this.#sleepEnabled ? this.sleep.phaseAt(now) : 'awake'
  }

  /**
   * An own broadcast found no link: hold it up to 2 minutes for the next link.
   * @param frame - The encoded frame.
   * @returns Whether it was buffered.
   */
  bufferIfIsolated(frame: Uint8Array): boolean {
    if (this.#ctx.links.size > 0) return false
    const held = this.fallback.push(frame, this.#ctx.clock.now(), null)
    if (held) this.#counts.buffered++
    return held
  }

  /**
   * A link was bound to a peer: send what waits in the fallback buffer.
   * @param entry - The link.
   * @param sender - Its peer (hex).
   */
  onLinkBound(entry: LinkEntry, sender: string): void {
    if (this.fallback.size === 0) return
    const id = this.#hexBytes(sender)
    for (const m of this.fallback.takeFor(id, this.#ctx.clock.now())) {
      this.#ctx.sendOn(entry, m.frame, false)
      this.#counts.bufferFlushed++
    }
  }

  /** @returns How this node forwards now. */
  forwarding(): ForwardingMode {
    const e = this.election
    let upgraded = false
    for (const entry of this.#ctx.links.values()) {
      if (entry.peerId !== null && entry.peerId === this.#headHex && UPGRADED_KINDS.has(entry.link.kind)) upgraded = true
    }
    const head = e.headId === null ? undefined : this.table.get(e.headId)
    return forwardingMode({
      role: e.role,
      headId: e.headId,
      headBatteryLevel: head?.beacon.batteryLevel ?? null,
      upgradedLinkToHead: upgraded,
      bleLinks: this.#ctx.links.size,
    })
  }

  /** The link keys bound to our head (for `toHead` forwarding). */
  headLinks(): string[] {
    const out: string[] = []
    for (const entry of this.#ctx.links.values()) if (entry.peerId !== null && entry.peerId === this.#headHex) out.push(entry.key)
    return out
  }

  /** Whether the radio is off now. */
  get asleep(): boolean {
    return this.#phase === 'sleep'
  }

  /** @returns A snapshot for `MeshNode.cluster`. */
  state(): MeshClusterState {
    const e = this.election
    return {
      role: e.role,
      headId: this.#headHex,
      mode: e.mode,
      phase: this.#phase,
      forwarding: this.forwarding().mode,
      headChanges: e.headChanges,
      roleChanges: e.roleChanges,
      members: e.registry.size,
      neighbors: this.table.size,
      beaconIntervalMs: this.#beaconIntervalMs(),
      lowPower: this.#lowPower,
      batteryLevel: this.#battery.level,
      ...this.#counts,
    }
  }

  // ───────────────────────────── internals ─────────────────────────────

  #beaconIntervalMs(): number {
    const byBattery = beaconIntervalMs({ charging: this.#battery.charging, batteryLevel: this.#battery.level })
    return this.#lowPower ? Math.max(byBattery, MEMBER_BEACON_INTERVAL_MS) : byBattery
  }

  /** Advertise our beacon on every transport that can (not iOS: it cannot advertise service data). */
  #publishBeacon(): void {
    if (this.#options.os === 'ios' || !this.#ctx.running()) return
    let bytes: Uint8Array | undefined
    for (const t of this.#hooks.transports ?? []) {
      const c = t as unknown as BeaconCapable
      if (typeof c.setBeacon !== 'function') continue
      bytes ??= encodeBeacon(this.election.beacon(false))
      // A failed restart of advertising leaves the previous beacon on air; the next tick retries.
      c.setBeacon(bytes).catch(() => {})
    }
  }

  /** Gossip our member table to adjacent heads (heard heads too far to merge) every 10 s, TTL 5. */
  #headDuties(now: number): void {
    for (const e of this.table.values()) if (e.beacon.role === 'head' && e.missedWindows === 0) this.duties.noteAdjacentHead(e.beacon.id, now)
    this.#counts.headTablesSent += this.duties.tick(now, this.election.headTableRows()).tables
  }

  /** @returns Whether any transport reports its scanner on now (BLE: `scanning`). */
  #scanning(): boolean {
    for (const t of this.#hooks.transports ?? []) if ((t as unknown as { scanning?: unknown }).scanning === true) return true
    return false
  }

  /** Members in light sleep with enough links scan in power-saver windows; everyone else in the transport default. */
  #applyPowerMode(): void {
    const low = this.#lightSleep && this.election.role === 'member' && this.#ctx.links.size >= CLUSTER_MEMBER_MIN_LINKS
    if (low === this.#lowPower) return
    this.#lowPower = low
    for (const t of this.#hooks.transports ?? []) {
      const c = t as unknown as BeaconCapable
      if (typeof c.setPowerMode === 'function') c.setPowerMode(low ? CLUSTER_MEMBER_POWER_MODE : CLUSTER_DEFAULT_POWER_MODE)
    }
  }

  #readBattery(): { level: number; charging: boolean; estLifeMin: number | null } {
    const b = this.#options.battery()
    const level = Math.max(0, Math.min(100, Math.round(Number(b.level) || 0)))
    this.#battery = { level, charging: b.charging === true }
    return { level, charging: b.charging === true, estLifeMin: b.estLifeMin ?? null }
  }

  #schedule(): void {
    this.#timer = this.#ctx.timers.set(() => {
      this.#timer = undefined
      if (!this.#ctx.running()) return
      this.#tick()
      this.#schedule()
    }, this.#sampleMs)
  }

  #tick(): void {
    const ctx = this.#ctx
    const now = ctx.clock.now()
    const b = this.#readBattery()
    this.election.setSelf({ charging: b.charging, batteryLevel: b.level, estBatteryLifeMin: b.estLifeMin })
    const before = this.#phase
    this.#phase = this.#sleepEnabled ? this.sleep.phaseAt(now) : 'awake'
    if (before === 'sleep' && this.#phase === 'listen') this.#catchUp()
    this.fallback.expire(now)
    // Radio off: no scan results, and a closed window would count our sleep as missed beacons.
    if (this.#phase === 'sleep') return
    const sampled = new Set<string>()
    for (const entry of ctx.links.values()) {
      const peer = entry.peerId
      // Peers we hear by scan need no announce samples (and those would hide deaf windows).
      if (peer === null || sampled.has(peer) || this.#advertisers.has(peer)) continue
      const beacon = this.#beacons.get(peer)
      if (beacon === undefined) continue
      sampled.add(peer)
      this.table.observe(beacon, entry.link.quality.rssiDbm ?? this.#unknownRssi, now, false)
    }
    // Silence is absence only while a scanner is on — or when announces are our only source
    // (no transport has reported a beacon); otherwise the window may be deaf (duty-cycled scan).
    if (this.#counts.beaconsScanned === 0 || this.#scanning()) this.table.markHeard()
    if (this.table.tick(now)) {
      this.election.step(now)
      this.#afterElection()
    }
    this.#applyPowerMode() // the link count may have crossed the floor
    if (this.election.role === 'head') this.#headDuties(now)
    this.#publishBeacon()
  }

  /** A listen window opened: ask the head (else any neighbour) for the broadcasts we slept through. */
  #catchUp(): void {
    this.#catchUpMs = this.#ctx.clock.now()
    let fallback: LinkEntry | undefined
    for (const entry of this.#ctx.links.values()) {
      if (entry.peerId === null) continue
      if (entry.peerId === this.#headHex) {
        this.#hooks.requestSync(entry)
        return
      }
      fallback ??= entry
    }
    if (fallback !== undefined) this.#hooks.requestSync(fallback)
  }

  /** Emit events and re-announce after the role or head changed. */
  #afterElection(): void {
    const e = this.election
    const head = e.headId === null ? null : bytesToHex(e.headId)
    if (e.role === this.#role && head === this.#headHex) return
    const ctx = this.#ctx
    const now = ctx.clock.now()
    const previousRole = this.#role
    const previousHead = this.#headHex
    this.#role = e.role
    this.#headHex = head
    // Only members sleep: a node without a head has nobody holding traffic for it.
    this.sleep.setRole(e.role === 'member' ? 'member' : 'head', now)
    this.#phase = this.#sleepEnabled ? this.sleep.phaseAt(now) : 'awake'
    this.#applyPowerMode()
    if (previousRole === 'head' && e.role !== 'head') this.duties.reset()
    if (previousHead !== head) ctx.emit('cluster:head', { headId: head, previous: previousHead })
    if (previousRole !== e.role) ctx.emit('cluster:role', { role: e.role, previous: previousRole, headId: head, mode: e.mode })
    this.#hooks.forceAnnounce()
  }

  #sendControl(to: Uint8Array | null, msg: ClusterControlMessage): void {
    const ttl = msg.kind === 'resign' ? RESIGN_TTL : msg.kind === 'headTable' ? HEAD_GOSSIP_TTL : MEMBER_CONTROL_TTL
    this.#sendPayload(to, encodeClusterControl(msg), ttl)
  }

  #sendPayload(to: Uint8Array | null, payload: Uint8Array, ttl: number): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    const packet = ctx.sign(ctx.newPacket(CLUSTER_CONTROL_PACKET_TYPE, payload, to === null ? null : to.slice(), ttl))
    const frame = encodeSettled(packet)
    const target = to === null ? null : bytesToHex(to)
    let sent = false
    if (target !== null) {
      for (const entry of ctx.links.values()) {
        if (entry.peerId !== target) continue
        ctx.sendOn(entry, frame, true)
        sent = true
        break
      }
    }
    // No link to the recipient (or a broadcast): every link; TTL 2 lets a neighbour pass it on.
    if (!sent) for (const entry of ctx.links.values()) ctx.sendOn(entry, frame, target !== null)
    this.#counts.controlSent++
  }

  #hexBytes(hex: string): Uint8Array {
    const out = new Uint8Array(hex.length >>> 1)
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
    return out
  }
}

/**
 * Wrap a relay policy with the cluster's forwarding rule: nothing is relayed while asleep; a
 * member with an upgraded link to its head relays only to the head (`toHead`); every other mode
 * (`bridge`, `bleHop`, `flat`) keeps the wrapped policy's decision.
 * @param inner - The node's relay policy.
 * @param cluster - Returns the node's cluster part (or `undefined` before start).
 * @returns A policy with the inner policy's name.
 */
export function clusterRelayPolicy(inner: RelayPolicy, cluster: () => MeshCluster | undefined): RelayPolicy {
  return {
    name: inner.name,
    decide(packet: BitchatPacket, context: RelayContext): RelayDecision {
      const decision = inner.decide(packet, context)
      const c = cluster()
      if (c === undefined || !decision.relay) return decision
      if (c.asleep) return { ...decision, relay: false, links: [] }
      // Only members can be in `toHead`; skip the link scan for everyone else (hot path).
      if (c.election.role !== 'member') return decision
      const mode = c.forwarding()
      if (mode.mode !== 'toHead') return decision
      const head = new Set(c.headLinks())
      return { ...decision, links: decision.links.filter((id) => head.has(id)) }
    },
  }
}
