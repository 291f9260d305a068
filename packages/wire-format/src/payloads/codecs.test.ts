/**
 * Behaviour of each payload codec where the apps' rules are subtle: leniency, strictness,
 * canonical forms, caps, and the signing preimages.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { DecodeReason, isBitMeshError } from '@bitmesh/interface'
import * as P from './index.js'

function reason(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (isBitMeshError(error)) return (error as unknown as { reason?: string }).reason ?? error.code
    throw error
  }
  throw new Error('expected a BitMesh error')
}

const KEY1 = '11'.repeat(32)
const KEY2 = '22'.repeat(32)
const baseAnnounce = `0103626f620220${KEY1}0320${KEY2}`

describe('announce', () => {
  it('is order-independent, last duplicate wins, ignores one trailing byte', () => {
    const a = P.decodeAnnounce(hex(`0320${KEY2}0102786f0220${KEY1}0103626f62ff`))
    expect(a.nickname).toBe('bob')
    expect(toHex(a.signingPublicKey)).toBe(KEY2)
  })
  it('parses neighbours, ignores a non-multiple-of-8 list, reads caps leniently', () => {
    const a = P.decodeAnnounce(hex(`${baseAnnounce}0410${'aa'.repeat(8)}${'bb'.repeat(8)}050a0100000000000000ffff`))
    expect(a.directNeighbors?.map((n) => toHex(n))).toEqual(['aa'.repeat(8), 'bb'.repeat(8)])
    expect(a.capabilities).toBe(1n) // only the low 8 bytes count
    expect(P.decodeAnnounce(hex(`${baseAnnounce}0409${'aa'.repeat(9)}`)).directNeighbors).toBeUndefined()
    expect(P.decodeAnnounce(hex(`${baseAnnounce}0500`)).capabilities).toBe(0n)
  })
  it('drops an over-long or non-UTF-8 bridge geohash, keeps a valid one', () => {
    expect(P.decodeAnnounce(hex(`${baseAnnounce}060d${'61'.repeat(13)}`)).bridgeGeohash).toBeUndefined()
    expect(P.decodeAnnounce(hex(`${baseAnnounce}0601ff`)).bridgeGeohash).toBeUndefined()
    expect(P.decodeAnnounce(hex(`${baseAnnounce}06027530`)).bridgeGeohash).toBe('u0')
  })
  it('rejects missing fields, wrong key sizes, bad UTF-8 nicknames', () => {
    expect(reason(() => P.decodeAnnounce(hex(`0220${KEY1}0320${KEY2}`)))).toBe(DecodeReason.BAD_TLV)
    expect(reason(() => P.decodeAnnounce(hex(`0103626f62021f${'11'.repeat(31)}0320${KEY2}`)))).toBe(DecodeReason.BAD_LENGTH)
    expect(reason(() => P.decodeAnnounce(hex(`0101ff0220${KEY1}0320${KEY2}`)))).toBe(DecodeReason.BAD_UTF8)
  })
  it('emits in iOS order with neighbours, caps, geohash, then unknown TLVs', () => {
    const bytes = P.encodeAnnounce({
      nickname: 'bob',
      noisePublicKey: hex(KEY1),
      signingPublicKey: hex(KEY2),
      directNeighbors: [hex('aa'.repeat(8))],
      capabilities: P.IOS_DEFAULT_CAPABILITIES,
      bridgeGeohash: 'u0',
      unknownTlvs: [{ type: 0x7f, value: hex('01') }, { type: 0x10, value: new Uint8Array(0) }],
    })
    expect(toHex(bytes)).toBe(`${baseAnnounce}0408${'aa'.repeat(8)}05022903060275307f01011000`)
  })
  it('refuses what the wire cannot carry', () => {
    const keys = { noisePublicKey: hex(KEY1), signingPublicKey: hex(KEY2) }
    expect(() => P.encodeAnnounce({ ...keys, nickname: 'x'.repeat(256) })).toThrow(/255/)
    expect(() => P.encodeAnnounce({ ...keys, nickname: 'a', directNeighbors: Array.from({ length: 11 }, () => new Uint8Array(8)) })).toThrow(/at most 10/)
    expect(() => P.encodeAnnounce({ ...keys, nickname: 'a', noisePublicKey: new Uint8Array(31) })).toThrow(TypeError)
    expect(() => P.encodeAnnounce({ ...keys, nickname: 'a', unknownTlvs: [{ type: 0x05, value: new Uint8Array(1) }] })).toThrow(RangeError)
  })
})

describe('capabilities', () => {
  it('minimal little-endian, ≥ 1 byte (iOS PeerCapabilitiesTests values)', () => {
    expect(toHex(P.encodeCapabilities(0n))).toBe('00')
    expect(toHex(P.encodeCapabilities(P.PeerCapability.MESH_DIAGNOSTICS))).toBe('40')
    expect(toHex(P.encodeCapabilities(P.PeerCapability.PRIVATE_MEDIA))).toBe('0001')
    expect(toHex(P.encodeCapabilities(0xffff_ffff_ffff_ffffn))).toBe('ff'.repeat(8))
    expect(P.decodeCapabilities(hex('ffff'))).toBe(0xffffn)
    expect(P.hasCapability(P.IOS_DEFAULT_CAPABILITIES, P.PeerCapability.PRIVATE_MEDIA | P.PeerCapability.VOUCH)).toBe(true)
    expect(P.hasCapability(P.ANDROID_DEFAULT_CAPABILITIES, P.PeerCapability.PREKEYS)).toBe(false)
    expect(() => P.encodeCapabilities(1n << 64n)).toThrow(RangeError)
  })
  it('canonical check', () => {
    expect(P.isCanonicalCapabilities(hex('00'))).toBe(true)
    expect(P.isCanonicalCapabilities(hex('0100'))).toBe(false)
    expect(P.isCanonicalCapabilities(new Uint8Array(0))).toBe(false)
    expect(P.isCanonicalCapabilities(hex('010000000000000001'))).toBe(false)
  })
})

describe('private message and Noise payloads', () => {
  it('rejects unknown TLVs, bad UTF-8, over-long fields', () => {
    expect(reason(() => P.decodePrivateMessage(hex('00016101016202016363')))).toBe(DecodeReason.BAD_TLV)
    expect(reason(() => P.decodePrivateMessage(hex('0001ff010162')))).toBe(DecodeReason.BAD_UTF8)
    expect(() => P.encodePrivateMessage({ messageId: 'a', content: 'é'.repeat(128) })).toThrow(/256 UTF-8 bytes/)
    expect(P.encodePrivateMessage({ messageId: 'a', content: 'x'.repeat(255) })).toHaveLength(4 + 1 + 255)
  })
  it('drops unknown inner types, accepts registered extensions, refuses to emit 0x09', () => {
    expect(P.decodeNoisePayload(hex('04aa'))).toBeNull()
    expect(P.decodeNoisePayload(hex('c0aa'), { extraTypes: new Set([0xc0]) })).toEqual({ type: 0xc0, data: hex('aa') })
    expect(P.decodeNoisePayload(hex('21'))).toEqual({ type: 0x21, data: new Uint8Array(0) })
    expect(reason(() => P.decodeNoisePayload(new Uint8Array(0)))).toBe(DecodeReason.TRUNCATED)
    expect(() => P.encodeNoisePayload(0x09, new Uint8Array(0))).toThrow(RangeError)
    expect(P.isKnownNoisePayloadType(0x09)).toBe(true)
    expect(P.isKnownNoisePayloadType(0x04)).toBe(false)
    expect(toHex(P.encodeReceiptPayload('delivered', 'ID1'))).toBe('03494431')
    expect(toHex(P.encodeReceiptPayload('read', 'ID1'))).toBe('02494431')
  })
})

describe('authenticated peer state (strict)', () => {
  const key = '33'.repeat(32)
  it('encodes 01 01 len caps 02 20 key and decodes in any order, skipping unknown TLVs', () => {
    const bytes = P.encodeAuthenticatedPeerState({ capabilities: 0x100n, signingPublicKey: hex(key) })
    expect(toHex(bytes)).toBe(`010102000102 20${key}`.replace(' ', ''))
    const s = P.decodeAuthenticatedPeerState(hex(`010220${key}7f0100010129`))
    expect(s.capabilities).toBe(0x29n)
  })
  it.each([
    ['other version', `020101290220${key}`, DecodeReason.BAD_VERSION],
    ['duplicate caps', `0101012901012a0220${key}`, DecodeReason.BAD_TLV],
    ['non-minimal caps', `010102290002 20${key}`.replace(' ', ''), DecodeReason.BAD_TLV],
    ['empty caps', `0101000220${key}`, DecodeReason.BAD_TLV],
    ['short key', `01010129021f${'33'.repeat(31)}`, DecodeReason.BAD_LENGTH],
    ['duplicate key', `010101290220${key}0220${key}`, DecodeReason.BAD_TLV],
    ['missing key', '01010129', DecodeReason.BAD_TLV],
    ['partial trailing header', `010101290220${key}7f`, DecodeReason.TRUNCATED],
    ['empty', '', DecodeReason.TRUNCATED],
  ])('rejects %s', (_name, bytes, why) => expect(reason(() => P.decodeAuthenticatedPeerState(hex(bytes))).valueOf()).toBe(why))
})

describe('verification (§2.5.4)', () => {
  it('challenge/response TLVs in fixed order; trailing bytes ignored', () => {
    const c = { noiseKeyHex: 'ab', nonceA: hex('0102') }
    expect(toHex(P.encodeVerifyChallenge(c))).toBe('0102616202020102')
    expect(P.decodeVerifyChallenge(hex('0102616202020102ffff'))).toEqual(c)
    const r = { ...c, signature: hex('99'.repeat(64)) }
    expect(P.decodeVerifyResponse(P.encodeVerifyResponse(r))).toEqual(r)
    expect(reason(() => P.decodeVerifyChallenge(hex('020201020102')))).toBe(DecodeReason.BAD_TLV)
    expect(reason(() => P.decodeVerifyResponse(hex('0102616202020102')))).toBe(DecodeReason.TRUNCATED)
  })
  it('response preimage: context ‖ u8 len ‖ key hex ‖ nonce', () => {
    const pre = P.buildVerifyResponsePreimage('abcd', hex('0102'))
    expect(toHex(pre)).toBe(toHex(new TextEncoder().encode('bitchat-verify-resp-v1')) + '04' + '61626364' + '0102')
  })
  it('QR preimage: every field u8-length-prefixed, keys lowercased, missing npub empty', () => {
    const pre = P.buildVerifyQrPreimage({ v: 1, noiseKeyHex: 'AB', signKeyHex: 'Cd', nickname: 'n', ts: 1700000000, nonceB64: 'x_' })
    const enc = (s: string): string => toHex(Uint8Array.of(s.length)) + toHex(new TextEncoder().encode(s))
    expect(toHex(pre)).toBe(['bitchat-verify-v1', '1', 'ab', 'cd', '', 'n', '1700000000', 'x_'].map(enc).join(''))
  })
})

describe('favourite control messages (§2.5.3)', () => {
  it('builds and parses both apps’ forms', () => {
    expect(P.encodeFavoriteControl({ favorited: true, npub: 'npub1xyz' })).toBe('[FAVORITED]:npub1xyz')
    expect(P.encodeFavoriteControl({ favorited: false, npub: null })).toBe('[UNFAVORITED]')
    expect(P.parseFavoriteControl('  [FAVORITED]:npub1abc ')).toEqual({ favorited: true, npub: 'npub1abc' })
    expect(P.parseFavoriteControl('[UNFAVORITED]:')).toEqual({ favorited: false, npub: null })
    expect(P.parseFavoriteControl('[UNFAVORITED]')).toEqual({ favorited: false, npub: null })
    expect(P.parseFavoriteControl('hello [FAVORITED]')).toBeNull()
  })
})

describe('REQUEST_SYNC (§2.7)', () => {
  const base = '0100011302000401020304030002aabb'
  it('encodes the iOS extension TLVs and decodes them', () => {
    const req = {
      p: 7,
      m: 1000,
      data: hex('ff'),
      types: P.SyncTypeFlags.FRAGMENT | P.SyncTypeFlags.GROUP_MESSAGE,
      sinceTimestamp: 0x0102030405060708n,
      fragmentIds: [hex('0011223344556677'), hex('8899aabbccddeeff')],
    }
    const bytes = P.encodeRequestSync(req)
    expect(toHex(bytes)).toBe(
      '01000107' + '020004000003e8' + '030001ff' + '0400022004' + '0500080102030405060708' +
        '060021' + toHex(new TextEncoder().encode('0011223344556677,8899aabbccddeeff')),
    )
    const back = P.decodeRequestSync(bytes)
    expect(back.types).toBe(req.types)
    expect(P.syncTypesToMessageTypes(back.types!)).toEqual([0x20, 0x25])
    expect(back.fragmentIds?.map((i) => toHex(i))).toEqual(['0011223344556677', '8899aabbccddeeff'])
  })
  it('ignores wrong-length optional TLVs, trailing partial headers, bad filter tokens', () => {
    // types of 0 and 9 bytes, since of 2 bytes: all ignored; then a 2-byte trailing partial header.
    const r = P.decodeRequestSync(hex(`${base}040000040009${'ff'.repeat(9)}050002aaaa0000`))
    expect(r.types).toBeUndefined()
    expect(r.sinceTimestamp).toBeUndefined()
    expect(r.p).toBe(19)
    const filter = new TextEncoder().encode(',0011223344556677,XYZ,0011223344556677,AABBCCDDEEFF0011,')
    const r2 = P.decodeRequestSync(new Uint8Array([...hex(base), 0x06, 0, filter.length, ...filter, 0x01, 0x00]))
    expect(r2.fragmentIds?.map((i) => toHex(i))).toEqual(['0011223344556677', 'aabbccddeeff0011'])
  })
  it('applies the last duplicate and rejects P outside 1…32, M = 0, oversize data', () => {
    expect(P.decodeRequestSync(hex(`${base}01000114`)).p).toBe(20)
    expect(reason(() => P.decodeRequestSync(hex('010001000200040000000103000100')))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeRequestSync(hex('010001210200040000000103000100')))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeRequestSync(hex('010001070200040000000003000100')))).toBe(DecodeReason.BAD_VALUE)
    const big = new Uint8Array(3 + 1025)
    big.set([0x03, 0x04, 0x01])
    expect(reason(() => P.decodeRequestSync(big))).toBe(DecodeReason.BAD_LENGTH)
    expect(reason(() => P.decodeRequestSync(hex('0100020707')))).toBe(DecodeReason.BAD_TLV) // P of 2 bytes is ignored
  })
  it('refuses to encode what receivers reject', () => {
    expect(() => P.encodeRequestSync({ p: 0, m: 1, data: new Uint8Array(0) })).toThrow(RangeError)
    expect(() => P.encodeRequestSync({ p: 7, m: 1, data: new Uint8Array(1025) })).toThrow(/1024/)
    expect(() => P.encodeRequestSync({ p: 7, m: 1, data: new Uint8Array(0), fragmentIds: Array.from({ length: 61 }, () => new Uint8Array(8)) })).toThrow(/60/)
    expect(toHex(P.encodeRequestSync({ p: 7, m: 1, data: new Uint8Array(0), types: 0n }))).toBe('0100010702000400000001030000')
  })
  it('sync type helpers', () => {
    expect(P.messageTypesToSyncTypes([0x01, 0x02, 0x29, 0x26])).toBe(P.DEFAULT_SYNC_TYPES)
    expect(P.syncTypesInclude(undefined, 0x02)).toBe(true)
    expect(P.syncTypesInclude(undefined, 0x20)).toBe(false)
    expect(P.syncTypesInclude(P.SyncTypeFlags.PREKEY_BUNDLE, 0x24)).toBe(true)
    expect(P.syncTypesToMessageTypes(0xf800n)).toEqual([]) // iOS "phantom" bits
  })
})

describe('file TLV (§2.8)', () => {
  it('defaults like Android when encoding; iOS style omits absent fields', () => {
    expect(toHex(P.encodeFilePacket({ fileName: 'a', content: hex('01') }))).toBe(
      '0100016102000400000001030018' + toHex(new TextEncoder().encode('application/octet-stream')) + '040000000101',
    )
    expect(toHex(P.encodeFilePacket({ content: hex('01') }, { omitAbsentFields: true }))).toBe('02000400000001040000000101')
    expect(() => P.encodeFilePacket({ content: hex('01') })).toThrow(/fileName/)
    expect(() => P.encodeFilePacket({ fileName: 'a', content: new Uint8Array(0) })).toThrow(/empty/)
  })
  it('decodes leniently: no name, 8-byte size, legacy 2-byte content, several CONTENT TLVs, unknown tags', () => {
    const f = P.decodeFilePacket(hex('020008000000000000010004000000020102' + '7f0001ee' + '040003aabbcc'))
    expect(f.fileName).toBeUndefined()
    expect(f.fileSize).toBe(256)
    expect(toHex(f.content)).toBe('0102aabbcc')
    // 4-byte length 0x00030000 overruns → legacy 2-byte length 3.
    expect(toHex(P.decodeFilePacket(hex('040003aabbcc')).content)).toBe('aabbcc')
    expect(P.decodeFilePacket(hex('020003010203040000000101')).fileSize).toBe(1) // size of width 3 ignored
    expect(P.decodeFilePacket(hex('0100' + '01ff' + '040000000101')).fileName).toBeUndefined() // non-UTF-8 name dropped
  })
  it('rejects no content, partial headers, caps', () => {
    expect(reason(() => P.decodeFilePacket(hex('01000161')))).toBe(DecodeReason.BAD_TLV)
    expect(reason(() => P.decodeFilePacket(hex('04000000010101')))).toBe(DecodeReason.TRUNCATED)
    expect(reason(() => P.decodeFilePacket(hex('04000000')))).toBe(DecodeReason.TRUNCATED)
    expect(reason(() => P.decodeFilePacket(hex('0400000004aabbccdd'), { maxContentBytes: 3 }))).toBe(DecodeReason.BAD_LENGTH)
    expect(reason(() => P.decodeFilePacket(hex('02000400000010040000000101'), { maxContentBytes: 8 }))).toBe(DecodeReason.BAD_VALUE)
  })
})

describe('voice burst (§2.9)', () => {
  const id = '0102030405060708'
  it('encodes each kind', () => {
    expect(toHex(P.encodeVoiceBurst({ burstId: hex(id), seq: 0, body: { kind: 'start', codec: 1 } }))).toBe(`${id}00000101`)
    expect(toHex(P.encodeVoiceBurst({ burstId: hex(id), seq: 2, body: { kind: 'frames', frames: [hex('dead'), hex('aa')] } }))).toBe(`${id}0002000002dead0001aa`)
    expect(toHex(P.encodeVoiceBurst({ burstId: hex(id), seq: 9, body: { kind: 'end', totalDataPackets: 8, durationMs: 1500 } }))).toBe(`${id}000902000800 0005dc`.replace(' ', ''))
    expect(toHex(P.encodeVoiceBurst({ burstId: hex(id), seq: 3, body: { kind: 'canceled' } }))).toBe(`${id}000304`)
  })
  it('applies the apps’ decode rules', () => {
    expect(P.decodeVoiceBurst(hex(`${id}00000101ffff`)).body).toEqual({ kind: 'start', codec: 1 })
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}0000017f`)))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}000100`)))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}0001000000`)))).toBe(DecodeReason.BAD_LENGTH)
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}00010000`)))).toBe(DecodeReason.TRUNCATED)
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}000108`)))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeVoiceBurst(hex(`${id}000102000800`)))).toBe(DecodeReason.TRUNCATED)
    const nine = `${id}000100` + '000101'.repeat(9)
    expect(reason(() => P.decodeVoiceBurst(hex(nine)))).toBe(DecodeReason.BAD_VALUE)
    expect(P.decodeVoiceBurst(hex(`${id}000100` + '000101'.repeat(8))).body).toMatchObject({ kind: 'frames' })
  })
})

describe('iOS-only types (§2.10)', () => {
  it('courier envelope: copies omitted when 1, clamped on decode, unknown TLVs skipped', () => {
    const env = { recipientTag: new Uint8Array(16).fill(0xab), expiry: 1000n, ciphertext: hex('42'), copies: 1 }
    const bytes = P.encodeCourierEnvelope(env)
    expect(toHex(bytes)).toBe(`010010${'ab'.repeat(16)}020008${'00'.repeat(6)}03e803000142`)
    expect(P.decodeCourierEnvelope(new Uint8Array([...bytes, 0x7f, 0, 2, 0xde, 0xad]))).toEqual(env)
    expect(P.decodeCourierEnvelope(new Uint8Array([...bytes, 0x04, 0, 1, 20])).copies).toBe(8)
    expect(P.decodeCourierEnvelope(new Uint8Array([...bytes, 0x05, 0, 4, 0, 0, 1, 0])).prekeyId).toBe(256)
    expect(reason(() => P.decodeCourierEnvelope(new Uint8Array([...bytes, 0x7f])))).toBe(DecodeReason.TRUNCATED)
  })
  it('courier recipient tag = HMAC-SHA256(noise key, context ‖ u32 day)[0..16] (checked with node:crypto)', () => {
    const key = new Uint8Array(32).fill(0x11)
    const day = P.courierEpochDay(1_700_000_000_000)
    expect(day).toBe(19675)
    const msg = Buffer.concat([Buffer.from('bitchat-courier-tag-v1'), Buffer.from([0, 0, 0x4c, 0xdb])])
    const expected = createHmac('sha256', key).update(msg).digest().subarray(0, 16)
    expect(toHex(P.courierRecipientTag(key, day))).toBe(toHex(expected))
  })
  it('board post and tombstone round-trip; iOS validity rules apply', () => {
    const post: P.BoardPost = {
      kind: 'post',
      postId: new Uint8Array(16).fill(1),
      geohash: 'u4pruyd',
      content: 'hello board',
      authorSigningKey: new Uint8Array(32).fill(2),
      authorNickname: 'al',
      createdAt: 1000n,
      expiresAt: 2000n,
      flags: P.BOARD_FLAG_URGENT,
      signature: new Uint8Array(64).fill(3),
    }
    expect(P.decodeBoardPayload(P.encodeBoardPayload(post))).toEqual(post)
    const tomb: P.BoardTombstone = { kind: 'tombstone', postId: post.postId, authorSigningKey: post.authorSigningKey, deletedAt: 5n, signature: post.signature }
    expect(P.decodeBoardPayload(P.encodeBoardPayload(tomb))).toEqual(tomb)
    expect(reason(() => P.decodeBoardPayload(P.encodeBoardPayload({ ...post, geohash: 'aaaa' })))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeBoardPayload(P.encodeBoardPayload({ ...post, expiresAt: 1000n + P.MAX_BOARD_LIFETIME_MS + 1n })))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeBoardPayload(P.encodeBoardPayload({ ...post, content: '' })))).toBe(DecodeReason.BAD_VALUE)
    const pre = P.boardTombstoneSigningBytes(post.postId, 5n)
    expect(toHex(pre)).toBe('14' + toHex(new TextEncoder().encode('bitchat-board-del-v1')) + '01'.repeat(16) + '0000000000000005')
    const postPre = P.boardPostSigningBytes(post)
    expect(toHex(postPre)).toBe(
      '10' + toHex(new TextEncoder().encode('bitchat-board-v1')) + '01'.repeat(16) + '0007' + toHex(new TextEncoder().encode('u4pruyd')) +
        '000b' + toHex(new TextEncoder().encode('hello board')) + '02'.repeat(32) + '0002616c' + '00000000000003e8' + '00000000000007d0' + '01',
    )
  })
  it('prekey bundle: entries, distinct IDs, signing bytes', () => {
    const bundle: P.PrekeyBundle = {
      noiseStaticPublicKey: new Uint8Array(32).fill(9),
      prekeys: [{ id: 1, publicKey: new Uint8Array(32).fill(4) }, { id: 2, publicKey: new Uint8Array(32).fill(5) }],
      generatedAt: 77n,
      signature: new Uint8Array(64).fill(6),
    }
    expect(P.decodePrekeyBundle(P.encodePrekeyBundle(bundle))).toEqual(bundle)
    const dup = P.encodePrekeyBundle(bundle)
    dup[3 + 32 + 3 + 36 + 3] = 1 // second entry's id → 1
    expect(reason(() => P.decodePrekeyBundle(dup))).toBe(DecodeReason.BAD_VALUE)
    const pre = P.prekeyBundleSigningBytes(bundle)
    expect(toHex(pre)).toBe(
      '18' + toHex(new TextEncoder().encode('bitchat-prekey-bundle-v1')) + '09'.repeat(32) + '02' + '00000001' + '04'.repeat(32) + '00000002' + '05'.repeat(32) + '000000000000004d',
    )
  })
  it('group message: wrong-size fields ignored, all four required', () => {
    const g = { groupId: new Uint8Array(16).fill(1), epoch: 3, nonce: new Uint8Array(12).fill(2), ciphertext: hex('abcdef') }
    const bytes = P.encodeGroupMessage(g)
    expect(P.decodeGroupMessage(bytes)).toEqual(g)
    expect(reason(() => P.decodeGroupMessage(new Uint8Array([...bytes, 0x02, 0, 1, 9])))).toBe(DecodeReason.BAD_TLV) // epoch unset
    expect(P.decodeGroupMessage(new Uint8Array([...bytes, 0x03, 0, 1, 9]))).toEqual(g) // short nonce ignored
  })
  it('ping/pong', () => {
    const ping = { nonce: hex('01020304aabbccff'), originTtl: 7 }
    expect(toHex(P.encodeMeshPing(ping))).toBe('01020304aabbccff07')
    expect(P.decodeMeshPing(hex('01020304aabbccff07dead'))).toEqual(ping)
    expect(reason(() => P.decodeMeshPing(hex('0101010101010101')))).toBe(DecodeReason.TRUNCATED)
    expect(P.meshPingHopCount(7, 5)).toBe(3)
    expect(P.meshPingHopCount(3, 5)).toBeNull()
  })
  it('nostr carrier', () => {
    const c = { direction: P.NostrCarrierDirection.FROM_BRIDGE, geohash: 'u4pr', eventJson: new TextEncoder().encode('{"kind":20000}') }
    const bytes = P.encodeNostrCarrier(c)
    expect(P.decodeNostrCarrier(bytes)).toEqual(c)
    expect(reason(() => P.decodeNostrCarrier(new Uint8Array([...bytes, 0])))).toBe(DecodeReason.TRUNCATED)
    expect(reason(() => P.decodeNostrCarrier(hex('010001050200017503000178')))).toBe(DecodeReason.BAD_VALUE)
    expect(reason(() => P.decodeNostrCarrier(hex('0100010102000003000178')))).toBe(DecodeReason.BAD_LENGTH)
  })
  it('announceV2', () => {
    const a = { epoch: 42, tagBlock: new Uint8Array(64).fill(7), capabilities: 0x100n, bridgeGeohash: 'u0' }
    const bytes = P.encodeAnnounceV2(a)
    expect(toHex(bytes)).toBe('01040000002a0240' + '07'.repeat(64) + '0302000104027530')
    expect(P.decodeAnnounceV2(bytes)).toEqual(a)
    expect(reason(() => P.decodeAnnounceV2(new Uint8Array([...bytes, 0x03, 2, 1, 0])))).toBe(DecodeReason.BAD_TLV)
  })
})
