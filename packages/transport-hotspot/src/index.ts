/**
 * @packageDocumentation
 * `@bitmesh/transport-hotspot`: Android head ↔ iOS/Android member fast links over the head's
 * local-only hotspot — credentials over BLE under rotating ephemeral X25519 keys, checked
 * against the head's beacon fingerprint, then framed TCP (and UDP broadcast) on the hotspot LAN.
 * Ships the simulated world here, the Node adapter at `./node` and a React Native adapter at
 * `./react-native`.
 *
 * @example
 * ```ts
 * // head
 * const head = hotspotTransport({ adapter, role: 'head', clock })
 * await head.start()
 * const issuer = new HotspotCredentialIssuer({ crypto, clock, rng, identitySeed, credentials: () => head.credentials })
 * // beacon carries issuer.fingerprint; over BLE: offer = issuer.respond(requestFromMember)
 *
 * // member
 * const requester = new HotspotCredentialRequester({ crypto, clock, rng })
 * const request = requester.createRequest() // → BLE → head
 * const credentials = requester.acceptOffer(offer, beaconFingerprint)
 * member.useCredentials(credentials)
 * const link = await member.dial(credentials.ssid)
 * ```
 */
export type { HotspotAdapter, HotspotJoinConfiguration, HotspotReservation } from './adapter.js'
export {
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
  type StreamTransportOptions,
  type StreamTransportStats,
} from '@bitmesh/stream-link'
export * from './credentials/index.js'
export { hotspotTransport, HOTSPOT_DATA_PORT, type HotspotTransport, type HotspotTransportInit } from './transport.js'
export { SimulatedHotspotWorld, type SimulatedHotspotWorldOptions } from './sim/world.js'
