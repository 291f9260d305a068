/**
 * `createLanTransport`: BitMesh links over a LAN. Each node listens on one TCP port; links are
 * framed streams (`@bitmesh/stream-link`); peers are found by mDNS / DNS-SD (service
 * `_bitmesh._tcp.local`) and/or a list of static `host:port` peers. The platform (sockets and the
 * multicast socket) comes in as a {@link LanNetwork}, so this file is runtime-neutral; the Node
 * implementation is `lanTransport` at `@bitmesh/transport-lan/node`.
 *
 * Dial rule: of two nodes that discover each other, only the one with the lower node id dials, so
 * they open exactly one link. Static peers are dialled whatever the ids (the id is learnt from
 * the stream preface); if that leaves two links between the same pair, both sides keep the one
 * dialled by the lower id and close the other.
 * @module
 */
import { AbortError, type AbortOptions, type AbortSignalLike, type Link, type Rng } from '@bitmesh/interface'
import { StreamTransportBase, type ByteStream, type StreamTransportOptions } from '@bitmesh/stream-link'
import { formatLanAddress, isLanNodeId, parseLanAddress, randomLanNodeId } from './address.js'
import { LAN_DEFAULT_PORT, LAN_REDIAL_DELAY_MS, LAN_SERVICE_TYPE, LAN_STATIC_RETRY_MS } from './constants.js'
import { LanDiscovery, type LanDiscoveryStats, type MdnsSocket } from './discovery.js'
import type { LanPeer } from './peer-table.js'

/** A bound TCP listener. */
export interface LanListener {
  readonly port: number
  close(): Promise<void>
}

/** The platform under the LAN transport. */
export interface LanNetwork {
  /** Listen on `host:port` (0: any free port). */
  listen(host: string, port: number, onStream: (stream: ByteStream) => void): Promise<LanListener>
  /** Open a TCP stream; aborting destroys it. */
  connect(host: string, port: number, signal: AbortSignalLike): Promise<ByteStream>
  /** Open the mDNS socket (absent: no mDNS on this platform). */
  openMdns?(): Promise<MdnsSocket>
}

/** mDNS tuning (all optional). */
export interface LanMdnsOptions {
  /** Record TTL in seconds (default 120). */
  ttlS?: number
  /** Re-announce period in ms (default 30 000). */
  reannounceIntervalMs?: number
  /** Browse query period in ms (default 30 000). */
  queryIntervalMs?: number
  /** Peer table capacity (default 64). */
  maxPeers?: number
}

/** Options of {@link createLanTransport}. */
export interface LanTransportInit extends StreamTransportOptions {
  /** Sockets and the multicast socket. */
  network: LanNetwork
  /** Source of the node id when `nodeId` is not given. */
  rng?: Rng
  /** This node's discovery id (4–32 lowercase hex); default: 16 random hex from `rng`. */
  nodeId?: string
  /** TCP port to listen on (default 7878; 0: any free port). */
  port?: number
  /** Address to bind (default `0.0.0.0`). */
  host?: string
  /** Address peers should dial, announced over mDNS and in the preface (default: `host`, or `127.0.0.1` for a wildcard bind). */
  advertiseHost?: string
  /** DNS-SD service type (default `_bitmesh._tcp.local`); nodes only see others of the same type. */
  serviceName?: string
  /** How peers are found. Default: mDNS on (when the network has it), no static peers. */
  discovery?: {
    /** `false` turns mDNS off; an object tunes it. */
    mdns?: false | LanMdnsOptions
    /** Static peers, `host:port` or `id@host:port`, dialled at start and retried while unlinked. */
    peers?: readonly string[]
  }
  /** Dial discovered peers by the lower-id rule (default true). Off: only `peer:discovered` is emitted. */
  autoConnect?: boolean
  /** Delay before redialling a discovered peer, in ms (default 2 000). */
  redialDelayMs?: number
  /** Retry period for unlinked static peers, in ms (default 5 000). */
  staticRetryMs?: number
}

/** A LAN {@link Transport} (kind `lan`). */
export interface LanTransport extends StreamTransportBase {
  readonly kind: 'lan'
  /** This node's discovery id. */
  readonly nodeId: string
  /** Bound TCP port while running. */
  readonly listeningPort: number | undefined
  /** `<id>@<host>:<port>` while running: what others dial. */
  readonly localAddress: string | undefined
  /** Peers currently in the mDNS table. */
  discoveredPeers(): LanPeer[]
  /** mDNS counters (`undefined` without mDNS). */
  readonly discoveryStats: LanDiscoveryStats | undefined
}

/**
 * Create a LAN transport.
 * @param init - network, clock, id source and optional tuning
 * @returns a stopped transport; call `start()`
 * @throws TypeError without network, clock or an id source, or for a malformed id / static peer;
 *   RangeError for nonsensical limits
 */
export function createLanTransport(init: LanTransportInit): LanTransport {
  return new LanTransportImpl(init)
}

class LanTransportImpl extends StreamTransportBase implements LanTransport {
  readonly kind = 'lan' as const
  readonly nodeId: string
  readonly #network: LanNetwork
  readonly #port: number
  readonly #host: string
  readonly #advertiseHost: string
  readonly #service: string
  readonly #mdns: false | LanMdnsOptions
  readonly #static: readonly string[]
  readonly #autoConnect: boolean
  readonly #redialDelayMs: number
  readonly #staticRetryMs: number
  #listener: LanListener | undefined
  #discovery: LanDiscovery | undefined
  #offLinkOpen: (() => void) | undefined
  readonly #timers = new Set<unknown>()
  /** Open links per remote node id. */
  readonly #byId = new Map<string, Set<Link>>()
  readonly #dialing = new Set<string>()
  /** Static peer address → the node id learnt on its first link. */
  readonly #staticIds = new Map<string, string>()

  constructor(init: LanTransportInit) {
    super(init)
    if (init.network === undefined) throw new TypeError('createLanTransport: network is required')
    if (init.nodeId !== undefined) {
      if (!isLanNodeId(init.nodeId)) throw new TypeError('createLanTransport: nodeId must be 4–32 lowercase hex characters')
      this.nodeId = init.nodeId
    } else {
      if (init.rng === undefined) throw new TypeError('createLanTransport: pass rng or nodeId')
      this.nodeId = randomLanNodeId((n) => init.rng!.randomBytes(n))
    }
    this.#network = init.network
    this.#port = init.port ?? LAN_DEFAULT_PORT
    if (!Number.isInteger(this.#port) || this.#port < 0 || this.#port > 0xffff) throw new RangeError('port must be 0..65535')
    this.#host = init.host ?? '0.0.0.0'
    this.#advertiseHost = init.advertiseHost ?? (this.#host === '0.0.0.0' || this.#host === '::' ? '127.0.0.1' : this.#host)
    this.#service = init.serviceName ?? LAN_SERVICE_TYPE
    if (!/^_[a-z0-9-]{1,15}\._(tcp|udp)\.local$/i.test(this.#service)) throw new TypeError('serviceName must look like _name._tcp.local')
    this.#mdns = init.discovery?.mdns ?? {}
    this.#static = [...(init.discovery?.peers ?? [])]
    for (const p of this.#static) if (parseLanAddress(p) === undefined) throw new TypeError(`static peer ${JSON.stringify(p)} is not host:port`)
    this.#autoConnect = init.autoConnect ?? true
    this.#redialDelayMs = init.redialDelayMs ?? LAN_REDIAL_DELAY_MS
    this.#staticRetryMs = init.staticRetryMs ?? LAN_STATIC_RETRY_MS
  }

  get listeningPort(): number | undefined {
    return this.#listener?.port
  }

  get localAddress(): string | undefined {
    const port = this.#listener?.port
    return port === undefined ? undefined : formatLanAddress({ id: this.nodeId, host: this.#advertiseHost, port })
  }

  get discoveryStats(): LanDiscoveryStats | undefined {
    return this.#discovery?.stats
  }

  discoveredPeers(): LanPeer[] {
    return this.#discovery?.table.list() ?? []
  }

  protected localLabel(): string {
    return this.localAddress ?? this.nodeId
  }

  async start(options?: AbortOptions): Promise<void> {
    if (this.running) return
    if (options?.signal?.aborted) throw new AbortError()
    this.running = true
    try {
      this.#listener = await this.#network.listen(this.#host, this.#port, (stream) => this.acceptStream(stream))
      this.#offLinkOpen = this.on('link:open', (link) => this.#onLinkOpen(link))
      if (this.#mdns !== false && this.#network.openMdns !== undefined) await this.#startMdns(this.#mdns)
      if (options?.signal?.aborted) throw new AbortError()
      for (const address of this.#static) this.#dialStatic(address)
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const t of this.#timers) this.clock.clearTimeout(t)
    this.#timers.clear()
    const discovery = this.#discovery
    this.#discovery = undefined
    discovery?.removeAllListeners()
    await discovery?.stop()
    await this.closeAll()
    this.#offLinkOpen?.()
    this.#offLinkOpen = undefined
    this.#byId.clear()
    this.#dialing.clear()
    this.#staticIds.clear()
    const listener = this.#listener
    this.#listener = undefined
    await listener?.close()
  }

  dial(address: string, options?: AbortOptions): Promise<Link> {
    const parsed = typeof address === 'string' ? parseLanAddress(address) : undefined
    if (parsed === undefined) return Promise.reject(new TypeError('dial: address must be host:port or id@host:port'))
    return this.dialStream(address, options?.signal, (signal) => this.#network.connect(parsed.host, parsed.port, signal))
  }

  async #startMdns(mdns: LanMdnsOptions): Promise<void> {
    let socket: MdnsSocket
    try {
      socket = await this.#network.openMdns!()
    } catch (error) {
      // No multicast here (no interface, port taken without reuse): run on static peers alone.
      this.emit('error', error)
      return
    }
    if (!this.running) {
      await socket.close().catch(() => {})
      return
    }
    const discovery = new LanDiscovery({
      socket,
      clock: this.clock,
      self: { id: this.nodeId, host: this.#advertiseHost, port: this.#listener!.port },
      service: this.#service,
      ...mdns,
    })
    discovery.on('found', ({ peer, change }) => {
      if (change !== 'refreshed') this.emit('peer:discovered', { address: formatLanAddress(peer) })
      this.#maybeDial(peer.id)
    })
    this.#discovery = discovery
    discovery.start()
  }

  /** Lower-id rule: dial a discovered peer we have no link to. */
  #maybeDial(id: string): void {
    if (!this.running || !this.#autoConnect || !(this.nodeId < id) || this.#linked(id) || this.#dialing.has(id)) return
    const peer = this.#discovery?.table.get(id)
    if (peer === undefined) return
    this.#dialing.add(id)
    this.dial(formatLanAddress(peer)).then(
      () => this.#dialing.delete(id),
      () => {
        this.#dialing.delete(id)
        this.#after(this.#redialDelayMs, () => this.#maybeDial(id))
      },
    )
  }

  #dialStatic(address: string): void {
    if (!this.running) return
    const knownId = this.#staticIds.get(address)
    if (knownId !== undefined && this.#linked(knownId)) {
      this.#after(this.#staticRetryMs, () => this.#dialStatic(address))
      return
    }
    this.dial(address).then(
      (link) => {
        const id = parseLanAddress(link.remoteAddress)?.id
        if (id !== undefined) this.#staticIds.set(address, id)
        const retry = (): void => this.#after(this.#staticRetryMs, () => this.#dialStatic(address))
        if (link.status !== 'open') return retry()
        const off = link.on('close', () => {
          off()
          retry()
        })
      },
      () => this.#after(this.#staticRetryMs, () => this.#dialStatic(address)),
    )
  }

  #onLinkOpen(link: Link): void {
    const id = parseLanAddress(link.remoteAddress)?.id
    if (id === undefined) return
    if (id === this.nodeId) {
      // A static peer pointing at ourselves.
      queueMicrotask(() => void link.close())
      return
    }
    let set = this.#byId.get(id)
    if (set === undefined) {
      set = new Set()
      this.#byId.set(id, set)
    }
    for (const other of set) {
      if (other.status !== 'open') continue
      // Both ends see the same pair and keep the same link: the one dialled by the lower id.
      const loser = this.#dialer(link, id) < this.#dialer(other, id) ? other : link
      // After this emit has reached every listener, so none sees the close before the open.
      queueMicrotask(() => void loser.close())
      break
    }
    set.add(link)
    const off = link.on('close', () => {
      off()
      set.delete(link)
      if (set.size === 0 && this.#byId.get(id) === set) this.#byId.delete(id)
      if (this.running && !this.#linked(id)) this.#after(this.#redialDelayMs, () => this.#maybeDial(id))
    })
  }

  #dialer(link: Link, remoteId: string): string {
    return link.direction === 'outbound' ? this.nodeId : remoteId
  }

  #linked(id: string): boolean {
    const set = this.#byId.get(id)
    if (set === undefined) return false
    for (const link of set) if (link.status === 'open') return true
    return false
  }

  #after(ms: number, fn: () => void): void {
    if (!this.running) return
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle)
      if (this.running) fn()
    }, ms)
    this.#timers.add(handle)
  }
}
