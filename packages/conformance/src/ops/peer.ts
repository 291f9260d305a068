/**
 * `peer.id`: the 8-byte wire peer ID of a Noise static key, SHA-256(key)[0..8]
 * (`shared/spec/bitchat-wire.md` §4).
 * @module
 */
import { peerIdFromNoiseKey } from '@bitmesh/wire-format'
import type { JsonObject } from '../json.js'
import { hexOut, requireHex } from './args.js'
import type { OpTable } from './types.js'

/** Handlers of the `peer.*` family. */
export const peerOps: OpTable = {
  'peer.id': (req: JsonObject) => ({ hex: hexOut(peerIdFromNoiseKey(requireHex(req, 'noisePublicKey', 32))) }),
}
