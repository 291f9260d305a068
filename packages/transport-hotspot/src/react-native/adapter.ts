/**
 * `reactNativeHotspotAdapter`: the hotspot adapter for React Native. Head side (Android): a thin
 * native module exposing `WifiManager.startLocalOnlyHotspot` (no established package does; the
 * app supplies it with the {@link RnLocalOnlyHotspotModule} shape). Member side: a module shaped
 * like `react-native-wifi-reborn` (`connectToProtectedSSID`, which uses `NEHotspotConfiguration`
 * on iOS and `WifiNetworkSpecifier` on Android 10+). Data plane: `react-native-tcp-socket`. All
 * modules are injected and typed structurally here. UNTESTED HERE: no React Native runtime or
 * Wi-Fi radio on CI; it type-checks only. No UDP plane (broadcast returns 0).
 * @module
 */
import { AbortError } from '@bitmesh/interface'
import type { HotspotAdapter, HotspotReservation } from '../adapter.js'
import { rnConnect, rnListen, type RnTcpSocketModule } from '@bitmesh/stream-link/react-native'

/** A native module around Android's `startLocalOnlyHotspot` (app-provided). */
export interface RnLocalOnlyHotspotModule {
  /** Resolves with the reservation's SSID, passphrase and the head's address on the hotspot LAN. */
  startLocalOnlyHotspot(): Promise<HotspotReservation>
  /** `reservation.close()`. */
  stopLocalOnlyHotspot(): Promise<void>
}

/** The part of `react-native-wifi-reborn` used to join a hotspot. */
export interface RnWifiJoinModule {
  connectToProtectedSSID(ssid: string, password: string, isWEP: boolean, isHidden: boolean): Promise<unknown>
  disconnectFromSSID?(ssid: string): Promise<unknown>
}

/** Options of {@link reactNativeHotspotAdapter}. */
export interface ReactNativeHotspotAdapterOptions {
  /** This device's label. */
  localAddress: string
  /** `import TcpSocket from 'react-native-tcp-socket'`. */
  tcp: RnTcpSocketModule
  /** Heads: the local-only hotspot module. */
  hotspot?: RnLocalOnlyHotspotModule
  /** Members: `import WifiManager from 'react-native-wifi-reborn'`. */
  wifi?: RnWifiJoinModule
}

/**
 * Create the React Native hotspot adapter.
 * @param options - injected modules
 */
export function reactNativeHotspotAdapter(options: ReactNativeHotspotAdapterOptions): HotspotAdapter {
  const { tcp } = options
  let server: { port: number; close(): Promise<void> } | undefined
  return {
    localAddress: options.localAddress,
    startLocalOnlyHotspot: () => {
      if (options.hotspot === undefined) return Promise.reject(new TypeError('reactNativeHotspotAdapter: no hotspot module (heads need one)'))
      return options.hotspot.startLocalOnlyHotspot()
    },
    stopLocalOnlyHotspot: async () => {
      await options.hotspot?.stopLocalOnlyHotspot().catch(() => {})
    },
    joinNetwork: async (config, opts) => {
      if (options.wifi === undefined) throw new TypeError('reactNativeHotspotAdapter: no wifi module (members need one)')
      if (opts.signal?.aborted) throw new AbortError()
      await options.wifi.connectToProtectedSSID(config.ssid, config.passphrase, false, false)
      if (opts.signal?.aborted) throw new AbortError()
    },
    leaveNetwork: async (ssid) => {
      await options.wifi?.disconnectFromSSID?.(ssid).catch(() => {})
    },
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
