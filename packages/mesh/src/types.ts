/**
 * Public types of the mesh node: options, events, peers and statistics.
 * @module
 */
import type { Clock, CryptoProvider, Emitter, KeyValueStore, LinkCloseReason, Rng, Transport, TransportKind } from '@bitmesh/interface'
import type { KeyPair } from '@bitmesh/noise'
import type { QueueBackend, RelayCacheOptions } from '@bitmesh/store-forward'
import type { RelayPolicy } from './relay-policy.js'
// Nostr bridge (issue #9): the option lives in bridge/options.ts.
import type { MeshBridgeOptions } from './bridge/options.js'
// Cluster mode (issue #6): options, events and state live in cluster-types.ts.
import type { ClusterHeadEvent, ClusterRoleEvent, MeshClusterOptions, MeshClusterState } from './cluster-types.js'
// Panic wipe (issue #10): the long form of the option lives in panic-types.ts.
import type { PanicWipe, RegisterOptions, WipeReport } from '@bitmesh/panic-wipe'
import type { Wipeable } from '@bitmesh/interface'
import type { MeshPanicWipeOptions } from './panic-types.js'
// Files and the link manager (issue #7): file-types.ts, link-manager.ts.
import type { FileEvent, MeshFile } from './file-types.js'
import type { MeshLinkChoiceEvent, MeshLinkManagerOptions } from './link-manager.js'

/** The long-term keys of a node. */
export interface MeshIdentity {
  /** X25519 Noise static key pair; SHA-256 of the public key gives the peer ID (§4). */
  noiseStaticKeyPair: KeyPair
  /** 32-byte Ed25519 secret seed used to sign announces, messages, leaves and sync requests (§3). */
  signingSeed: Uint8Array
}

/** Options of {@link createMeshNode}. */
export interface MeshNodeOptions {
  /** Transports to run (started by `start()`, stopped by `stop()`). */
  transports: Transport[]
  /** Time and timers; the node reads no ambient time. */
  clock: Clock
  /** Randomness for jitter, fragment and message IDs, and for new identity keys. */
  rng: Rng
  /** Crypto provider. Default: `defaultCryptoProvider` of `@bitmesh/crypto` (pure JS). */
  crypto?: CryptoProvider
  /** Where the identity is persisted. Default: a memory store (identity lost on exit). */
  store?: KeyValueStore
  /** Name put in announces (≤ 255 UTF-8 bytes). */
  nickname: string
  /** Use these keys instead of loading or generating them through the store. */
  identity?: MeshIdentity
  /** Relay decisions. Default: {@link iosRelayPolicy} (§6.3). */
  relayPolicy?: RelayPolicy
  /** Period while connected to fewer than 6 links. Default 15 000 ms (jittered ±4 000 ms). */
  announceIntervalMs?: number
  /** Period while isolated. Default 4 000 ms. */
  isolatedAnnounceIntervalMs?: number
  /** Period of REQUEST_SYNC to each linked peer; 0 disables periodic sync. Default 15 000 ms. */
  syncIntervalMs?: number
  /**
   * Dial every address a transport reports through `peer:discovered`. Default `false`: transports
   * that connect on their own (BLE's `autoConnect`) apply their link limits and pacing; turn this
   * on for transports that only discover (the memory transport).
   */
  autoDial?: boolean
  /** Store key prefix of the identity. Default `"bitmesh/mesh/identity/"`. */
  storePrefix?: string
  /**
   * Store-and-forward (`@bitmesh/store-forward`, §6.7): the bitchat sender outbox for private
   * messages, iOS's 60 s directed relay spool and the relay cache. Default: all on, in memory.
   * Pass a durable outbox backend (`SqliteStore.queueBackend('outbox')` from
   * `@bitmesh/store-forward/sqlite`) to keep queued messages across restarts; `false` turns
   * store-and-forward off (private messages then behave as without it: 5 sends, then `send-failed`).
   */
  storeForward?: MeshStoreForwardOptions | false
  // ── cluster mode (issue #6) ──
  /**
   * Cluster heads and power management (`@bitmesh/cluster-election`, DESIGN §6): announces carry
   * TLV `0xB1`, election control travels as signed outer packets of type `0xB1`, members sleep
   * when idle. Default `false` (off).
   */
  clusters?: MeshClusterOptions | false
  // ── Nostr bridge (issue #9) ──
  /**
   * Make this node a gateway joining its mesh island to others through Nostr relays (bridge
   * events of kind 20000 tagged `["r", cell]`, nostrCarrier `0x28`; see the README). Default: off.
   */
  bridge?: MeshBridgeOptions
  // ── panic wipe (issue #10) ──
  /**
   * The panic wipe (`@bitmesh/panic-wipe`, wire spec §8): a `PanicWipe` the app built (durable
   * journal, data-key store, directory scrubber) or {@link MeshPanicWipeOptions}. Every stateful
   * part of the node registers with it. Default: a `PanicWipe` of the node's own with an in-memory
   * (not durable) journal, a fresh `anon####` identity after a wipe, no decoy.
   */
  panicWipe?: PanicWipe | MeshPanicWipeOptions
  // ── link manager (issue #7) ──
  /**
   * Wrap `transports` in one `@bitmesh/transport-manager` (localId = this node's peer ID): per
   * neighbour the best link, upgrades, loss-free downgrades, files on the fastest link; its
   * choices surface as `link:upgrade` / `link:downgrade`. `true` for the defaults. Default: off.
   */
  linkManager?: true | MeshLinkManagerOptions
}

/** Limits of the bitchat sender outbox (§6.7), with its storage. */
export interface MeshOutboxOptions {
  /** Where entries live. Default: a fresh `memoryQueueBackend()` (lost on exit). */
  backend?: QueueBackend
  /** Messages per peer. Default 100 (§6.7). */
  maxPerPeer?: number
  /** Peers with pending messages. Default 256. */
  maxPeers?: number
  /** Lifetime of a queued message, ms. Default 24 h (§6.7). */
  ttlMs?: number
  /** Flushes (send series) per message before it is given up. Default 8 (§6.7 iOS). */
  maxAttempts?: number
}

/** Limits of the directed relay spool (§6.7 iOS). */
export interface MeshSpoolOptions {
  /** Hold time, ms. Default 60 000 (§6.7 iOS). */
  holdMs?: number
  /** Packets held at most. Default 512. */
  maxPackets?: number
  /** Frame bytes held at most. Default 1 MiB. */
  maxBytes?: number
  /** Packets held for one recipient at most. Default 64. */
  maxPerRecipient?: number
}

/** Options of store-and-forward in the mesh node; each part can be turned off with `false`. */
export interface MeshStoreForwardOptions {
  /** The sender outbox: a backend, limits (with an optional backend), or `false`. */
  outbox?: QueueBackend | MeshOutboxOptions | false
  /** The directed relay spool, or `false`. */
  spool?: MeshSpoolOptions | false
  /** The relay cache of directed packets we relay (store-forward's `RelayCache` limits), or `false`. */
  relayCache?: Omit<RelayCacheOptions, 'clock'> | false
}

/** A verified peer, as {@link MeshNode.peers} reports it. */
export interface PeerInfo {
  /** 16 lowercase hex characters. */
  peerId: string
  /** Nickname from its latest announce. */
  nickname: string
  /** SHA-256 of its Noise static key, 64 lowercase hex (§4). */
  fingerprint: string
  /** Its Noise static public key (hex). */
  noisePublicKey: string
  /** Its Ed25519 signing public key (hex). */
  signingPublicKey: string
  /** Whether one of our links is bound to it (direct announce received over the link). */
  direct: boolean
  /** `clock.now()` when we last heard a verified packet from it. */
  lastSeenMs: number
  /** Capability bits from its announce (or its authenticated peer state), if any. */
  capabilities?: bigint | undefined
}

/** A public chat message. */
export interface PublicMessageEvent {
  /** Local message ID: iOS's derivation (first 32 hex of SHA-256 of sender|ts|text, §2.3). */
  id: string
  /** Sender peer ID (hex). */
  senderPeerId: string
  /** Sender's nickname. */
  nickname: string
  /** Message text. */
  text: string
  /** Originator timestamp (ms since the epoch). */
  timestamp: number
  /** Whether it arrived as a solicited gossip-sync reply. */
  viaSync: boolean
}

/** A private message received over Noise. */
export interface PrivateMessageEvent {
  /** Sender-chosen message ID. */
  id: string
  /** Sender peer ID (hex). */
  senderPeerId: string
  /** Sender's nickname, or `''` when we have no announce from it. */
  nickname: string
  /** Message text. */
  text: string
  /** `clock.now()` at reception (private messages carry no sender timestamp). */
  timestamp: number
}

/** Delivery progress of a private message we sent. */
export interface DeliveryEvent {
  messageId: string
  /** The recipient. */
  peerId: string
  /**
   * `sent`: handed to Noise (again after a `queued`); `queued`: waiting in the store-and-forward
   * outbox until the peer is reachable (known peer out of reach, or sends without a receipt ran
   * out); `delivered` / `read`: the peer's receipts.
   */
  status: 'sent' | 'queued' | 'delivered' | 'read'
}

/** Why a received frame or a send was dropped (counted in `stats.drops`). */
export type DropReason =
  /** Malformed frame or payload. */
  | 'decode-error'
  /** A signature did not verify. */
  | 'bad-signature'
  /** A signed packet from a sender with no verified announce. */
  | 'unknown-sender'
  /** Seen before (§6.4), or a replayed Noise nonce. */
  | 'duplicate'
  /** |timestamp − now| too large (§6.9), or an announce/message too old. */
  | 'timestamp-skew'
  /** Per-link frame rate, sync responder or Noise rate limit exceeded. */
  | 'rate-limit'
  /** Announced keys differ from the pinned ones, or the sender ID is not the key's hash. */
  | 'key-mismatch'
  /** An IS_RSR packet without a recent REQUEST_SYNC of ours on that link. */
  | 'unsolicited-rsr'
  /** A fragment was refused by the reassembler. */
  | 'fragment'
  /** A Noise frame that failed (auth, no session, malformed). */
  | 'noise'
  /** Our own packet came back. */
  | 'own-packet'
  /** A packet that must have TTL 0 (REQUEST_SYNC) had another, or similar protocol misuse. */
  | 'protocol'
  /** A queue was full (link queue, paced fragments, Noise queue). */
  | 'capacity'
  /** A private payload could not be sent (handshake failed after retries). */
  | 'send-failed'

/** Detail of the `drop` event. */
export interface DropEvent {
  reason: DropReason
  /** Peer concerned, when known. */
  peerId?: string
  /** Message concerned (for `send-failed`). */
  messageId?: string
  /** Human-readable detail. */
  detail?: string
}

/** Detail of `link:open`. */
export interface LinkOpenEvent {
  /** Node-unique link ID (`<transport index>:<link id>`). */
  linkId: string
  kind: TransportKind
  remoteAddress: string
  direction: 'inbound' | 'outbound'
}

/** Detail of `link:close`. */
export interface LinkCloseEvent {
  linkId: string
  reason: LinkCloseReason
  /** The peer the link was bound to, if any. */
  peerId: string | null
}

/** Detail of `peer:leave`. */
export interface PeerLeaveEvent {
  peerId: string
  /** `leave`: a verified LEAVE; `timeout`: not heard for the retention period; `evicted`: table full. */
  reason: 'leave' | 'timeout' | 'evicted'
}

/** Events of a {@link MeshNode}. */
export interface MeshEvents {
  message: PublicMessageEvent
  'private-message': PrivateMessageEvent
  delivery: DeliveryEvent
  'peer:join': PeerInfo
  'peer:leave': PeerLeaveEvent
  'link:open': LinkOpenEvent
  'link:close': LinkCloseEvent
  drop: DropEvent
  // ── cluster mode (issue #6) ──
  /** Our cluster role changed (`none` / `member` / `head`). */
  'cluster:role': ClusterRoleEvent
  /** Our head changed (joined, switched, lost, or we became / ceased to be head). */
  'cluster:head': ClusterHeadEvent
  // ── files and link manager (issue #7) ──
  /** A private file arrived (once per file). */
  file: FileEvent
  /** The link manager moved a neighbour to a better link (`linkManager` option). */
  'link:upgrade': MeshLinkChoiceEvent
  /** The link manager moved a neighbour to a worse link, or it has none left. */
  'link:downgrade': MeshLinkChoiceEvent
}

/** The running counters of a node (frames, bytes, messages by kind). */
export interface MeshCounters {
  framesReceived: number
  bytesReceived: number
  framesSent: number
  bytesSent: number
  /** Packets forwarded for others. */
  relayed: number
  /** Scheduled relays cancelled by a duplicate (§6.3). */
  relaysCancelled: number
  announcesSent: number
  publicSent: number
  publicReceived: number
  privateSent: number
  privateReceived: number
  fragmentsSent: number
  packetsReassembled: number
  syncRequestsSent: number
  syncPacketsSent: number
  /** Private messages put to wait in the outbox (`delivery` status `queued`). */
  privateQueued: number
  /** Send series started by an outbox flush (the peer became reachable). */
  outboxResent: number
  /** Directed packets spooled for a recipient with no link (§6.7). */
  spooled: number
  /** Spooled packets forwarded when a link to their recipient was bound. */
  spoolForwarded: number
  /** Directed packets stored in the relay cache. */
  relayCached: number
  /** Relay-cache packets replayed to their recipient when a link to it was bound. */
  relayReplayed: number
  /** Relay-cache packets not replayed: older than receivers accept (§6.9, 120 s). */
  relayReplayStale: number
  // ── Nostr bridge (issue #9) ──
  /** Mesh packets published to the relays as bridge events. */
  bridgePublished: number
  /** Bridge events from other gateways injected into our mesh. */
  bridgeInjected: number
  /** Bridge events dropped as our own or already carried (loop prevention). */
  bridgeEchoes: number
  /** nostrCarrier `0x28` toGateway / toBridge events published for mesh peers. */
  bridgeCarrierPublished: number
  /** Foreign events of the cell broadcast into the mesh as `0x28` fromBridge carriers. */
  bridgeCarrierBroadcast: number
  // ── frames handed to links by class (routing bench, issue #5; `frame-class.ts`) ──
  /** Public MESSAGE frames (fragments included), not sync answers. */
  publicFramesSent: number
  /** NOISE_ENCRYPTED frames: private messages and their receipts (fragments included). */
  privateFramesSent: number
  /** NOISE_HANDSHAKE frames. */
  handshakeFramesSent: number
  /** ANNOUNCE and LEAVE frames. */
  announceFramesSent: number
  /** REQUEST_SYNC frames and sync answers (IS_RSR). */
  syncFramesSent: number
  /** Every other frame (cluster control, files, unknown types). */
  otherFramesSent: number
}

/** Counters of a node (a snapshot). */
export interface MeshStats extends MeshCounters {
  /** Dropped frames/sends by reason. */
  drops: Record<DropReason, number>
  /** Pending timers (0 after `stop()`). */
  timers: number
  /** Current entries of every bounded structure (see {@link MeshSizes} and `MESH_SIZE_CAPS`). */
  sizes: MeshSizes
}

/**
 * Current sizes of the node's bounded structures; each (but `links` and `syncBytes`) stays at or
 * below its cap in `MESH_SIZE_CAPS`. All zero before `start()`.
 */
export interface MeshSizes {
  /** Verified peers in the table (cap `MAX_PEERS`). */
  peers: number
  /** Pinned peer keys (cap `MAX_PINNED_PEERS`). */
  pinnedPeers: number
  /** Duplicate-registry entries (cap `DEDUP_CAPACITY`). */
  dedup: number
  /** Announces in the gossip store (cap `SYNC_ANNOUNCE_CAPACITY`). */
  syncAnnounces: number
  /** Public messages in the gossip store (cap `SYNC_MESSAGE_CAPACITY`). */
  syncMessages: number
  /** Frame bytes in the gossip store (bounded only through the two entry caps). */
  syncBytes: number
  /** Fragment assemblies in flight (cap `MAX_REASSEMBLY_ASSEMBLIES`). */
  reassemblies: number
  /** Fragment bytes buffered (cap `MAX_REASSEMBLY_BUFFERED_BYTES`). */
  reassemblyBytes: number
  /** Relays waiting out their jitter (cap `MAX_PENDING_RELAYS`). */
  pendingRelays: number
  /** Peers with live Noise state (cap `MAX_NOISE_PEERS`). */
  noisePeers: number
  /** Private messages awaiting receipts (cap `MAX_PENDING_PRIVATE`). */
  pendingPrivate: number
  /** Received private message IDs remembered (cap `MAX_SEEN_PRIVATE`). */
  seenPrivate: number
  /** Messages waiting in the store-and-forward outbox (cap `OUTBOX_MAX_PER_PEER × OUTBOX_MAX_PEERS`). */
  outbox: number
  /** Directed packets in the relay spool (cap `MAX_SPOOLED_PACKETS`). */
  spool: number
  /** Frame bytes in the relay spool (cap `MAX_SPOOLED_BYTES`). */
  spoolBytes: number
  /** Packets in the relay cache (cap `RELAY_CACHE_MAX_ENTRIES`). */
  relayCache: number
  /** Frame bytes in the relay cache (cap `RELAY_CACHE_MAX_BYTES`). */
  relayCacheBytes: number
  /** Open links (bounded by the transports, not by the mesh). */
  links: number
}

/** A running mesh node. */
export interface MeshNode extends Emitter<MeshEvents> {
  /** Our peer ID, 16 lowercase hex characters (available after `start()`, or at once with `identity`). */
  readonly peerId: string
  /** Our nickname. */
  readonly nickname: string
  /** Load or create the identity, start the transports, begin announcing. Idempotent. */
  start(): Promise<void>
  /** Send LEAVE, stop transports and Noise sessions, release every timer and listener. Idempotent. */
  stop(): Promise<void>
  /**
   * Broadcast a signed public message (TTL 7).
   * @returns Its local ID (the same ID receivers compute).
   */
  sendPublic(text: string): Promise<string>
  /**
   * Send a private message over Noise (a handshake starts if needed). With store-and-forward on,
   * it is first stored in the outbox (resolves once stored) and, when the peer is known but not
   * reachable, waits there (`delivery` status `queued`) until it is.
   * @returns The message ID (receipts refer to it).
   * @throws CapacityError when the outbox is full for that peer (100 messages) or for all peers.
   */
  sendPrivate(peerId: string, text: string): Promise<string>
  /**
   * Send a private file over Noise (typed `0x20`, one v2 packet, always fragmented; §2.5.5).
   * Waits (in memory) for a session or a path; resent until its `delivered` receipt, at most 3 times.
   * @returns The file's message ID (`delivery` events and the receiver's `file` event use it).
   * @throws RangeError for empty content or content over 1 MiB (`MAX_FILE_CONTENT_BYTES`, iOS's
   *   cap); TypeError for a malformed file; CapacityError when 32 files / 8 MiB are in flight.
   */
  sendFile(peerId: string, file: MeshFile): Promise<string>
  /**
   * Broadcast a public file (signed v2 FILE_TRANSFER `0x22`, TTL 7, always fragmented; §2.8).
   * Every verified peer that reassembles it gets a `file` event with `private: false`. Not kept
   * for gossip sync. iOS shows only its MIME allow-list; Android takes at most 256 fragments.
   * @returns The file's message ID.
   * @throws RangeError for empty content or content over 1 MiB; TypeError for a malformed file.
   */
  sendPublicFile(file: MeshFile): Promise<string>
  /** Send a read receipt for a private message we received from `peerId`. */
  markRead(peerId: string, messageId: string): void
  /** Verified peers currently reachable. */
  peers(): PeerInfo[]
  /** Counters snapshot. */
  readonly stats: MeshStats
  /** Cluster state snapshot, or `null` when cluster mode is off or before `start()` (issue #6). */
  readonly cluster: MeshClusterState | null
  /**
   * The fingerprint our head's hotspot credential offer must carry (pass it to `acceptOffer` of
   * `@bitmesh/transport-hotspot`): SHA-256 of the Ed25519 key of the head whose beacon we joined,
   * checked through its verified announce (`headFingerprintForBeacon`).
   * @returns 32 bytes, or `null` when we are not a member or the head's announce is unknown.
   */
  clusterHeadFingerprint(): Uint8Array | null
  // ── panic wipe (issue #10) ──
  /**
   * Wipe everything the node keeps (see `MeshNodeOptions.panicWipe`). From the first synchronous
   * moment nothing is sent (no LEAVE); transports stop; keys, sessions, peers, caches, the outbox and
   * the store are destroyed; then the node is idle with a NEW identity (new peer ID, `anon####` or
   * the decoy's nickname): `start()` brings it back. Joins a wipe in progress.
   * @param reason - Recorded in the wipe marker and the report (default `'manual'`).
   * @returns The report (never rejects; `ok` is false when a step failed and will be retried at the next start).
   */
  wipe(reason?: string): Promise<WipeReport>
  /**
   * Register app state (message history, media, settings) with the node's wipe.
   * @param component - Anything with `wipeName` and `wipe()`.
   * @param options - Priority (default `WipePriority.STATE`; `STORES` for databases), name, deadline.
   * @returns A function that unregisters it.
   */
  registerWipeable(component: Wipeable, options?: RegisterOptions): () => void
}
