/**
 * BitMesh's announce cases beyond the §10.1 vector: neighbours and iOS TLV order, 64-bit
 * capabilities, malformed TLV lists (`bitchat-wire.md` §2.2).
 * @module
 */
import { AdapterErrorCode } from '../protocol.js'
import { expectError, expectResult, hx, rep, utf8Hex } from './helpers.js'
import type { ConformanceSuite } from './types.js'

const SOURCE = 'BitMesh (bitchat-wire §2.2)'
const NOISE = rep('11', 32)
const SIGNING = rep('22', 32)
const N1 = '2122232425262728'
const N2 = '3132333435363738'

/** Announce cases. */
export const announceSuite: ConformanceSuite = {
  name: 'announce',
  description: 'announce TLV encode/decode: neighbours, capabilities, malformed lists',
  cases: [
    {
      name: 'encode: neighbours before capabilities (iOS order 01 02 03 04 05), caps 0x0329 → 29 03',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.encode',
          { nickname: 'alice', noisePublicKey: NOISE, signingPublicKey: SIGNING, neighbors: [N1, N2], capabilities: 0x0329 },
          { hex: hx(`01 05 ${utf8Hex('alice')} 02 20 ${NOISE} 03 20 ${SIGNING} 04 10 ${N1}${N2} 05 02 2903`) },
        ),
      ],
    },
    {
      name: 'encode: no neighbours and no capabilities → only 01 02 03',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.encode',
          { nickname: 'bob', noisePublicKey: NOISE, signingPublicKey: SIGNING },
          { hex: hx(`01 03 626f62 02 20 ${NOISE} 03 20 ${SIGNING}`) },
        ),
      ],
    },
    {
      name: 'encode: UTF-8 nickname',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.encode',
          { nickname: 'zoë🙂', noisePublicKey: NOISE, signingPublicKey: SIGNING },
          { hex: hx(`01 08 7a6fc3abf09f9982 02 20 ${NOISE} 03 20 ${SIGNING}`) },
        ),
      ],
    },
    {
      name: 'encode: 64-bit capabilities 0x0102030405060708 → 8 bytes little-endian',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.encode',
          { nickname: 'bob', noisePublicKey: NOISE, signingPublicKey: SIGNING, capabilities: 0x0102030405060708n },
          { hex: hx(`01 03 626f62 02 20 ${NOISE} 03 20 ${SIGNING} 05 08 0807060504030201`) },
        ),
      ],
    },
    {
      name: 'decode: order-independent, neighbours and capabilities',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.decode',
          { hex: hx(`05 02 2903 04 10 ${N1}${N2} 03 20 ${SIGNING} 02 20 ${NOISE} 01 05 ${utf8Hex('alice')}`) },
          { nickname: 'alice', noisePublicKey: NOISE, signingPublicKey: SIGNING, neighbors: [N1, N2], capabilities: 0x0329 },
        ),
      ],
    },
    {
      name: 'decode: 64-bit capabilities stay exact',
      source: SOURCE,
      steps: [
        expectResult(
          'announce.decode',
          { hex: hx(`01 03 626f62 02 20 ${NOISE} 03 20 ${SIGNING} 05 08 0807060504030201`) },
          { nickname: 'bob', capabilities: 0x0102030405060708n },
        ),
      ],
    },
    {
      name: 'decode error: a TLV length runs past the end',
      source: SOURCE,
      steps: [
        expectError(
          'announce.decode',
          { hex: hx(`01 03 626f62 02 20 ${NOISE} 03 21 ${SIGNING}`) },
          AdapterErrorCode.DECODE_ERROR,
        ),
      ],
    },
    {
      name: 'decode error: signing key missing',
      source: SOURCE,
      steps: [expectError('announce.decode', { hex: hx(`01 03 626f62 02 20 ${NOISE}`) }, AdapterErrorCode.DECODE_ERROR)],
    },
  ],
}
