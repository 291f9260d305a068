/** STUB: the polyfill has no exports; importing it installs `crypto.getRandomValues`. */
declare module 'react-native-get-random-values' {}
