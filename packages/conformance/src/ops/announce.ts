/**
 * `announce.encode` / `announce.decode`: the ANNOUNCE TLV payload
 * (`shared/spec/bitchat-wire.md` §2.2).
 * @module
 */
import { decodeAnnounce, encodeAnnounce } from '@bitmesh/wire-format'
import type { JsonObject } from '../json.js'
import { arrayArg, hexArg, hexOut, requireHex, stringArg, uintArg } from './args.js'
import type { OpTable } from './types.js'

/** Most neighbours accepted in a request; the codec itself refuses more than 10. */
const MAX_NEIGHBORS_ARGUMENT = 255

/** Handlers of the `announce.*` family. */
export const announceOps: OpTable = {
  'announce.encode': (req: JsonObject) => {
    const neighbors =
      req.neighbors === undefined || req.neighbors === null
        ? undefined
        : arrayArg(req.neighbors, 'neighbors', MAX_NEIGHBORS_ARGUMENT).map((id, i) => hexArg(id, `neighbors[${i}]`, 8))
    const capabilities =
      req.capabilities === undefined || req.capabilities === null ? undefined : uintArg(req.capabilities, 'capabilities', 64)
    const payload = encodeAnnounce({
      nickname: stringArg(req.nickname, 'nickname'),
      noisePublicKey: requireHex(req, 'noisePublicKey', 32),
      signingPublicKey: requireHex(req, 'signingPublicKey', 32),
      directNeighbors: neighbors,
      capabilities,
    })
    return { hex: hexOut(payload) }
  },

  'announce.decode': (req: JsonObject) => {
    const a = decodeAnnounce(requireHex(req, 'hex'))
    const caps = a.capabilities
    return {
      nickname: a.nickname,
      noisePublicKey: hexOut(a.noisePublicKey),
      signingPublicKey: hexOut(a.signingPublicKey),
      neighbors: a.directNeighbors === undefined ? null : a.directNeighbors.map(hexOut),
      // Exact: a number when it fits, a bare big integer otherwise.
      capabilities: caps === undefined ? null : caps <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(caps) : caps,
    }
  },
}
