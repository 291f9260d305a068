/**
 * `nodeMultipeerAdapter`: the Multipeer platform adapter for Node (tests, benchmarks, desktop
 * peers on one host). The data plane is real: each session pair shares one TCP connection
 * (`node:net`) for reliable messages, and unreliable messages are UDP datagrams (`node:dgram`).
 * MultipeerConnectivity itself is emulated:
 *
 * - the advertiser publishes `{peerId, serviceType, host, port, discoveryInfo}` in an
 *   {@link EmulationDirectory} (Bonjour on a phone); the browser polls it on the injected clock;
 * - `invitePeer` opens a TCP connection to the advertiser and sends an invitation record; the
 *   advertiser's invitation handler answers accept or decline over it;
 * - `cancelConnectPeer` ends that peer's connection; `closeSession` ends all of them.
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import type { MultipeerAdapter } from '../adapter.js'
import { createEmulatedMultipeerAdapter } from '../emulation/session.js'
import { connectTcp, listenTcp, bindUdp, type EmulationDirectory } from '@bitmesh/stream-link/node'

/** Options of {@link nodeMultipeerAdapter}. */
export interface NodeMultipeerAdapterOptions {
  /** This peer's `MCPeerID` name (unique in the directory). */
  peerId: string
  /** Emulated Bonjour: `memoryDirectory()` in one process, `fileDirectory(path)` across processes. */
  directory: EmulationDirectory
  clock: Clock
  /** Address to bind and advertise (default `127.0.0.1`). */
  host?: string
  /** Browser poll interval in ms (default 500). */
  discoveryIntervalMs?: number
  /** Largest message in bytes (default 64 KiB; must be ≥ the transport's MTU). */
  maxMessageBytes?: number
  /** Send unreliable messages as UDP datagrams (default true). */
  datagrams?: boolean
}

/**
 * Create a Node Multipeer adapter (real sockets, emulated MC lifecycle).
 * @param options - identity, directory, clock
 */
export function nodeMultipeerAdapter(options: NodeMultipeerAdapterOptions): MultipeerAdapter {
  const host = options.host ?? '127.0.0.1'
  const { directory } = options
  return createEmulatedMultipeerAdapter({
    peerId: options.peerId,
    clock: options.clock,
    ...(options.discoveryIntervalMs === undefined ? {} : { discoveryIntervalMs: options.discoveryIntervalMs }),
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    registry: {
      publish: (r) => directory.publish({ name: r.peerId, host: r.host, port: r.port, info: { serviceType: r.serviceType, discoveryInfo: JSON.stringify(r.discoveryInfo ?? null) } }),
      withdraw: (id) => directory.withdraw(id),
      list: () =>
        directory.list().flatMap((r) => {
          if (typeof r.info.serviceType !== 'string') return []
          const info = typeof r.info.discoveryInfo === 'string' ? (JSON.parse(r.info.discoveryInfo) as Record<string, string> | null) : null
          return [{ peerId: r.name, serviceType: r.info.serviceType, host: r.host, port: r.port, ...(info === null ? {} : { discoveryInfo: info }) }]
        }),
    },
    listen: async (onStream) => {
      const l = await listenTcp(host, 0, onStream)
      return { host, port: l.port, close: () => l.close() }
    },
    connect: (toHost, toPort) => connectTcp(toHost, toPort),
    ...(options.datagrams === false ? {} : { bindDatagram: (onDatagram) => bindUdp(host, 0, onDatagram) }),
  })
}
