/**
 * `@bitmesh/stream-link/react-native`: `react-native-tcp-socket` sockets as byte streams. The
 * module is injected by the app, so this entry bundles without it. Untested here (no React Native
 * runtime on CI).
 * @module
 */
export { rnSocketStream, rnListen, rnConnect, type RnTcpSocket, type RnTcpServer, type RnTcpSocketModule } from './tcp.js'
