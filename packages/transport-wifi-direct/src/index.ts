/**
 * @packageDocumentation
 * `@bitmesh/transport-wifi-direct`: Android↔Android fast links over a Wi-Fi P2P group — framed TCP
 * between the group owner and its members, UDP for best-effort broadcast. Ships the simulated
 * adapter here, the Node adapter (real loopback sockets, lifecycle emulated) at `./node` and a
 * React Native adapter at `./react-native`.
 *
 * @example
 * ```ts
 * import { SimulatedWifiP2pWorld, wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
 *
 * const world = new SimulatedWifiP2pWorld({ clock })
 * const owner = wifiDirectTransport({ adapter: world.adapter('owner'), role: 'owner', clock })
 * const member = wifiDirectTransport({ adapter: world.adapter('member'), role: 'member', clock })
 * await owner.start(); await member.start()
 * const link = await member.dial('owner')
 * link.send(frame)
 * ```
 */
export type { WifiP2pAdapter, WifiP2pDevice, WifiP2pInfo } from './adapter.js'
export {
  createSimulatedPipe,
  FAST_LINK_MTU_BYTES,
  FAST_LINK_HIGH_WATER_BYTES,
  FAST_LINK_MAX_QUEUE_BYTES,
  FAST_LINK_CONNECT_TIMEOUT_MS,
  FAST_LINK_PREFACE_TIMEOUT_MS,
  FAST_LINK_MAX_DATAGRAM_BYTES,
  type ByteStream,
  type ByteStreamHandlers,
  type DatagramSocket,
  type DatagramHandler,
  type SimulatedPipeOptions,
  type StreamTransportOptions,
  type StreamTransportStats,
} from '@bitmesh/stream-link'
export { wifiDirectTransport, WIFI_DIRECT_DATA_PORT, type WifiDirectTransport, type WifiDirectTransportInit } from './transport.js'
export { SimulatedWifiP2pWorld, type SimulatedWifiP2pWorldOptions } from './sim/world.js'
