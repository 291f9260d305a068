/**
 * `fragment.split` / `fragment.reassemble` (`shared/spec/bitchat-wire.md` §2.6).
 * @module
 */
import {
  concatBytes,
  decodeFragmentPayload,
  decodePacket,
  reassembleFragments,
  splitIntoFragments,
  MAX_FRAGMENT_TOTAL,
} from '@bitmesh/wire-format'
import type { JsonObject } from '../json.js'
import { arrayArg, hexArg, hexOut, intArg, requireHex } from './args.js'
import type { OpTable } from './types.js'

/** Largest chunk size accepted in a request (a v2 frame can be this big). */
const MAX_CHUNK_BYTES = 0xffffffff

/** Handlers of the `fragment.*` family. */
export const fragmentOps: OpTable = {
  'fragment.split': (req: JsonObject) => {
    const frames = splitIntoFragments(requireHex(req, 'hex'), {
      fragmentId: requireHex(req, 'fragmentId', 8),
      chunkSize: intArg(req.chunkSize, 'chunkSize', 1, MAX_CHUNK_BYTES),
      // The op describes bitchat's layout, not Android's 256-fragment interop cap.
      maxFragments: MAX_FRAGMENT_TOTAL,
    })
    return { fragments: frames.map(hexOut) }
  },

  'fragment.reassemble': (req: JsonObject) => {
    const frames = arrayArg(req.fragments, 'fragments', MAX_FRAGMENT_TOTAL).map((f, i) => hexArg(f, `fragments[${i}]`))
    // The library validates the set (same ID, sender, total and type; nothing missing; the
    // result decodes) and returns the decoded packet; the op answers the original bytes, which
    // are the slices joined in index order.
    reassembleFragments(frames)
    const slices: Uint8Array[] = []
    for (const frame of frames) {
      const fragment = decodeFragmentPayload(decodePacket(frame).payload)
      slices[fragment.index] ??= fragment.data
    }
    return { hex: hexOut(concatBytes(...slices)) }
  },
}
