/**
 * fast-check round trips: decode(encode(x)) == x for every payload codec, and re-encoding a
 * decoded value reproduces the bytes.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodePacket, encodePacket, MessageType, type BitchatPacket } from '../packet/index.js'
import * as A from './arbitraries.test-helpers.js'
import * as P from './index.js'

const RUNS = 300

function roundTrip<T>(name: string, arb: fc.Arbitrary<T>, encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => T, normalize: (v: T) => T = (v) => v): void {
  it(name, () => {
    fc.assert(
      fc.property(arb, (value) => {
        const bytes = encode(value)
        const back = decode(bytes)
        expect(back).toEqual(normalize(value))
        expect(encode(back)).toEqual(bytes)
      }),
      { numRuns: RUNS },
    )
  })
}

describe('payload round trips', () => {
  roundTrip('announce', A.announce, P.encodeAnnounce, P.decodeAnnounce)
  roundTrip('capabilities', A.u64, P.encodeCapabilities, P.decodeCapabilities)
  roundTrip('private message', A.privateMessage, P.encodePrivateMessage, P.decodePrivateMessage)
  roundTrip('authenticated peer state', A.peerState, P.encodeAuthenticatedPeerState, P.decodeAuthenticatedPeerState)
  roundTrip('verify response', A.verifyResponse, P.encodeVerifyResponse, P.decodeVerifyResponse)
  roundTrip(
    'verify challenge',
    A.verifyResponse.map(({ noiseKeyHex, nonceA }) => ({ noiseKeyHex, nonceA })),
    P.encodeVerifyChallenge,
    P.decodeVerifyChallenge,
  )
  roundTrip('fragment payload', A.fragment, P.encodeFragmentPayload, P.decodeFragmentPayload)
  roundTrip('REQUEST_SYNC', A.requestSync, P.encodeRequestSync, P.decodeRequestSync)
  roundTrip('file (Android style)', A.file, (f) => P.encodeFilePacket(f), (b) => P.decodeFilePacket(b))
  roundTrip(
    'file (iOS style, optional fields)',
    A.file.chain((f) =>
      fc
        .record({ fileName: fc.option(fc.constant(f.fileName), { nil: undefined }), mimeType: fc.option(fc.constant(f.mimeType), { nil: undefined }) })
        .map((o): P.FilePacket => ({ ...f, ...o })),
    ),
    (f) => P.encodeFilePacket(f, { omitAbsentFields: true }),
    (b) => P.decodeFilePacket(b),
    (f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as unknown as P.FilePacket,
  )
  roundTrip('voice burst', A.voice, P.encodeVoiceBurst, P.decodeVoiceBurst)
  roundTrip('courier envelope', A.courier, P.encodeCourierEnvelope, P.decodeCourierEnvelope)
  roundTrip('board payload', A.board, P.encodeBoardPayload, P.decodeBoardPayload)
  roundTrip('prekey bundle', A.prekeyBundle, P.encodePrekeyBundle, P.decodePrekeyBundle)
  roundTrip('group message', A.groupMessage, P.encodeGroupMessage, P.decodeGroupMessage)
  roundTrip('ping', A.ping, P.encodeMeshPing, P.decodeMeshPing)
  roundTrip('nostr carrier', A.nostrCarrier, P.encodeNostrCarrier, P.decodeNostrCarrier)
  roundTrip('announceV2', A.announceV2, P.encodeAnnounceV2, P.decodeAnnounceV2)

  it('Noise payload envelope', () => {
    const types = Object.values(P.NoisePayloadType)
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 300 }), (type, data) => {
        expect(P.decodeNoisePayload(P.encodeNoisePayload(type, data))).toEqual({ type, data })
      }),
      { numRuns: RUNS },
    )
  })

  it('favourite control messages', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.stringMatching(/^npub1[a-z0-9:]{1,60}$/), { nil: null }), (favorited, npub) => {
        expect(P.parseFavoriteControl(P.encodeFavoriteControl({ favorited, npub }))).toEqual({ favorited, npub })
      }),
      { numRuns: RUNS },
    )
  })

  it('sync type flags ↔ message types', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 11n) - 1n }), (flags) => {
        expect(P.messageTypesToSyncTypes(P.syncTypesToMessageTypes(flags))).toBe(flags)
      }),
    )
  })
})

describe('fragmentation round trips', () => {
  const packetArb: fc.Arbitrary<BitchatPacket> = fc
    .record({
      type: fc.constantFrom<number>(MessageType.MESSAGE, MessageType.NOISE_ENCRYPTED, MessageType.FILE_TRANSFER, 0x7e),
      ttl: fc.integer({ min: 0, max: 255 }),
      timestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      senderId: A.bytes(8),
      recipientId: fc.option(A.bytes(8), { nil: null }),
      route: fc.option(fc.array(A.bytes(8), { minLength: 1, maxLength: 4 }), { nil: null }),
      payload: fc.uint8Array({ maxLength: 6000 }),
      signature: fc.option(A.bytes(64), { nil: null }),
      isRsr: fc.boolean(),
    })
    .map((p) => ({ ...p, recipientId: p.route !== null ? (p.recipientId ?? new Uint8Array(8)) : p.recipientId, version: (p.route !== null || p.payload.length > 60_000 ? 2 : 1) as 1 | 2 }))

  it('reassembleFragments(splitIntoFragments(frame)) == decode(frame) with TTL 0, in any order', () => {
    fc.assert(
      fc.property(packetArb, fc.integer({ min: 64, max: 600 }), A.bytes(8), fc.nat(), (packet, chunkSize, fragmentId, seed) => {
        const frame = encodePacket(packet)
        const frames = P.splitIntoFragments(frame, { fragmentId, chunkSize, maxFragments: 10_000 })
        const expected = decodePacket(frame)
        expected.ttl = 0
        // Deterministic shuffle from the seed.
        const order = frames.map((f, i) => ({ f, k: (i * 2654435761 + seed) % 4294967296 })).sort((a, b) => a.k - b.k).map((x) => x.f)
        const whole = P.reassembleFragments(order)
        expect(whole).toEqual(expected)
        const r = new P.FragmentReassembler({ clock: { now: () => 0 } })
        const results = order.map((f) => r.accept(decodePacket(f)))
        const last = results[results.length - 1]!
        expect(last.status).toBe('complete')
        if (last.status === 'complete') expect(last.packet).toEqual(expected)
        expect(r.stats.bufferedBytes).toBe(0)
      }),
      { numRuns: 200 },
    )
  })
})
