/**
 * Peer ID cases: SHA-256(Noise static key)[0..8] (`bitchat-wire.md` §4).
 * Expected values: `scripts/compute-expected.py` (hashlib); the package tests recompute them
 * with `node:crypto`.
 * @module
 */
import { AdapterErrorCode } from '../protocol.js'
import { EXPECTED as X } from './expected.js'
import { expectError, expectResult, rep } from './helpers.js'
import type { ConformanceSuite } from './types.js'

const SOURCE = 'BitMesh (bitchat-wire §4; SHA-256 computed independently)'

/** Peer ID cases. */
export const idsSuite: ConformanceSuite = {
  name: 'ids',
  description: 'peer ID = first 8 bytes of SHA-256 of the Noise static key',
  cases: [
    {
      name: 'peer.id of 32 × 0x11 (the §10.1 announce key)',
      source: SOURCE,
      steps: [expectResult('peer.id', { noisePublicKey: rep('11', 32) }, { hex: X.PEER_ID_11 })],
    },
    {
      name: 'peer.id of 00 01 … 1f',
      source: SOURCE,
      steps: [
        expectResult(
          'peer.id',
          { noisePublicKey: Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('') },
          { hex: X.PEER_ID_SEQ },
        ),
      ],
    },
    {
      name: 'peer.id answers lowercase hex for an uppercase key',
      source: SOURCE,
      steps: [expectResult('peer.id', { noisePublicKey: rep('11', 32).toUpperCase() }, { hex: X.PEER_ID_11 })],
    },
    {
      name: 'peer.id of a 31-byte key is a bad request',
      source: SOURCE,
      steps: [expectError('peer.id', { noisePublicKey: rep('11', 31) }, AdapterErrorCode.BAD_REQUEST)],
    },
  ],
}
