/**
 * `packet.*` operations: encode, decode, signing preimage, sign, verify and sync packet ID
 * (`shared/spec/conformance-adapter.md`, wire rules of `bitchat-wire.md` §1, §3, §2.7.1).
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import {
  decodePacket,
  encodePacket,
  packetId,
  signingBytes,
  verifyPacketSignature,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import type { JsonObject } from '../json.js'
import { boolArg, compressionArg, hexOut, requireHex, type CompressionArg } from './args.js'
import { packetFromJson, packetToJson } from './packet-json.js'
import type { OpTable } from './types.js'

/**
 * The Ed25519 preimage of §3.2 for a given compression choice: TTL 0, no signature, RSR clear,
 * padded. With `"auto"` this is the library's `signingBytes`; `"none"` needs the uncompressed
 * form, which the library function does not offer, so it is encoded here by the same rule.
 */
function preimage(packet: BitchatPacket, compression: CompressionArg): Uint8Array {
  if (compression === 'auto') return signingBytes(packet)
  return encodePacket({ ...packet, ttl: 0, signature: null, isRsr: false }, { padding: true, compression: 'none' })
}

/** Handlers of the `packet.*` family. */
export const packetOps: OpTable = {
  'packet.encode': (req: JsonObject) => {
    const packet = packetFromJson(req.packet)
    const frame = encodePacket(packet, {
      padding: boolArg(req.padding, 'padding', false),
      compression: compressionArg(req.compression),
    })
    return { hex: hexOut(frame) }
  },

  'packet.decode': (req: JsonObject) => {
    const packet = decodePacket(requireHex(req, 'hex'))
    return { packet: packetToJson(packet), compressed: packet.wireCompression != null }
  },

  'packet.signingBytes': (req: JsonObject) => {
    const packet = packetFromJson(req.packet)
    return { hex: hexOut(preimage(packet, compressionArg(req.compression))) }
  },

  'packet.sign': (req: JsonObject) => {
    const packet = packetFromJson(req.packet)
    const seed = requireHex(req, 'signingSeed', 32)
    const compression = compressionArg(req.compression)
    const signature = defaultCryptoProvider.ed25519.sign(preimage(packet, compression), seed)
    const frame = encodePacket(
      { ...packet, signature },
      { padding: boolArg(req.padding, 'padding', false), compression },
    )
    return { hex: hexOut(frame) }
  },

  'packet.verify': (req: JsonObject) => {
    const publicKey = requireHex(req, 'publicKey', 32)
    // Decoding keeps the received DEFLATE bytes, so verification never re-compresses (§3.3).
    const packet = decodePacket(requireHex(req, 'hex'))
    return { valid: verifyPacketSignature(packet, publicKey) }
  },

  'packet.id': (req: JsonObject) => {
    return { hex: hexOut(packetId(packetFromJson(req.packet))) }
  },
}
