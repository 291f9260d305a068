/**
 * `@bitmesh/transport-hotspot/react-native`: the React Native adapter (injected local-only
 * hotspot module, `react-native-wifi-reborn`-shaped join module, `react-native-tcp-socket`).
 * Untested here.
 * @module
 */
export { reactNativeHotspotAdapter, type ReactNativeHotspotAdapterOptions, type RnLocalOnlyHotspotModule, type RnWifiJoinModule } from './adapter.js'
export { rnSocketStream, rnListen, rnConnect, type RnTcpSocket, type RnTcpServer, type RnTcpSocketModule } from '@bitmesh/stream-link/react-native'
