/**
 * `nodeHotspotAdapter`: the hotspot platform adapter for Node (tests, benchmarks, desktop peers
 * on one host). The data plane is real: TCP (`node:net`) and UDP (`node:dgram`) sockets on a
 * loopback (or any local) address, which stands in for the hotspot LAN. The Wi-Fi side is
 * emulated through an {@link EmulationDirectory}:
 *
 * - `startLocalOnlyHotspot` draws an SSID and passphrase from the injected `Rng` and publishes
 *   `{ssid, host, passphrase}` (the passphrase stands in for WPA2; the directory is local);
 * - `joinNetwork` looks the SSID up and refuses a wrong passphrase (`AUTH_FAILED`) or an unknown
 *   SSID (`CLOSED`); no radio network is joined, every device shares the host's address;
 * - `stopLocalOnlyHotspot` withdraws the record.
 * @module
 */
import { AbortError, BitMeshError, ErrorCode, type AbortSignalLike, type Rng } from '@bitmesh/interface'
import type { HotspotAdapter, HotspotReservation } from '../adapter.js'
import { connectTcp, listenTcp, bindUdp, type EmulationDirectory, type TcpListener } from '@bitmesh/stream-link/node'

/** Options of {@link nodeHotspotAdapter}. */
export interface NodeHotspotAdapterOptions {
  /** This device's label. */
  label: string
  /** Emulated Wi-Fi: `memoryDirectory()` in one process, `fileDirectory(path)` across processes. */
  directory: EmulationDirectory
  /** SSIDs and passphrases. */
  rng: Rng
  /** Local address to bind (default `127.0.0.1`). */
  host?: string
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * Create a Node hotspot adapter (real sockets, emulated Wi-Fi).
 * @param options - label, directory, rng
 */
export function nodeHotspotAdapter(options: NodeHotspotAdapterOptions): HotspotAdapter {
  const host = options.host ?? '127.0.0.1'
  const { directory, rng } = options
  const random = (n: number): string => Array.from({ length: n }, () => ALPHABET[Math.floor(rng.next() * ALPHABET.length)]).join('')
  let reservation: HotspotReservation | undefined
  let listener: TcpListener | undefined
  return {
    localAddress: options.label,
    async startLocalOnlyHotspot() {
      reservation ??= { ssid: `DIRECT-bm-${random(6)}`, passphrase: random(16), hostAddress: host }
      directory.publish({ name: reservation.ssid, host, port: 0, info: { passphrase: reservation.passphrase } })
      return reservation
    },
    async stopLocalOnlyHotspot() {
      if (reservation !== undefined) directory.withdraw(reservation.ssid)
      reservation = undefined
    },
    async joinNetwork(config, opts: { signal?: AbortSignalLike }) {
      if (opts.signal?.aborted) throw new AbortError()
      const record = directory.lookup(config.ssid)
      if (record === undefined) throw new BitMeshError(ErrorCode.CLOSED, `hotspot ${config.ssid} not found`)
      if (record.info.passphrase !== config.passphrase) throw new BitMeshError(ErrorCode.AUTH_FAILED, `wrong passphrase for ${config.ssid}`)
    },
    async leaveNetwork() {},
    async listen(port, onStream) {
      listener = await listenTcp(host, port, onStream)
      return listener.port
    },
    async stopListening() {
      const l = listener
      listener = undefined
      await l?.close()
    },
    openStream: (toHost, toPort, opts) => connectTcp(toHost, toPort, opts.signal),
    bindDatagram: (port, onDatagram) => bindUdp(host, port, onDatagram),
  }
}
