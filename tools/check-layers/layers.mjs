/**
 * The layer table of shared/DESIGN.md §1, as data. An arrow may only point down.
 * `@bitmesh/crypto` holds the CryptoProvider implementations (the "field libraries" seam of L1);
 * it sits at the bottom of L1 so wire-format and noise can share one provider.
 * Transports never import each other, but the socket-based ones share `stream-link` (L2, no
 * factory of its own: the framed Link, framing and Node/React Native socket plumbing).
 */
export const LAYERS = {
  interface: { layer: 0, mayImport: [] },
  crypto: { layer: 1, mayImport: ['interface'] },
  'wire-format': { layer: 1, mayImport: ['interface', 'crypto'] },
  noise: { layer: 1, mayImport: ['interface', 'crypto'] },
  // Links over byte streams, shared by the socket-based transports; not a transport itself.
  'stream-link': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'transport-compliance': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'transport-ble': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'transport-wifi-direct': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise', 'stream-link'] },
  'transport-hotspot': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise', 'stream-link'] },
  'transport-multipeer': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise', 'stream-link'] },
  'transport-lan': { layer: 2, mayImport: ['interface', 'crypto', 'wire-format', 'noise', 'stream-link'] },
  'gossip-router': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'cluster-election': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'store-forward': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'geohash-discovery': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'panic-wipe': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  'transport-manager': { layer: 3, mayImport: ['interface', 'crypto', 'wire-format', 'noise'] },
  // mesh imports no transport package (the transport manager is transport-agnostic), so an app
  // bundles only the transports it passes in.
  mesh: { layer: 4, mayImport: ['interface', 'crypto', 'wire-format', 'noise', 'gossip-router', 'cluster-election', 'store-forward', 'geohash-discovery', 'panic-wipe', 'transport-manager'] },
  // The simulator runs the real mesh node, so it sits above mesh within L4.
  simulator: { layer: 4, mayImport: ['*below', 'mesh'] },
  conformance: { layer: 4, mayImport: '*below' },
  cli: { layer: 4, mayImport: '*any' },
}

/** Layers below which code must not read ambient time or randomness (DESIGN §2). */
export const AMBIENT_FREE_MAX_LAYER = 3
