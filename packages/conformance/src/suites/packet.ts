/**
 * BitMesh's own packet cases: signing preimage (padding, TTL/RSR/signature cleared, route
 * covered), compression decision (auto vs none, threshold, entropy test, v2 size field), sign,
 * verify (including a signer whose DEFLATE encoder differs from level 5), packet ID, decode
 * tolerance and decode errors.
 *
 * Expected bytes come from `scripts/compute-expected.py` (Python standard library, vanilla zlib
 * 1.2.13 at level 5, `cryptography` Ed25519), not from the codec under test.
 * @module
 */
import { AdapterErrorCode } from '../protocol.js'
import { EXPECTED as X } from './expected.js'
import { expectError, expectResult, hx, packet, utf8Hex } from './helpers.js'
import type { ConformanceSuite } from './types.js'

const SOURCE = 'BitMesh (bitchat-wire §1, §3; bytes computed by scripts/compute-expected.py)'
const DECODE_ERROR = AdapterErrorCode.DECODE_ERROR

const SENDER = 'a1b2c3d4e5f60718'
const RECIPIENT = '0f1e2d3c4b5a6978'
const TS = 1735689600000

/** v1 public message "hello mesh", unsigned. */
const MSG = packet({ type: 0x02, timestamp: TS, senderId: SENDER, payload: utf8Hex('hello mesh') })
/** Directed, TTL 5, RSR set and a placeholder signature: all three must vanish from the preimage. */
const DIRECTED = packet({
  type: 0x02,
  ttl: 5,
  timestamp: TS,
  senderId: SENDER,
  recipientId: RECIPIENT,
  payload: utf8Hex('directed'),
  signature: '5a'.repeat(64),
  isRsr: true,
})
const ROUTE = ['2122232425262728', '3132333435363738']
/** v2 Noise packet with a route: the route is covered by the preimage. */
const ROUTED = packet({
  version: 2,
  type: 0x11,
  ttl: 6,
  timestamp: 42,
  senderId: SENDER,
  recipientId: RECIPIENT,
  route: ROUTE,
  payload: hx('00000001 000102030405060708090a0b0c0d0e0f'),
})
const COMPRESSIBLE = packet({ type: 0x02, timestamp: TS, senderId: SENDER, payload: X.COMPRESSIBLE_TEXT })
const NOISE = packet({
  type: 0x11,
  timestamp: TS,
  senderId: SENDER,
  recipientId: RECIPIENT,
  payload: hx('00000007', 'c3'.repeat(40)),
})

/** Packet cases. */
export const packetSuite: ConformanceSuite = {
  name: 'packet',
  description: 'BitMesh cases: signing preimage, compression decision, sign/verify, packet ID, decode tolerance and errors',
  cases: [
    // ---- signing preimage (§3.2) ----
    {
      name: 'signingBytes: TTL 0 and PKCS#7 padding to 256 (32-byte frame + 224 × e0)',
      source: SOURCE,
      steps: [expectResult('packet.signingBytes', { packet: MSG, compression: 'auto' }, { hex: X.MSG_PREIMAGE })],
    },
    {
      name: 'signingBytes: clears TTL, RSR and the signature, keeps the recipient',
      source: SOURCE,
      steps: [expectResult('packet.signingBytes', { packet: DIRECTED, compression: 'auto' }, { hex: X.DIRECTED_PREIMAGE })],
    },
    {
      name: 'signingBytes: v2 route is covered',
      source: SOURCE,
      steps: [expectResult('packet.signingBytes', { packet: ROUTED, compression: 'none' }, { hex: X.ROUTED_PREIMAGE })],
    },
    // ---- compression (§1.5) ----
    {
      name: 'compression auto: 189-byte low-entropy text is raw DEFLATE level 5 with a u16 original size',
      source: SOURCE,
      steps: [expectResult('packet.encode', { packet: COMPRESSIBLE, padding: false, compression: 'auto' }, { hex: X.COMPRESSIBLE_AUTO })],
    },
    {
      name: 'compression none: same packet stays uncompressed',
      source: SOURCE,
      steps: [expectResult('packet.encode', { packet: COMPRESSIBLE, padding: false, compression: 'none' }, { hex: X.COMPRESSIBLE_NONE })],
    },
    {
      name: 'compression auto: 99 bytes is under the 100-byte threshold',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.encode',
          { packet: packet({ type: 0x02, timestamp: TS, senderId: SENDER, payload: X.SHORT_TEXT }), padding: false, compression: 'auto' },
          { hex: X.SHORT_AUTO },
        ),
      ],
    },
    {
      name: 'compression auto: 120 distinct bytes fail the entropy test',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.encode',
          {
            packet: packet({ type: 0x02, timestamp: TS, senderId: SENDER, payload: Array.from({ length: 120 }, (_, i) => i.toString(16).padStart(2, '0')).join('') }),
            padding: false,
            compression: 'auto',
          },
          { hex: X.DIVERSE_AUTO },
        ),
      ],
    },
    {
      name: 'compression auto on v2: u32 original size after the route',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.encode',
          { packet: { ...ROUTED, type: 0x02, payload: X.COMPRESSIBLE_TEXT }, padding: false, compression: 'auto' },
          { hex: X.COMPRESSIBLE_V2_AUTO },
        ),
      ],
    },
    {
      name: 'decode of a compressed frame returns the uncompressed payload and compressed: true',
      source: SOURCE,
      steps: [expectResult('packet.decode', { hex: X.COMPRESSIBLE_AUTO }, { packet: COMPRESSIBLE, compressed: true })],
    },
    // ---- sign (§3) ----
    {
      name: 'sign: Ed25519 over the padded preimage, frame unpadded',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.sign',
          { packet: MSG, signingSeed: X.SIGNING_SEED, padding: false, compression: 'none' },
          { hex: X.MSG_SIGNED },
        ),
      ],
    },
    {
      name: 'sign: compressed payload, the preimage holds the DEFLATE bytes',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.sign',
          { packet: COMPRESSIBLE, signingSeed: X.SIGNING_SEED, padding: false, compression: 'auto' },
          { hex: X.COMP_SIGNED },
        ),
      ],
    },
    {
      name: 'sign: Noise-type frame padded after the signature',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.sign',
          { packet: NOISE, signingSeed: X.SIGNING_SEED, padding: true, compression: 'none' },
          { hex: X.NOISE_SIGNED_PADDED },
        ),
      ],
    },
    // ---- verify ----
    {
      name: 'verify: signed frame is valid under the signer key',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: padded signed frame is valid',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED_PADDED, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: still valid after a relay lowered the TTL to 3',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED_TTL3, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: still valid after a sync responder set IS_RSR',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED_RSR, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: compressed signed frame is valid',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.COMP_SIGNED, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: signer used another DEFLATE encoder (zlib level 1); the received bytes must be reused',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.FOREIGN_SIGNED, publicKey: X.SIGNING_PUBLIC }, { valid: true })],
    },
    {
      name: 'verify: a flipped payload bit is invalid',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED_TAMPERED, publicKey: X.SIGNING_PUBLIC }, { valid: false })],
    },
    {
      name: 'verify: another key is invalid',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_SIGNED, publicKey: X.OTHER_PUBLIC }, { valid: false })],
    },
    {
      name: 'verify: an unsigned frame is invalid',
      source: SOURCE,
      steps: [expectResult('packet.verify', { hex: X.MSG_UNSIGNED, publicKey: X.SIGNING_PUBLIC }, { valid: false })],
    },
    // ---- packet ID (§2.7.1) ----
    {
      name: 'id: SHA-256(type ‖ sender ‖ timestamp ‖ payload)[0..16] of the §10.1 v1 packet',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.id',
          { packet: packet({ type: 0x02, timestamp: 0x0102030405060708n, senderId: '1011121314151617', payload: 'aabbcc' }) },
          { hex: X.GOLDEN_V1_PACKET_ID },
        ),
      ],
    },
    {
      name: 'id: TTL, recipient, RSR and signature do not change it',
      source: SOURCE,
      steps: [
        expectResult('packet.id', { packet: MSG }, { hex: X.MSG_PACKET_ID }),
        expectResult('packet.id', { packet: { ...DIRECTED, payload: MSG.payload! } }, { hex: X.MSG_PACKET_ID }),
      ],
    },
    {
      name: 'id: uses the uncompressed payload',
      source: SOURCE,
      steps: [expectResult('packet.id', { packet: COMPRESSIBLE }, { hex: X.COMPRESSIBLE_PACKET_ID })],
    },
    // ---- decode tolerance (§1.2, §1.4) ----
    {
      name: 'decode: trailing bytes after the last section are ignored',
      source: SOURCE,
      steps: [expectResult('packet.decode', { hex: X.MSG_UNSIGNED + '0000ffee' }, { packet: MSG, compressed: false })],
    },
    {
      name: 'decode: PKCS#7-padded frame',
      source: SOURCE,
      steps: [expectResult('packet.decode', { hex: X.MSG_SIGNED_PADDED }, { packet: { ...MSG, signature: X.MSG_SIGNED.slice(-128) } })],
    },
    {
      name: 'decode: reserved flag bits 5-7 are ignored',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.decode',
          { hex: X.MSG_UNSIGNED.slice(0, 22) + 'e0' + X.MSG_UNSIGNED.slice(24) },
          { packet: MSG, compressed: false },
        ),
      ],
    },
    {
      name: 'decode: HAS_ROUTE is ignored on v1 (no route section is read)',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.decode',
          { hex: X.MSG_UNSIGNED.slice(0, 22) + '08' + X.MSG_UNSIGNED.slice(24) },
          { packet: { ...MSG, route: null }, compressed: false },
        ),
      ],
    },
    {
      name: 'decode: all-FF recipient is kept as given',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.decode',
          { hex: hx(`01 02 07 000001941f297c00 01 000a ${SENDER} ffffffffffffffff ${utf8Hex('hello mesh')}`) },
          { packet: { ...MSG, recipientId: 'ffffffffffffffff' } },
        ),
      ],
    },
    {
      name: 'decode: v2 route count 0 means no route',
      source: SOURCE,
      steps: [
        expectResult(
          'packet.decode',
          { hex: hx(`02 02 07 000001941f297c00 08 0000000a ${SENDER} 00 ${utf8Hex('hello mesh')}`) },
          { packet: { ...MSG, version: 2, route: null } },
        ),
      ],
    },
    // ---- decode errors ----
    {
      name: 'decode error: empty input',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: '' }, DECODE_ERROR, ['TRUNCATED', 'BAD_LENGTH'])],
    },
    {
      name: 'decode error: 21 bytes, one short of header + sender',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: X.MSG_UNSIGNED.slice(0, 42) }, DECODE_ERROR, ['TRUNCATED', 'BAD_LENGTH'])],
    },
    {
      name: 'decode error: payload shorter than payloadLength',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: X.MSG_UNSIGNED.slice(0, -2) }, DECODE_ERROR, ['TRUNCATED', 'BAD_LENGTH'])],
    },
    {
      name: 'decode error: HAS_SIGNATURE without 64 signature bytes',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: X.MSG_SIGNED.slice(0, -2) }, DECODE_ERROR, ['TRUNCATED', 'BAD_LENGTH'])],
    },
    {
      name: 'decode error: version 3',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: '03' + X.MSG_UNSIGNED.slice(2) }, DECODE_ERROR, ['BAD_VERSION'])],
    },
    {
      name: 'decode error: version 0',
      source: SOURCE,
      steps: [expectError('packet.decode', { hex: '00' + X.MSG_UNSIGNED.slice(2) }, DECODE_ERROR, ['BAD_VERSION'])],
    },
    {
      name: 'decode error: compressed with payloadLength 1 (shorter than the size field)',
      source: SOURCE,
      steps: [
        expectError(
          'packet.decode',
          { hex: hx(`01 02 07 000001941f297c00 04 0001 ${SENDER} 00`) },
          DECODE_ERROR,
          ['BAD_LENGTH', 'TRUNCATED'],
        ),
      ],
    },
    {
      name: 'decode error: inflated length differs from the declared original size',
      source: SOURCE,
      steps: [
        expectError(
          'packet.decode',
          // declared 0x00bc (188) but the stream inflates to 189 bytes
          { hex: X.COMPRESSIBLE_AUTO.slice(0, 44) + '00bc' + X.COMPRESSIBLE_AUTO.slice(48) },
          DECODE_ERROR,
          ['DECOMPRESSION_LIMIT', 'BAD_COMPRESSION', 'BAD_LENGTH'],
        ),
      ],
    },
    {
      name: 'decode error: compressed bytes are not raw DEFLATE',
      source: SOURCE,
      steps: [
        expectError(
          'packet.decode',
          // block type 3 (reserved) in the first header
          { hex: hx(`01 02 07 000001941f297c00 04 0006 ${SENDER} 0064 ffffffff`) },
          DECODE_ERROR,
          ['BAD_COMPRESSION', 'DECOMPRESSION_LIMIT'],
        ),
      ],
    },
  ],
}
