/**
 * The platform adapter of the hotspot transport. The head side is modelled on Android's
 * `WifiManager.startLocalOnlyHotspot` (a reservation with an SSID and passphrase the system
 * picks); the member side on iOS's `NEHotspotConfiguration` (`joinOnce`) and Android's
 * `WifiNetworkSpecifier`. The data plane is the hotspot LAN: TCP streams to the head and an
 * optional UDP socket. Implementations: {@link SimulatedHotspotWorld} (in-memory),
 * `nodeHotspotAdapter` (`./node`: real sockets on loopback, Wi-Fi lifecycle emulated) and
 * `reactNativeHotspotAdapter` (`./react-native`, untested here).
 * @module
 */
import type { AbortSignalLike } from '@bitmesh/interface'
import type { ByteStream, DatagramHandler, DatagramSocket } from '@bitmesh/stream-link'

/** What `startLocalOnlyHotspot` yields (`LocalOnlyHotspotReservation` + the head's LAN address). */
export interface HotspotReservation {
  ssid: string
  passphrase: string
  /** The head's IP address on the hotspot network (Android: usually 192.168.x.1). */
  hostAddress: string
}

/** A network to join (`NEHotspotConfiguration(ssid:passphrase:isWEP:)` with `joinOnce`). */
export interface HotspotJoinConfiguration {
  ssid: string
  passphrase: string
  /** Leave the network when the app goes to the background (iOS `joinOnce`); default true. */
  joinOnce: boolean
}

/** The Wi-Fi radio and hotspot LAN, as seen by the hotspot transport. */
export interface HotspotAdapter {
  /** This device's label on the data plane (sent in the stream preface). */
  readonly localAddress: string
  /** Head: start the local-only hotspot. */
  startLocalOnlyHotspot(): Promise<HotspotReservation>
  /** Head: stop it (`reservation.close()`). Idempotent. */
  stopLocalOnlyHotspot(): Promise<void>
  /** Member: join a hotspot; rejects for a wrong passphrase or an out-of-range network. Aborting cancels. */
  joinNetwork(configuration: HotspotJoinConfiguration, options: { signal?: AbortSignalLike }): Promise<void>
  /** Member: leave (`removeConfiguration(forSSID:)`). Idempotent. */
  leaveNetwork(ssid: string): Promise<void>
  /** Accept TCP streams on `port` (0: any); resolves with the bound port. */
  listen(port: number, onStream: (stream: ByteStream) => void): Promise<number>
  stopListening(): Promise<void>
  /** Open a TCP stream on the hotspot LAN. Aborting cancels. */
  openStream(host: string, port: number, options: { signal?: AbortSignalLike }): Promise<ByteStream>
  /** Bind the UDP socket of the broadcast plane (optional). */
  bindDatagram?(port: number, onDatagram: DatagramHandler): Promise<DatagramSocket>
}
