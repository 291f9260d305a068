/**
 * @packageDocumentation
 * `@bitmesh/transport-lan`: BitMesh links over a local network — framed TCP streams
 * (`@bitmesh/stream-link`) between processes and machines, found by mDNS / DNS-SD
 * (`_bitmesh._tcp.local`, TXT `id` + `v`) and/or static `host:port` peers. This entry is
 * runtime-neutral (no `node:*`): the transport core over an injected {@link LanNetwork}, the
 * discovery state machine and the record codec. The Node implementation (real TCP sockets and a
 * multicast socket) is `lanTransport` at `@bitmesh/transport-lan/node`.
 *
 * @example
 * ```ts
 * import { lanTransport } from '@bitmesh/transport-lan/node'
 * import { createMeshNode, cryptoRng, systemClock } from '@bitmesh/mesh'
 *
 * const clock = systemClock()
 * const rng = cryptoRng()
 * const lan = lanTransport({ clock, rng, port: 0 })
 * const node = createMeshNode({ transports: [lan], clock, rng, nickname: 'ana' })
 * await node.start()
 * ```
 */
export { createLanTransport, type LanTransport, type LanTransportInit, type LanNetwork, type LanListener, type LanMdnsOptions } from './transport.js'
export { LanDiscovery, type MdnsSocket, type LanDiscoveryOptions, type LanDiscoveryEvents, type LanDiscoveryStats } from './discovery.js'
export { LanPeerTable, type LanPeer, type LanPeerChange } from './peer-table.js'
export {
  serviceRecords,
  parseServiceResponse,
  queriesFor,
  instanceName,
  hostName,
  type MdnsPacket,
  type MdnsRecord,
  type MdnsQuestion,
  type LanServiceInfo,
  type LanServiceRecord,
} from './mdns-records.js'
export { formatLanAddress, parseLanAddress, isLanNodeId, randomLanNodeId, type LanAddress } from './address.js'
export {
  LAN_SERVICE_TYPE,
  LAN_PROTOCOL_VERSION,
  LAN_DEFAULT_PORT,
  MDNS_PORT,
  MDNS_GROUP_V4,
  LAN_RECORD_TTL_S,
  LAN_REANNOUNCE_INTERVAL_MS,
  LAN_QUERY_INTERVAL_MS,
  LAN_STARTUP_BURST_MS,
  LAN_SWEEP_INTERVAL_MS,
  LAN_MAX_PEERS,
  LAN_REDIAL_DELAY_MS,
  LAN_STATIC_RETRY_MS,
  LAN_NODE_ID_HEX_LENGTH,
} from './constants.js'
