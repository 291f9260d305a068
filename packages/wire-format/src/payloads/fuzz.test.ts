/**
 * Fuzz: every payload decoder, fed random bytes and mutated valid encodings (≥ 10 000 inputs
 * each), returns a value or throws a DecodeError — never another exception. The reassembler and
 * the inspector, which promise not to throw at all, are held to that.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBitMeshError } from '@bitmesh/interface'
import { MessageType, type BitchatPacket } from '../packet/index.js'
import * as A from './arbitraries.test-helpers.js'
import * as P from './index.js'

const INPUTS = 10_000

/** Random bytes, plus a valid encoding with byte edits and an optional cut. */
function inputs<T>(valid: fc.Arbitrary<T>, encode: (v: T) => Uint8Array, maxLength = 400): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(valid.map(encode), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([bytes, edits, cut]) => {
      const out = bytes.slice(0, cut === undefined ? bytes.length : cut % (bytes.length + 1))
      for (const [pos, val] of edits) if (out.length > 0) out[pos % out.length] = val
      return out
    })
  return fc.oneof(fc.uint8Array({ maxLength }), mutated)
}

function onlyDecodeErrors(decode: (b: Uint8Array) => unknown, arb: fc.Arbitrary<Uint8Array>): void {
  let accepted = 0
  let rejected = 0
  fc.assert(
    fc.property(arb, (bytes) => {
      try {
        decode(bytes)
        accepted++
      } catch (error) {
        if (!isBitMeshError(error) || error.code !== 'DECODE_ERROR') throw error
        rejected++
      }
    }),
    { numRuns: INPUTS },
  )
  expect(accepted + rejected).toBe(INPUTS)
}

const cases: Array<[string, (b: Uint8Array) => unknown, fc.Arbitrary<Uint8Array>]> = [
  ['decodeAnnounce', P.decodeAnnounce, inputs(A.announce, P.encodeAnnounce)],
  ['decodePrivateMessage', P.decodePrivateMessage, inputs(A.privateMessage, P.encodePrivateMessage)],
  ['decodeNoisePayload', (b) => P.decodeNoisePayload(b), fc.uint8Array({ maxLength: 64 })],
  ['decodeAuthenticatedPeerState', P.decodeAuthenticatedPeerState, inputs(A.peerState, P.encodeAuthenticatedPeerState)],
  ['decodeVerifyChallenge', P.decodeVerifyChallenge, inputs(A.verifyResponse, P.encodeVerifyChallenge)],
  ['decodeVerifyResponse', P.decodeVerifyResponse, inputs(A.verifyResponse, P.encodeVerifyResponse)],
  ['decodeFragmentPayload', P.decodeFragmentPayload, inputs(A.fragment, P.encodeFragmentPayload)],
  ['decodeRequestSync', P.decodeRequestSync, inputs(A.requestSync, P.encodeRequestSync, 1200)],
  ['decodeFilePacket', (b) => P.decodeFilePacket(b), inputs(A.file, (f) => P.encodeFilePacket(f))],
  ['decodeVoiceBurst', P.decodeVoiceBurst, inputs(A.voice, P.encodeVoiceBurst)],
  ['decodeCourierEnvelope', P.decodeCourierEnvelope, inputs(A.courier, P.encodeCourierEnvelope)],
  ['decodeBoardPayload', P.decodeBoardPayload, inputs(A.board, P.encodeBoardPayload)],
  ['decodePrekeyBundle', P.decodePrekeyBundle, inputs(A.prekeyBundle, P.encodePrekeyBundle)],
  ['decodeGroupMessage', P.decodeGroupMessage, inputs(A.groupMessage, P.encodeGroupMessage)],
  ['decodeMeshPing', P.decodeMeshPing, inputs(A.ping, P.encodeMeshPing)],
  ['decodeNostrCarrier', P.decodeNostrCarrier, inputs(A.nostrCarrier, P.encodeNostrCarrier)],
  ['decodeAnnounceV2', P.decodeAnnounceV2, inputs(A.announceV2, P.encodeAnnounceV2)],
  [
    'decodeGcsFilter (via a decoded REQUEST_SYNC)',
    (b) => P.decodeGcsFilter(P.decodeRequestSync(b)),
    inputs(A.requestSync, P.encodeRequestSync, 1200),
  ],
]

describe(`fuzz: ${INPUTS} inputs per decoder, only DecodeError escapes`, () => {
  it.each(cases)('%s', (_name, decode, arb) => onlyDecodeErrors(decode, arb))

  it('summarizePayload never throws, for any type and bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }), (type, bytes) => {
        const s = P.summarizePayload(type, bytes)
        expect(s.type).toBe(type)
        expect(s.ok || s.error !== undefined).toBe(true)
      }),
      { numRuns: INPUTS },
    )
  })

  it('FragmentReassembler.accept never throws and stays within its caps', () => {
    let now = 0
    const r = new P.FragmentReassembler({ clock: { now: () => now }, maxAssemblies: 16, maxAssemblyBytes: 2000, maxLargeAssemblyBytes: 3000, maxBufferedBytes: 8000 })
    const fragmentPayload = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc
        .record({
          id: fc.integer({ min: 0, max: 20 }),
          index: fc.integer({ min: 0, max: 5 }),
          total: fc.integer({ min: 1, max: 6 }),
          type: fc.constantFrom(0x02, 0x11, 0x22),
          data: fc.uint8Array({ maxLength: 700 }),
        })
        .map(({ id, index, total, type, data }) =>
          P.encodeFragmentPayload({ fragmentId: Uint8Array.of(id, 0, 0, 0, 0, 0, 0, 0), index: index % total, total, originalType: type, data }),
        ),
    )
    fc.assert(
      fc.property(fc.constantFrom(MessageType.FRAGMENT, MessageType.FRAGMENT, 0x02), A.bytes(8), fragmentPayload, fc.integer({ min: 0, max: 5000 }), (type, senderId, payload, dt) => {
        now += dt
        const packet: BitchatPacket = { version: 1, type, ttl: 3, timestamp: 0n, senderId, recipientId: null, route: null, payload, signature: null, isRsr: false }
        const result = r.accept(packet)
        expect(['complete', 'pending', 'duplicate', 'dropped']).toContain(result.status)
        const s = r.stats
        expect(s.activeAssemblies).toBeLessThanOrEqual(16)
        expect(s.bufferedBytes).toBeLessThanOrEqual(8000)
        expect(s.bufferedBytes).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: INPUTS },
    )
  })
})
