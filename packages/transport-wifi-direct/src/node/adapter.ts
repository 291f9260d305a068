/**
 * `nodeWifiP2pAdapter`: the Wi-Fi Direct platform adapter for Node, for tests, benchmarks and
 * desktop peers on one host. The data plane is real: TCP (`node:net`) and UDP (`node:dgram`)
 * sockets on a loopback (or any local) address. The P2P framework is emulated:
 *
 * - `createGroup` publishes this device as a group owner in an {@link EmulationDirectory};
 *   `listen` adds its TCP port to the record (Android would use one fixed port on 192.168.49.1);
 * - `discoverPeers` polls the directory every `discoveryIntervalMs` on the injected clock and
 *   reports every published device;
 * - `connect` looks the owner up and returns its host and port as the connection info
 *   (`groupOwnerPort` set, since many owners share one host); no radio group is formed;
 * - `removeGroup` withdraws the record.
 * @module
 */
import { AbortError, BitMeshError, ErrorCode, type AbortSignalLike, type Clock, type TimerHandle } from '@bitmesh/interface'
import type { WifiP2pAdapter, WifiP2pDevice, WifiP2pInfo } from '../adapter.js'
import type { ByteStream, DatagramHandler, DatagramSocket } from '@bitmesh/stream-link'
import { connectTcp, listenTcp, bindUdp, type EmulationDirectory, type TcpListener } from '@bitmesh/stream-link/node'

/** Options of {@link nodeWifiP2pAdapter}. */
export interface NodeWifiP2pAdapterOptions {
  /** This device's P2P address (unique in the directory). */
  deviceAddress: string
  /** Where emulated devices publish themselves (`memoryDirectory()` or `fileDirectory(path)`). */
  directory: EmulationDirectory
  /** Drives discovery polling. */
  clock: Clock
  /** Local address to bind and advertise (default `127.0.0.1`). */
  host?: string
  /** Discovery poll interval in ms (default 1 000). */
  discoveryIntervalMs?: number
}

/**
 * Create a Node Wi-Fi P2P adapter (real sockets, emulated group lifecycle).
 * @param options - identity, directory, clock
 */
export function nodeWifiP2pAdapter(options: NodeWifiP2pAdapterOptions): WifiP2pAdapter {
  const host = options.host ?? '127.0.0.1'
  const { directory, clock, deviceAddress } = options
  const intervalMs = options.discoveryIntervalMs ?? 1_000
  let owner = false
  let port = 0
  let listener: TcpListener | undefined
  let pollTimer: TimerHandle | undefined
  let member: WifiP2pInfo | undefined
  const publish = (): void => directory.publish({ name: deviceAddress, host, port, info: { groupOwner: owner } })
  const info = (): WifiP2pInfo => (owner ? { groupFormed: true, isGroupOwner: true, groupOwnerAddress: host } : member ?? { groupFormed: false, isGroupOwner: false, groupOwnerAddress: null })

  return {
    deviceAddress,
    async initialize() {},
    async createGroup() {
      owner = true
      publish()
      return info()
    },
    async removeGroup() {
      owner = false
      member = undefined
      directory.withdraw(deviceAddress)
    },
    async discoverPeers(onPeers: (peers: readonly WifiP2pDevice[]) => void) {
      if (!owner) publish()
      const poll = (): void => {
        const peers = directory
          .list()
          .filter((r) => r.name !== deviceAddress)
          .map((r) => ({ deviceAddress: r.name, deviceName: r.name, isGroupOwner: r.info.groupOwner === true }))
        onPeers(peers)
        pollTimer = clock.setTimeout(poll, intervalMs)
      }
      if (pollTimer !== undefined) clock.clearTimeout(pollTimer)
      poll()
    },
    async stopPeerDiscovery() {
      if (pollTimer !== undefined) clock.clearTimeout(pollTimer)
      pollTimer = undefined
      if (!owner) directory.withdraw(deviceAddress)
    },
    async connect(address: string, opts: { signal?: AbortSignalLike }) {
      if (opts.signal?.aborted) throw new AbortError()
      const record = directory.lookup(address)
      if (record === undefined || record.info.groupOwner !== true || record.port === 0) {
        throw new BitMeshError(ErrorCode.CLOSED, `no Wi-Fi Direct group owner ${address} in the emulation directory`)
      }
      member = { groupFormed: true, isGroupOwner: false, groupOwnerAddress: record.host, groupOwnerPort: record.port }
      return member
    },
    async getConnectionInfo() {
      return info()
    },
    async listen(wanted: number, onStream: (stream: ByteStream) => void) {
      listener = await listenTcp(host, wanted, onStream)
      port = listener.port
      if (owner) publish()
      return port
    },
    async stopListening() {
      const l = listener
      listener = undefined
      port = 0
      await l?.close()
    },
    openStream(toHost: string, toPort: number, opts: { signal?: AbortSignalLike }) {
      return connectTcp(toHost, toPort, opts.signal)
    },
    bindDatagram(wanted: number, onDatagram: DatagramHandler): Promise<DatagramSocket> {
      return bindUdp(host, wanted, onDatagram)
    },
  }
}
