/**
 * Golden payload vectors of spec §10.1, read verbatim from bitchat-android's
 * `ClientRewriteWireContractTest` ("a from-scratch client must reproduce these"), plus the
 * capability TLV bytes quoted in §2.2.
 */
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { DecodeReason, isBitMeshError, type DecodeReasonValue } from '@bitmesh/interface'
import {
  ANDROID_DEFAULT_CAPABILITIES,
  IOS_DEFAULT_CAPABILITIES,
  NoisePayloadType,
  PeerCapability,
  decodeAnnounce,
  decodeFilePacket,
  decodeFragmentPayload,
  decodeNoisePayload,
  decodePrivateMessage,
  decodeRequestSync,
  encodeAnnounce,
  encodeFilePacket,
  encodeFragmentPayload,
  encodeNoisePayload,
  encodePrivateMessage,
  encodePrivateMessagePayload,
  encodeRequestSync,
} from './index.js'

function expectDecodeError(fn: () => unknown, reason?: DecodeReasonValue): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(isBitMeshError(caught), `expected a DecodeError, got ${String(caught)}`).toBe(true)
  expect((caught as { code: string }).code).toBe('DECODE_ERROR')
  if (reason !== undefined) expect((caught as { reason: string }).reason).toBe(reason)
}

describe('bitchat-android ClientRewriteWireContractTest (spec §10.1)', () => {
  it('PrivateMessage TLV: id m1, content hi', () => {
    const bytes = encodePrivateMessage({ messageId: 'm1', content: 'hi' })
    expect(toHex(bytes)).toBe('00026d3101026869')
    expect(decodePrivateMessage(hex('00026d3101026869'))).toEqual({ messageId: 'm1', content: 'hi' })
  })

  it('typed private message: 01 ‖ TLV', () => {
    expect(toHex(encodePrivateMessagePayload({ messageId: 'm1', content: 'hi' }))).toBe('0100026d3101026869')
    expect(toHex(encodeNoisePayload(NoisePayloadType.PRIVATE_MESSAGE, hex('00026d3101026869')))).toBe('0100026d3101026869')
    const typed = decodeNoisePayload(hex('0100026d3101026869'))
    expect(typed?.type).toBe(0x01)
    expect(decodePrivateMessage(typed!.data)).toEqual({ messageId: 'm1', content: 'hi' })
  })

  it('Noise type alias: 09 ca fe decodes as 0x20 and re-encodes as 20 ca fe', () => {
    const decoded = decodeNoisePayload(hex('09cafe'))
    expect(decoded).not.toBeNull()
    expect(decoded!.type).toBe(NoisePayloadType.PRIVATE_FILE)
    expect(toHex(decoded!.data)).toBe('cafe')
    expect(toHex(encodeNoisePayload(decoded!.type, decoded!.data))).toBe('20cafe')
  })

  it('fragment payload: id 0001020304050607, index 1, total 3, type 0x02, data aabb', () => {
    const wire = '00010203040506070001000302aabb'
    const encoded = encodeFragmentPayload({ fragmentId: hex('0001020304050607'), index: 1, total: 3, originalType: 0x02, data: hex('aabb') })
    expect(toHex(encoded)).toBe(wire)
    const decoded = decodeFragmentPayload(hex(wire))
    expect(toHex(decoded.fragmentId)).toBe('0001020304050607')
    expect([decoded.index, decoded.total, decoded.originalType, toHex(decoded.data)]).toEqual([1, 3, 2, 'aabb'])
  })

  it('REQUEST_SYNC: P 19, M 0x01020304, data aabb; a leading unknown TLV 7f is skipped', () => {
    const wire = '0100011302000401020304030002aabb'
    expect(toHex(encodeRequestSync({ p: 19, m: 0x01020304, data: hex('aabb') }))).toBe(wire)
    for (const bytes of [hex(wire), hex('7f0002cafe' + wire)]) {
      const r = decodeRequestSync(bytes)
      expect([r.p, r.m, toHex(r.data)]).toEqual([19, 0x01020304, 'aabb'])
      expect(r.types).toBeUndefined()
    }
  })

  it('announce: nick bob, keys 11…/22…, caps bit 8, unknown TLV 7f = cafe', () => {
    const expected = '0103626f620220' + '11'.repeat(32) + '0320' + '22'.repeat(32) + '050200017f02cafe'
    const announce = {
      nickname: 'bob',
      noisePublicKey: new Uint8Array(32).fill(0x11),
      signingPublicKey: new Uint8Array(32).fill(0x22),
      capabilities: PeerCapability.PRIVATE_MEDIA,
      unknownTlvs: [{ type: 0x7f, value: hex('cafe') }],
    }
    expect(toHex(encodeAnnounce(announce))).toBe(expected)
    const decoded = decodeAnnounce(hex(expected))
    expect(decoded.nickname).toBe('bob')
    expect(decoded.capabilities).toBe(0x100n)
    expect(decoded.unknownTlvs?.map((t) => [t.type, toHex(t.value)])).toEqual([[0x7f, 'cafe']])
    expect(toHex(encodeAnnounce(decoded))).toBe(expected)
  })

  it('file TLV: name a, size 2, mime m, content dead', () => {
    const wire = '01000161020004000000020300016d0400000002dead'
    expect(toHex(encodeFilePacket({ fileName: 'a', fileSize: 2, mimeType: 'm', content: hex('dead') }))).toBe(wire)
    const f = decodeFilePacket(hex(wire))
    expect([f.fileName, f.fileSize, f.mimeType, toHex(f.content)]).toEqual(['a', 2, 'm', 'dead'])
  })

  describe('truncations that must decode as invalid', () => {
    it('private message without content: 00026d31', () => expectDecodeError(() => decodePrivateMessage(hex('00026d31')), DecodeReason.BAD_TLV))
    it('private message length overrun: 00026d3101036869', () =>
      expectDecodeError(() => decodePrivateMessage(hex('00026d3101036869')), DecodeReason.TRUNCATED))
    it('sync request without TLV 03', () => expectDecodeError(() => decodeRequestSync(hex('0100011302000401020304')), DecodeReason.BAD_TLV))
    it('announce with a short key: 0103626f62022011', () => expectDecodeError(() => decodeAnnounce(hex('0103626f62022011')), DecodeReason.TRUNCATED))
    it('file with short content: 010001610400000002de', () => expectDecodeError(() => decodeFilePacket(hex('010001610400000002de'))))
    it('12-byte fragment', () => expectDecodeError(() => decodeFragmentPayload(new Uint8Array(12)), DecodeReason.TRUNCATED))
  })
})

describe('capability TLV bytes quoted in spec §2.2', () => {
  const keys = { nickname: '', noisePublicKey: new Uint8Array(32), signingPublicKey: new Uint8Array(32) }
  it('iOS default 0x0329 → 05 02 29 03', () => {
    expect(IOS_DEFAULT_CAPABILITIES).toBe(PeerCapability.PREKEYS | PeerCapability.GROUPS | PeerCapability.VOUCH | PeerCapability.PRIVATE_MEDIA | PeerCapability.PRIVATE_MEDIA_RECEIPTS)
    expect(toHex(encodeAnnounce({ ...keys, capabilities: IOS_DEFAULT_CAPABILITIES })).endsWith('05022903')).toBe(true)
  })
  it('Android default 0x0100 → 05 02 00 01', () => {
    expect(toHex(encodeAnnounce({ ...keys, capabilities: ANDROID_DEFAULT_CAPABILITIES })).endsWith('05020001')).toBe(true)
  })
})
