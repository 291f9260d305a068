/**
 * `gcs.build` / `gcs.contains`: the Golomb-coded set of REQUEST_SYNC
 * (`shared/spec/bitchat-wire.md` §2.7.2).
 * @module
 */
import { buildGcsFilter, gcsContains } from '@bitmesh/wire-format'
import type { JsonObject } from '../json.js'
import { arrayArg, hexArg, hexOut, intArg, requireHex } from './args.js'
import type { OpTable } from './types.js'

/** Most IDs accepted by `gcs.build` (a sync store holds at most a few thousand). */
const MAX_GCS_IDS = 100_000
/** Largest filter budget accepted; REQUEST_SYNC carries at most 1 024 bytes anyway. */
const MAX_GCS_BYTES = 1024 * 1024

/** Handlers of the `gcs.*` family. */
export const gcsOps: OpTable = {
  'gcs.build': (req: JsonObject) => {
    const ids = arrayArg(req.ids, 'ids', MAX_GCS_IDS).map((id, i) => hexArg(id, `ids[${i}]`, 16))
    const filter = buildGcsFilter(ids, {
      p: intArg(req.p, 'p', 1, 32),
      maxBytes: intArg(req.maxBytes, 'maxBytes', 1, MAX_GCS_BYTES),
    })
    return { p: filter.p, m: filter.m, data: hexOut(filter.data) }
  },

  'gcs.contains': (req: JsonObject) => {
    const member = gcsContains(
      { p: intArg(req.p, 'p', 1, 32), m: intArg(req.m, 'm', 0, 0xffffffff), data: requireHex(req, 'data') },
      requireHex(req, 'packetId', 16),
    )
    return { member }
  },
}
