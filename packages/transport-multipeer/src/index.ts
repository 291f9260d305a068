/**
 * @packageDocumentation
 * `@bitmesh/transport-multipeer`: iOS↔iOS fast links over Apple's MultipeerConnectivity — one
 * session of at most 8 peers, reliable and unreliable modes. Ships the simulated world here, the
 * Node adapter (real loopback sockets, MC emulated) at `./node` and a React Native adapter at
 * `./react-native`.
 *
 * @example
 * ```ts
 * import { multipeerTransport, SimulatedMultipeerWorld } from '@bitmesh/transport-multipeer'
 *
 * const world = new SimulatedMultipeerWorld({ clock })
 * const alice = multipeerTransport({ adapter: world.adapter('alice'), clock })
 * const bob = multipeerTransport({ adapter: world.adapter('bob'), clock })
 * await alice.start(); await bob.start()
 * const link = await alice.dial('bob')
 * link.send(frame)                    // reliable
 * alice.sendUnreliable(link, small)   // unreliable
 * ```
 */
export type {
  MultipeerAdapter,
  MultipeerBrowserDelegate,
  MultipeerInvitationHandler,
  MultipeerPeerState,
  MultipeerSendMode,
  MultipeerSessionDelegate,
} from './adapter.js'
export type { ByteStream, ByteStreamHandlers, DatagramSocket, DatagramHandler } from '@bitmesh/stream-link'
export { createEmulatedMultipeerAdapter, type EmulationNetwork, type AdvertisementRecord } from './emulation/session.js'
export {
  multipeerTransport,
  MULTIPEER_MAX_SESSION_PEERS,
  MULTIPEER_SERVICE_TYPE,
  MULTIPEER_MTU_BYTES,
  MULTIPEER_MAX_UNRELIABLE_BYTES,
  MULTIPEER_INVITE_TIMEOUT_MS,
  type MultipeerTransport,
  type MultipeerTransportInit,
  type MultipeerTransportStats,
} from './transport.js'
export { SimulatedMultipeerWorld, type SimulatedMultipeerWorldOptions } from './sim/world.js'
