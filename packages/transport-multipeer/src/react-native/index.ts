/**
 * `@bitmesh/transport-multipeer/react-native`: the React Native adapter over an app-provided
 * MultipeerConnectivity native module. Untested here.
 * @module
 */
export { reactNativeMultipeerAdapter, type ReactNativeMultipeerAdapterOptions, type RnMultipeerModule, type RnMultipeerEvents } from './adapter.js'
export { toBase64, fromBase64 } from './base64.js'
