/**
 * fast-check arbitraries for the payload codecs, shared by the round-trip and fuzz suites.
 * (Not a test file itself: vitest only collects `*.test.ts`.)
 */
import fc from 'fast-check'
import type * as P from './index.js'

const enc = new TextEncoder()
const utf8Len = (s: string): number => enc.encode(s).length

/** Bytes of an exact length. */
export const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n })
/** A string of at most `max` UTF-8 bytes (lone surrogates excluded: they do not round-trip). */
export const text = (max: number, min = 0): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', maxLength: max }).filter((s) => utf8Len(s) <= max && utf8Len(s) >= min)
/** Any u64 as a bigint. */
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })
const geohash = fc.stringMatching(/^[0-9bcdefghjkmnpqrstuvwxyz]{1,12}$/)

export const announce: fc.Arbitrary<P.AnnouncePayload> = fc.record(
  {
    nickname: text(255),
    noisePublicKey: bytes(32),
    signingPublicKey: bytes(32),
    directNeighbors: fc.array(bytes(8), { minLength: 1, maxLength: 10 }),
    capabilities: u64,
    bridgeGeohash: geohash,
    unknownTlvs: fc.array(fc.record({ type: fc.integer({ min: 7, max: 255 }), value: fc.uint8Array({ maxLength: 40 }) }), { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['nickname', 'noisePublicKey', 'signingPublicKey'] },
)

export const privateMessage: fc.Arbitrary<P.PrivateMessage> = fc.record({ messageId: text(255), content: text(255) })

export const peerState: fc.Arbitrary<P.AuthenticatedPeerState> = fc.record({ capabilities: u64, signingPublicKey: bytes(32) })

export const verifyResponse: fc.Arbitrary<P.VerifyResponse> = fc.record({
  noiseKeyHex: text(255),
  nonceA: fc.uint8Array({ maxLength: 255 }),
  signature: fc.uint8Array({ maxLength: 255 }),
})

export const fragment: fc.Arbitrary<P.FragmentPayload> = fc
  .record({
    fragmentId: bytes(8),
    total: fc.integer({ min: 1, max: 10_000 }),
    index: fc.nat(),
    originalType: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 600 }),
  })
  .map((f) => ({ ...f, index: f.index % f.total }))

const distinctIds = fc.uniqueArray(bytes(8), { minLength: 1, maxLength: 60, selector: (b) => Array.from(b).join(',') })
export const requestSync: fc.Arbitrary<P.RequestSyncPayload> = fc.record(
  {
    p: fc.integer({ min: 1, max: 32 }),
    m: fc.integer({ min: 1, max: 0xffff_ffff }),
    data: fc.uint8Array({ maxLength: 1024 }),
    types: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    sinceTimestamp: u64,
    fragmentIds: distinctIds,
  },
  { requiredKeys: ['p', 'm', 'data'] },
)

export const file: fc.Arbitrary<P.FilePacket> = fc.record({
  fileName: text(100),
  fileSize: fc.integer({ min: 0, max: 1_000_000 }),
  mimeType: text(60),
  content: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
})

export const voice: fc.Arbitrary<P.VoiceBurstPacket> = fc.record({
  burstId: bytes(8),
  seq: fc.integer({ min: 0, max: 0xffff }),
  body: fc.oneof(
    fc.constant<P.VoiceBody>({ kind: 'start', codec: 1 }),
    fc.record({ kind: fc.constant('frames' as const), frames: fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('end' as const), totalDataPackets: fc.integer({ min: 0, max: 0xffff }), durationMs: fc.integer({ min: 0, max: 0xffff_ffff }) }),
    fc.constant<P.VoiceBody>({ kind: 'canceled' }),
  ),
})

export const courier: fc.Arbitrary<P.CourierEnvelope> = fc.record(
  {
    recipientTag: bytes(16),
    expiry: u64,
    ciphertext: fc.uint8Array({ minLength: 1, maxLength: 2000 }),
    copies: fc.integer({ min: 1, max: 8 }),
    prekeyId: fc.integer({ min: 0, max: 0xffff_ffff }),
  },
  { requiredKeys: ['recipientTag', 'expiry', 'ciphertext', 'copies'] },
)

export const board: fc.Arbitrary<P.BoardPayload> = fc.oneof(
  fc
    .record({
      postId: bytes(16),
      geohash: fc.oneof(fc.constant(''), geohash),
      content: text(512, 1),
      authorSigningKey: bytes(32),
      authorNickname: text(64),
      createdAt: fc.bigInt({ min: 0n, max: 1n << 62n }),
      lifetime: fc.bigInt({ min: 1n, max: 7n * 86_400_000n }),
      flags: fc.integer({ min: 0, max: 255 }),
      signature: bytes(64),
    })
    .map(({ lifetime, ...p }): P.BoardPost => ({ kind: 'post', ...p, expiresAt: p.createdAt + lifetime })),
  fc.record({ kind: fc.constant('tombstone' as const), postId: bytes(16), authorSigningKey: bytes(32), deletedAt: u64, signature: bytes(64) }),
)

export const prekeyBundle: fc.Arbitrary<P.PrekeyBundle> = fc.record({
  noiseStaticPublicKey: bytes(32),
  prekeys: fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 0xffff_ffff }), publicKey: bytes(32) }), { minLength: 1, maxLength: 8, selector: (k) => k.id }),
  generatedAt: u64,
  signature: bytes(64),
})

export const groupMessage: fc.Arbitrary<P.GroupMessageEnvelope> = fc.record({
  groupId: bytes(16),
  epoch: fc.integer({ min: 0, max: 0xffff_ffff }),
  nonce: bytes(12),
  ciphertext: fc.uint8Array({ minLength: 1, maxLength: 2000 }),
})

export const ping: fc.Arbitrary<P.MeshPing> = fc.record({ nonce: bytes(8), originTtl: fc.integer({ min: 0, max: 255 }) })

export const nostrCarrier: fc.Arbitrary<P.NostrCarrier> = fc.record({
  direction: fc.integer({ min: 1, max: 4 }),
  geohash,
  eventJson: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
})

export const announceV2: fc.Arbitrary<P.AnnounceV2Payload> = fc.record(
  { epoch: fc.integer({ min: 0, max: 0xffff_ffff }), tagBlock: bytes(64), capabilities: u64, bridgeGeohash: geohash },
  { requiredKeys: ['epoch', 'tagBlock'] },
)
