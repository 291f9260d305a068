import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { DecodeReason } from '@bitmesh/interface'
import { decodeAnnounce, encodeAnnounce } from '@bitmesh/wire-format'
import { CLUSTER_ANNOUNCE_TLV } from './constants.js'
import { clusterAnnounceFrom, decodeClusterAnnounce, encodeClusterAnnounce } from './cluster-tlv.js'
import { expectDecodeError } from './testing.test-helpers.js'

const A = hex('0102030405060708')
const H = hex('a1a2a3a4a5a6a7a8')
const member = { id: A, os: 'ios', role: 'member', hotspotSupport: false, charging: true, batteryLevel: 100, estBatteryLifeMin: null, wake: true, neighborhoodRssiDbm: null } as const

describe('BitMesh announce TLV 0xB1 (cluster state) golden vectors', () => {
  it('member with head: beacon ‖ head ID (20 bytes)', () => {
    const v = encodeClusterAnnounce({ beacon: { ...member }, headId: H })
    expect(toHex(v)).toBe('32e4ffff0102030405060708' + 'a1a2a3a4a5a6a7a8')
    expect(decodeClusterAnnounce(v)).toEqual({ beacon: member, headId: H })
  })
  it('head: beacon only (12 bytes)', () => {
    const head = { ...member, os: 'android', role: 'head', hotspotSupport: true, charging: false, batteryLevel: 87, estBatteryLifeMin: 600, wake: false, neighborhoodRssiDbm: -63 } as const
    expect(toHex(encodeClusterAnnounce({ beacon: head, headId: null }))).toBe('2d573c3f0102030405060708')
  })
})

describe('announce TLV 0xB1 rules', () => {
  it('only members name a head; lengths are 12 or 20', () => {
    expect(() => encodeClusterAnnounce({ beacon: { ...member, role: 'head' }, headId: H })).toThrow(TypeError)
    expectDecodeError(() => decodeClusterAnnounce(hex('2d573c3f0102030405060708a1a2a3a4a5a6a7a8')), DecodeReason.BAD_VALUE)
    expectDecodeError(() => decodeClusterAnnounce(new Uint8Array(13)), DecodeReason.BAD_LENGTH)
  })

  it('travels through a bitchat announce as an unknown TLV and back', () => {
    const value = encodeClusterAnnounce({ beacon: { ...member }, headId: H })
    const payload = encodeAnnounce({
      nickname: 'n',
      noisePublicKey: new Uint8Array(32).fill(2),
      signingPublicKey: new Uint8Array(32).fill(3),
      unknownTlvs: [{ type: CLUSTER_ANNOUNCE_TLV, value }],
    })
    const decoded = decodeAnnounce(payload) // what a bitchat-compatible decoder sees
    expect(decoded.nickname).toBe('n')
    expect(clusterAnnounceFrom(decoded.unknownTlvs)).toEqual({ beacon: member, headId: H })
  })

  it('a malformed or missing TLV yields null, never an exception', () => {
    expect(clusterAnnounceFrom(undefined)).toBeNull()
    expect(clusterAnnounceFrom([{ type: 0xb2, value: new Uint8Array(12) }])).toBeNull()
    expect(clusterAnnounceFrom([{ type: CLUSTER_ANNOUNCE_TLV, value: new Uint8Array(5) }])).toBeNull()
  })
})
