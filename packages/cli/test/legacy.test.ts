import { describe, expect, it } from 'vitest'
import { describeLegacyPayload, parseLegacyMessage } from '../src/inspect/legacy.js'

const enc = (s: string) => [...new TextEncoder().encode(s)]

function record(flags: number, extra: number[] = []): Uint8Array {
  return new Uint8Array([
    flags,
    0, 0, 1, 0x97, 0x73, 0x75, 0xf6, 0x00, // 1749988800000 ms
    2, ...enc('m1'),
    3, ...enc('bob'),
    0, 2, ...enc('hi'),
    ...extra,
  ])
}

describe('parseLegacyMessage', () => {
  it('reads the mandatory fields', () => {
    expect(parseLegacyMessage(record(0x02))).toEqual({
      flags: 2,
      isRelay: false,
      isPrivate: true,
      timestampMs: 1749988800000n,
      id: 'm1',
      sender: 'bob',
      content: 'hi',
    })
  })

  it('reads the optional fields selected by flags', () => {
    const m = parseLegacyMessage(record(0x01 | 0x04 | 0x10 | 0x20, [5, ...enc('carol'), 4, ...enc('abcd'), 2, 1, ...enc('x'), 2, ...enc('yz')]))
    expect(m).toMatchObject({ isRelay: true, originalSender: 'carol', senderPeerId: 'abcd', mentions: ['x', 'yz'] })
  })

  it('returns null when the mandatory part does not fit', () => {
    const full = record(0)
    for (let cut = 0; cut < full.length; cut++) expect(parseLegacyMessage(full.subarray(0, cut))).toBeNull()
  })
})

describe('describeLegacyPayload', () => {
  it('announce is the bare nickname', () => {
    expect(describeLegacyPayload(0x01, new Uint8Array(enc('alice'))).fields).toEqual({ nickname: 'alice', bytes: 5 })
  })

  it('fragments use the 13-byte header', () => {
    const p = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 0, 3, 0x04, 0xaa])
    expect(describeLegacyPayload(0x06, p).fields).toEqual({ fragmentId: '0001020304050607', index: 1, total: 3, originalType: '0x04', dataBytes: 1 })
  })

  it('unmodelled types are shown as bytes with a note', () => {
    const d = describeLegacyPayload(0x30, new Uint8Array([1, 2, 3]))
    expect(d.fields).toEqual({ bytes: 3, head: '010203' })
    expect(d.notes[0]).toContain('not modelled')
  })
})
