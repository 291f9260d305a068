/**
 * The golden vectors of `bitchat-wire.md` §10.1 — Android's `ClientRewriteWireContractTest`,
 * "a from-scratch client must reproduce these" — valid and invalid, byte for byte.
 *
 * Vectors for payloads the v1 op table has no operation for (private message TLV, typed Noise
 * payloads, fragment header, REQUEST_SYNC, file TLV) use BitMesh's extension operations
 * (`bitmesh.*`); the runner skips those cases for adapters that do not list the operation.
 * @module
 */
import { AdapterErrorCode } from '../protocol.js'
import { expectError, expectResult, hx, packet, rep } from './helpers.js'
import type { ConformanceSuite } from './types.js'

const SOURCE = 'bitchat-wire §10.1 (Android ClientRewriteWireContractTest)'
const DECODE_ERROR = AdapterErrorCode.DECODE_ERROR

/** 0x0102030405060708 ms: beyond 2^53, so it must travel as an exact JSON integer. */
const BIG_TIMESTAMP = 0x0102030405060708n

const V1_PACKET = packet({
  type: 0x02,
  ttl: 7,
  timestamp: BIG_TIMESTAMP,
  senderId: '1011121314151617',
  payload: 'aabbcc',
})
const V1_FRAME = hx('01 02 07 0102030405060708 00 0003 1011121314151617 aabbcc')

const V2_PACKET = packet({
  version: 2,
  type: 0x11,
  ttl: 5,
  timestamp: 42,
  senderId: '0102030405060708',
  recipientId: '1112131415161718',
  route: ['2122232425262728', '3132333435363738'],
  payload: 'dead',
  signature: rep('5a', 64),
})
const V2_FRAME = hx(
  '02 11 05 000000000000002a 0b 00000002 0102030405060708 1112131415161718',
  '02 2122232425262728 3132333435363738 dead',
  rep('5a', 64),
)

const ANNOUNCE_NOISE = rep('11', 32)
const ANNOUNCE_SIGNING = rep('22', 32)
const ANNOUNCE_WITH_UNKNOWN = hx(`01 03 626f62 02 20 ${ANNOUNCE_NOISE} 03 20 ${ANNOUNCE_SIGNING} 05 02 0001 7f 02 cafe`)

/** §10.1 golden vectors. */
export const goldenSuite: ConformanceSuite = {
  name: 'golden',
  description: 'bitchat-wire §10.1 golden vectors (Android contract tests), valid and invalid',
  cases: [
    {
      name: 'v1 packet, unpadded: encode',
      source: SOURCE,
      steps: [expectResult('packet.encode', { packet: V1_PACKET, padding: false, compression: 'none' }, { hex: V1_FRAME })],
    },
    {
      name: 'v1 packet, unpadded: encode with compression auto (3-byte payload stays uncompressed)',
      source: SOURCE,
      steps: [expectResult('packet.encode', { packet: V1_PACKET, padding: false, compression: 'auto' }, { hex: V1_FRAME })],
    },
    {
      name: 'v1 packet: decode keeps the timestamp 0x0102030405060708 exact',
      source: SOURCE,
      steps: [expectResult('packet.decode', { hex: V1_FRAME }, { packet: V1_PACKET, compressed: false })],
    },
    {
      name: 'v2 routed signed: encode',
      source: SOURCE,
      steps: [expectResult('packet.encode', { packet: V2_PACKET, padding: false, compression: 'none' }, { hex: V2_FRAME })],
    },
    {
      name: 'v2 routed signed: decode',
      source: SOURCE,
      steps: [expectResult('packet.decode', { hex: V2_FRAME }, { packet: V2_PACKET, compressed: false })],
    },
    {
      name: 'announce: decode skips the unknown TLV 7f',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.decode',
          { hex: ANNOUNCE_WITH_UNKNOWN },
          { nickname: 'bob', noisePublicKey: ANNOUNCE_NOISE, signingPublicKey: ANNOUNCE_SIGNING, neighbors: null, capabilities: 0x100 },
        ),
      ],
    },
    {
      name: 'announce: encode nick bob, caps bit 8 (vector without its unknown TLV)',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.encode',
          { nickname: 'bob', noisePublicKey: ANNOUNCE_NOISE, signingPublicKey: ANNOUNCE_SIGNING, capabilities: 0x100 },
          { hex: hx(`01 03 626f62 02 20 ${ANNOUNCE_NOISE} 03 20 ${ANNOUNCE_SIGNING} 05 02 0001`) },
        ),
      ],
    },
    {
      name: 'announce with a short key is invalid',
      source: SOURCE,
      steps: [
        expectError(
          'announce.decode',
          { hex: hx(`01 03 626f62 02 10 ${rep('11', 16)} 03 20 ${ANNOUNCE_SIGNING}`) },
          DECODE_ERROR,
        ),
      ],
    },
    {
      name: 'fragment frame whose payload is 12 bytes cannot be reassembled',
      source: SOURCE,
      steps: [
        expectError(
          'fragment.reassemble',
          { fragments: [hx('01 20 07 0000000000000001 00 000c 1011121314151617 0001020304050607 0000 0001')] },
          DECODE_ERROR,
        ),
      ],
    },
    // ---- extension ops (bitmesh.*) ----
    {
      name: 'PrivateMessage TLV: encode id m1, content hi',
      source: SOURCE,
      steps: [expectResult('bitmesh.privateMessage.encode', { messageId: 'm1', content: 'hi' }, { hex: '00026d3101026869' })],
    },
    {
      name: 'PrivateMessage TLV: decode',
      source: SOURCE,
      steps: [expectResult('bitmesh.privateMessage.decode', { hex: '00026d3101026869' }, { messageId: 'm1', content: 'hi' })],
    },
    {
      name: 'PrivateMessage typed Noise payload: 01 ‖ TLV',
      source: SOURCE,
      steps: [expectResult('bitmesh.noisePayload.encode', { type: 0x01, data: '00026d3101026869' }, { hex: '0100026d3101026869' })],
    },
    {
      name: 'Noise type alias: 09 decodes as 0x20',
      source: SOURCE,
      steps: [expectResult('bitmesh.noisePayload.decode', { hex: '09cafe' }, { type: 0x20, data: 'cafe' })],
    },
    {
      name: 'Noise type alias: re-encodes as 20 ca fe',
      source: SOURCE,
      steps: [expectResult('bitmesh.noisePayload.encode', { type: 0x20, data: 'cafe' }, { hex: '20cafe' })],
    },
    {
      name: 'fragment payload: encode',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.fragmentPayload.encode',
          { fragmentId: '0001020304050607', index: 1, total: 3, originalType: 0x02, data: 'aabb' },
          { hex: hx('0001020304050607 0001 0003 02 aabb') },
        ),
      ],
    },
    {
      name: 'fragment payload: decode',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.fragmentPayload.decode',
          { hex: hx('0001020304050607 0001 0003 02 aabb') },
          { fragmentId: '0001020304050607', index: 1, total: 3, originalType: 0x02, data: 'aabb' },
        ),
      ],
    },
    {
      name: 'REQUEST_SYNC: encode P 19, M 0x01020304, data aabb',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.requestSync.encode',
          { p: 19, m: 0x01020304, data: 'aabb' },
          { hex: hx('01 0001 13 02 0004 01020304 03 0002 aabb') },
        ),
      ],
    },
    {
      name: 'REQUEST_SYNC: decode',
      source: SOURCE,
      steps: [
        expectResult('bitmesh.requestSync.decode', { hex: hx('01 0001 13 02 0004 01020304 03 0002 aabb') }, { p: 19, m: 0x01020304, data: 'aabb' }),
      ],
    },
    {
      name: 'REQUEST_SYNC: a leading unknown TLV 7f is skipped',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.requestSync.decode',
          { hex: hx('7f 0002 cafe 01 0001 13 02 0004 01020304 03 0002 aabb') },
          { p: 19, m: 0x01020304, data: 'aabb' },
        ),
      ],
    },
    {
      name: 'file TLV: encode name a, size 2, mime m, content dead',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.file.encode',
          { fileName: 'a', fileSize: 2, mimeType: 'm', content: 'dead' },
          { hex: hx('01 0001 61 02 0004 00000002 03 0001 6d 04 00000002 dead') },
        ),
      ],
    },
    {
      name: 'file TLV: decode',
      source: SOURCE,
      steps: [
        expectResult(
          'bitmesh.file.decode',
          { hex: hx('01 0001 61 02 0004 00000002 03 0001 6d 04 00000002 dead') },
          { fileName: 'a', fileSize: 2, mimeType: 'm', content: 'dead' },
        ),
      ],
    },
    {
      name: 'truncation: PrivateMessage 00026d31 (no content) is invalid',
      source: SOURCE,
      steps: [expectError('bitmesh.privateMessage.decode', { hex: '00026d31' }, DECODE_ERROR)],
    },
    {
      name: 'truncation: PrivateMessage 00026d3101036869 (length overrun) is invalid',
      source: SOURCE,
      steps: [expectError('bitmesh.privateMessage.decode', { hex: '00026d3101036869' }, DECODE_ERROR)],
    },
    {
      name: 'truncation: REQUEST_SYNC without TLV 03 is invalid',
      source: SOURCE,
      steps: [expectError('bitmesh.requestSync.decode', { hex: hx('01 0001 13 02 0004 01020304') }, DECODE_ERROR)],
    },
    {
      name: 'truncation: file TLV with short content is invalid',
      source: SOURCE,
      steps: [expectError('bitmesh.file.decode', { hex: hx('01 0001 61 02 0004 00000002 03 0001 6d 04 00000002 de') }, DECODE_ERROR)],
    },
    {
      name: 'truncation: 12-byte fragment payload is invalid',
      source: SOURCE,
      steps: [expectError('bitmesh.fragmentPayload.decode', { hex: hx('0001020304050607 0001 0003') }, DECODE_ERROR)],
    },
  ],
}
