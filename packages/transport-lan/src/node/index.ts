/**
 * `@bitmesh/transport-lan/node`: the LAN transport over Node's `node:net` TCP sockets and a
 * `node:dgram` multicast socket for mDNS (`multicast-dns` codec).
 * @module
 */
export { lanTransport, type NodeLanTransportInit, type NodeLanMdnsOptions } from './lan.js'
export { nodeMdnsSocket, defaultAdvertiseHost, type NodeMdnsSocketOptions } from './mdns-socket.js'
