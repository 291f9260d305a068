/**
 * Every conformance suite, in the order the runner uses by default.
 * @module
 */
import { announceSuite } from './announce.js'
import { fragmentSuite } from './fragment.js'
import { gcsSuite } from './gcs.js'
import { goldenSuite } from './golden.js'
import { idsSuite } from './ids.js'
import { noiseSuite } from './noise.js'
import { packetSuite } from './packet.js'
import { protocolSuite } from './protocol.js'
import type { ConformanceSuite } from './types.js'

export { announceSuite, fragmentSuite, gcsSuite, goldenSuite, idsSuite, noiseSuite, packetSuite, protocolSuite }
export { createNoiseSuite, NOISE_SUITE_VECTOR, type NoiseSuiteOptions } from './noise.js'
export {
  CACOPHONY_VECTORS_FILE,
  loadCacophonyVector,
  noiseVectorsDir,
  VECTORS_DIR_ENV,
  x25519PublicHex,
  type CacophonyVector,
} from './noise-vectors.js'
export { EXPECTED } from './expected.js'
export * from './types.js'

/** All suites: protocol first (a broken envelope explains every later failure), then data. */
export const allSuites: readonly ConformanceSuite[] = [
  protocolSuite,
  goldenSuite,
  packetSuite,
  idsSuite,
  announceSuite,
  fragmentSuite,
  gcsSuite,
  noiseSuite,
]
