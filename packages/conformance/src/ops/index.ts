/**
 * The operation tables of BitMesh's adapter, one module per family.
 * @module
 */
import { announceOps } from './announce.js'
import { extensionOps } from './extensions.js'
import { fragmentOps } from './fragment.js'
import { gcsOps } from './gcs.js'
import { noiseOps } from './noise.js'
import { packetOps } from './packet.js'
import { peerOps } from './peer.js'
import type { OpTable } from './types.js'

export { announceOps, extensionOps, fragmentOps, gcsOps, noiseOps, packetOps, peerOps }
export {
  createNoiseOps,
  MAX_NOISE_PLAINTEXT_BYTES,
  MAX_NOISE_SESSIONS,
  NOISE_PATTERNS,
  NoiseErrorCode,
  type NoiseOpsOptions,
} from './noise.js'
export { RequestError, type OpHandler, type OpTable } from './types.js'

/** Every family BitMesh implements (the `noise.*` handlers share one session store). */
export const defaultOps: OpTable = {
  ...packetOps,
  ...peerOps,
  ...announceOps,
  ...fragmentOps,
  ...gcsOps,
  ...noiseOps,
  ...extensionOps,
}
