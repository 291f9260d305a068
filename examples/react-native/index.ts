/**
 * React Native entry. The polyfill import must come first: it installs
 * `crypto.getRandomValues` on Hermes before any BitMesh module asks for randomness.
 */
import 'react-native-get-random-values'
import { AppRegistry } from 'react-native'
import App from './App'

AppRegistry.registerComponent('BitMeshDemo', () => App)
