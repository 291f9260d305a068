/**
 * BitMesh wiring for a React Native app: a mesh node over Bluetooth LE (react-native-ble-plx,
 * central only) and, optionally on Android, Wi-Fi Direct (react-native-wifi-p2p +
 * react-native-tcp-socket). Nothing here touches React; App.tsx drives it.
 *
 * Hermes notes:
 * * `crypto.getRandomValues` comes from `react-native-get-random-values`, imported first in
 *   index.ts; `cryptoRng()` reads it (identity keys, Noise ephemerals) and throws without it.
 * * The crypto provider is `defaultCryptoProvider` from @bitmesh/crypto: the portable one on
 *   @noble/curves, @noble/ciphers and @noble/hashes (pure JS). Never pass the `@bitmesh/crypto/node`
 *   provider: it needs node:crypto, which Hermes does not have.
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { Transport } from '@bitmesh/interface'
import { createMeshNode, cryptoRng, systemClock, type MeshNode } from '@bitmesh/mesh'
import { bleTransport } from '@bitmesh/transport-ble'
import { blePlxAdapter } from '@bitmesh/transport-ble/react-native'
import { wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
import { reactNativeWifiP2pAdapter } from '@bitmesh/transport-wifi-direct/react-native'
import { BleManager, State } from 'react-native-ble-plx'
import TcpSocket from 'react-native-tcp-socket'
import * as WifiP2p from 'react-native-wifi-p2p'

/** What {@link createAppMesh} needs from the app. */
export interface AppMeshOptions {
  /** Shown to peers in announces. */
  nickname: string
  /**
   * Android only: also run Wi-Fi Direct. `deviceAddress` is this phone's P2P address (from
   * `WifiP2p.getGroupInfo()` / the THIS_DEVICE_CHANGED event); the owner creates the group.
   */
  wifiDirect?: { deviceAddress: string; role: 'owner' | 'member' }
  /** BLE scan errors (Bluetooth off, permission revoked). */
  onBleError?: (message: string) => void
}

/** A running mesh and the native handles to release with it. */
export interface AppMesh {
  node: MeshNode
  /** Stop the node and release the BLE manager. */
  destroy(): Promise<void>
}

/**
 * Resolve once Bluetooth is powered on (ble-plx reports `Unknown` for a moment at startup).
 * @param manager - The app's only BleManager.
 */
export function whenPoweredOn(manager: BleManager): Promise<void> {
  return new Promise((resolve) => {
    const subscription = manager.onStateChange((state) => {
      if (state !== State.PoweredOn) return
      subscription.remove()
      resolve()
    }, true)
  })
}

/**
 * Build and start the mesh node.
 * @param options - Nickname and optional Wi-Fi Direct settings.
 * @returns the started node
 */
export async function createAppMesh(options: AppMeshOptions): Promise<AppMesh> {
  const clock = systemClock() // the app layer owns real time; libraries take it injected
  const rng = cryptoRng() // throws if react-native-get-random-values was not imported first
  const manager = new BleManager()
  await whenPoweredOn(manager)

  const transports: Transport[] = [
    bleTransport({
      adapter: blePlxAdapter({ manager, onError: (e) => options.onBleError?.(e.message) }),
      clock,
      rng,
      // Central only: this phone dials bitchat / BitMesh devices it finds, but does not advertise.
    }),
  ]
  if (options.wifiDirect !== undefined) {
    transports.push(
      wifiDirectTransport({
        adapter: reactNativeWifiP2pAdapter({
          wifiP2p: WifiP2p,
          tcp: TcpSocket,
          deviceAddress: options.wifiDirect.deviceAddress,
          setTimeout: (fn, ms) => setTimeout(fn, ms),
        }),
        role: options.wifiDirect.role,
        clock,
      }),
    )
  }

  const node = createMeshNode({
    transports,
    clock,
    rng,
    crypto: defaultCryptoProvider, // portable pure-JS provider (the default, spelled out for Hermes)
    nickname: options.nickname,
    // store: a KeyValueStore over MMKV / AsyncStorage keeps the identity across launches;
    // without one the phone gets a new peer ID every start.
  })
  await node.start()
  return {
    node,
    async destroy() {
      await node.stop()
      manager.destroy()
    },
  }
}
