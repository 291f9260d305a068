/**
 * `@bitmesh/transport-wifi-direct/react-native`: the React Native adapter (Android;
 * `react-native-wifi-p2p` + `react-native-tcp-socket`, both injected). Untested here.
 * @module
 */
export { reactNativeWifiP2pAdapter, type ReactNativeWifiP2pAdapterOptions, type RnWifiP2pModule } from './adapter.js'
export { rnSocketStream, rnListen, rnConnect, type RnTcpSocket, type RnTcpServer, type RnTcpSocketModule } from '@bitmesh/stream-link/react-native'
