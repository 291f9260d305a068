/**
 * `lanTransport`: the LAN transport on Node — real TCP (`@bitmesh/stream-link/node`) and mDNS over
 * a multicast UDP socket.
 * @module
 */
import { connectTcp, listenTcp } from '@bitmesh/stream-link/node'
import { createLanTransport, type LanMdnsOptions, type LanNetwork, type LanTransport, type LanTransportInit } from '../transport.js'
import { defaultAdvertiseHost, nodeMdnsSocket, type NodeMdnsSocketOptions } from './mdns-socket.js'

/** mDNS options on Node: tuning plus the socket's interface, port and group. */
export type NodeLanMdnsOptions = LanMdnsOptions & NodeMdnsSocketOptions

/** Options of {@link lanTransport}. */
export interface NodeLanTransportInit extends Omit<LanTransportInit, 'network' | 'discovery'> {
  /** How peers are found. Default: mDNS on every IPv4 interface, no static peers. */
  discovery?: {
    /** `false` turns mDNS off; an object tunes it and picks its interface. */
    mdns?: false | NodeLanMdnsOptions
    /** Static peers (`host:port` or `id@host:port`). */
    peers?: readonly string[]
  }
}

/**
 * Create a LAN transport over Node sockets.
 * @param init - clock, `rng` or `nodeId`, port / host, discovery
 * @returns a stopped transport; call `start()`
 * @throws like `createLanTransport`
 */
export function lanTransport(init: NodeLanTransportInit): LanTransport {
  const mdns = init.discovery?.mdns ?? {}
  const network: LanNetwork = {
    listen: (host, port, onStream) => listenTcp(host, port, onStream),
    connect: (host, port, signal) => connectTcp(host, port, signal),
    ...(mdns === false ? {} : { openMdns: () => nodeMdnsSocket(mdns) }),
  }
  const host = init.host ?? '0.0.0.0'
  const wildcard = host === '0.0.0.0' || host === '::'
  const advertiseHost = init.advertiseHost ?? (wildcard ? defaultAdvertiseHost(mdns === false ? undefined : mdns.interface) : host)
  const discovery: LanTransportInit['discovery'] = { mdns: mdns === false ? false : tuning(mdns), ...(init.discovery?.peers ? { peers: init.discovery.peers } : {}) }
  return createLanTransport({ ...init, host, advertiseHost, network, discovery })
}

function tuning(o: NodeLanMdnsOptions): LanMdnsOptions {
  const out: LanMdnsOptions = {}
  if (o.ttlS !== undefined) out.ttlS = o.ttlS
  if (o.reannounceIntervalMs !== undefined) out.reannounceIntervalMs = o.reannounceIntervalMs
  if (o.queryIntervalMs !== undefined) out.queryIntervalMs = o.queryIntervalMs
  if (o.maxPeers !== undefined) out.maxPeers = o.maxPeers
  return out
}
