/**
 * `bleTransport`: bitchat's GATT link layer on top of a {@link BlePlatformAdapter}. Dual role
 * (advertises and serves the characteristic while scanning and dialling), MTU negotiation,
 * connection limits, RSSI gate, connect timeout with per-address backoff, duty-cycled scanning,
 * stale-link pruning and de-duplication of double links to one address.
 * @module
 */
import {
  AbortError,
  CapacityError,
  ClosedError,
  TimeoutError,
  TypedEmitter,
  transportSymbol,
  type AbortOptions,
  type AbortSignalLike,
  type Clock,
  type Link,
  type LinkCloseReason,
  type LinkQuality,
  type Rng,
  type TimerHandle,
  type Transport,
  type TransportEvents,
} from '@bitmesh/interface'
import { createAbortController, onAbort } from '@bitmesh/interface'
import type { BleAdvertisement, BleCentralConnection, BleDiscovery, BleGattServerSpec, BlePeripheralHandlers, BlePlatformAdapter } from './adapter.js'
import { ConnectBackoff } from './backoff.js'
import {
  ATT_HEADER_BYTES,
  BITCHAT_CHARACTERISTIC_UUID,
  BITCHAT_SERVICE_UUID,
  CONNECT_BACKOFF_BASE_MS,
  CONNECT_BACKOFF_MAX_MS,
  CONNECT_TIMEOUT_MS,
  DEFAULT_ATT_MTU,
  DEFAULT_HIGH_WATER_BYTES,
  DEFAULT_MAX_LINKS,
  DEFAULT_MAX_OUTBOUND_LINKS,
  DEFAULT_MAX_QUEUE_BYTES,
  DEFAULT_RSSI_GATE_DBM,
  MIN_CONNECT_INTERVAL_MS,
  REQUESTED_ATT_MTU,
  STALE_CHECK_INTERVAL_MS,
  STALE_LINK_TIMEOUT_MS,
} from './constants.js'
import { ANDROID_POWER_MODES, CLUSTER_MEMBER_SCAN, DutyCycler, scanScheduleFor, type BlePowerMode } from './duty-cycle.js'
import { BleLink, type BleLinkIo } from './link.js'

/** Options of {@link bleTransport}. Every number is optional and defaults to bitchat's value. */
export interface BleTransportInit {
  /** The radio. */
  adapter: BlePlatformAdapter
  /** Time source for timeouts, duty cycles, pacing and pruning. */
  clock: Clock
  /** Randomness for backoff jitter. */
  rng: Rng
  /** Service UUID (default {@link BITCHAT_SERVICE_UUID}; iOS debug builds use `BITCHAT_SERVICE_UUID_DEBUG`). */
  serviceUuid?: string
  /** Characteristic UUID (default {@link BITCHAT_CHARACTERISTIC_UUID}). */
  characteristicUuid?: string
  /** 8-byte peer ID advertised as scan-response service data (Android style); omit for iOS style. */
  advertisedPeerId?: Uint8Array
  /** Scan duty cycle and default RSSI gate (default `adaptive`, iOS rules). */
  powerMode?: BlePowerMode
  /** Advertisements weaker than this (dBm) are ignored (default −90, or the power mode's gate). */
  rssiGateDbm?: number
  /** Links in total (default 8, Android). */
  maxLinks?: number
  /** Outbound (central) links (default 6, iOS). */
  maxOutboundLinks?: number
  /** Dial discovered devices automatically (default true, as bitchat does). */
  autoConnect?: boolean
  /** ATT MTU requested after connecting (default 517). */
  requestedAttMtu?: number
  /** Connect + MTU + subscribe must finish within this (default 8 000 ms). */
  connectTimeoutMs?: number
  /** Minimum spacing of automatic dials (default 500 ms). */
  minConnectIntervalMs?: number
  /**
   * When the adapter knows its own address, a newly discovered device with a *lower* address is
   * left this long to dial us before we dial it (default 2 000 ms; 0 disables). Avoids making two
   * connections per pair only to close one.
   */
  yieldToLowerAddressMs?: number
  /** First backoff delay after a failed dial (default 5 000 ms), doubling to {@link backoffMaxMs}. */
  backoffBaseMs?: number
  /** Backoff ceiling (default 60 000 ms). */
  backoffMaxMs?: number
  /** Close links that received nothing for this long (default 180 000 ms; 0 disables). */
  staleLinkTimeoutMs?: number
  /** Pause between consecutive writes on one link (default 0: whole frames back to back). */
  writeSpacingMs?: number
  /** Per-link write queue cap in bytes (default 64 KiB). */
  maxQueueBytes?: number
  /** Per-link high-water mark in bytes (default 16 KiB). */
  highWaterBytes?: number
}

/** Counters of a BLE transport. */
export interface BleTransportStats {
  /** Links opened (both directions, after de-duplication). */
  linksOpened: number
  /** Inbound connections refused because the link limit was reached. */
  linksRefused: number
  /** Duplicate links closed by the de-duplication rule. */
  duplicatesClosed: number
  /** Dials that failed (timeout, refused, MTU failure, abort). */
  dialFailures: number
  /** Advertisements seen at or above the RSSI gate. */
  discoveries: number
  /** Advertisements ignored by the RSSI gate. */
  belowRssiGate: number
  /** Links pruned for silence. */
  staleLinksPruned: number
}

/** A BLE {@link Transport} with a few BLE-specific extras. */
export interface BleTransport extends Transport {
  readonly kind: 'ble'
  /** True while the scanner is in an on-window. */
  readonly scanning: boolean
  /** Counters since creation. */
  readonly stats: Readonly<BleTransportStats>
  /** The RSSI gate in force (dBm). */
  readonly rssiGateDbm: number
  /** Change the advertised 8-byte peer ID (restarts advertising when running). */
  setAdvertisedPeerId(peerId: Uint8Array | undefined): Promise<void>
  /**
   * Advertise a BitMesh cluster beacon (service data of `BITMESH_BEACON_SERVICE_UUID` in a second,
   * non-connectable advertising set), or stop with `undefined`. Unchanged bytes are a no-op;
   * otherwise advertising restarts when running. Scanners report it in the `advertisement` event.
   * @param beacon - Beacon bytes (copied), at most 13 (the legacy advertising budget).
   * @throws RangeError when `beacon` is longer than 13 bytes.
   */
  setBeacon(beacon: Uint8Array | undefined): Promise<void>
  /**
   * Change the power mode. The RSSI gate follows at once (unless set explicitly); a switch to or
   * from continuous scanning applies at once, a change of windows at the next window boundary.
   */
  setPowerMode(mode: BlePowerMode): void
}

/** Most discovered-but-not-yet-dialled addresses kept for automatic dialling. */
const MAX_DIAL_CANDIDATES = 64
/** Default head start given to a lower-addressed neighbour to dial us first. */
const YIELD_TO_LOWER_ADDRESS_MS = 2_000
/** Addresses whose last RSSI is remembered (to seed a new link's quality). */
const MAX_RSSI_MEMORY = 512
/** Smallest link MTU accepted: the ATT default 23 − 3. */
const MIN_LINK_MTU = DEFAULT_ATT_MTU - ATT_HEADER_BYTES

/**
 * Create a BLE transport (kind `ble`).
 * @param init adapter, clock, rng and optional tuning
 * @returns a stopped transport; call `start()`
 * @throws RangeError for nonsensical limits
 */
export function bleTransport(init: BleTransportInit): BleTransport {
  return new BleTransportImpl(init)
}

class BleTransportImpl extends TypedEmitter<TransportEvents> implements BleTransport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  readonly kind = 'ble' as const
  readonly stats: BleTransportStats = {
    linksOpened: 0,
    linksRefused: 0,
    duplicatesClosed: 0,
    dialFailures: 0,
    discoveries: 0,
    belowRssiGate: 0,
    staleLinksPruned: 0,
  }

  readonly #adapter: BlePlatformAdapter
  readonly #clock: Clock
  readonly #server: BleGattServerSpec
  readonly #maxLinks: number
  readonly #maxOutbound: number
  readonly #autoConnect: boolean
  readonly #requestedAttMtu: number
  readonly #connectTimeoutMs: number
  readonly #minConnectIntervalMs: number
  readonly #yieldToLowerMs: number
  readonly #staleLinkTimeoutMs: number
  readonly #writeSpacingMs: number
  readonly #maxQueueBytes: number
  readonly #highWaterBytes: number
  readonly #explicitRssiGate: number | undefined
  readonly #backoff: ConnectBackoff
  readonly #cycler: DutyCycler
  #powerMode: BlePowerMode
  #advertisedPeerId: Uint8Array | undefined
  #beacon: Uint8Array | undefined

  #running = false
  #linkSeq = 0
  readonly #links = new Map<string, BleLink>()
  #linksView: ReadonlyArray<Link> | undefined
  readonly #byAddress = new Map<string, BleLink>()
  readonly #inbound = new Map<string, BleLink>()
  readonly #centralMtu = new Map<string, number>()
  readonly #pendingDials = new Map<string, Promise<Link>>()
  readonly #dialAborts = new Set<(reason: unknown) => void>()
  /** Discovered, not yet dialled: address → strongest recent RSSI and when first offered. */
  readonly #candidates = new Map<string, { rssiDbm: number; sinceMs: number }>()
  readonly #lastRssi = new Map<string, number>()
  #autoDialTimer: TimerHandle | undefined
  #lastAutoDialMs = -Infinity
  #staleTimer: TimerHandle | undefined
  #lastTrafficMs = -Infinity

  constructor(init: BleTransportInit) {
    super()
    if (init.adapter === undefined || init.clock === undefined || init.rng === undefined) {
      throw new TypeError('bleTransport: adapter, clock and rng are required')
    }
    this.#adapter = init.adapter
    this.#clock = init.clock
    this.#server = {
      serviceUuid: init.serviceUuid ?? BITCHAT_SERVICE_UUID,
      characteristicUuid: init.characteristicUuid ?? BITCHAT_CHARACTERISTIC_UUID,
    }
    this.#maxLinks = positiveInt(init.maxLinks ?? DEFAULT_MAX_LINKS, 'maxLinks')
    this.#maxOutbound = Math.min(this.#maxLinks, positiveInt(init.maxOutboundLinks ?? DEFAULT_MAX_OUTBOUND_LINKS, 'maxOutboundLinks'))
    this.#autoConnect = init.autoConnect ?? true
    this.#requestedAttMtu = positiveInt(init.requestedAttMtu ?? REQUESTED_ATT_MTU, 'requestedAttMtu')
    if (this.#requestedAttMtu < DEFAULT_ATT_MTU) throw new RangeError('requestedAttMtu must be >= 23')
    this.#connectTimeoutMs = nonNegative(init.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, 'connectTimeoutMs')
    this.#minConnectIntervalMs = nonNegative(init.minConnectIntervalMs ?? MIN_CONNECT_INTERVAL_MS, 'minConnectIntervalMs')
    this.#yieldToLowerMs = nonNegative(init.yieldToLowerAddressMs ?? YIELD_TO_LOWER_ADDRESS_MS, 'yieldToLowerAddressMs')
    this.#staleLinkTimeoutMs = nonNegative(init.staleLinkTimeoutMs ?? STALE_LINK_TIMEOUT_MS, 'staleLinkTimeoutMs')
    this.#writeSpacingMs = nonNegative(init.writeSpacingMs ?? 0, 'writeSpacingMs')
    this.#maxQueueBytes = positiveInt(init.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES, 'maxQueueBytes')
    this.#highWaterBytes = Math.min(this.#maxQueueBytes, positiveInt(init.highWaterBytes ?? DEFAULT_HIGH_WATER_BYTES, 'highWaterBytes'))
    this.#explicitRssiGate = init.rssiGateDbm
    this.#powerMode = init.powerMode ?? 'adaptive'
    this.#advertisedPeerId = init.advertisedPeerId
    this.#backoff = new ConnectBackoff({
      baseMs: init.backoffBaseMs ?? CONNECT_BACKOFF_BASE_MS,
      maxMs: init.backoffMaxMs ?? Math.max(CONNECT_BACKOFF_MAX_MS, init.backoffBaseMs ?? 0),
      rng: init.rng,
    })
    this.#cycler = new DutyCycler(this.#clock, {
      schedule: () =>
        scanScheduleFor(this.#powerMode, { linkCount: this.#links.size, msSinceTraffic: this.#clock.now() - this.#lastTrafficMs }),
      scanOn: () => this.#scanOn(),
      scanOff: () => this.#scanOff(),
    })
  }

  get links(): ReadonlyArray<Link> {
    // Cached: the mesh reads this on every relay decision; it changes only on open/close.
    this.#linksView ??= Object.freeze([...this.#links.values()])
    return this.#linksView
  }

  get scanning(): boolean {
    return this.#cycler.scanning
  }

  /** False for central-only adapters (an adapter without `roles` plays both). */
  get #peripheral(): boolean {
    return this.#adapter.roles?.peripheral !== false
  }

  get rssiGateDbm(): number {
    if (this.#explicitRssiGate !== undefined) return this.#explicitRssiGate
    if (this.#powerMode === 'adaptive') return DEFAULT_RSSI_GATE_DBM
    return this.#powerMode === 'cluster-member' ? CLUSTER_MEMBER_SCAN.rssiGateDbm : ANDROID_POWER_MODES[this.#powerMode].rssiGateDbm
  }

  async start(options?: AbortOptions): Promise<void> {
    if (this.#running) return
    if (options?.signal?.aborted) throw new AbortError()
    this.#running = true
    try {
      // Central-only adapters (Web Bluetooth, ble-plx) cannot serve or advertise: dial only.
      if (this.#peripheral) {
        await this.#adapter.startServer(this.#server, this.#peripheralHandlers)
        await this.#adapter.startAdvertising(this.#advertisement())
      }
      if (options?.signal?.aborted) throw new AbortError()
    } catch (error) {
      this.#running = false
      await Promise.allSettled([this.#adapter.stopAdvertising(), this.#adapter.stopServer()])
      throw error
    }
    this.#cycler.start()
  }

  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    this.#cycler.stop()
    this.#clearTimer('auto')
    this.#clearTimer('stale')
    this.#candidates.clear()
    for (const abort of [...this.#dialAborts]) abort(new ClosedError('transport stopped'))
    const closing = [...this.#links.values()].map((link) => link.shutdown('transport-stopped'))
    await Promise.allSettled([...closing, ...this.#pendingDials.values()])
    await Promise.allSettled([this.#adapter.stopScanning(), this.#adapter.stopAdvertising(), this.#adapter.stopServer()])
    this.#centralMtu.clear()
    this.#lastRssi.clear()
    this.#backoff.clear()
  }

  dial(address: string, options?: AbortOptions): Promise<Link> {
    if (typeof address !== 'string' || address.length === 0) return Promise.reject(new TypeError('dial: address must be a non-empty string'))
    if (options?.signal?.aborted) return Promise.reject(new AbortError())
    if (!this.#running) return Promise.reject(new ClosedError('BLE transport is not running'))
    const existing = this.#byAddress.get(address)
    if (existing !== undefined && existing.status === 'open') return Promise.resolve(existing)
    const pending = this.#pendingDials.get(address)
    if (pending !== undefined) return pending
    if (this.#outboundCount() + this.#pendingDials.size >= this.#maxOutbound || this.#links.size + this.#pendingDials.size >= this.#maxLinks) {
      return Promise.reject(new CapacityError(`BLE link limit reached (${this.#links.size} links, ${this.#pendingDials.size} dialling)`))
    }
    const attempt = this.#connect(address, options?.signal).finally(() => this.#pendingDials.delete(address))
    this.#pendingDials.set(address, attempt)
    return attempt
  }

  async setAdvertisedPeerId(peerId: Uint8Array | undefined): Promise<void> {
    this.#advertisedPeerId = peerId
    if (!this.#running || !this.#peripheral) return
    await this.#adapter.stopAdvertising()
    await this.#adapter.startAdvertising(this.#advertisement())
  }

  async setBeacon(beacon: Uint8Array | undefined): Promise<void> {
    if (beacon !== undefined && beacon.length > MAX_BEACON_BYTES) throw new RangeError(`beacon is ${beacon.length} bytes, at most ${MAX_BEACON_BYTES} fit`)
    const old = this.#beacon
    if (old === beacon || (old !== undefined && beacon !== undefined && sameBytes(old, beacon))) return
    this.#beacon = beacon?.slice()
    if (!this.#running || !this.#peripheral) return
    await this.#adapter.stopAdvertising()
    await this.#adapter.startAdvertising(this.#advertisement())
  }

  setPowerMode(mode: BlePowerMode): void {
    if (mode !== 'adaptive' && mode !== 'cluster-member' && !(mode in ANDROID_POWER_MODES)) throw new RangeError(`unknown power mode ${String(mode)}`)
    this.#powerMode = mode
    this.#cycler.refresh()
  }

  // ── central role ────────────────────────────────────────────────────────────────────────────

  async #connect(address: string, signal: AbortSignalLike | undefined): Promise<Link> {
    const controller = createAbortController()
    const abort = (reason: unknown): void => controller.abort(reason)
    this.#dialAborts.add(abort)
    const timer = this.#clock.setTimeout(
      () => abort(new TimeoutError(`BLE connect to ${address} timed out after ${this.#connectTimeoutMs} ms`)),
      this.#connectTimeoutMs,
    )
    const unsubscribe = onAbort(signal, () => abort(new AbortError()))
    // Settles with the abort reason even if the adapter ignores the signal.
    let rejectAborted: (reason: unknown) => void = () => {}
    const aborted = new Promise<never>((_, reject) => (rejectAborted = reject))
    aborted.catch(() => {})
    const unAbort = onAbort(controller.signal, () => rejectAborted(controller.signal.reason))
    let conn: BleCentralConnection | undefined
    try {
      const connecting = this.#adapter.connect(address, { signal: controller.signal, server: this.#server })
      connecting.then(
        (late) => {
          if (controller.signal.aborted) void late.disconnect().catch(() => {})
        },
        () => {},
      )
      conn = await Promise.race([connecting, aborted])
      const attMtu = await Promise.race([conn.requestMtu(this.#requestedAttMtu), aborted])
      if (!Number.isInteger(attMtu) || attMtu < DEFAULT_ATT_MTU) throw new RangeError(`adapter negotiated an invalid ATT MTU ${attMtu}`)
      await Promise.race([conn.subscribe(), aborted])
      if (!this.#running) throw new ClosedError('BLE transport stopped while dialling')
      this.#backoff.succeed(address)
      return this.#openOutbound(conn, attMtu)
    } catch (error) {
      // The remote dialled us at the same time and the de-duplication rule kept its connection:
      // the address is linked, which is what the caller asked for.
      const winner = this.#byAddress.get(address)
      if (winner !== undefined && winner.status === 'open' && !controller.signal.aborted) {
        if (conn !== undefined) void conn.disconnect().catch(() => {})
        return winner
      }
      this.stats.dialFailures++
      if (this.#running) this.#backoff.fail(address, this.#clock.now())
      if (conn !== undefined) void conn.disconnect().catch(() => {})
      throw error
    } finally {
      this.#clock.clearTimeout(timer)
      unsubscribe()
      unAbort()
      this.#dialAborts.delete(abort)
    }
  }

  #openOutbound(conn: BleCentralConnection, attMtu: number): Link {
    const link = this.#newLink(conn.address, 'outbound', attMtu, {
      write: (bytes) => conn.write(bytes),
      disconnect: () => conn.disconnect(),
    })
    conn.onNotify((bytes) => link.receive(bytes))
    conn.onDisconnect((reason) => void link.shutdown(reason === 'local' ? 'remote' : reason, undefined, false))
    return this.#admit(link)
  }

  // ── peripheral role ─────────────────────────────────────────────────────────────────────────

  readonly #peripheralHandlers: BlePeripheralHandlers = {
    onSubscribe: (centralId, attMtu) => {
      if (!this.#running) {
        void this.#adapter.disconnectCentral(centralId).catch(() => {})
        return
      }
      const known = this.#inbound.get(centralId)
      const mtu = Math.max(attMtu, this.#centralMtu.get(centralId) ?? 0)
      if (known !== undefined) {
        known.setMtu(Math.max(MIN_LINK_MTU, mtu - ATT_HEADER_BYTES))
        return
      }
      const duplicate = this.#byAddress.get(centralId)
      if (duplicate === undefined && this.#links.size >= this.#maxLinks) {
        this.stats.linksRefused++
        void this.#adapter.disconnectCentral(centralId).catch(() => {})
        return
      }
      const link = this.#newLink(centralId, 'inbound', mtu, {
        write: (bytes) => this.#adapter.notify(centralId, bytes),
        disconnect: () => this.#adapter.disconnectCentral(centralId),
      })
      this.#inbound.set(centralId, link)
      this.#admit(link)
    },
    onMtu: (centralId, attMtu) => {
      this.#centralMtu.set(centralId, attMtu)
      this.#inbound.get(centralId)?.setMtu(Math.max(MIN_LINK_MTU, attMtu - ATT_HEADER_BYTES))
    },
    onWrite: (centralId, bytes) => {
      this.#inbound.get(centralId)?.receive(bytes)
    },
    onDisconnect: (centralId, reason) => {
      this.#centralMtu.delete(centralId)
      void this.#inbound.get(centralId)?.shutdown(reason === 'local' ? 'remote' : reason, undefined, false)
    },
  }

  // ── links ───────────────────────────────────────────────────────────────────────────────────

  #newLink(address: string, direction: 'inbound' | 'outbound', attMtu: number, io: BleLinkIo): BleLink {
    return new BleLink({
      id: `ble-${++this.#linkSeq}`,
      remoteAddress: address,
      direction,
      mtu: Math.max(MIN_LINK_MTU, attMtu - ATT_HEADER_BYTES),
      clock: this.#clock,
      io,
      writeSpacingMs: this.#writeSpacingMs,
      maxQueueBytes: this.#maxQueueBytes,
      highWaterBytes: this.#highWaterBytes,
      quality: rssiQuality(this.#lastRssi.get(address)),
      onTraffic: () => {
        this.#lastTrafficMs = this.#clock.now()
        // iOS scans continuously while traffic flows: wake an idle scanner at once.
        if (!this.#cycler.scanning) this.#cycler.refresh()
      },
      onClosed: (closed, reason) => this.#onLinkClosed(closed, reason),
    })
  }

  /**
   * Register a new link unless it duplicates one to the same address. Both ends apply the same
   * rule (keep the connection whose central has the lower address), so they close the same one.
   */
  #admit(link: BleLink): Link {
    const existing = this.#byAddress.get(link.remoteAddress)
    const keep = existing !== undefined && existing.status === 'open' ? this.#prefer(existing, link) : undefined
    if (keep === existing && existing !== undefined) {
      this.stats.duplicatesClosed++
      if (link.direction === 'inbound') this.#inbound.delete(link.remoteAddress)
      void link.shutdown('local')
      return existing
    }
    if (keep === link && existing !== undefined) {
      this.stats.duplicatesClosed++
      void existing.shutdown('local')
    }
    this.#links.set(link.id, link)
    this.#linksView = undefined
    this.#byAddress.set(link.remoteAddress, link)
    this.#candidates.delete(link.remoteAddress)
    this.stats.linksOpened++
    this.emit('link:open', link)
    this.#cycler.refresh()
    this.#armStaleCheck()
    return link
  }

  /**
   * Which of two links to one address survives, or `undefined` to keep both: without our own
   * address the two ends cannot agree (each would close the connection the other keeps), so
   * both stay and the mesh, which binds links to peer IDs, uses either.
   */
  #prefer(existing: BleLink, fresh: BleLink): BleLink | undefined {
    const local = this.#adapter.localAddress
    if (local === undefined) return undefined
    const central = (l: BleLink): string => (l.direction === 'outbound' ? local : l.remoteAddress)
    return central(fresh) < central(existing) ? fresh : existing
  }

  #onLinkClosed(link: BleLink, reason: LinkCloseReason): void {
    if (!this.#links.delete(link.id)) return
    this.#linksView = undefined
    if (this.#byAddress.get(link.remoteAddress) === link) this.#byAddress.delete(link.remoteAddress)
    if (link.direction === 'inbound' && this.#inbound.get(link.remoteAddress) === link) this.#inbound.delete(link.remoteAddress)
    this.emit('link:close', { link, reason })
    if (this.#links.size === 0) this.#clearTimer('stale')
    this.#cycler.refresh()
  }

  #outboundCount(): number {
    let n = 0
    for (const link of this.#links.values()) if (link.direction === 'outbound') n++
    return n
  }

  #armStaleCheck(): void {
    if (this.#staleLinkTimeoutMs === 0 || this.#staleTimer !== undefined || !this.#running) return
    this.#staleTimer = this.#clock.setTimeout(() => {
      this.#staleTimer = undefined
      const now = this.#clock.now()
      for (const link of [...this.#links.values()]) {
        if (now - link.lastReceivedMs > this.#staleLinkTimeoutMs) {
          this.stats.staleLinksPruned++
          void link.shutdown('timeout')
        }
      }
      if (this.#links.size > 0) this.#armStaleCheck()
    }, Math.min(STALE_CHECK_INTERVAL_MS, this.#staleLinkTimeoutMs))
  }

  // ── discovery ───────────────────────────────────────────────────────────────────────────────

  #scanOn(): void {
    this.#adapter
      .startScanning({ serviceUuid: this.#server.serviceUuid, allowDuplicates: true }, (d) => this.#onDiscover(d))
      .catch((error: unknown) => this.emit('error', error))
  }

  #scanOff(): void {
    this.#adapter.stopScanning().catch((error: unknown) => this.emit('error', error))
  }

  #onDiscover(d: BleDiscovery): void {
    if (!this.#running) return
    // Beacons are reported whatever the dial gate: cluster election needs weak neighbours too.
    if (d.beacon !== undefined) this.emit('advertisement', { address: d.address, rssiDbm: d.rssiDbm, serviceData: d.beacon })
    if (!(d.rssiDbm >= this.rssiGateDbm)) {
      this.stats.belowRssiGate++
      return
    }
    this.stats.discoveries++
    this.#lastRssi.delete(d.address)
    this.#lastRssi.set(d.address, d.rssiDbm)
    if (this.#lastRssi.size > MAX_RSSI_MEMORY) this.#lastRssi.delete(this.#lastRssi.keys().next().value as string)
    this.emit('peer:discovered', d.serviceData === undefined ? { address: d.address, rssiDbm: d.rssiDbm } : { address: d.address, rssiDbm: d.rssiDbm, advertisement: d.serviceData })
    const link = this.#byAddress.get(d.address)
    if (link !== undefined) {
      link.updateQuality({ rssiDbm: d.rssiDbm })
      return
    }
    if (!this.#autoConnect || this.#pendingDials.has(d.address)) return
    const known = this.#candidates.get(d.address)
    if (known !== undefined) {
      known.rssiDbm = d.rssiDbm
    } else {
      if (this.#candidates.size >= MAX_DIAL_CANDIDATES) return
      this.#candidates.set(d.address, { rssiDbm: d.rssiDbm, sinceMs: this.#clock.now() })
    }
    this.#scheduleAutoDial()
  }

  #scheduleAutoDial(notBeforeMs = 0): void {
    if (this.#autoDialTimer !== undefined || !this.#running || this.#candidates.size === 0) return
    const now = this.#clock.now()
    const wait = Math.max(0, this.#lastAutoDialMs + this.#minConnectIntervalMs - now, notBeforeMs - now)
    this.#autoDialTimer = this.#clock.setTimeout(() => {
      this.#autoDialTimer = undefined
      this.#autoDial()
    }, wait)
  }

  #autoDial(): void {
    if (!this.#running) return
    const now = this.#clock.now()
    if (this.#outboundCount() + this.#pendingDials.size >= this.#maxOutbound || this.#links.size + this.#pendingDials.size >= this.#maxLinks) {
      // Full: forget candidates; discovery will offer them again when a slot frees.
      this.#candidates.clear()
      return
    }
    let best: string | undefined
    let bestRssi = -Infinity
    let deferredUntil = Infinity
    const local = this.#adapter.localAddress
    for (const [address, { rssiDbm: rssi, sinceMs }] of this.#candidates) {
      if (this.#byAddress.has(address) || this.#pendingDials.has(address)) {
        this.#candidates.delete(address)
        continue
      }
      if (!this.#backoff.canAttempt(address, now)) {
        this.#candidates.delete(address)
        continue
      }
      // Both sides discover each other at about the same time; the side with the higher address
      // gives the other a head start, so usually one connection is made instead of two.
      if (local !== undefined && local > address && now - sinceMs < this.#yieldToLowerMs) {
        deferredUntil = Math.min(deferredUntil, sinceMs + this.#yieldToLowerMs)
        continue
      }
      if (rssi > bestRssi) {
        best = address
        bestRssi = rssi
      }
    }
    if (best === undefined) {
      if (deferredUntil !== Infinity) this.#scheduleAutoDial(deferredUntil)
      return
    }
    this.#candidates.delete(best)
    this.#lastAutoDialMs = now
    this.dial(best).catch(() => {}) // failures are counted and backed off in #connect
    this.#scheduleAutoDial()
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  #advertisement(): BleAdvertisement {
    const ad: BleAdvertisement = { serviceUuid: this.#server.serviceUuid }
    if (this.#advertisedPeerId !== undefined) ad.serviceData = this.#advertisedPeerId
    if (this.#beacon !== undefined) ad.beacon = this.#beacon
    return ad
  }

  #clearTimer(which: 'auto' | 'stale'): void {
    const handle = which === 'auto' ? this.#autoDialTimer : this.#staleTimer
    if (handle === undefined) return
    this.#clock.clearTimeout(handle)
    if (which === 'auto') this.#autoDialTimer = undefined
    else this.#staleTimer = undefined
  }
}

/** Service data a non-connectable legacy advertisement holds under a 128-bit UUID: 31 − 18 bytes. */
const MAX_BEACON_BYTES = 13

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function rssiQuality(rssiDbm: number | undefined): LinkQuality {
  return rssiDbm === undefined ? {} : { rssiDbm }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`)
  return value
}

function nonNegative(value: number, name: string): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number >= 0`)
  return value
}
