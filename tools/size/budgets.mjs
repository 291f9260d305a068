/**
 * Size budgets: minified + gzipped bytes of each entry bundled with its dependencies (esbuild via
 * size-limit; see config.mjs). Each limit is the size measured when it was set plus ~15 % headroom,
 * rounded up to 0.1 kB (1 kB = 1 000 bytes). When a change legitimately grows an entry past its
 * limit, re-measure with `pnpm exec size-limit` and raise the limit in the same change, saying why.
 *
 * Measured 2026-11-23 (Node 20.20.2, esbuild 0.28, size-limit 12.1); `measured` records that figure.
 * cli, mesh, simulator, transport-multipeer, stream-link and transport-manager were measured on the
 * working tree with their owners' then-uncommitted changes (mesh grew from 78.7 kB when it started
 * composing cluster-election, geohash-discovery and panic-wipe).
 */

/** Every package entry (tools/size/check.mjs fails when an entry has no budget). */
export const BUDGETS = {
  // cli: ~+32 kB for `bitmesh chat` (mesh node, LAN transport, multicast-dns), re-measured 2026-11-23.
  '@bitmesh/cli': { limit: '249.8 kB', measured: '217.2 kB' },
  // cluster-election: hold queue, poll/carry controls, short-scan misses (issue #6), re-measured 2026-11-24.
  '@bitmesh/cluster-election': { limit: '11.8 kB', measured: '10.3 kB' },
  '@bitmesh/conformance': { limit: '82.6 kB', measured: '71.7 kB' },
  '@bitmesh/conformance/adapter': { limit: '65.8 kB', measured: '57.1 kB' },
  '@bitmesh/crypto': { limit: '26.4 kB', measured: '22.9 kB' },
  '@bitmesh/crypto/node': { limit: '4.0 kB', measured: '3.5 kB' },
  '@bitmesh/geohash-discovery': { limit: '62.8 kB', measured: '54.5 kB' },
  '@bitmesh/gossip-router': { limit: '30.8 kB', measured: '26.7 kB' },
  '@bitmesh/interface': { limit: '1.4 kB', measured: '1.2 kB' },
  // mesh: wake on advertisement, head-to-head carry, light-sleep conversations (issue #6), re-measured 2026-11-24.
  '@bitmesh/mesh': { limit: '135.7 kB', measured: '118.0 kB' },
  '@bitmesh/noise': { limit: '13.4 kB', measured: '11.6 kB' },
  '@bitmesh/panic-wipe': { limit: '8.5 kB', measured: '7.3 kB' },
  '@bitmesh/panic-wipe/node': { limit: '1.8 kB', measured: '1.5 kB' },
  '@bitmesh/simulator': { limit: '190.1 kB', measured: '165.3 kB' }, // + the fast-link transports and manager of runFileLine (issue #7)
  '@bitmesh/store-forward': { limit: '26.6 kB', measured: '23.1 kB' },
  '@bitmesh/store-forward/sqlite': { limit: '3.8 kB', measured: '3.3 kB' },
  '@bitmesh/stream-link': { limit: '22.9 kB', measured: '19.8 kB' },
  '@bitmesh/stream-link/node': { limit: '1.8 kB', measured: '1.5 kB' },
  '@bitmesh/stream-link/react-native': { limit: '1.2 kB', measured: '1.0 kB' },
  '@bitmesh/transport-ble': { limit: '11.5 kB', measured: '10.0 kB' },
  '@bitmesh/transport-ble/react-native': { limit: '2.5 kB', measured: '2.2 kB' },
  '@bitmesh/transport-ble/web-bluetooth': { limit: '3.0 kB', measured: '2.6 kB' },
  '@bitmesh/transport-compliance': { limit: '9.8 kB', measured: '8.5 kB' },
  '@bitmesh/transport-compliance/memory': { limit: '4.7 kB', measured: '4.1 kB' },
  '@bitmesh/transport-hotspot': { limit: '43.4 kB', measured: '37.7 kB' },
  '@bitmesh/transport-hotspot/node': { limit: '2.3 kB', measured: '2.0 kB' },
  '@bitmesh/transport-hotspot/react-native': { limit: '1.5 kB', measured: '1.3 kB' },
  '@bitmesh/transport-lan': { limit: '26.2 kB', measured: '22.7 kB' },
  '@bitmesh/transport-lan/node': { limit: '37.8 kB', measured: '32.8 kB' },
  '@bitmesh/transport-manager': { limit: '8.9 kB', measured: '7.7 kB' },
  '@bitmesh/transport-multipeer': { limit: '26.3 kB', measured: '22.9 kB' },
  '@bitmesh/transport-multipeer/node': { limit: '21.6 kB', measured: '18.8 kB' },
  '@bitmesh/transport-multipeer/react-native': { limit: '1.3 kB', measured: '1.1 kB' },
  '@bitmesh/transport-wifi-direct': { limit: '24.6 kB', measured: '21.3 kB' },
  '@bitmesh/transport-wifi-direct/node': { limit: '2.5 kB', measured: '2.1 kB' },
  '@bitmesh/transport-wifi-direct/react-native': { limit: '1.7 kB', measured: '1.4 kB' },
  '@bitmesh/wire-format': { limit: '66.8 kB', measured: '58.0 kB' },
}

/**
 * The mobile core: what an app pays for bitchat packets and Noise sessions. `core-all` keeps
 * every export of the three packages; `core-typical` is what a bundler keeps for an app that
 * signs, encodes, decodes and verifies packets and runs bitchat XX sessions.
 */
export const COMBINED = [
  { name: 'core: wire-format + noise + crypto, every export', path: 'tools/size/entries/core-all.js', limit: '79.4 kB', measured: '69.0 kB' },
  { name: 'core: typical app imports', path: 'tools/size/entries/core-typical.js', limit: '52.5 kB', measured: '45.6 kB' },
]
