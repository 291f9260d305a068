/**
 * `wifiDirectTransport`: Android↔Android fast links through a Wi-Fi P2P group. The group owner
 * listens on a fixed TCP port; members join its group (`connect`) and open one framed TCP stream
 * to the owner's address from the connection info. Links carry whole bitchat frames; the layer
 * above runs its own Noise session per link (this transport only moves frames).
 * @module
 */
import { AbortError, BitMeshError, ErrorCode, type AbortOptions, type Link } from '@bitmesh/interface'
import type { WifiP2pAdapter, WifiP2pDevice } from './adapter.js'
import { StreamTransportBase, type StreamTransportOptions } from '@bitmesh/stream-link'

/** Android's Wi-Fi Direct sample port, used as the group owner's data port by default. */
export const WIFI_DIRECT_DATA_PORT = 8988

/** Options of {@link wifiDirectTransport}. */
export interface WifiDirectTransportInit extends StreamTransportOptions {
  /** The platform. */
  adapter: WifiP2pAdapter
  /**
   * `owner` creates a group at start and accepts members; `member` joins owners' groups when it
   * dials them. (The cluster head is the natural owner.)
   */
  role: 'owner' | 'member'
  /** Data port of group owners (default {@link WIFI_DIRECT_DATA_PORT}; 0 lets the owner pick one). */
  port?: number
  /** Bind a UDP socket for {@link WifiDirectTransport.broadcast} (default true when the adapter can). */
  datagrams?: boolean
}

/** A Wi-Fi Direct {@link Transport}. */
export interface WifiDirectTransport extends StreamTransportBase {
  readonly kind: 'wifi-direct'
  /** This side's role. */
  readonly role: 'owner' | 'member'
  /** The owner's bound data port while running (owners only). */
  readonly listeningPort: number | undefined
}

/**
 * Create a Wi-Fi Direct transport (kind `wifi-direct`).
 * @param init - adapter, role, clock and optional tuning
 * @returns a stopped transport; call `start()`
 * @throws TypeError without an adapter or clock; RangeError for nonsensical limits
 */
export function wifiDirectTransport(init: WifiDirectTransportInit): WifiDirectTransport {
  return new WifiDirectTransportImpl(init)
}

class WifiDirectTransportImpl extends StreamTransportBase implements WifiDirectTransport {
  readonly kind = 'wifi-direct' as const
  readonly role: 'owner' | 'member'
  readonly #adapter: WifiP2pAdapter
  readonly #port: number
  readonly #datagrams: boolean
  #listeningPort: number | undefined
  readonly #seen = new Set<string>()

  constructor(init: WifiDirectTransportInit) {
    super(init)
    if (init.adapter === undefined) throw new TypeError('wifiDirectTransport: adapter is required')
    if (init.role !== 'owner' && init.role !== 'member') throw new TypeError("wifiDirectTransport: role must be 'owner' or 'member'")
    this.#adapter = init.adapter
    this.role = init.role
    this.#port = init.port ?? WIFI_DIRECT_DATA_PORT
    this.#datagrams = init.datagrams ?? true
  }

  get listeningPort(): number | undefined {
    return this.#listeningPort
  }

  protected localLabel(): string {
    return this.#adapter.deviceAddress
  }

  async start(options?: AbortOptions): Promise<void> {
    if (this.running) return
    if (options?.signal?.aborted) throw new AbortError()
    this.running = true
    try {
      await this.#adapter.initialize()
      if (this.#datagrams && this.#adapter.bindDatagram !== undefined) {
        this.datagram = await this.#adapter.bindDatagram(0, (from, bytes) => this.onDatagram(from, bytes))
      }
      if (this.role === 'owner') {
        await this.#adapter.createGroup()
        this.#listeningPort = await this.#adapter.listen(this.#port, (stream) => this.acceptStream(stream))
      }
      await this.#adapter.discoverPeers((peers) => this.#onPeers(peers))
      if (options?.signal?.aborted) throw new AbortError()
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    await this.closeAll()
    this.#listeningPort = undefined
    this.#seen.clear()
    await Promise.allSettled([this.#adapter.stopPeerDiscovery(), this.#adapter.stopListening(), this.#adapter.removeGroup()])
  }

  dial(address: string, options?: AbortOptions): Promise<Link> {
    if (typeof address !== 'string' || address.length === 0) return Promise.reject(new TypeError('dial: address must be a non-empty string'))
    if (this.role === 'owner' && this.running && !options?.signal?.aborted) {
      // Android gives the owner no member IPs: members always open the stream to the owner.
      return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, 'a Wi-Fi Direct group owner does not dial; members dial the owner'))
    }
    return this.dialStream(address, options?.signal, async (signal) => {
      const info = await this.#adapter.connect(address, { signal })
      if (!info.groupFormed || info.isGroupOwner || info.groupOwnerAddress === null) {
        throw new BitMeshError(ErrorCode.UNSUPPORTED, `joining ${address} did not make this device a group member`)
      }
      return this.#adapter.openStream(info.groupOwnerAddress, info.groupOwnerPort ?? this.#port, { signal })
    })
  }

  #onPeers(peers: readonly WifiP2pDevice[]): void {
    if (!this.running) return
    for (const peer of peers) {
      if (peer.deviceAddress === this.#adapter.deviceAddress) continue
      // Discovery repeats the whole list on every change: report each device once per run.
      if (this.#seen.has(peer.deviceAddress)) continue
      if (this.#seen.size >= MAX_SEEN_DEVICES) this.#seen.delete(this.#seen.values().next().value as string)
      this.#seen.add(peer.deviceAddress)
      this.emit('peer:discovered', { address: peer.deviceAddress })
    }
  }
}

/** Devices remembered for discovery de-duplication. */
const MAX_SEEN_DEVICES = 256
