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
 * **Sleep.** `light` (default): a registered member with at least 3 links and no private
 * conversation in the last `CONVERSATION_IDLE_MS` keeps its links but its transports scan in
 * `cluster-member` windows (3 s of 15 s) and it beacons every 2 s; traffic still flows over the
 * kept links, so delivery does not wait for a listen window. `deep`: the old 30 s cycles with the
 * radio off between 2 s listen windows: every frame is ignored while asleep, but sync replies
 * to the listen window's catch-up request.
 *
 * **Wake on advertisement (deep sleep).** A member in deep sleep re-registers with its beacon's
 * wake bit set ("I duty-cycle: hold my directed traffic") whenever it starts sleeping, and
 * without it when it wakes (which also asks for what was held). Its head keeps a copy of every
 * directed private frame it sees for such a member in a bounded 2-minute {@link HoldQueue} and
 * sets its own beacon's wake bit ("I hold traffic") while anything is held. A member whose
 * listen window scans its head's beacon (or receives its announce, TLV `0xB1`) with the wake
 * bit polls it (`poll`); the head hands the held frames over on the member's link at once, and
 * the first private frame for us in a listen window wakes us for `CONVERSATION_IDLE_MS` (we
 * re-register awake, so the head stops holding). One bit serves all members, hence poll, not
 * wake: a member with nothing held stays in its cycle. A member with no scan source polls in
 * each listen window, since periodic announces rarely fall into a 2 s window.
 *
 * **Carry.** A head that sees a directed private frame for a peer that is neither linked to it
 * nor its member, but sits behind an adjacent head per the gossiped tables, queues the frame;
 * within a tick (1 s; not at the 10 s gossip round, which would break Noise handshakes across
 * clusters) it leaves inside a signed `carry` control (TTL 5) to that head, which
 * feeds it to its own ingress as if received on the carry's link (dedup drops copies).
 * @module
 */
import type { Transport } from '@bitmesh/interface'
import {
  beaconIntervalMs,
  CARRY_INNER_TTL,
  CARRY_MAX_FRAME_BYTES,
  compareIds,
  CONVERSATION_IDLE_MS,
  encodeBeacon,
  HoldQueue,
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
import { bytesToHex, hexToBytes, isBroadcastRecipient, MessageType, verifyPacketSignature, type BitchatPacket, type UnknownTlv } from '@bitmesh/wire-format'
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
 * Neighbours unheard this long leave the table, ms: four `cluster-member` scan cycles (15 s each),
 * so a member's duty-cycled scanner does not lose its head between scan windows.
 */
export const CLUSTER_STALE_AFTER_MS = 60_000
/**
 * Transport power mode of a member in light sleep: transport-ble's `cluster-member` (3 s scan
 * windows every 15 s). Android's `power-saver` (2 s of 30 s) was tried first: walking members
 * found new neighbours too slowly (private delivery 0.78 against 0.89 flat, 300 walkers).
 */
export const CLUSTER_MEMBER_POWER_MODE = 'cluster-member'
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
/** Packet types a head holds for sleeping members and carries to adjacent heads: private traffic. */
const PRIVATE_TYPES: ReadonlySet<number> = new Set([MessageType.NOISE_HANDSHAKE, MessageType.NOISE_ENCRYPTED, MessageType.FRAGMENT, MessageType.FILE_TRANSFER])
/** Offset of the TTL byte in v1 and v2 headers (outside the signature). */
const TTL_OFFSET = 2
/** TTL of held frames re-sent on every link when the sleeping member has no link to us. */
const HOLD_FLUSH_TTL = 2
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
  /** Feed a frame into the node's ingress as if received on `entry` (a carried frame). */
  inject?(entry: LinkEntry, frame: Uint8Array): void
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
  /** Head duties: 10 s neighbour-table gossip and carried frames to adjacent heads, TTL 5. */
  readonly duties: HeadDuties
  /** Head: directed private frames held for members in deep sleep (2 minutes, bounded). */
  readonly hold = new HoldQueue()
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
  /** Light sleep is suspended until this time (a private conversation is active). */
  #conversationUntilMs = Number.NEGATIVE_INFINITY
  /** Head: members (hex) whose latest registration said they duty-cycle. */
  readonly #sleepers = new Set<string>()
  /** Head: our beacon's wake bit (something is held). */
  #wakeBit = false
  /** Member: the sleep state our head last heard from us (register's wake bit). */
  #toldSleeping = false
  /** Member: end of the listen window we last caught up in. */
  #listenEndMs: number | null = null
  /** Peers (hex) whose latest announce says they duty-cycle, with their head (hex): relays route to the head. */
  readonly #sleeperHeads = new Map<string, string>()
  /** Member: when we last polled our head. */
  #polledMs = Number.NEGATIVE_INFINITY
  #counts = {
    controlSent: 0, controlReceived: 0, asleepIgnored: 0, buffered: 0, bufferFlushed: 0, beaconsScanned: 0, badBeacons: 0, headTablesSent: 0, headTablesReceived: 0,
    held: 0, holdFlushed: 0, wakeUps: 0, pollsSent: 0, carryQueued: 0, carrySent: 0, carryReceived: 0,
  }

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
      maxFrameBytes: CARRY_MAX_FRAME_BYTES,
      send: {
        control: (to, payload, ttl) => this.#sendPayload(to, payload, ttl),
        frame: (to, frame, ttl) => {
          this.#sendPayload(to, encodeClusterControl({ kind: 'carry', frame }), ttl)
          this.#counts.carrySent++
        },
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
    this.hold.clear()
    this.#sleepers.clear()
    this.#sleeperHeads.clear()
    for (const off of this.#unsubscribes.splice(0)) off()
  }

  /**
   * A scanned advertisement with beacon service data. Hostile bytes are counted and dropped.
   * @param serviceData - The beacon bytes.
   * @param rssiDbm - RSSI of the advertisement.
   */
  onAdvertisement(serviceData: Uint8Array, rssiDbm: number): void {
    // The phase advances on the 1 s tick; a listen window may have opened since.
    if (this.#phase === 'sleep') this.#phase = this.sleep.phaseAt(this.#ctx.clock.now())
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
    if (r.beacon.wake && r.beacon.role === 'head' && key === this.#headHex) this.#onHeadWake()
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
    const value = encodeClusterAnnounce({ beacon: this.#ownBeacon(), headId: e.role === 'member' ? e.headId : null })
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
    this.#sleeperHeads.delete(sender)
    if (state.beacon.role === 'member' && state.beacon.wake && state.headId !== null) {
      if (this.#sleeperHeads.size >= CLUSTER_MAX_CACHED_BEACONS) this.#sleeperHeads.delete(this.#sleeperHeads.keys().next().value as string)
      this.#sleeperHeads.set(sender, bytesToHex(state.headId))
    }
    // The announce path of "wake on advertisement", for sources that cannot scan.
    if (state.beacon.wake && state.beacon.role === 'head' && sender === this.#headHex) this.#onHeadWake()
  }

  /**
   * A control packet (outer type `0xB1`) passed dedup. Verified like announces: signed by a
   * peer whose announce we verified.
   * @param packet - The decoded packet.
   * @param sender - Its sender (hex).
   * @param forSelf - Addressed to us.
   * @param entry - The link it came on (`null` when unknown); a carried frame enters there.
   * @returns What the ingress does with it.
   */
  onControl(packet: BitchatPacket, sender: string, forSelf: boolean, entry: LinkEntry | null = null): ControlVerdict {
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
    if (msg.kind === 'poll' || msg.kind === 'carry') {
      if (!forSelf) return 'relay' // broadcast: not how either is sent; pass it on untouched
      if (msg.kind === 'poll') {
        if (this.election.role === 'head') this.#flushHeld(sender, packet.senderId)
      } else this.#onCarry(msg.frame, entry)
      return 'accept'
    }
    if (msg.kind === 'resign') {
      // Sampling would otherwise restore the stale "head" beacon until its next announce.
      const cached = this.#beacons.get(sender)
      if (cached !== undefined) cached.role = 'none'
    }
    this.election.onControl(packet.senderId, msg, ctx.clock.now())
    this.#afterElection()
    if (msg.kind === 'register' || msg.kind === 'deregister') this.#onMemberState(packet.senderId, sender, msg.kind === 'register' ? msg.beacon : null)
    return forSelf ? 'accept' : 'relay'
  }

  /**
   * A packet passed dedup and was not refused (post-dedup hook of the ingress). A head holds
   * directed private frames for members in deep sleep, and queues those for peers behind an
   * adjacent head for the next `carry`.
   * @param packet - The decoded packet.
   * @param frame - The frame it came in (`null` for a reassembled packet: its fragments were seen).
   * @param forSelf - Addressed to us.
   */
  afterAccept(packet: BitchatPacket, frame: Uint8Array | null, forSelf: boolean): void {
    // Hot path: everything but a head's directed private traffic leaves at once.
    if (frame === null || forSelf || this.election.role !== 'head' || !PRIVATE_TYPES.has(packet.type)) return
    const to = packet.recipientId
    if (to === null || isBroadcastRecipient(to)) return
    const ctx = this.#ctx
    const now = ctx.clock.now()
    const toHex = bytesToHex(to)
    if (this.election.registry.has(to, now)) {
      if (!this.#sleepers.has(toHex)) return // awake member: its link delivers
      if (this.hold.hold(to, frame.slice(), now)) this.#counts.held++
      this.#setWakeBit(this.hold.size > 0)
      return
    }
    for (const entry of ctx.links.values()) if (entry.peerId === toHex) return // our neighbour: the relay delivers
    const head = this.duties.headFor(to, now)
    if (head === null) return
    if (this.duties.enqueue(frame.slice(), now, head)) this.#counts.carryQueued++
  }

  /**
   * Whether a received packet is lost because our radio is off (deep sleep, between listen
   * windows): every frame is, but for sync replies to our listen window's catch-up request.
   * Traffic for us waits at our head (hold queue) until we wake. In a listen window, private
   * traffic for us (handed over by the head) wakes us for a conversation.
   * @param packet - The decoded packet.
   * @returns `true` to ignore it.
   */
  ignoreWhileAsleep(packet: BitchatPacket): boolean {
    if (this.#phase === 'awake') return false
    const now = this.#ctx.clock.now()
    this.#phase = this.sleep.phaseAt(now)
    if (this.#phase === 'awake') return false
    if (this.#phase === 'listen') {
      const to = packet.recipientId
      if (to !== null && PRIVATE_TYPES.has(packet.type) && !isBroadcastRecipient(to) && bytesToHex(to) === this.#ctx.localPeerIdHex) {
        this.#counts.wakeUps++ // handed over by the head (or sent straight to us): a conversation
        this.noteConversation()
      }
      return false
    }
    // Sync replies to the catch-up request of our listen window arrive on a connection we opened.
    if (packet.isRsr && now - this.#catchUpMs <= CLUSTER_CATCH_UP_WINDOW_MS) return false
    this.#counts.asleepIgnored++
    return true
  }

  /**
   * A message of ours was sent or a private one received: stay awake 30 s (deep sleep).
   * @param isPrivate - A private message or file: also suspends light sleep for 30 s. Own public
   *   messages do not (a crowd's public chatter would keep every member scanning).
   */
  noteConversation(isPrivate = true): void {
    const now = this.#ctx.clock.now()
    this.sleep.noteConversation(now)
    if (isPrivate) this.#conversationUntilMs = now + CONVERSATION_IDLE_MS
    this.#phase = this.#sleepEnabled ? this.sleep.phaseAt(now) : 'awake'
    this.#tellSleepState()
    this.#applyPowerMode() // light sleep: scan fully while the conversation lasts
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
    const id = hexToBytes(sender)
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

  /** Whether any peer's latest announce said it deep-sleeps (so `sleeperHeadLinks` can find something). */
  get knowsSleepers(): boolean {
    return this.#sleeperHeads.size > 0
  }

  /**
   * Where to relay a directed private packet for a peer in deep sleep: its head holds such
   * traffic, while a frame sent on the sleeper's own link is lost while its radio is off.
   * @param recipient - The packet's recipient (hex).
   * @returns The link keys bound to the recipient's head, or `null` (relay as decided).
   */
  sleeperHeadLinks(recipient: string): string[] | null {
    const head = this.#sleeperHeads.get(recipient)
    if (head === undefined || head === this.#ctx.localPeerIdHex) return null
    const out: string[] = []
    for (const entry of this.#ctx.links.values()) if (entry.peerId === head) out.push(entry.key)
    return out.length > 0 ? out : null
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
      holding: this.hold.size,
      wake: this.#wakeBit,
      holdExpired: this.hold.drops.expired,
      holdEvicted: this.hold.drops.evicted,
      carryQueuedNow: this.duties.queued,
      carryExpired: this.duties.drops.expired,
      carryEvicted: this.duties.drops.evicted,
      carryTooLarge: this.duties.drops.tooLarge,
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
      bytes ??= encodeBeacon(this.#ownBeacon())
      // A failed restart of advertising leaves the previous beacon on air; the next tick retries.
      c.setBeacon(bytes).catch(() => {})
    }
  }

  /** Gossip our member table to adjacent heads (heard heads too far to merge) every 10 s, TTL 5; send queued carries. */
  #headDuties(now: number): void {
    for (const e of this.table.values()) if (e.beacon.role === 'head' && e.missedWindows === 0) this.duties.noteAdjacentHead(e.beacon.id, now)
    this.#counts.headTablesSent += this.duties.tick(now, this.election.headTableRows()).tables
    // Carried frames leave within a tick, not at the 10 s round (see HeadDuties.sendQueued).
    this.duties.sendQueued(now)
  }

  /** @returns Whether any transport reports its scanner on now (BLE: `scanning`). */
  #scanning(): boolean {
    for (const t of this.#hooks.transports ?? []) if ((t as unknown as { scanning?: unknown }).scanning === true) return true
    return false
  }

  /**
   * Members in light sleep with enough links and no conversation scan in `cluster-member`
   * windows; everyone else in the transport default. A conversation counts only private traffic
   * (not role changes, which a walking member has every half minute): in the 300-walker crowd,
   * scanning fully for 30 s after each private message took private delivery from 0.82 to 0.87
   * (flat: 0.89).
   */
  #applyPowerMode(): void {
    const low =
      this.#lightSleep &&
      this.election.role === 'member' &&
      this.#ctx.links.size >= CLUSTER_MEMBER_MIN_LINKS &&
      this.#ctx.clock.now() >= this.#conversationUntilMs
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
    // A listen window opened (tracked by its end: a frame may have updated the phase before us).
    if (this.#phase === 'listen' && before !== 'awake') {
      const windowEnd = this.sleep.nextChangeMs(now)
      if (windowEnd !== this.#listenEndMs) {
        this.#listenEndMs = windowEnd
        this.#catchUp()
      }
    }
    this.#tellSleepState()
    this.fallback.expire(now)
    if (this.hold.size > 0) {
      this.hold.expire(now)
      this.#setWakeBit(this.hold.size > 0)
    }
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
    // Scan time per tick lets the table ignore misses in windows the scanner barely covered.
    const scanning = this.#counts.beaconsScanned === 0 || this.#scanning()
    this.table.reportScanTime(scanning ? this.#sampleMs : 0)
    if (scanning) this.table.markHeard()
    if (this.table.tick(now)) {
      this.election.step(now)
      this.#afterElection()
    }
    this.#applyPowerMode() // the link count may have crossed the floor
    if (this.election.role === 'head') this.#headDuties(now)
    this.#publishBeacon()
  }

  /**
   * A listen window opened: ask the head (else any neighbour) for the broadcasts we slept
   * through. Without a scan source we cannot see the head's wake bit, so we also poll it.
   */
  #catchUp(): void {
    this.#catchUpMs = this.#ctx.clock.now()
    let fallback: LinkEntry | undefined
    for (const entry of this.#ctx.links.values()) {
      if (entry.peerId === null) continue
      if (entry.peerId === this.#headHex) {
        this.#hooks.requestSync(entry)
        if (this.#toldSleeping && this.#counts.beaconsScanned === 0) this.#poll()
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
    if (previousRole === 'head' && e.role !== 'head') {
      this.duties.reset()
      this.hold.clear()
      this.#sleepers.clear()
      this.#setWakeBit(false)
    }
    // A new head learns our sleep state from the join's register (#sendControl sets #toldSleeping).
    if (e.role !== 'member') this.#toldSleeping = false
    if (previousHead !== head) ctx.emit('cluster:head', { headId: head, previous: previousHead })
    if (previousRole !== e.role) ctx.emit('cluster:role', { role: e.role, previous: previousRole, headId: head, mode: e.mode })
    // Nodes that advertise their beacon tell their role by scan; an announce flood per change
    // (a walking member changes head every ~35 s) cost +33 % announces. Only nodes without a
    // beacon-capable transport (iOS) announce at once; the others' next announce carries it.
    if (!this.#advertisesBeacon()) this.#hooks.forceAnnounce()
  }

  /** Whether our beacon is on air through some transport (not iOS, a `setBeacon`-capable transport). */
  #advertisesBeacon(): boolean {
    if (this.#options.os === 'ios') return false
    for (const t of this.#hooks.transports ?? []) if (typeof (t as unknown as BeaconCapable).setBeacon === 'function') return true
    return false
  }

  #sendControl(to: Uint8Array | null, msg: ClusterControlMessage): void {
    if (msg.kind === 'register') {
      // Every registration says whether we duty-cycle, so the head holds our traffic or not.
      const sleeping = this.#sleepingNow()
      this.#toldSleeping = sleeping
      if (sleeping !== msg.beacon.wake) msg = { kind: 'register', beacon: { ...msg.beacon, wake: sleeping } }
    }
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

  /** The beacon we advertise: a head's wake bit says "I hold traffic", a member's "I duty-cycle". */
  #ownBeacon(): Beacon {
    const e = this.election
    if (e.role === 'head') return e.beacon(this.#wakeBit)
    const b = e.beacon()
    return e.role === 'member' && this.#toldSleeping ? { ...b, wake: true } : b
  }

  /** Member: whether our radio duty-cycles now (deep sleep, no conversation). */
  #sleepingNow(): boolean {
    return this.#sleepEnabled && this.election.role === 'member' && this.#phase !== 'awake'
  }

  /** Member: re-register when our sleep state changed, so the head holds (or hands over) at once. */
  #tellSleepState(): void {
    if (this.election.role !== 'member' || this.election.headId === null) return
    if (this.#sleepingNow() === this.#toldSleeping) return
    this.#sendControl(this.election.headId, { kind: 'register', beacon: this.election.beacon() })
  }

  /**
   * Member: our head's beacon or announce carries the wake bit. The bit is one for all its
   * members, so we poll rather than wake: the head hands over what it holds for us while our
   * listen window is open, and private traffic for us then wakes us (`ignoreWhileAsleep`).
   */
  #onHeadWake(): void {
    if (!this.#toldSleeping || this.#phase === 'sleep') return // awake: nothing is held for us
    this.#poll()
  }

  /** Member: ask our head for what it holds for us (at most once per listen window). */
  #poll(): void {
    const head = this.election.headId
    const now = this.#ctx.clock.now()
    if (head === null || now - this.#polledMs < this.sleep.listenMs) return
    this.#polledMs = now
    this.#sendControl(head, { kind: 'poll' })
    this.#counts.pollsSent++
  }

  /** Head: a member registered (with or without the wake bit) or deregistered. */
  #onMemberState(id: Uint8Array, hex: string, beacon: Beacon | null): void {
    if (this.election.role !== 'head') return
    const now = this.#ctx.clock.now()
    if (beacon !== null && compareIds(beacon.id, id) === 0 && this.election.registry.has(id, now)) {
      if (beacon.wake) {
        this.#sleepers.add(hex)
        return
      }
      this.#sleepers.delete(hex)
      this.#flushHeld(hex, id) // awake again: hand over what waited
      return
    }
    this.#sleepers.delete(hex)
    if (this.hold.heldFor(id) > 0) this.hold.forget(id)
    this.#setWakeBit(this.hold.size > 0)
  }

  /** Head: send what we hold for a member on its link (or on every link, TTL 2, without one). */
  #flushHeld(hex: string, id: Uint8Array): void {
    const ctx = this.#ctx
    const frames = this.hold.take(id, ctx.clock.now())
    if (frames.length > 0) {
      let link: LinkEntry | undefined
      for (const entry of ctx.links.values()) if (entry.peerId === hex) link = entry
      for (const frame of frames) {
        if (link !== undefined) ctx.sendOn(link, frame, true)
        else {
          const copy = frame.slice()
          copy[TTL_OFFSET] = Math.min(copy[TTL_OFFSET]!, HOLD_FLUSH_TTL)
          for (const entry of ctx.links.values()) ctx.sendOn(entry, copy, true)
        }
        this.#counts.holdFlushed++
      }
    }
    this.#setWakeBit(this.hold.size > 0)
  }

  /** Head: set or clear our beacon's wake bit, republishing at once when it changed. */
  #setWakeBit(on: boolean): void {
    if (on === this.#wakeBit) return
    this.#wakeBit = on
    this.#publishBeacon()
  }

  /** A `carry` addressed to us: its frame enters our ingress as if received on the carry's link. */
  #onCarry(frame: Uint8Array, entry: LinkEntry | null): void {
    const inject = this.#hooks.inject
    if (entry === null || inject === undefined) return
    this.#counts.carryReceived++
    const inner = frame.slice()
    // The frame may have spent its hops reaching the first head; give it enough for our members.
    if (inner.length > TTL_OFFSET && inner[TTL_OFFSET]! < CARRY_INNER_TTL) inner[TTL_OFFSET] = CARRY_INNER_TTL
    inject(entry, inner)
  }

}

/**
 * Wrap a relay policy with the cluster's forwarding rule: nothing is relayed while asleep;
 * private traffic for a peer in deep sleep goes to its head when we have a link to it; a
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
      // Private traffic for a peer in deep sleep goes to its head, which holds it (wake on advertisement).
      const to = packet.recipientId
      // (`knowsSleepers` first: no hex string per relayed packet when nobody around deep-sleeps.)
      if (to != null && c.knowsSleepers && PRIVATE_TYPES.has(packet.type) && !isBroadcastRecipient(to)) {
        const links = c.sleeperHeadLinks(bytesToHex(to))
        if (links !== null) return { ...decision, links }
      }
      // Only members can be in `toHead`; skip the link scan for everyone else (hot path).
      if (c.election.role !== 'member') return decision
      const mode = c.forwarding()
      if (mode.mode !== 'toHead') return decision
      const head = new Set(c.headLinks())
      return { ...decision, links: decision.links.filter((id) => head.has(id)) }
    },
  }
}
