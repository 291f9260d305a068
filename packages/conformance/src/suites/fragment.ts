/**
 * Fragment cases (`bitchat-wire.md` §2.6): a complete frame is cut into consecutive slices, each
 * carried by an unsigned, unpadded type-0x20 packet that inherits sender, timestamp, TTL,
 * recipient, route and version; reassembly concatenates in index order.
 * Expected frames: `scripts/compute-expected.py`.
 * @module
 */
import { isJsonObject } from '../json.js'
import { EXPECTED as X } from './expected.js'
import { expectCheck, expectResult } from './helpers.js'
import type { ConformanceSuite } from './types.js'

const SOURCE = 'BitMesh (bitchat-wire §2.6; frames computed by scripts/compute-expected.py)'

const SIGNED_FRAGMENTS = [...X.MSG_SIGNED_FRAGMENTS_25]
const ROUTED_FRAGMENTS = [...X.ROUTED_FRAGMENTS_30]

/** Fragment cases. */
export const fragmentSuite: ConformanceSuite = {
  name: 'fragment',
  description: 'fragment split/reassemble: inherited header fields, unsigned fragments, any order',
  cases: [
    {
      name: 'split: 96-byte signed message into 25-byte chunks → 4 unsigned fragments',
      source: SOURCE,
      steps: [
        expectResult('fragment.split', { hex: X.MSG_SIGNED, fragmentId: X.FRAGMENT_ID, chunkSize: 25 }, { fragments: SIGNED_FRAGMENTS }),
      ],
    },
    {
      name: 'split: v2 routed directed frame → fragments keep version 2, recipient and route',
      source: SOURCE,
      steps: [
        expectResult('fragment.split', { hex: X.ROUTED_FRAME, fragmentId: X.FRAGMENT_ID, chunkSize: 30 }, { fragments: ROUTED_FRAGMENTS }),
      ],
    },
    {
      name: 'reassemble: fragments in index order',
      source: SOURCE,
      steps: [expectResult('fragment.reassemble', { fragments: SIGNED_FRAGMENTS }, { hex: X.MSG_SIGNED })],
    },
    {
      name: 'reassemble: fragments in any order',
      source: SOURCE,
      steps: [
        expectResult(
          'fragment.reassemble',
          { fragments: [SIGNED_FRAGMENTS[2]!, SIGNED_FRAGMENTS[0]!, SIGNED_FRAGMENTS[3]!, SIGNED_FRAGMENTS[1]!] },
          { hex: X.MSG_SIGNED },
        ),
      ],
    },
    {
      name: 'reassemble: routed fragments, reversed',
      source: SOURCE,
      steps: [expectResult('fragment.reassemble', { fragments: [...ROUTED_FRAGMENTS].reverse() }, { hex: X.ROUTED_FRAME })],
    },
    {
      name: 'round trip: split with chunk 10, then reassemble the adapter\'s own fragments',
      source: SOURCE,
      steps: [
        expectCheck(
          'fragment.split',
          { hex: X.COMP_SIGNED, fragmentId: X.FRAGMENT_ID, chunkSize: 10 },
          'ceil(length / 10) fragments',
          (result) => {
            const fragments = result.fragments
            const want = Math.ceil(X.COMP_SIGNED.length / 2 / 10)
            if (!Array.isArray(fragments)) return 'fragments is not an array'
            return fragments.length === want ? undefined : `expected ${want} fragments, got ${fragments.length}`
          },
        ),
        expectResult(
          'fragment.reassemble',
          (ctx) => {
            const first = ctx.results[0]
            const fragments = isJsonObject(first) && Array.isArray(first.fragments) ? first.fragments : []
            return { fragments: [...fragments].reverse() }
          },
          { hex: X.COMP_SIGNED },
        ),
      ],
    },
  ],
}
