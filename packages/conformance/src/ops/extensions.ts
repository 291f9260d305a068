/**
 * BitMesh's extension operations (`bitmesh.*`), outside the v1 op table, so the §10.1 golden
 * vectors for payloads without a standard op can be checked through an adapter too. Another
 * implementation may offer them with the same arguments; the runner skips cases that need them
 * when `hello` does not list them.
 *
 * | op | arguments | result |
 * |---|---|---|
 * | `bitmesh.privateMessage.encode` | `messageId`, `content` | `{hex}` |
 * | `bitmesh.privateMessage.decode` | `hex` | `{messageId, content}` |
 * | `bitmesh.noisePayload.encode` | `type`, `data` (hex) | `{hex}` |
 * | `bitmesh.noisePayload.decode` | `hex` | `{type, data}`; unknown type → `{type: null, data: null}` |
 * | `bitmesh.fragmentPayload.encode` | `fragmentId`, `index`, `total`, `originalType`, `data` | `{hex}` |
 * | `bitmesh.fragmentPayload.decode` | `hex` | same fields as encode |
 * | `bitmesh.requestSync.encode` | `p`, `m`, `data`, optional `types`, `sinceTimestamp`, `fragmentIds` | `{hex}` |
 * | `bitmesh.requestSync.decode` | `hex` | `{p, m, data, types, sinceTimestamp, fragmentIds}` (absent → null) |
 * | `bitmesh.file.encode` | `fileName`, `fileSize`, `mimeType`, `content` | `{hex}` |
 * | `bitmesh.file.decode` | `hex` | same fields as encode |
 * @module
 */
import {
  decodeFilePacket,
  decodeFragmentPayload,
  decodeNoisePayload,
  decodePrivateMessage,
  decodeRequestSync,
  encodeFilePacket,
  encodeFragmentPayload,
  encodeNoisePayload,
  encodePrivateMessage,
  encodeRequestSync,
} from '@bitmesh/wire-format'
import type { JsonObject, JsonValue } from '../json.js'
import { arrayArg, hexArg, hexOut, intArg, requireHex, stringArg, uintArg } from './args.js'
import type { OpTable } from './types.js'

/** A u64 as an exact JSON integer. */
function exactInteger(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
}

function optional<T>(value: JsonValue | undefined, read: (v: JsonValue) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value)
}

/** Handlers of the `bitmesh.*` extension family. */
export const extensionOps: OpTable = {
  'bitmesh.privateMessage.encode': (req: JsonObject) => ({
    hex: hexOut(encodePrivateMessage({ messageId: stringArg(req.messageId, 'messageId'), content: stringArg(req.content, 'content') })),
  }),

  'bitmesh.privateMessage.decode': (req: JsonObject) => {
    const m = decodePrivateMessage(requireHex(req, 'hex'))
    return { messageId: m.messageId, content: m.content }
  },

  'bitmesh.noisePayload.encode': (req: JsonObject) => ({
    hex: hexOut(encodeNoisePayload(intArg(req.type, 'type', 0, 255), requireHex(req, 'data'))),
  }),

  'bitmesh.noisePayload.decode': (req: JsonObject) => {
    const p = decodeNoisePayload(requireHex(req, 'hex'))
    return p === null ? { type: null, data: null } : { type: p.type, data: hexOut(p.data) }
  },

  'bitmesh.fragmentPayload.encode': (req: JsonObject) => ({
    hex: hexOut(
      encodeFragmentPayload({
        fragmentId: requireHex(req, 'fragmentId', 8),
        index: intArg(req.index, 'index', 0, 0xffff),
        total: intArg(req.total, 'total', 0, 0xffff),
        originalType: intArg(req.originalType, 'originalType', 0, 255),
        data: requireHex(req, 'data'),
      }),
    ),
  }),

  'bitmesh.fragmentPayload.decode': (req: JsonObject) => {
    const f = decodeFragmentPayload(requireHex(req, 'hex'))
    return { fragmentId: hexOut(f.fragmentId), index: f.index, total: f.total, originalType: f.originalType, data: hexOut(f.data) }
  },

  'bitmesh.requestSync.encode': (req: JsonObject) => ({
    hex: hexOut(
      encodeRequestSync({
        p: intArg(req.p, 'p', 0, 255),
        m: intArg(req.m, 'm', 0, 0xffffffff),
        data: requireHex(req, 'data'),
        types: optional(req.types, (v) => uintArg(v, 'types', 64)),
        sinceTimestamp: optional(req.sinceTimestamp, (v) => uintArg(v, 'sinceTimestamp', 64)),
        fragmentIds: optional(req.fragmentIds, (v) => arrayArg(v, 'fragmentIds', 1024).map((id, i) => hexArg(id, `fragmentIds[${i}]`, 8))),
      }),
    ),
  }),

  'bitmesh.requestSync.decode': (req: JsonObject) => {
    const r = decodeRequestSync(requireHex(req, 'hex'))
    return {
      p: r.p,
      m: r.m,
      data: hexOut(r.data),
      types: r.types === undefined ? null : exactInteger(r.types),
      sinceTimestamp: r.sinceTimestamp === undefined ? null : exactInteger(r.sinceTimestamp),
      fragmentIds: r.fragmentIds === undefined ? null : r.fragmentIds.map(hexOut),
    }
  },

  'bitmesh.file.encode': (req: JsonObject) => ({
    hex: hexOut(
      encodeFilePacket({
        fileName: optional(req.fileName, (v) => stringArg(v, 'fileName')),
        fileSize: optional(req.fileSize, (v) => intArg(v, 'fileSize', 0, 0xffffffff)),
        mimeType: optional(req.mimeType, (v) => stringArg(v, 'mimeType')),
        content: requireHex(req, 'content'),
      }),
    ),
  }),

  'bitmesh.file.decode': (req: JsonObject) => {
    const f = decodeFilePacket(requireHex(req, 'hex'))
    return {
      fileName: f.fileName ?? null,
      fileSize: f.fileSize ?? null,
      mimeType: f.mimeType ?? null,
      content: hexOut(f.content),
    }
  },
}
