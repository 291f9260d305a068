/**
 * `hotspotTransport`: Android head ↔ iOS/Android member fast links over the head's local-only
 * hotspot. The head starts the hotspot and listens on its data port; its credentials
 * (`transport.credentials`) go to members over BLE through the credential exchange
 * (`HotspotCredentialIssuer` / `HotspotCredentialRequester`). A member hands the credentials it
 * accepted to {@link HotspotTransport.useCredentials}, then dials the head by SSID: the transport
 * joins the network and opens a framed TCP stream to the head. Every link runs its own Noise
 * session in the layer above; this transport only moves frames.
 * @module
 */
import { AbortError, BitMeshError, ErrorCode, type AbortOptions, type Link } from '@bitmesh/interface'
import type { HotspotAdapter } from './adapter.js'
import { StreamTransportBase, type StreamTransportOptions } from '@bitmesh/stream-link'
import type { HotspotCredentials } from './credentials/codec.js'

/** Default TCP data port of the head. */
export const HOTSPOT_DATA_PORT = 8989

/** Options of {@link hotspotTransport}. */
export interface HotspotTransportInit extends StreamTransportOptions {
  adapter: HotspotAdapter
  /** `head` runs the hotspot (a cluster head with hotspot support); `member` joins heads. */
  role: 'head' | 'member'
  /** Head data port (default {@link HOTSPOT_DATA_PORT}; 0 picks a free one). */
  port?: number
  /** Bind a UDP socket for broadcast (default true when the adapter can). */
  datagrams?: boolean
  /** Most heads' credentials a member keeps (default 8; oldest dropped). */
  maxCredentials?: number
}

/** A hotspot {@link Transport}. */
export interface HotspotTransport extends StreamTransportBase {
  readonly kind: 'hotspot'
  readonly role: 'head' | 'member'
  /** Head: the credentials members need, while running. */
  readonly credentials: HotspotCredentials | undefined
  /** Member: remember credentials accepted over BLE; `dial(ssid)` uses them. */
  useCredentials(credentials: HotspotCredentials): void
  /** Member: forget a head's credentials (and leave its network at the next stop). */
  forgetCredentials(ssid: string): void
}

/**
 * Create a hotspot transport (kind `hotspot`).
 * @param init - adapter, role, clock and optional tuning
 * @returns a stopped transport; call `start()`
 * @throws TypeError without adapter or clock; RangeError for nonsensical limits
 */
export function hotspotTransport(init: HotspotTransportInit): HotspotTransport {
  return new HotspotTransportImpl(init)
}

class HotspotTransportImpl extends StreamTransportBase implements HotspotTransport {
  readonly kind = 'hotspot' as const
  readonly role: 'head' | 'member'
  readonly #adapter: HotspotAdapter
  readonly #port: number
  readonly #datagrams: boolean
  readonly #maxCredentials: number
  #credentials: HotspotCredentials | undefined
  readonly #known = new Map<string, HotspotCredentials>()
  readonly #joined = new Set<string>()

  constructor(init: HotspotTransportInit) {
    super(init)
    if (init.adapter === undefined) throw new TypeError('hotspotTransport: adapter is required')
    if (init.role !== 'head' && init.role !== 'member') throw new TypeError("hotspotTransport: role must be 'head' or 'member'")
    this.#adapter = init.adapter
    this.role = init.role
    this.#port = init.port ?? HOTSPOT_DATA_PORT
    this.#datagrams = init.datagrams ?? true
    this.#maxCredentials = init.maxCredentials ?? 8
  }

  get credentials(): HotspotCredentials | undefined {
    return this.#credentials
  }

  protected localLabel(): string {
    return this.#credentials?.ssid ?? this.#adapter.localAddress
  }

  useCredentials(credentials: HotspotCredentials): void {
    if (this.role !== 'member') throw new TypeError('useCredentials: only members join hotspots')
    this.#known.delete(credentials.ssid)
    if (this.#known.size >= this.#maxCredentials) this.#known.delete(this.#known.keys().next().value as string)
    this.#known.set(credentials.ssid, { ...credentials })
    this.emit('peer:discovered', { address: credentials.ssid })
  }

  forgetCredentials(ssid: string): void {
    this.#known.delete(ssid)
  }

  async start(options?: AbortOptions): Promise<void> {
    if (this.running) return
    if (options?.signal?.aborted) throw new AbortError()
    this.running = true
    try {
      if (this.#datagrams && this.#adapter.bindDatagram !== undefined) {
        this.datagram = await this.#adapter.bindDatagram(0, (from, bytes) => this.onDatagram(from, bytes))
      }
      if (this.role === 'head') {
        const reservation = await this.#adapter.startLocalOnlyHotspot()
        const port = await this.#adapter.listen(this.#port, (stream) => this.acceptStream(stream))
        this.#credentials = { ssid: reservation.ssid, passphrase: reservation.passphrase, host: reservation.hostAddress, port }
      }
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
    const joined = [...this.#joined]
    this.#joined.clear()
    this.#credentials = undefined
    await Promise.allSettled([
      this.#adapter.stopListening(),
      ...(this.role === 'head' ? [this.#adapter.stopLocalOnlyHotspot()] : []),
      ...joined.map((ssid) => this.#adapter.leaveNetwork(ssid)),
    ])
  }

  dial(address: string, options?: AbortOptions): Promise<Link> {
    if (typeof address !== 'string' || address.length === 0) return Promise.reject(new TypeError('dial: address must be a non-empty string'))
    if (this.running && !options?.signal?.aborted) {
      if (this.role === 'head') return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, 'a hotspot head does not dial; members dial the head'))
      if (!this.#known.has(address)) return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, `no credentials for hotspot ${address}: run the BLE credential exchange first`))
    }
    return this.dialStream(address, options?.signal, async (signal) => {
      const c = this.#known.get(address)!
      if (!this.#joined.has(c.ssid)) {
        await this.#adapter.joinNetwork({ ssid: c.ssid, passphrase: c.passphrase, joinOnce: true }, { signal })
        this.#joined.add(c.ssid)
      }
      return this.#adapter.openStream(c.host, c.port, { signal })
    })
  }
}
