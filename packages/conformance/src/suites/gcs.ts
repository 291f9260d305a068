/**
 * Golomb-coded set cases (`bitchat-wire.md` §2.7.2): P, M = n·2^P, the capacity cap
 * n = floor(8·maxBytes / (P + 2)) keeping the newest IDs, bucket = max(1, h64 mod M) with the
 * top bit of h64 cleared, and the Golomb-Rice bit stream. No public bitchat GCS vectors exist
 * (the apps test properties only), so the expected filters come from an independent Python
 * implementation in `scripts/compute-expected.py`.
 * @module
 */
import { EXPECTED as X } from './expected.js'
import { expectResult } from './helpers.js'
import type { ConformanceCase, ConformanceSuite } from './types.js'

const SOURCE = 'BitMesh (bitchat-wire §2.7.2; filters computed by scripts/compute-expected.py)'
const IDS = [...X.GCS_IDS]

function membership(name: string, filter: { p: number; m: number; data: string }, id: string, member: boolean): ConformanceCase {
  return {
    name,
    source: SOURCE,
    steps: [expectResult('gcs.contains', { p: filter.p, m: filter.m, data: filter.data, packetId: id }, { member })],
  }
}

/** GCS cases. */
export const gcsSuite: ConformanceSuite = {
  name: 'gcs',
  description: 'GCS filter build and membership (bitchat REQUEST_SYNC construction)',
  cases: [
    {
      name: 'build: 5 IDs, P 7, maxBytes 400 → M 640',
      source: SOURCE,
      steps: [expectResult('gcs.build', { ids: IDS.slice(0, 5), p: 7, maxBytes: 400 }, { ...X.GCS_5 })],
    },
    {
      name: 'build: 20 IDs, P 7, maxBytes 16 → capped to the 14 newest, M 1792',
      source: SOURCE,
      steps: [expectResult('gcs.build', { ids: IDS, p: 7, maxBytes: 16 }, { ...X.GCS_20_CAPPED })],
    },
    {
      name: 'build: no IDs → M 1, empty data',
      source: SOURCE,
      steps: [expectResult('gcs.build', { ids: [], p: 7, maxBytes: 400 }, { p: 7, m: 1, data: '' })],
    },
    membership('contains: first ID of the 5-ID filter', X.GCS_5, IDS[0]!, true),
    membership('contains: last ID of the 5-ID filter', X.GCS_5, IDS[4]!, true),
    membership('contains: an ID outside the 5-ID filter', X.GCS_5, X.GCS_OUTSIDE, false),
    membership('contains: newest ID of the capped filter', X.GCS_20_CAPPED, IDS[0]!, true),
    membership('contains: 14th newest ID of the capped filter', X.GCS_20_CAPPED, IDS[13]!, true),
    membership('contains: nothing is in an empty filter', { p: 7, m: 1, data: '' }, IDS[0]!, false),
  ],
}
