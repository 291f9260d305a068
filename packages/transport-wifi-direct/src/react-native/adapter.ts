/**
 * `reactNativeWifiP2pAdapter`: the Wi-Fi Direct adapter for React Native on Android, built on
 * `react-native-wifi-p2p` (group formation) and `react-native-tcp-socket` (data plane). Both
 * modules are injected, typed by the minimal structural interfaces below, so this package neither
 * bundles nor requires them. UNTESTED HERE: there is no React Native runtime or Wi-Fi P2P radio
 * on CI; it type-checks against these declarations only. No UDP plane (broadcast returns 0).
 * @module
 */
import { AbortError, type AbortSignalLike } from '@bitmesh/interface'
import type { WifiP2pAdapter, WifiP2pDevice, WifiP2pInfo } from '../adapter.js'
import { rnConnect, rnListen, type RnTcpSocketModule } from '@bitmesh/stream-link/react-native'

/** The part of `react-native-wifi-p2p` used here. */
export interface RnWifiP2pModule {
  initialize(): Promise<boolean | void>
  createGroup(): Promise<void>
  removeGroup(): Promise<void>
  startDiscoveringPeers(): Promise<string | void>
  stopDiscoveringPeers(): Promise<void>
  subscribeOnPeersUpdates(callback: (update: { devices: ReadonlyArray<{ deviceAddress: string; deviceName: string; isGroupOwner?: boolean }> }) => void): { remove(): void } | void
  unsubscribeFromPeersUpdates?(callback: (update: unknown) => void): void
  connect(deviceAddress: string): Promise<void>
  cancelConnect(): Promise<void>
  getConnectionInfo(): Promise<{ groupFormed: boolean; isGroupOwner: boolean; groupOwnerAddress: { hostAddress: string } | null }>
}

/** Options of {@link reactNativeWifiP2pAdapter}. */
export interface ReactNativeWifiP2pAdapterOptions {
  /** `import * as WifiP2p from 'react-native-wifi-p2p'`. */
  wifiP2p: RnWifiP2pModule
  /** `import TcpSocket from 'react-native-tcp-socket'`. */
  tcp: RnTcpSocketModule
  /** This device's P2P address as others see it (from `getGroupInfo`/`THIS_DEVICE_CHANGED`). */
  deviceAddress: string
  /** How long to wait for the group to form after `connect`, polling connection info (default 1 000 ms steps, 15 tries). */
  pollMs?: number
  /** Injected timer for polling (the package reads no global timers). */
  setTimeout: (fn: () => void, ms: number) => unknown
}

/**
 * Create the React Native Wi-Fi P2P adapter.
 * @param options - injected modules, this device's address and a timer
 */
export function reactNativeWifiP2pAdapter(options: ReactNativeWifiP2pAdapterOptions): WifiP2pAdapter {
  const { wifiP2p, tcp } = options
  let subscription: { remove(): void } | void
  let server: { port: number; close(): Promise<void> } | undefined
  const toInfo = (i: { groupFormed: boolean; isGroupOwner: boolean; groupOwnerAddress: { hostAddress: string } | null }): WifiP2pInfo => ({
    groupFormed: i.groupFormed,
    isGroupOwner: i.isGroupOwner,
    groupOwnerAddress: i.groupOwnerAddress?.hostAddress ?? null,
  })
  const sleep = (ms: number): Promise<void> => new Promise((r) => void options.setTimeout(r, ms))
  return {
    deviceAddress: options.deviceAddress,
    initialize: async () => void (await wifiP2p.initialize()),
    createGroup: async () => {
      await wifiP2p.createGroup()
      return toInfo(await wifiP2p.getConnectionInfo())
    },
    removeGroup: () => wifiP2p.removeGroup().catch(() => {}),
    discoverPeers: async (onPeers: (peers: readonly WifiP2pDevice[]) => void) => {
      subscription = wifiP2p.subscribeOnPeersUpdates(({ devices }) => onPeers(devices.map((d) => ({ ...d }))))
      await wifiP2p.startDiscoveringPeers()
    },
    stopPeerDiscovery: async () => {
      subscription?.remove()
      subscription = undefined
      await wifiP2p.stopDiscoveringPeers().catch(() => {})
    },
    connect: async (deviceAddress: string, opts: { signal?: AbortSignalLike }) => {
      await wifiP2p.connect(deviceAddress)
      // Group formation completes asynchronously: poll the connection info until it has formed.
      for (let i = 0; i < 15; i++) {
        if (opts.signal?.aborted) {
          await wifiP2p.cancelConnect().catch(() => {})
          throw new AbortError()
        }
        const info = toInfo(await wifiP2p.getConnectionInfo())
        if (info.groupFormed && info.groupOwnerAddress !== null) return info
        await sleep(options.pollMs ?? 1_000)
      }
      return toInfo(await wifiP2p.getConnectionInfo())
    },
    getConnectionInfo: async () => toInfo(await wifiP2p.getConnectionInfo()),
    listen: async (port, onStream) => {
      server = await rnListen(tcp, '0.0.0.0', port, onStream)
      return server.port
    },
    stopListening: async () => {
      const s = server
      server = undefined
      await s?.close()
    },
    openStream: (host, port, opts) => rnConnect(tcp, host, port, opts.signal),
  }
}
