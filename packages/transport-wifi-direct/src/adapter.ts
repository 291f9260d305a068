/**
 * The platform adapter of the Wi-Fi Direct transport, modelled on Android's `WifiP2pManager`:
 * group formation (`createGroup`, `discoverPeers`, `connect`, connection info carrying the group
 * owner's address) plus the data plane the group runs on (TCP streams to the group owner, an
 * optional UDP socket for broadcast). Implementations: {@link createSimulatedWifiP2pAdapter}
 * (in-memory), `nodeWifiP2pAdapter` (`./node`: real sockets on loopback, lifecycle emulated) and
 * `reactNativeWifiP2pAdapter` (`./react-native`, untested here).
 * @module
 */
import type { AbortSignalLike } from '@bitmesh/interface'
import type { ByteStream, DatagramHandler, DatagramSocket } from '@bitmesh/stream-link'

/** A device seen by peer discovery (`WifiP2pDevice`). */
export interface WifiP2pDevice {
  /** P2P device address (a MAC on Android); what {@link WifiP2pAdapter.connect} takes. */
  deviceAddress: string
  /** Human-readable device name. */
  deviceName: string
  /** Whether the device currently owns a group. */
  isGroupOwner?: boolean
}

/** Connection info (`WifiP2pInfo`). */
export interface WifiP2pInfo {
  /** A group exists and this device is in it. */
  groupFormed: boolean
  /** This device owns the group. */
  isGroupOwner: boolean
  /** IP address of the group owner (192.168.49.1 on Android), `null` without a group. */
  groupOwnerAddress: string | null
  /**
   * The owner's data port when it differs from the transport's fixed `port`. Only emulations
   * that run several groups on one host set it; Android always uses the fixed port.
   */
  groupOwnerPort?: number
}

/** The Wi-Fi P2P framework and the group's data plane, as seen by the transport. */
export interface WifiP2pAdapter {
  /** This device's P2P device address (what others' discovery reports). */
  readonly deviceAddress: string
  /** Prepare the framework (`WifiP2pManager.initialize`, permissions). */
  initialize(): Promise<void>
  /** Become group owner of a new group; resolves with its connection info. */
  createGroup(): Promise<WifiP2pInfo>
  /** Leave or dissolve the current group. Idempotent. */
  removeGroup(): Promise<void>
  /** Start discovery; `onPeers` receives the full peer list each time it changes. */
  discoverPeers(onPeers: (peers: readonly WifiP2pDevice[]) => void): Promise<void>
  /** Stop discovery. Idempotent. */
  stopPeerDiscovery(): Promise<void>
  /** Join the group owned by `deviceAddress`; resolves once the group formed. Aborting cancels. */
  connect(deviceAddress: string, options: { signal?: AbortSignalLike }): Promise<WifiP2pInfo>
  /** Current connection info. */
  getConnectionInfo(): Promise<WifiP2pInfo>
  /** Accept TCP streams on `port` (0: any); resolves with the bound port. */
  listen(port: number, onStream: (stream: ByteStream) => void): Promise<number>
  /** Stop accepting streams. Idempotent. */
  stopListening(): Promise<void>
  /** Open a TCP stream to `host:port` on the group network. Aborting cancels. */
  openStream(host: string, port: number, options: { signal?: AbortSignalLike }): Promise<ByteStream>
  /** Bind the UDP socket of the broadcast plane (optional: without it the transport has none). */
  bindDatagram?(port: number, onDatagram: DatagramHandler): Promise<DatagramSocket>
}
