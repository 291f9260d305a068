/** The inspector summary: identifies every outer type and reports decode failures as data. */
import { describe, expect, it } from 'vitest'
import { hex } from '@bitmesh-internal/test-vectors'
import { MessageType } from '../packet/index.js'
import * as P from './index.js'

describe('summarizePayload', () => {
  it('summarises an announce with capability names and unknown TLVs', () => {
    const payload = hex('0103626f620220' + '11'.repeat(32) + '0320' + '22'.repeat(32) + '050200017f02cafe')
    const s = P.summarizePayload(MessageType.ANNOUNCE, payload)
    expect(s).toMatchObject({ type: 1, name: 'ANNOUNCE', known: true, iosOnly: false, ok: true })
    expect(s.fields).toMatchObject({ nickname: 'bob', capabilities: { value: '0x100', names: ['PRIVATE_MEDIA'] }, unknownTlvs: [{ type: 0x7f, value: 'cafe' }] })
  })

  it('identifies the iOS-only types', () => {
    const ping = P.summarizePayload(MessageType.PONG, hex('0102030405060708' + '05'))
    expect(ping).toMatchObject({ name: 'PONG', iosOnly: true, ok: true, fields: { nonce: '0102030405060708', originTtl: 5 } })
    const v2 = P.summarizePayload(MessageType.ANNOUNCE_V2, P.encodeAnnounceV2({ epoch: 9, tagBlock: new Uint8Array(64) }))
    expect(v2).toMatchObject({ name: 'ANNOUNCE_V2', iosOnly: true, ok: true, fields: { epoch: 9, capabilities: null } })
    const carrier = P.summarizePayload(
      MessageType.NOSTR_CARRIER,
      P.encodeNostrCarrier({ direction: 2, geohash: 'u4', eventJson: new TextEncoder().encode('{"k":1}') }),
    )
    expect(carrier.fields).toEqual({ direction: 2, geohash: 'u4', eventJson: '{"k":1}' })
  })

  it('summarises sync requests, fragments, files, voice and Noise packets', () => {
    const ids = [hex('00'.repeat(16)), hex('01'.repeat(16))]
    const gcs = P.buildGcsFilter(ids)
    const sync = P.summarizePayload(MessageType.REQUEST_SYNC, P.encodeRequestSync({ ...gcs, types: P.SyncTypeFlags.FRAGMENT }))
    expect(sync.fields).toMatchObject({ p: 7, m: 256, items: 2, types: ['FRAGMENT'], sinceTimestamp: null })
    const frag = P.summarizePayload(MessageType.FRAGMENT, hex('00010203040506070001000302aabb'))
    expect(frag.fields).toEqual({ fragmentId: '0001020304050607', index: 1, total: 3, originalType: 2, originalTypeName: 'MESSAGE', dataBytes: 2 })
    expect(P.summarizePayload(MessageType.FILE_TRANSFER, hex('01000161020004000000020300016d0400000002dead')).fields).toEqual({
      fileName: 'a',
      fileSize: 2,
      mimeType: 'm',
      contentBytes: 2,
    })
    expect(P.summarizePayload(MessageType.VOICE_FRAME, hex('0102030405060708000100000201020001ff')).fields).toEqual({
      burstId: '0102030405060708',
      seq: 1,
      kind: 'frames',
      frames: [2, 1],
    })
    expect(P.summarizePayload(MessageType.NOISE_HANDSHAKE, new Uint8Array(96)).fields).toEqual({ bytes: 96, message: 2 })
    expect(P.summarizePayload(MessageType.NOISE_ENCRYPTED, hex('0000002a' + '00'.repeat(20))).fields).toEqual({ bytes: 24, nonce: 42, ciphertextBytes: 20 })
    expect(P.summarizePayload(MessageType.MESSAGE, new TextEncoder().encode('héllo')).fields).toEqual({ bytes: 6, text: 'héllo', utf8: true })
  })

  it('reports malformed payloads and unknown types without throwing', () => {
    expect(P.summarizePayload(MessageType.ANNOUNCE, hex('0103626f62022011'))).toMatchObject({
      ok: false,
      error: { reason: 'TRUNCATED' },
      fields: { bytes: 8 },
    })
    expect(P.summarizePayload(0x7e, hex('0102'))).toMatchObject({ name: 'UNKNOWN_0x7e', known: false, ok: true, fields: { bytes: 2 } })
    expect(P.messageTypeName(0x2c)).toBe('ANNOUNCE_V2')
  })
})
