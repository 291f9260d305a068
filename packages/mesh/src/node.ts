/**
 * `createMeshNode`: one bitchat-compatible mesh node. This file holds the lifecycle, the links and
 * the public API; the protocol lives in its parts: {@link Ingress} (receive path), {@link Relayer},
 * {@link Announcer}, {@link GossipSync} and {@link PrivateMessaging}, which share a
 * {@link NodeContext}.
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { NeighborTable } from '@bitmesh/gossip-router'
import { TypedEmitter, type Clock, type CryptoProvider, type KeyValueStore, type Link, type LinkCloseReason, type Rng, type Transport } from '@bitmesh/interface'
import { bytesToHex, MessageType, peerIdFromNoiseKey, signPacket, utf8Encode, type BitchatPacket } from '@bitmesh/wire-format'
import { Announcer } from './announcer.js'
import * as C from './constants.js'
import type { NodeContext } from './context.js'
import { dedupKey } from './dedup.js'
import { GossipSync } from './gossip.js'
import { checkIdentity, loadOrCreateIdentity } from './identity.js'
import { normalizePeerId, publicMessageId } from './ids.js'
import { Ingress } from './ingress.js'
import { NostrBridge } from './bridge/bridge.js'
import { resolveBridgeOptions, type ResolvedBridgeOptions } from './bridge/options.js'
import { LinkEntry } from './link-entry.js'
import { memoryKeyValueStore } from './memory-store.js'
import { isLinked, peerInfo } from './peer-info.js'
import { PeerTable } from './peer-table.js'
import { PrivateMessaging } from './private-messaging.js'
import { resolveStoreForward, StoreForward, type ResolvedStoreForward } from './store-forward.js'
import { Relayer } from './relay.js'
import { iosRelayPolicy } from './relay-policy.js'
import { BitmeshFeature } from './bitmesh-tlv.js'
import { countFrameClass } from './frame-class.js'
import type { RelayPolicy } from './relay-policy.js'
import { newCounters, newDropCounts } from './stats.js'
import { TimerSet } from './timers.js'
import { clusterRelayPolicy, MeshCluster } from './cluster.js'
import type { MeshClusterState } from './cluster-types.js'
import { encodeSettled, sendFrameOn } from './transmit.js'
// Panic wipe (issue #10).
import type { RegisterOptions, WipeReport } from '@bitmesh/panic-wipe'
import type { Wipeable } from '@bitmesh/interface'
import { MeshWipe, type WipeHost } from './panic.js'
import type { MeshReopenedStores } from './panic-types.js'
// Files and the link manager (issue #7).
import { FileTransfer } from './file-transfer.js'
import type { MeshFile } from './file-types.js'
import { wrapInLinkManager, type NodeLinkManager } from './link-manager.js'
import type { DropEvent, DropReason, MeshEvents, MeshIdentity, MeshNode, MeshNodeOptions, MeshSizes, MeshStats, PeerInfo } from './types.js'

const DEFAULT_STORE_PREFIX = 'bitmesh/mesh/identity/'

type State = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'

/** The parts that exist once the identity is known (`start()`). */
interface Parts {
  readonly identity: MeshIdentity
  readonly announcer: Announcer
  readonly gossip: GossipSync
  readonly messaging: PrivateMessaging
  readonly relayer: Relayer
  readonly ingress: Ingress
  readonly storeForward: StoreForward | null
  readonly files: FileTransfer // issue #7
}

/**
 * Create a mesh node. Nothing happens until {@link MeshNode.start}.
 * @param options - See {@link MeshNodeOptions}.
 * @returns The node.
 * @throws TypeError for missing or malformed options; RangeError for a nickname over 255 bytes.
 * @example
 * ```ts
 * const node = createMeshNode({ transports: [bleTransport(init)], clock: systemClock(), rng: cryptoRng(), nickname: 'ana' })
 * node.on('message', (m) => console.log(`${m.nickname}: ${m.text}`))
 * await node.start()
 * await node.sendPublic('hello mesh')
 * ```
 */
export function createMeshNode(options: MeshNodeOptions): MeshNode {
  if (options === null || typeof options !== 'object') throw new TypeError('createMeshNode needs options')
  if (!Array.isArray(options.transports)) throw new TypeError('options.transports must be an array of Transport')
  if (typeof options.clock?.now !== 'function' || typeof options.clock.setTimeout !== 'function') throw new TypeError('options.clock must be a Clock')
  if (typeof options.rng?.next !== 'function' || typeof options.rng.randomBytes !== 'function') throw new TypeError('options.rng must be an Rng')
  if (typeof options.nickname !== 'string') throw new TypeError('options.nickname must be a string')
  if (utf8Encode(options.nickname).length > 255) throw new RangeError('options.nickname exceeds 255 UTF-8 bytes')
  if (options.identity !== undefined) checkIdentity(options.identity)
  return new MeshNodeImpl(options)
}

class MeshNodeImpl extends TypedEmitter<MeshEvents> implements MeshNode {
  /** Mutable: a panic wipe brings the node back as `anon####` (or the decoy's name). */
  nickname: string
  readonly #options: MeshNodeOptions
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #crypto: CryptoProvider
  #store: KeyValueStore // replaced after a panic wipe (MeshPanicWipeOptions.reopen)
  readonly #transports: readonly Transport[]
  readonly #linkManager: NodeLinkManager | undefined
  readonly #timers: TimerSet
  readonly #links = new Map<string, LinkEntry>()
  readonly #transportUnsubscribes: Array<() => void> = []
  readonly #dialing = new Set<string>()
  readonly #peers = new PeerTable(C.MAX_PEERS, C.MAX_PINNED_PEERS)
  readonly #neighborhood = new NeighborTable({ maxPeers: C.MAX_PEERS + 1 })
  readonly #relayPolicy: RelayPolicy
  #storeForward: ResolvedStoreForward // outbox backend replaced after a panic wipe
  readonly #counters = newCounters()
  readonly #drops = newDropCounts()
  readonly #ctx: NodeContext
  #state: State = 'idle'
  #starting: Promise<void> | undefined
  #stopping: Promise<void> | undefined
  #peerIdBytes: Uint8Array = new Uint8Array(0)
  #peerIdHex = ''
  #signingSeed: Uint8Array = new Uint8Array(0)
  #lastTimestampMs = 0
  #parts: Parts | undefined
  /** Cluster mode (issue #6), created by `start()` when `options.clusters` is set. */
  #cluster: MeshCluster | undefined
  /** Panic wipe (issue #10): the node's wipe components, send gate and comeback. */
  readonly #wipe: MeshWipe
  /** Nostr bridge (issue #9): validated options, and the gateway `start()` builds from them. */
  readonly #bridgeOptions: ResolvedBridgeOptions | null
  #bridge: NostrBridge | null = null

  constructor(options: MeshNodeOptions) {
    super()
    this.#options = options
    this.nickname = options.nickname
    this.#clock = options.clock
    this.#rng = options.rng
    this.#crypto = options.crypto ?? defaultCryptoProvider
    this.#store = options.store ?? memoryKeyValueStore()
    this.#transports = [...options.transports]
    // Link manager (issue #7): one manager over every transport, named by our peer ID.
    if (options.linkManager !== undefined) {
      this.#linkManager = wrapInLinkManager(this.#transports, options.linkManager, options.clock, options.rng, () => this.#peerIdHex, (event, detail) => this.emit(event, detail))
      this.#transports = [this.#linkManager.manager]
    }
    this.#timers = new TimerSet(options.clock)
    this.#relayPolicy = options.relayPolicy ?? iosRelayPolicy()
    // Cluster mode (issue #6): no relaying while asleep; members with an upgraded link relay to their head.
    if (options.clusters) this.#relayPolicy = clusterRelayPolicy(this.#relayPolicy, () => this.#cluster)
    this.#storeForward = resolveStoreForward(options.storeForward)
    this.#bridgeOptions = options.bridge === undefined ? null : resolveBridgeOptions(options.bridge) // Nostr bridge (issue #9)
    if (options.identity !== undefined) this.#setIdentity(options.identity)
    // Panic wipe (issue #10): every stateful part is registered before anything can run.
    this.#wipe = new MeshWipe(options.panicWipe, this.#wipeHost())
    this.#wipe.register({ wipeName: 'mesh cluster', wipe: () => this.#cluster?.clear() })
    this.#wipe.register({ wipeName: 'mesh files', wipe: () => this.#parts?.files.stop() }) // issue #7
    const node = this
    this.#ctx = {
      clock: this.#clock,
      rng: this.#rng,
      crypto: this.#crypto,
      timers: this.#timers,
      peers: this.#peers,
      counters: this.#counters,
      links: this.#links,
      get localPeerId() {
        return node.#peerIdBytes
      },
      get localPeerIdHex() {
        return node.#peerIdHex
      },
      neighborhood: this.#neighborhood,
      // Only a node that relays by the multipoint-relay rules may be skipped by them (gossip-router).
      bitmeshFeatures: this.#relayPolicy.name === 'bitmesh' ? BitmeshFeature.MPR_RELAY : 0,
      refreshOwnNeighbors: () => this.#refreshOwnNeighbors(),
      running: () => this.#state === 'running',
      degree: () => this.#degree(),
      drop: (reason, detail) => this.#drop(reason, detail),
      emit: (event, detail) => {
        this.emit(event, detail)
      },
      newPacket: (type, payload, recipientId, ttl) => this.#newPacket(type, payload, recipientId, ttl),
      sign: (packet) => signPacket(packet, this.#signingSeed, this.#crypto),
      sendOn: (entry, frame, directed) => {
        if (this.#wipe.sendsBlocked) return // panic wipe (issue #10): silent from its first moment
        const fragments = sendFrameOn(entry, frame, directed, this.#rng, (reason, detail) => this.#drop(reason, detail))
        this.#counters.fragmentsSent += fragments
        countFrameClass(this.#counters, frame, Math.max(1, fragments)) // routing bench (issue #5)
      },
      clusterTlv: () => this.#cluster?.announceTlv() ?? null,
      carryOverBridge: (frame, packet) => this.#bridge?.carryOwn(frame, packet), // Nostr bridge (issue #9)
    }
  }

  get peerId(): string {
    return this.#peerIdHex
  }

  get cluster(): MeshClusterState | null {
    return this.#cluster?.state() ?? null
  }

  clusterHeadFingerprint(): Uint8Array | null {
    return this.#cluster?.headFingerprint() ?? null
  }

  get stats(): MeshStats {
    return { ...this.#counters, drops: { ...this.#drops }, timers: this.#timers.size, sizes: this.#sizes() }
  }

  /** Gauges only (each an O(1) read): nothing is counted on the packet path for them. */
  #sizes(): MeshSizes {
    const p = this.#parts
    const reassembly = p?.ingress.reassembler.stats
    return {
      peers: this.#peers.size,
      pinnedPeers: this.#peers.pinnedCount,
      dedup: p?.ingress.dedup.size ?? 0,
      syncAnnounces: p?.gossip.store.announceCount ?? 0,
      syncMessages: p?.gossip.store.messageCount ?? 0,
      syncBytes: p?.gossip.store.bytes ?? 0,
      reassemblies: reassembly?.activeAssemblies ?? 0,
      reassemblyBytes: reassembly?.bufferedBytes ?? 0,
      pendingRelays: p?.relayer.pending ?? 0,
      noisePeers: p?.messaging.noisePeers ?? 0,
      pendingPrivate: p?.messaging.pendingCount ?? 0,
      seenPrivate: p?.messaging.seenCount ?? 0,
      outbox: p?.messaging.outboxSize ?? 0,
      spool: p?.storeForward?.spoolSize ?? 0,
      spoolBytes: p?.storeForward?.spoolBytes ?? 0,
      relayCache: p?.storeForward?.cacheSize ?? 0,
      relayCacheBytes: p?.storeForward?.cacheBytes ?? 0,
      links: this.#links.size,
    }
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  start(): Promise<void> {
    // Panic wipe (issue #10): a start during a wipe waits until the node came back, then starts it.
    if (this.#wipe.busy && !this.#wipe.resuming) return this.#wipe.whenDone().then(() => this.start())
    if (this.#state === 'idle') {
      this.#state = 'starting'
      this.#starting = this.#start().catch(async (error: unknown) => {
        // Leave nothing half-started behind (timers, listeners, started transports).
        await this.stop()
        throw error
      })
    }
    return this.#starting ?? Promise.resolve()
  }

  async #start(): Promise<void> {
    // Panic wipe (issue #10): finish an interrupted wipe before anything else runs; after a wipe the
    // identity it made replaces any other.
    await this.#wipe.resumeInStart()
    let identity = this.#wipe.nextIdentity ?? this.#options.identity
    if (identity === undefined) {
      const prefix = this.#options.storePrefix ?? DEFAULT_STORE_PREFIX
      identity = await loadOrCreateIdentity(this.#store, this.#crypto, this.#rng, prefix)
      this.#setIdentity(identity)
    }
    if (this.#state !== 'starting') return // stop() was called meanwhile
    const ctx = this.#ctx
    const signingPublicKey = this.#crypto.ed25519.getPublicKey(identity.signingSeed)
    const gossip = new GossipSync(ctx, this.#options.syncIntervalMs ?? C.SYNC_INTERVAL_MS)
    const announcer = new Announcer(
      ctx,
      {
        nickname: this.nickname,
        noisePublicKey: identity.noiseStaticKeyPair.publicKey,
        signingPublicKey,
        connectedIntervalMs: this.#options.announceIntervalMs,
        isolatedIntervalMs: this.#options.isolatedAnnounceIntervalMs,
      },
      gossip.store,
    )
    const messaging = new PrivateMessaging(ctx, identity.noiseStaticKeyPair, signingPublicKey)
    const relayer = new Relayer(ctx, this.#relayPolicy)
    const sf = this.#storeForward
    const storeForward =
      sf.outbox === null && sf.spool === null && sf.relayCache === null ? null : new StoreForward(ctx, sf, (peer) => messaging.flushOutbox(peer))
    // Cluster mode (issue #6).
    const clusters = this.#options.clusters
    if (clusters) {
      this.#cluster = new MeshCluster(ctx, clusters, {
        forceAnnounce: () => announcer.force(C.FORCED_ANNOUNCE_SPACING_MS),
        requestSync: (entry) => gossip.request(entry),
        transports: this.#options.transports, // the raw transports (not a link manager): beacon scans and our beacon (issue #6)
        inject: (entry, frame) => this.#parts?.ingress.onFrame(entry, frame), // a carried frame (issue #6)
      })
      this.on('private-message', () => this.#cluster?.noteConversation())
    }
    // Nostr bridge (issue #9): frames from the relays take the receive path; a path up flushes the outbox.
    this.#bridge?.stop()
    const bridgeOptions = this.#bridgeOptions
    const bridge =
      bridgeOptions === null
        ? null
        : new NostrBridge(ctx, bridgeOptions, { inject: (entry, frame) => ingress.onFrame(entry, frame), onReachable: (peer) => messaging.flushOutbox(peer) })
    this.#bridge = bridge
    const ingress = new Ingress(ctx, { announcer, gossip, messaging, relayer, storeForward, cluster: this.#cluster ?? null, bridge })
    const files = new FileTransfer(ctx, messaging) // issue #7
    messaging.fileHooks = files
    this.#parts = { identity, announcer, gossip, messaging, relayer, ingress, storeForward, files }
    if (sf.outbox !== null) {
      await messaging.openOutbox(sf.outbox)
      if (this.#state !== 'starting') {
        // stop() ran while the outbox was loading: it could not close what was not open yet.
        await messaging.closeOutbox()
        return
      }
    }

    this.#transports.forEach((transport, index) => {
      this.#transportUnsubscribes.push(
        transport.on('link:open', (link) => this.#addLink(index, link)),
        transport.on('peer:discovered', (neighbour) => this.#maybeDial(index, transport, neighbour.address)),
      )
    })
    this.#state = 'running'
    for (const transport of this.#transports) await transport.start()
    if (this.#state !== 'running') return
    this.#transports.forEach((transport, index) => {
      for (const link of transport.links) this.#addLink(index, link)
    })
    announcer.start()
    gossip.start()
    this.#cluster?.start()
    this.#bridge?.start() // Nostr bridge (issue #9)
    this.#scheduleMaintenance()
  }

  stop(): Promise<void> {
    // Panic wipe (issue #10): no LEAVE under the old identity; stop once the node came back.
    if (this.#wipe.busy) return this.#wipe.whenDone().then(() => this.stop())
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop(): Promise<void> {
    const wasRunning = this.#state === 'running'
    this.#state = 'stopping'
    if (wasRunning && this.#links.size > 0) {
      try {
        // LEAVE (§2.4): signed, TTL 7, to every link, before they close.
        const frame = encodeSettled(this.#ctx.sign(this.#newPacket(MessageType.LEAVE, new Uint8Array(0), null, C.DEFAULT_TTL)))
        for (const entry of this.#links.values()) this.#ctx.sendOn(entry, frame, false)
        await this.#waitForDrain()
      } catch {
        // Best effort: a node must be able to stop even if the LEAVE cannot be built or sent.
      }
    }
    this.#state = 'stopped'
    this.#timers.clearAll()
    const parts = this.#parts
    parts?.relayer.clear()
    parts?.files.stop()
    parts?.messaging.stop()
    parts?.storeForward?.clear()
    this.#cluster?.clear()
    this.#bridge?.stop() // Nostr bridge (issue #9)
    await parts?.messaging.closeOutbox().catch(() => undefined)
    for (const entry of this.#links.values()) entry.dispose()
    this.#links.clear()
    for (const off of this.#transportUnsubscribes.splice(0)) off()
    await Promise.allSettled(this.#transports.map((t) => t.stop()))
    // Nothing may have been scheduled since (handlers check the state), but make sure.
    this.#timers.clearAll()
    parts?.ingress.clear()
    parts?.gossip.clear()
    this.#neighborhood.clear()
  }

  /** Wait until every link has handed its queue to the radio, at most LEAVE_FLUSH_TIMEOUT_MS. */
  #waitForDrain(): Promise<void> {
    const busy = [...this.#links.values()].filter((e) => e.link.status === 'open' && e.link.bufferedBytes > 0)
    if (busy.length === 0) return Promise.resolve()
    return new Promise<void>((resolve) => {
      let remaining = busy.length
      const offs: Array<() => void> = []
      const done = (): void => {
        this.#timers.clear(timer)
        for (const off of offs) off()
        resolve()
      }
      const timer = this.#timers.set(done, C.LEAVE_FLUSH_TIMEOUT_MS)
      for (const entry of busy) {
        offs.push(
          entry.link.on('drain', () => {
            if (--remaining === 0) done()
          }),
        )
      }
    })
  }

  #setIdentity(identity: MeshIdentity): void {
    this.#signingSeed = identity.signingSeed
    this.#peerIdBytes = peerIdFromNoiseKey(identity.noiseStaticKeyPair.publicKey)
    this.#peerIdHex = bytesToHex(this.#peerIdBytes)
  }

  #running(): Parts {
    if (this.#state !== 'running' || this.#parts === undefined) throw new TypeError('the mesh node is not running (call start())')
    return this.#parts
  }

  #scheduleMaintenance(): void {
    this.#timers.set(() => {
      if (this.#state !== 'running') return
      const now = this.#clock.now()
      // A BitMesh peer with a fresh neighbour list is kept: it announces less often (issue #5).
      const keep = (id: string): boolean => isLinked(this.#ctx, id) || (this.#neighborhood.isBitmesh(id) && this.#neighborhood.neighborsOf(id, now) !== undefined)
      for (const gone of this.#peers.expire(now, C.PEER_RETENTION_MS, keep)) {
        this.#neighborhood.remove(gone.peerId)
        this.emit('peer:leave', { peerId: gone.peerId, reason: 'timeout' })
      }
      const parts = this.#parts!
      // Neighbour lists age out (gossip-router NEIGHBOR_LIST_MAX_AGE_MS); keep ours fresh.
      this.#refreshOwnNeighbors()
      parts.ingress.reassembler.sweep()
      parts.ingress.dedup.prune(now)
      parts.messaging.prune(now)
      parts.files.prune(now)
      parts.storeForward?.prune(now)
      parts.gossip.prune(now)
      this.#scheduleMaintenance()
    }, C.MAINTENANCE_INTERVAL_MS)
  }

  // ───────────────────────────── public API ─────────────────────────────

  async sendPublic(text: string): Promise<string> {
    const parts = this.#running()
    if (typeof text !== 'string') throw new TypeError('text must be a string')
    const packet = this.#ctx.sign(this.#newPacket(MessageType.MESSAGE, utf8Encode(text), null, C.DEFAULT_TTL))
    const now = this.#clock.now()
    parts.ingress.dedup.add(dedupKey(packet, this.#crypto), now)
    const frame = encodeSettled(packet)
    parts.gossip.store.add(packet, frame, now)
    for (const entry of this.#links.values()) this.#ctx.sendOn(entry, frame, false)
    this.#bridge?.carryOwn(frame, packet) // Nostr bridge (issue #9)
    // Cluster mode: our own message keeps a deep sleeper awake; with no link it waits up to 2 minutes.
    this.#cluster?.noteConversation(false)
    this.#cluster?.bufferIfIsolated(frame)
    this.#counters.publicSent++
    return publicMessageId(this.#peerIdHex, packet.timestamp, text, this.#crypto)
  }

  async sendPrivate(peerId: string, text: string): Promise<string> {
    const parts = this.#running()
    const peer = normalizePeerId(peerId)
    if (peer === this.#peerIdHex) throw new RangeError('cannot send a private message to ourselves')
    if (typeof text !== 'string') throw new TypeError('text must be a string')
    this.#cluster?.noteConversation() // cluster mode: a conversation keeps us awake
    const { messageId, status } = await parts.messaging.send(peer, text)
    this.emit('delivery', { messageId, peerId: peer, status })
    return messageId
  }

  async sendFile(peerId: string, file: MeshFile): Promise<string> {
    const parts = this.#running()
    const peer = normalizePeerId(peerId)
    if (peer === this.#peerIdHex) throw new RangeError('cannot send a file to ourselves')
    this.#cluster?.noteConversation()
    const { messageId, status } = parts.files.send(peer, file)
    this.emit('delivery', { messageId, peerId: peer, status })
    return messageId
  }

  async sendPublicFile(file: MeshFile): Promise<string> {
    const parts = this.#running()
    this.#cluster?.noteConversation(false)
    return parts.files.sendPublic(file)
  }

  markRead(peerId: string, messageId: string): void {
    const parts = this.#running()
    const peer = normalizePeerId(peerId)
    if (typeof messageId !== 'string' || messageId.length === 0) throw new TypeError('messageId must be a non-empty string')
    parts.messaging.markRead(peer, messageId)
  }

  peers(): PeerInfo[] {
    return [...this.#peers.values()].map((r) => peerInfo(r, this.#ctx))
  }

  // ───────────────────────────── panic wipe (issue #10, src/panic.ts) ─────────────────────────────

  wipe(reason = 'manual'): Promise<WipeReport> {
    return this.#wipe.wipe(String(reason))
  }

  registerWipeable(component: Wipeable, options?: RegisterOptions): () => void {
    return this.#wipe.register(component, options)
  }

  /** What the node lends its {@link MeshWipe}: read lazily, since parts change with every start. */
  #wipeHost(): WipeHost {
    return {
      clock: this.#clock,
      crypto: this.#crypto,
      rng: this.#rng,
      peers: this.#peers,
      neighborhood: this.#neighborhood,
      storePrefix: this.#options.storePrefix ?? DEFAULT_STORE_PREFIX,
      parts: () => this.#parts,
      // The last wipe's identity is current until (and after) the next start uses it.
      identity: () => this.#wipe.nextIdentity ?? this.#parts?.identity ?? this.#options.identity,
      localPeerId: () => this.#peerIdBytes,
      store: () => this.#store,
      outboxBackend: () => this.#storeForward.outbox?.backend ?? null,
      silence: (inStart) => this.#silence(inStart),
      comeBack: (identity, nickname, reopened, inStart) => this.#comeBack(identity, nickname, reopened, inStart),
    }
  }

  /** The synchronous first moment of a wipe: nothing more goes out, and no LEAVE (iOS, §8). */
  #silence(inStart: boolean): Promise<void> {
    if (!inStart && (this.#state === 'starting' || this.#state === 'running')) this.#state = 'stopping'
    this.#timers.clearAll()
    this.#parts?.relayer.clear()
    this.#bridge?.stop() // Nostr bridge (issue #9): nothing more to or from the relays
    for (const entry of this.#links.values()) entry.dispose()
    this.#links.clear()
    for (const off of this.#transportUnsubscribes.splice(0)) off()
    return Promise.allSettled(this.#transports.map((t) => t.stop())).then(() => undefined)
  }

  /** After a wipe: a new identity on the (reopened) stores, idle and ready for `start()`. */
  #comeBack(identity: MeshIdentity, nickname: string, reopened: MeshReopenedStores, inStart: boolean): void {
    this.nickname = nickname
    // Counters tell how much the old identity talked: start the new one from zero.
    Object.assign(this.#counters, newCounters())
    Object.assign(this.#drops, newDropCounts())
    if (reopened.store !== undefined) this.#store = reopened.store
    const outbox = this.#storeForward.outbox
    if (reopened.outbox !== undefined && outbox !== null) this.#storeForward = { ...this.#storeForward, outbox: { ...outbox, backend: reopened.outbox } }
    this.#setIdentity(identity)
    if (inStart) return // start() resumed the wipe and goes on starting
    this.#state = 'idle'
    this.#starting = undefined
    this.#stopping = undefined
  }

  // ───────────────────────────── links ─────────────────────────────

  #addLink(transportIndex: number, link: Link): void {
    const parts = this.#parts
    if (this.#state !== 'running' || parts === undefined || link.status !== 'open') return
    const key = `${transportIndex}:${link.id}`
    if (this.#links.has(key)) return
    const entry = new LinkEntry(
      key,
      link,
      this.#timers,
      {
        onSent: (bytes) => {
          this.#counters.framesSent++
          this.#counters.bytesSent += bytes
        },
        onFailed: (result) => this.#drop(result === 'capacity' ? 'capacity' : 'protocol', { detail: `link ${key}: ${result}` }),
      },
      C.MAX_PACED_FRAMES_PER_LINK,
    )
    this.#links.set(key, entry)
    entry.unsubscribes.push(
      link.on('frame', (frame) => parts.ingress.onFrame(entry, frame)),
      link.on('close', ({ reason }) => this.#removeLink(entry, reason)),
    )
    this.emit('link:open', { linkId: key, kind: link.kind, remoteAddress: link.remoteAddress, direction: link.direction })
    // Android announces right after a new connection: the link is bound without waiting a period.
    parts.announcer.introduce(entry)
  }

  #removeLink(entry: LinkEntry, reason: LinkCloseReason): void {
    if (this.#links.get(entry.key) !== entry) return
    this.#links.delete(entry.key)
    entry.dispose()
    if (entry.peerId !== null) this.#refreshOwnNeighbors()
    this.emit('link:close', { linkId: entry.key, reason, peerId: entry.peerId })
  }

  /** Our own entry in the neighbour table: the peers bound to our open links. */
  #refreshOwnNeighbors(): void {
    if (this.#peerIdHex === '') return
    const bound = new Set<string>()
    for (const entry of this.#links.values()) if (entry.peerId !== null) bound.add(entry.peerId)
    this.#neighborhood.update(this.#peerIdHex, bound, this.#clock.now(), this.#ctx.bitmeshFeatures !== 0)
    this.#parts?.announcer.onNeighborsChanged() // BitMesh cadence fast path (issue #5)
  }

  #maybeDial(transportIndex: number, transport: Transport, address: string): void {
    if (this.#state !== 'running' || this.#options.autoDial !== true) return
    const key = `${transportIndex}:${address}`
    if (this.#dialing.has(key)) return
    for (const entry of this.#links.values()) {
      if (entry.key.startsWith(`${transportIndex}:`) && entry.link.remoteAddress === address) return
    }
    this.#dialing.add(key)
    transport
      .dial(address)
      .then((link) => this.#addLink(transportIndex, link))
      .catch(() => undefined)
      .finally(() => this.#dialing.delete(key))
  }

  /** Connected neighbours: bound peers once each, plus each not-yet-bound link. */
  #degree(): number {
    // No Set: a handful of links, and this runs for every relay decision (issue #5).
    let count = 0
    let i = 0
    outer: for (const entry of this.#links.values()) {
      i++
      const peer = entry.peerId
      if (peer !== null) {
        let j = 0
        for (const other of this.#links.values()) {
          if (++j >= i) break
          if (other.peerId === peer) continue outer
        }
      }
      count++
    }
    return count
  }

  // ───────────────────────────── packets ─────────────────────────────

  /** Our timestamps strictly increase, so two identical texts never share a dedup key. */
  #newPacket(type: number, payload: Uint8Array, recipientId: Uint8Array | null, ttl: number): BitchatPacket {
    const now = Math.max(this.#clock.now(), this.#lastTimestampMs + 1)
    this.#lastTimestampMs = now
    return {
      version: payload.length > 0xffff - 4 ? 2 : 1,
      type,
      ttl,
      timestamp: BigInt(now),
      senderId: this.#peerIdBytes,
      recipientId,
      route: null,
      payload,
      signature: null,
      isRsr: false,
    }
  }

  #drop(reason: DropReason, detail: Omit<DropEvent, 'reason'> = {}): void {
    this.#drops[reason]++
    this.emit('drop', { reason, ...detail })
  }
}
